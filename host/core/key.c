/* key.c: keyed-hash keys in the keyring (key.h). The secret is JSON with the
 * key in hex; buffers that held it are wiped with OPENSSL_cleanse. */
#include "key.h"

#include <cjson/cJSON.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonfield.h"
#include "lock.h"
#include "timefmt.h"

static lt_err parse_key(const char *secret, size_t len, unsigned char key[LT_KEY_LEN])
{
	cJSON *j = cJSON_ParseWithLength(secret, len);
	const char *hex = NULL;
	lt_err e = j ? lt_json_string(j, "key", 1, 2 * LT_KEY_LEN, LT_ERR_CORRUPT_RECORD, &hex)
		     : lt_fail(LT_ERR_CORRUPT_RECORD, "the key item is not JSON");
	size_t i;

	for (i = 0; e == LT_OK && i < LT_KEY_LEN; i++) {
		unsigned v;

		if (strlen(hex) != 2 * LT_KEY_LEN || sscanf(hex + 2 * i, "%2x", &v) != 1)
			e = lt_fail(LT_ERR_CORRUPT_RECORD, "the key item holds no 32-byte key");
		else
			key[i] = (unsigned char)v;
	}
	if (hex)
		OPENSSL_cleanse((void *)hex, strlen(hex));
	cJSON_Delete(j);
	return e;
}

static lt_err create_key(lt_store *s, const char *purpose, unsigned char key[LT_KEY_LEN])
{
	const char *attrs[] = {"purpose", purpose, NULL};
	char json[256], now[LT_TIME_LEN], hex[2 * LT_KEY_LEN + 1];
	size_t i;
	lt_err e;

	if (RAND_bytes(key, LT_KEY_LEN) != 1)
		return lt_fail(LT_ERR_IO, "no randomness for a new key");
	for (i = 0; i < LT_KEY_LEN; i++)
		snprintf(hex + 2 * i, 3, "%02x", key[i]);
	lt_time_now(now);
	snprintf(json, sizeof json, "{\"version\":1,\"purpose\":\"%.32s\",\"key\":\"%s\",\"created\":\"%s\"}", purpose,
		 hex, now);
	e = lt_keyring_put(s, LT_SCHEMA_KEY, attrs, "leaktrace: key", json, 0, NULL);
	OPENSSL_cleanse(hex, sizeof hex);
	OPENSSL_cleanse(json, sizeof json);
	return e;
}

/* Read the key; *found = 0 when there is none yet. */
static lt_err read_key(lt_store *s, const char *purpose, unsigned char key[LT_KEY_LEN], int *found)
{
	const char *attrs[] = {"purpose", purpose, NULL};
	lt_item *items;
	size_t n;
	lt_err e = lt_keyring_find(s, LT_SCHEMA_KEY, attrs, &items, &n);

	*found = e == LT_OK && n > 0;
	if (*found)
		e = parse_key(items[0].secret, items[0].len, key);
	if (n > 0)
		OPENSSL_cleanse(items[0].secret, items[0].len);
	lt_items_free(items, n);
	return e;
}

lt_err lt_key_get(lt_store *s, const char *purpose, unsigned char key[LT_KEY_LEN])
{
	int found, fd;
	lt_err e = read_key(s, purpose, key, &found);

	if (e != LT_OK || found)
		return e;
	if ((e = lt_lock_take(&fd)) != LT_OK)
		return e;
	e = read_key(s, purpose, key, &found); /* another writer may have made it meanwhile */
	if (e == LT_OK && !found)
		e = create_key(s, purpose, key);
	lt_lock_release(fd);
	return e;
}

lt_err lt_hmac_sha256(const unsigned char key[LT_KEY_LEN], const void *data, size_t len, unsigned char out[LT_HMAC_LEN])
{
	unsigned int outlen = 0;

	if (!HMAC(EVP_sha256(), key, LT_KEY_LEN, data, len, out, &outlen) || outlen != LT_HMAC_LEN)
		return lt_fail(LT_ERR_IO, "HMAC-SHA256 failed");
	return LT_OK;
}
