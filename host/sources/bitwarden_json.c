/* SPDX-License-Identifier: MIT */
/* bitwarden_json.c: Bitwarden's unencrypted JSON export:
 *   {"encrypted": false, "items": [{"type": 1, "name", "creationDate",
 *     "login": {"uris": [{"uri"}], "username", "password", "passwordRevisionDate"}}]}
 * Type 1 is a login; other items (notes, cards, identities) are passed over.
 * Every uri of a login is handed on (the import records it on each site).
 * creationDate is when the item was made: the account existed by then
 * (no-later-than). JSON cannot be streamed with cJSON, so the file is read
 * whole, up to LT_SOURCE_FILE_MAX; the file's bytes and every string of the
 * parsed tree are wiped before they are freed, since they hold passwords. An
 * encrypted export is refused: it says so, and how to make a plain one. */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "csv_table.h"
#include "primitives.h"

/* Wipe every string in the tree (passwords among them) before it is freed. */
static void wipe_tree(cJSON *j)
{
	for (; j; j = j->next) {
		if (cJSON_IsString(j) && j->valuestring)
			lt_wipe(j->valuestring, strlen(j->valuestring));
		wipe_tree(j->child);
	}
}

static const char *str(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void take_time(const cJSON *o, const char *key, char out[LT_TIME_LEN], const char **problem)
{
	const char *v = str(o, key);

	out[0] = '\0';
	if (v && lt_source_time_iso(v, out) != LT_OK) {
		out[0] = '\0';
		*problem = "its date is not one this format writes";
	}
}

/* The login's web addresses, those given (null or empty ones left out). */
static size_t take_uris(const cJSON *uris, const char *out[LT_SOURCE_URLS_MAX])
{
	const cJSON *u;
	const char *v;
	size_t n = 0;

	if (!cJSON_IsArray(uris))
		return 0;
	cJSON_ArrayForEach(u, uris) {
		if ((v = str(u, "uri")) && v[0] && n < LT_SOURCE_URLS_MAX)
			out[n++] = v;
	}
	return n;
}

static lt_err take_item(const cJSON *item, size_t row, lt_entry_sink sink, void *ctx)
{
	const cJSON *type = cJSON_GetObjectItemCaseSensitive(item, "type");
	const cJSON *login = cJSON_GetObjectItemCaseSensitive(item, "login");
	const cJSON *uris = cJSON_GetObjectItemCaseSensitive(login, "uris");
	const cJSON *pw = cJSON_GetObjectItemCaseSensitive(login, "password");
	lt_source_entry e = {.row = row};
	const char *urls[LT_SOURCE_URLS_MAX];
	size_t nurls;

	if (!cJSON_IsObject(item) || !cJSON_IsNumber(type))
		return lt_fail(LT_ERR_BAD_FILE, "item %zu: not a Bitwarden item (no type)", row);
	if (type->valueint != 1)
		return LT_OK; /* a note, a card, an identity */
	if (!cJSON_IsObject(login))
		return lt_fail(LT_ERR_BAD_FILE, "item %zu: a login without its login object", row);
	e.title = str(item, "name");
	e.username = str(login, "username");
	nurls = take_uris(uris, urls);
	e.url = nurls ? urls[0] : NULL;
	e.also = urls + 1;
	e.nalso = nurls ? nurls - 1 : 0;
	if (cJSON_IsString(pw) && pw->valuestring[0]) {
		e.password = pw->valuestring;
		e.password_len = strlen(pw->valuestring);
	}
	take_time(item, "creationDate", e.created, &e.problem);
	take_time(login, "passwordRevisionDate", e.password_changed, &e.problem);
	return sink(&e, ctx);
}

static lt_err take_items(const cJSON *doc, lt_entry_sink sink, void *ctx)
{
	const cJSON *items = cJSON_GetObjectItemCaseSensitive(doc, "items"), *it;
	const cJSON *enc = cJSON_GetObjectItemCaseSensitive(doc, "encrypted");
	size_t row = 0;
	lt_err e = LT_OK;

	if (cJSON_IsTrue(enc))
		return lt_fail(LT_ERR_BAD_FILE, "an encrypted Bitwarden export: export the vault again as .json "
						"(not \"encrypted\")");
	if (!cJSON_IsObject(doc) || !cJSON_IsArray(items))
		return lt_fail(LT_ERR_BAD_FILE, "not a Bitwarden JSON export (no \"items\" array)");
	cJSON_ArrayForEach(it, items) {
		if ((e = take_item(it, ++row, sink, ctx)) != LT_OK)
			break;
	}
	return e;
}

lt_err lt_bitwarden_json_read(const char *path, lt_entry_sink sink, void *ctx)
{
	char *buf = NULL;
	size_t len = 0, skip;
	cJSON *doc;
	lt_err e = lt_source_slurp(path, LT_SOURCE_FILE_MAX, &buf, &len);

	if (e != LT_OK)
		return e;
	skip = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	doc = cJSON_ParseWithLength(buf + skip, len - skip);
	lt_wipe(buf, len);
	free(buf);
	if (!doc)
		return lt_fail(LT_ERR_BAD_FILE, "not valid JSON");
	e = take_items(doc, sink, ctx);
	wipe_tree(doc);
	cJSON_Delete(doc);
	return e;
}
