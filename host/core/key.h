/* SPDX-License-Identifier: MIT */
/* key.h: the secret keys of keyed hashes (alias tags, password
 * fingerprints, searchable keyring attributes). Each purpose has its own 32 random bytes, kept in the
 * keyring as its own item (schema org.leaktrace.Key), made on first use. */
#ifndef LT_KEY_H
#define LT_KEY_H

#include <stddef.h>

#include "keyring.h"

#define LT_KEY_LEN 32
#define LT_HMAC_LEN 32

/* The key for `purpose` ("alias", ...), created under the lock if missing. */
lt_err lt_key_get(lt_store *s, const char *purpose, unsigned char key[LT_KEY_LEN]);
/* The key of the keyring's searchable attributes (purpose LT_ATTR_PURPOSE).
 * Until its item records a successful conversion of the items written before
 * attributes were keyed, convert(s, key) runs under the lock, then the mark is
 * written: a conversion cut short runs again, once it succeeded never again.
 * absent (may be NULL): when there is no key yet, set it to 1 and make none. */
#define LT_ATTR_PURPOSE "attr"
typedef lt_err (*lt_key_convert_fn)(lt_store *s, const unsigned char key[LT_KEY_LEN]);
lt_err lt_key_get_attr(lt_store *s, unsigned char key[LT_KEY_LEN], lt_key_convert_fn convert, int *absent);
/* HMAC-SHA256 of data under key (GLib). */
lt_err lt_hmac_sha256(const unsigned char key[LT_KEY_LEN], const void *data, size_t len, unsigned char out[LT_HMAC_LEN]);

#endif
