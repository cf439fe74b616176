/* SPDX-License-Identifier: MIT */
/* key.c: keyed-hash keys in the keyring (key.h). The secret is JSON with the
 * key in hex; buffers that held it are wiped with lt_wipe. The
 * attribute key's item also carries "converted": true once every item written
 * before attributes were keyed has been converted, so that the check costs
 * nothing beyond reading the key. */
#include "key.h"

#include <cjson/cJSON.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonfield.h"
#include "lock.h"
#include "primitives.h"
#include "timefmt.h"

static lt_err parse_key(const char *secret, size_t len, unsigned char key[LT_KEY_LEN], int *converted)
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
		lt_wipe((void *)hex, strlen(hex));
	*converted = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "converted"));
	cJSON_Delete(j);
	return e;
}

/* Store key under purpose; replace: overwrite the item already there. */
static lt_err write_key(lt_store *s, const char *purpose, const unsigned char key[LT_KEY_LEN], int converted,
			int replace)
{
	const char *attrs[] = {"purpose", purpose, NULL};
	char json[256], now[LT_TIME_LEN], hex[2 * LT_KEY_LEN + 1];
	size_t i;
	lt_err e;

	for (i = 0; i < LT_KEY_LEN; i++)
		snprintf(hex + 2 * i, 3, "%02x", key[i]);
	lt_time_now(now);
	snprintf(json, sizeof json, "{\"version\":1,\"purpose\":\"%.32s\",\"key\":\"%s\",\"created\":\"%s\"%s}",
		 purpose, hex, now, converted ? ",\"converted\":true" : "");
	e = lt_keyring_put(s, LT_SCHEMA_KEY, attrs, json, replace, NULL);
	lt_wipe(hex, sizeof hex);
	lt_wipe(json, sizeof json);
	return e;
}

/* Read the key; *found = 0 when there is none yet. */
static lt_err read_key(lt_store *s, const char *purpose, unsigned char key[LT_KEY_LEN], int *found, int *converted)
{
	const char *attrs[] = {"purpose", purpose, NULL};
	lt_item *items;
	size_t n;
	lt_err e = lt_keyring_find(s, LT_SCHEMA_KEY, attrs, &items, &n);

	*found = e == LT_OK && n > 0;
	if (*found)
		e = parse_key(items[0].secret, items[0].len, key, converted);
	if (n > 0)
		lt_wipe(items[0].secret, items[0].len);
	lt_items_free(items, n);
	return e;
}

/* The key of purpose, made if missing; with convert, run it (under the lock)
 * until the key's item says it has succeeded once. */
static lt_err get_key(lt_store *s, const char *purpose, unsigned char key[LT_KEY_LEN], lt_key_convert_fn convert)
{
	int found, converted = 0, fd;
	lt_err e = read_key(s, purpose, key, &found, &converted);

	if (e != LT_OK || (found && (converted || !convert)))
		return e;
	if ((e = lt_lock_take(&fd)) != LT_OK)
		return e;
	e = read_key(s, purpose, key, &found, &converted); /* another writer may have made it meanwhile */
	if (e == LT_OK && !found)
		e = lt_random(key, LT_KEY_LEN) == LT_OK ? write_key(s, purpose, key, 0, 0)
						     : lt_fail(LT_ERR_IO, "no randomness for a new key");
	if (e == LT_OK && convert && !converted && (e = convert(s, key)) == LT_OK)
		e = write_key(s, purpose, key, 1, 1);
	lt_lock_release(fd);
	if (e != LT_OK)
		lt_wipe(key, LT_KEY_LEN);
	return e;
}

lt_err lt_key_get(lt_store *s, const char *purpose, unsigned char key[LT_KEY_LEN])
{
	return get_key(s, purpose, key, NULL);
}

/* One read of the key's item settles it in the usual case (there, converted):
 * get_key, which reads it again, runs only to make it or to convert. */
lt_err lt_key_get_attr(lt_store *s, unsigned char key[LT_KEY_LEN], lt_key_convert_fn convert, int *absent)
{
	int found = 0, converted = 0;
	lt_err e = read_key(s, LT_ATTR_PURPOSE, key, &found, &converted);

	if (absent)
		*absent = e == LT_OK && !found;
	if (e != LT_OK || (absent && *absent) || (found && (converted || !convert)))
		return e;
	return get_key(s, LT_ATTR_PURPOSE, key, convert);
}

/* GLib's HMAC, not OpenSSL's: the first OpenSSL call of a process sets up its
 * providers and configuration (about 2.5 ms, measured), which every `trace`
 * and `list` would pay for one hash; GLib is loaded already. */
lt_err lt_hmac_sha256(const unsigned char key[LT_KEY_LEN], const void *data, size_t len, unsigned char out[LT_HMAC_LEN])
{
	GHmac *h = g_hmac_new(G_CHECKSUM_SHA256, key, LT_KEY_LEN);
	gsize outlen = LT_HMAC_LEN;

	if (!h)
		return lt_fail(LT_ERR_IO, "HMAC-SHA256 failed");
	g_hmac_update(h, data, (gssize)len);
	g_hmac_get_digest(h, out, &outlen);
	g_hmac_unref(h);
	return outlen == LT_HMAC_LEN ? LT_OK : lt_fail(LT_ERR_IO, "HMAC-SHA256 failed");
}
