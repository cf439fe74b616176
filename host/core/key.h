/* key.h: the secret keys of keyed hashes (alias tags, later password
 * fingerprints). Each purpose has its own 32 random bytes, kept in the
 * keyring as its own item (schema org.leaktrace.Key), made on first use. */
#ifndef LT_KEY_H
#define LT_KEY_H

#include <stddef.h>

#include "keyring.h"

#define LT_KEY_LEN 32
#define LT_HMAC_LEN 32

/* The key for `purpose` ("alias", ...), created under the lock if missing. */
lt_err lt_key_get(lt_store *s, const char *purpose, unsigned char key[LT_KEY_LEN]);
/* HMAC-SHA256 of data under key (OpenSSL). */
lt_err lt_hmac_sha256(const unsigned char key[LT_KEY_LEN], const void *data, size_t len, unsigned char out[LT_HMAC_LEN]);

#endif
