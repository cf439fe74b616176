/* SPDX-License-Identifier: MIT */
/* password.h: keyed password fingerprints. A password seen in the browser is
 * turned into HMAC-SHA256 under a key of its own (key.h, purpose "password"),
 * truncated to LT_FP_LEN hex digits, and the password wiped: the same password
 * on two sites gives the same fingerprint (a reuse group), but without the
 * key, which lives in the keyring, it cannot be tested against guesses. */
#ifndef LT_PASSWORD_H
#define LT_PASSWORD_H

#include <stddef.h>

#include "key.h"
#include "keyring.h"
#include "record.h"

#define LT_PASSWORD_MAX 4096

/* Fingerprint `password` (len bytes) into fp, then wipe the password's bytes. */
lt_err lt_password_fingerprint(lt_store *s, char *password, size_t len, char fp[LT_FP_LEN + 1]);

/* For many passwords in a row (an import): the key once, read or made under
 * the lock (wipe it after), then each fingerprint with it; the password's
 * bytes are wiped as above. */
lt_err lt_password_key(lt_store *s, unsigned char key[LT_KEY_LEN]);
lt_err lt_password_fingerprint_with(const unsigned char key[LT_KEY_LEN], char *password, size_t len,
				    char fp[LT_FP_LEN + 1]);

#endif
