/* SPDX-License-Identifier: MIT */
/* backup_seal.c: a backup sealed with a passphrase (backup.h), OpenSSL EVP.
 *
 * scrypt turns the passphrase and a random salt into a 256-bit key; AES-256-GCM
 * with a random nonce encrypts the document and authenticates it together
 * with the header (as additional data), so nobody can lower the KDF cost or
 * swap the salt without the tag failing. One error message covers a wrong
 * passphrase and a changed byte: GCM cannot tell them apart, and neither
 * should the person be told more. Key bytes are wiped after use. */
#include "backup.h"
#include "primitives.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAGIC "LTBK"
#define KDF_SCRYPT 1
#define SALT_LEN 16
#define NONCE_LEN 12
#define KEY_LEN 32
#define OFF_SALT 15
#define OFF_NONCE (OFF_SALT + SALT_LEN)
#define CHUNK (1 << 20) /* EVP takes int lengths */

/* Bounds on a header's cost: 8 times the default work, 512 MiB of memory. */
#define LOG2_N_MIN 10
#define LOG2_N_MAX 20
#define WORK_MAX ((uint64_t)1 << 22) /* N * r * p */
#define MEM_MAX ((uint64_t)512 << 20) /* 128 * r * N */

static const char bad_auth[] = "wrong passphrase, or the file was changed or damaged";

static int kdf_ok(const lt_backup_kdf *k)
{
	uint64_t n = (uint64_t)1 << (k->log2_n < 64 ? k->log2_n : 0);

	return k->log2_n >= LOG2_N_MIN && k->log2_n <= LOG2_N_MAX && k->r >= 1 && k->r <= 32 && k->p >= 1 &&
	       k->p <= 16 && n * k->r * k->p <= WORK_MAX && 128 * n * k->r <= MEM_MAX;
}

static void put_u32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static uint32_t get_u32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void header_write(unsigned char h[LT_BACKUP_HEADER_LEN], const lt_backup_kdf *k)
{
	memcpy(h, MAGIC, 4);
	h[4] = LT_BACKUP_VERSION;
	h[5] = KDF_SCRYPT;
	h[6] = (unsigned char)k->log2_n;
	put_u32(h + 7, k->r);
	put_u32(h + 11, k->p);
}

static lt_err header_read(const unsigned char *h, size_t len, lt_backup_kdf *k)
{
	if (!lt_backup_is_sealed(h, len))
		return lt_fail(LT_ERR_CORRUPT_RECORD, "not a sealed leaktrace backup");
	if (len < LT_BACKUP_HEADER_LEN + LT_BACKUP_TAG_LEN)
		return lt_fail(LT_ERR_CORRUPT_RECORD, "the backup is truncated");
	if (h[4] != LT_BACKUP_VERSION)
		return lt_fail(LT_ERR_CORRUPT_RECORD, "backup format %u is not one this leaktrace reads (it reads %d)",
			       h[4], LT_BACKUP_VERSION);
	if (h[5] != KDF_SCRYPT)
		return lt_fail(LT_ERR_CORRUPT_RECORD, "unknown key derivation in the backup header");
	k->log2_n = h[6];
	k->r = get_u32(h + 7);
	k->p = get_u32(h + 11);
	if (!kdf_ok(k))
		return lt_fail(LT_ERR_CORRUPT_RECORD, "the backup header asks for an out-of-bounds scrypt cost");
	return LT_OK;
}

int lt_backup_is_sealed(const unsigned char *in, size_t len)
{
	return len >= 4 && memcmp(in, MAGIC, 4) == 0;
}

static lt_err derive(const char *pass, size_t passlen, const lt_backup_kdf *k, const unsigned char *salt,
		     unsigned char key[KEY_LEN])
{
	uint64_t n = (uint64_t)1 << k->log2_n, maxmem = 128 * n * k->r + 128 * (uint64_t)k->r * k->p + (1 << 20);
	uint32_t r = k->r, p = k->p;
	EVP_KDF *kdf = EVP_KDF_fetch(NULL, "SCRYPT", NULL);
	EVP_KDF_CTX *ctx = kdf ? EVP_KDF_CTX_new(kdf) : NULL;
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD, (void *)pass, passlen),
		OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, (void *)salt, SALT_LEN),
		OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n),
		OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &r),
		OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &p),
		OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_MAXMEM, &maxmem),
		OSSL_PARAM_construct_end(),
	};
	int ok = ctx && EVP_KDF_derive(ctx, key, KEY_LEN, params) == 1;

	EVP_KDF_CTX_free(ctx);
	EVP_KDF_free(kdf);
	return ok ? LT_OK : lt_fail(LT_ERR_NOMEM, "scrypt key derivation failed (out of memory?)");
}

/* One GCM pass over `len` bytes, encrypting or decrypting, in chunks that fit an int. */
static int gcm_update(EVP_CIPHER_CTX *c, unsigned char *out, const unsigned char *in, size_t len)
{
	size_t done = 0;
	int n;

	while (done < len) {
		int chunk = len - done > CHUNK ? CHUNK : (int)(len - done);

		if (EVP_CipherUpdate(c, out + done, &n, in + done, chunk) != 1 || n != chunk)
			return 0;
		done += (size_t)chunk;
	}
	return 1;
}

