/* SPDX-License-Identifier: MIT */
/* password.c: password fingerprints (password.h). Every buffer that held the
 * password or the full MAC is wiped with lt_wipe before returning. */
#include "password.h"

#include <stdio.h>

#include "key.h"
#include "primitives.h"

#define PASSWORD_PURPOSE "password"

lt_err lt_password_key(lt_store *s, unsigned char key[LT_KEY_LEN])
{
	return lt_key_get(s, PASSWORD_PURPOSE, key);
}

lt_err lt_password_fingerprint_with(const unsigned char key[LT_KEY_LEN], char *password, size_t len,
				    char fp[LT_FP_LEN + 1])
{
	unsigned char mac[LT_HMAC_LEN];
	lt_err e = len == 0 || len > LT_PASSWORD_MAX ? lt_fail(LT_ERR_BAD_REQUEST, "a password of 1 to %d bytes", LT_PASSWORD_MAX)
						     : lt_hmac_sha256(key, password, len, mac);
	int i;

	for (i = 0; e == LT_OK && i < LT_FP_LEN / 2; i++)
		snprintf(fp + 2 * i, 3, "%02x", mac[i]);
	lt_wipe(password, len);
	lt_wipe(mac, sizeof mac);
	return e;
}

lt_err lt_password_fingerprint(lt_store *s, char *password, size_t len, char fp[LT_FP_LEN + 1])
{
	unsigned char key[LT_KEY_LEN];
	lt_err e = len == 0 || len > LT_PASSWORD_MAX ? LT_OK : lt_password_key(s, key);

	if (e == LT_OK)
		e = lt_password_fingerprint_with(key, password, len, fp);
	else
		lt_wipe(password, len);
	lt_wipe(key, sizeof key);
	return e;
}