/* Set up GCM with key and nonce, and feed the header as additional data. */
static EVP_CIPHER_CTX *gcm_start(int enc, const unsigned char key[KEY_LEN], const unsigned char *header)
{
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	int n;

	if (c && EVP_CipherInit_ex(c, EVP_aes_256_gcm(), NULL, NULL, NULL, enc) == 1 &&
	    EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_IVLEN, NONCE_LEN, NULL) == 1 &&
	    EVP_CipherInit_ex(c, NULL, NULL, key, header + OFF_NONCE, enc) == 1 &&
	    EVP_CipherUpdate(c, NULL, &n, header, LT_BACKUP_HEADER_LEN) == 1)
		return c;
	EVP_CIPHER_CTX_free(c);
	return NULL;
}

static lt_err encrypt(const unsigned char key[KEY_LEN], const void *plain, size_t len, unsigned char *out)
{
	EVP_CIPHER_CTX *c = gcm_start(1, key, out);
	unsigned char *ct = out + LT_BACKUP_HEADER_LEN;
	int n, ok = c && gcm_update(c, ct, plain, len) && EVP_EncryptFinal_ex(c, ct + len, &n) == 1 &&
		    EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, LT_BACKUP_TAG_LEN, ct + len) == 1;

	EVP_CIPHER_CTX_free(c);
	return ok ? LT_OK : lt_fail(LT_ERR_IO, "AES-256-GCM encryption failed");
}

lt_err lt_backup_seal(const char *pass, size_t passlen, const lt_backup_kdf *kdf, const void *plain, size_t len,
		      unsigned char **out, size_t *outlen)
{
	const lt_backup_kdf k = kdf ? *kdf : LT_BACKUP_KDF_DEFAULT;
	unsigned char key[KEY_LEN], *buf;
	lt_err e;

	*out = NULL;
	*outlen = 0;
	if (passlen == 0 || passlen > LT_PASSPHRASE_MAX)
		return lt_fail(LT_ERR_BAD_REQUEST, "the passphrase must be 1 to %d bytes", LT_PASSPHRASE_MAX);
	if (!kdf_ok(&k))
		return lt_fail(LT_ERR_BAD_REQUEST, "scrypt cost out of bounds");
	if (len > LT_BACKUP_FILE_MAX - LT_BACKUP_HEADER_LEN - LT_BACKUP_TAG_LEN)
		return lt_fail(LT_ERR_TOO_LARGE, "the backup would be over %zu MiB", LT_BACKUP_FILE_MAX >> 20);
	if (!(buf = malloc(LT_BACKUP_HEADER_LEN + len + LT_BACKUP_TAG_LEN)))
		return LT_ERR_NOMEM;
	header_write(buf, &k);
	if (lt_random(buf + OFF_SALT, SALT_LEN + NONCE_LEN) != LT_OK)
		e = lt_fail(LT_ERR_IO, "no randomness for the salt and nonce");
	else if ((e = derive(pass, passlen, &k, buf + OFF_SALT, key)) == LT_OK)
		e = encrypt(key, plain, len, buf);
	lt_wipe(key, sizeof key);
	if (e != LT_OK) {
		free(buf);
		return e;
	}
	*out = buf;
	*outlen = LT_BACKUP_HEADER_LEN + len + LT_BACKUP_TAG_LEN;
	return LT_OK;
}

static lt_err decrypt(const unsigned char key[KEY_LEN], const unsigned char *in, size_t ctlen, unsigned char *out)
{
	EVP_CIPHER_CTX *c = gcm_start(0, key, in);
	const unsigned char *ct = in + LT_BACKUP_HEADER_LEN;
	int n, ok = c && gcm_update(c, out, ct, ctlen) &&
		    EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG, LT_BACKUP_TAG_LEN, (void *)(ct + ctlen)) == 1 &&
		    EVP_DecryptFinal_ex(c, out + ctlen, &n) == 1;

	EVP_CIPHER_CTX_free(c);
	return ok ? LT_OK : lt_fail(LT_ERR_CORRUPT_RECORD, "%s", bad_auth);
}

lt_err lt_backup_open(const char *pass, size_t passlen, const unsigned char *in, size_t len, char **plain,
		      size_t *plainlen)
{
	lt_backup_kdf k;
	unsigned char key[KEY_LEN], *out;
	size_t ctlen;
	lt_err e = header_read(in, len, &k);

	*plain = NULL;
	*plainlen = 0;
	if (e != LT_OK)
		return e;
	if (passlen == 0 || passlen > LT_PASSPHRASE_MAX)
		return lt_fail(LT_ERR_CORRUPT_RECORD, "%s", bad_auth);
	ctlen = len - LT_BACKUP_HEADER_LEN - LT_BACKUP_TAG_LEN;
	if (!(out = malloc(ctlen + 1)))
		return LT_ERR_NOMEM;
	if ((e = derive(pass, passlen, &k, in + OFF_SALT, key)) == LT_OK)
		e = decrypt(key, in, ctlen, out);
	lt_wipe(key, sizeof key);
	if (e != LT_OK) {
		lt_wipe(out, ctlen);
		free(out);
		return e;
	}
	out[ctlen] = '\0';
	*plain = (char *)out;
	*plainlen = ctlen;
	return LT_OK;
}
