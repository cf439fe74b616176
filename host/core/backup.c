/* SPDX-License-Identifier: MIT */
/* backup.c: the backup document (backup.h) -- gathering every leaktrace item
 * into it and validating one strictly. Merging a validated document into the
 * keyring is backup_restore.c's job.
 *
 * The same validators read the keyring's Alias, Key and Setting items when
 * exporting and the document's records when importing, so an export holds
 * only what an import accepts, and every record is re-serialised from its
 * checked fields rather than copied through. JSON trees and buffers that held
 * keys are wiped before they are freed. */
#include "backup_doc.h"

#include <ctype.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alias.h"
#include "jsonfield.h"
#include "key.h"
#include "primitives.h"
#include "site.h"
#include "store.h"

#define C LT_ERR_CORRUPT_RECORD
#define SITE_MAX 1024
#define NAME_LEN_MAX 64 /* key purposes and setting names */
#define DEPTH_MAX 16
#define LOWER_DIGITS "abcdefghijklmnopqrstuvwxyz0123456789"

static const char *const kind_names[LT_BK_KINDS] = {"accounts", "incidents", "aliases", "keys", "settings"};
static const lt_schema schemas[LT_BK_KINDS] = {LT_SCHEMA_ACCOUNT, LT_SCHEMA_INCIDENT, LT_SCHEMA_ALIAS, LT_SCHEMA_KEY,
					      LT_SCHEMA_SETTING};

const char *lt_backup_kind_name(int kind)
{
	return kind >= 0 && kind < LT_BK_KINDS ? kind_names[kind] : "";
}

lt_schema bk_schema(int kind)
{
	return schemas[kind];
}

void bk_wipe_free(char *s)
{
	if (s) {
		lt_wipe(s, strlen(s));
		free(s);
	}
}

static void json_wipe(cJSON *j)
{
	for (; j; j = j->next) {
		if (cJSON_IsString(j) && j->valuestring)
			lt_wipe(j->valuestring, strlen(j->valuestring));
		json_wipe(j->child);
	}
}

void bk_json_delete(cJSON *j)
{
	json_wipe(j);
	cJSON_Delete(j);
}

/* Print a tree we built (compact) and wipe it; NULL when out of memory. */
static char *print_wiped(cJSON *j)
{
	char *s = j ? cJSON_PrintUnformatted(j) : NULL;

	bk_json_delete(j);
	return s;
}

void bk_item_clear(bk_item *it)
{
	free(it->id);
	free(it->site);
	bk_wipe_free(it->value);
	bk_wipe_free(it->secret);
	memset(it, 0, sizeof *it);
}

/* ---- validators: a JSON object to a checked record ------------------------ */

static int only(const char *s, const char *set)
{
	return s[strspn(s, set)] == '\0';
}

static lt_err check_version(const cJSON *o)
{
	if (!cJSON_IsObject(o))
		return lt_fail(C, "not an object");
	return lt_json_version(o) == 1 ? LT_OK : lt_fail(C, "field version must be 1");
}

/* A required non-empty string member of at most max bytes made of `set` (any when NULL). */
static lt_err word(const cJSON *o, const char *name, size_t max, const char *set, const char **out)
{
	lt_err e = lt_json_string(o, name, 1, max, C, out);

	if (e == LT_OK && (!**out || (set && !only(*out, set))))
		return lt_fail(C, "field %s is empty or has characters it may not have", name);
	return e;
}

static lt_err validate_alias(const cJSON *o, bk_item *it)
{
	const char *site, *tag, *alias;
	char issued[LT_TIME_LEN];
	cJSON *j;
	lt_err e;

	if ((e = check_version(o)) != LT_OK || (e = word(o, "site", SITE_MAX, NULL, &site)) != LT_OK ||
	    (e = word(o, "tag", LT_TAG_LEN, LOWER_DIGITS, &tag)) != LT_OK ||
	    (e = word(o, "alias", LT_IDENT_MAX, NULL, &alias)) != LT_OK || (e = lt_json_time(o, "issued", C, issued)) != LT_OK)
		return e;
	if (strlen(tag) != LT_TAG_LEN || !strchr(alias, '@'))
		return lt_fail(C, "not an alias of leaktrace's");
	/* the site in the form it is searched by, as for accounts */
	if (lt_site_from(site, &it->site) != LT_OK)
		return lt_fail(C, "field site is not a site");
	j = cJSON_CreateObject();
	cJSON_AddNumberToObject(j, "version", 1);
	cJSON_AddStringToObject(j, "site", it->site);
	cJSON_AddStringToObject(j, "tag", tag);
	cJSON_AddStringToObject(j, "alias", alias);
	cJSON_AddStringToObject(j, "issued", issued);
	it->id = strdup(tag);
	it->secret = print_wiped(j);
	return it->id && it->secret ? LT_OK : LT_ERR_NOMEM;
}

static lt_err validate_key(const cJSON *o, bk_item *it)
{
	const char *purpose, *hex;
	char created[LT_TIME_LEN];
	cJSON *j;
	lt_err e;
	size_t i;

	if ((e = check_version(o)) != LT_OK || (e = word(o, "purpose", NAME_LEN_MAX, LOWER_DIGITS "-_", &purpose)) != LT_OK ||
	    (e = word(o, "key", 2 * LT_KEY_LEN, "0123456789abcdefABCDEF", &hex)) != LT_OK ||
	    (e = lt_json_time(o, "created", C, created)) != LT_OK)
		return e;
	if (strlen(hex) != 2 * LT_KEY_LEN)
		return lt_fail(C, "field key is not a %d-byte key in hex", LT_KEY_LEN);
	if (!(it->value = strdup(hex)))
		return LT_ERR_NOMEM;
	for (i = 0; it->value[i]; i++)
		it->value[i] = (char)tolower((unsigned char)it->value[i]);
	j = cJSON_CreateObject();
	cJSON_AddNumberToObject(j, "version", 1);
	cJSON_AddStringToObject(j, "purpose", purpose);
	cJSON_AddStringToObject(j, "key", it->value);
	cJSON_AddStringToObject(j, "created", created);
	it->id = strdup(purpose);
	it->secret = print_wiped(j);
	return it->id && it->secret ? LT_OK : LT_ERR_NOMEM;
}

static lt_err validate_setting(const cJSON *o, bk_item *it)
{
	const cJSON *value = cJSON_GetObjectItemCaseSensitive(o, "value");
	const char *name;
	cJSON *j;
	lt_err e;

	if (!cJSON_IsObject(o))
		return lt_fail(C, "not an object");
	if ((e = word(o, "name", NAME_LEN_MAX, LOWER_DIGITS "-_.", &name)) != LT_OK)
		return e;
	if (!value)
		return lt_fail(C, "field value is missing");
	j = cJSON_CreateObject();
	cJSON_AddStringToObject(j, "name", name);
	cJSON_AddItemToObject(j, "value", cJSON_Duplicate(value, 1));
	it->id = strdup(name);
	it->secret = print_wiped(j);
	return it->id && it->secret ? LT_OK : LT_ERR_NOMEM;
}

static lt_err (*const validators[LT_BK_KINDS])(const cJSON *, bk_item *) = {
	[LT_BK_ALIASES] = validate_alias,
	[LT_BK_KEYS] = validate_key,
	[LT_BK_SETTINGS] = validate_setting,
};

int bk_item_portable(int kind, const bk_item *it)
{
	return kind != LT_BK_KEYS || !it->id || strcmp(it->id, LT_ATTR_PURPOSE) != 0;
}

lt_err bk_item_from_secret(int kind, const char *secret, size_t len, bk_item *it)
{
	cJSON *j = cJSON_ParseWithLength(secret, len);
	lt_err e = j ? validators[kind](j, it) : lt_fail(C, "the secret is not JSON");

	bk_json_delete(j);
	if (e != LT_OK)
		bk_item_clear(it);
	return e;
}

static lt_err account_bounds(const lt_account *a)
{
	size_t i;
	int k;

	if (!a->site[0] || strlen(a->site) > SITE_MAX || (a->top_site && strlen(a->top_site) > SITE_MAX))
		return lt_fail(C, "bad site");
	if ((a->url && strlen(a->url) > LT_URL_MAX) || (a->title && strlen(a->title) > LT_TEXT_MAX) ||
	    (a->note && strlen(a->note) > LT_TEXT_MAX) || (a->compromised_note && strlen(a->compromised_note) > LT_TEXT_MAX))
		return lt_fail(LT_ERR_TOO_LARGE, "url, title or note over its size bound");
	for (i = 0; i < a->n_pages; i++)
		if (strlen(a->pages[i].url) > LT_URL_MAX || (a->pages[i].title && strlen(a->pages[i].title) > LT_TEXT_MAX))
			return lt_fail(LT_ERR_TOO_LARGE, "a later page's url or title over its size bound");
	for (k = LT_KIND_NONE + 1; k < LT_KIND_COUNT; k++)
		if (a->ids[k].normalized && (!a->ids[k].normalized[0] || strlen(a->ids[k].value) > LT_IDENT_MAX ||
					     strlen(a->ids[k].normalized) > 4 * LT_IDENT_MAX))
			return lt_fail(C, "an identifier is empty or over %d bytes", LT_IDENT_MAX);
	return LT_OK;
}

static lt_err parse_account(const cJSON *o, lt_account *a)
{
	lt_err e = cJSON_IsObject(o) ? lt_account_from_json(o, a) : lt_fail(C, "not an object");

	if (e == LT_OK && ((e = account_bounds(a)) != LT_OK || (e = lt_account_rederive(a)) != LT_OK))
		lt_account_clear(a);
	return e;
}

static lt_err parse_incident(const cJSON *o, lt_incident *inc)
{
	char *s = cJSON_IsObject(o) ? cJSON_PrintUnformatted(o) : NULL;
	lt_err e = s ? lt_incident_from_string(s, strlen(s), inc) : lt_fail(C, "not an object");

	bk_wipe_free(s);
	if (e == LT_OK && (strlen(inc->id) != LT_INCIDENT_ID_LEN || !only(inc->id, "0123456789abcdef")))
		e = lt_fail(C, "field id is not %d hex digits", LT_INCIDENT_ID_LEN);
	else if (e == LT_OK)
		e = lt_incident_rederive(inc);
	if (e != LT_OK)
		lt_incident_clear(inc);
	return e;
}

/* ---- parsing the document ------------------------------------------------ */

/* Every string valid UTF-8 and bounded, nesting bounded. */
static lt_err check_tree(const cJSON *j, int depth)
{
	lt_err e;

	for (; j; j = j->next) {
		if (depth > DEPTH_MAX)
			return lt_fail(C, "nested deeper than %d", DEPTH_MAX);
		if ((j->string && !g_utf8_validate(j->string, -1, NULL)) ||
		    (cJSON_IsString(j) && !g_utf8_validate(j->valuestring, -1, NULL)))
			return lt_fail(LT_ERR_BAD_UTF8, "a string is not valid UTF-8");
		if (cJSON_IsString(j) && strlen(j->valuestring) > LT_URL_MAX)
			return lt_fail(LT_ERR_TOO_LARGE, "a string is over %d bytes", LT_URL_MAX);
		if (j->child && (e = check_tree(j->child, depth + 1)) != LT_OK)
			return e;
	}
	return LT_OK;
}

static lt_err check_head(const cJSON *doc)
{
	const char *format = NULL;
	int version;
	char created[LT_TIME_LEN];
	lt_err e;

	if (!cJSON_IsObject(doc) || lt_json_string(doc, "format", 1, 64, C, &format) != LT_OK ||
	    strcmp(format, LT_BACKUP_FORMAT) != 0)
		return lt_fail(C, "not a leaktrace backup");
	if (!(version = lt_json_version(doc)))
		return lt_fail(C, "the backup has no version");
	if (version > LT_BACKUP_VERSION)
		return lt_fail(C, "the backup was written by a newer leaktrace (format %d; this one reads %d)",
			       version, LT_BACKUP_VERSION);
	if ((e = lt_json_time(doc, "created", C, created)) != LT_OK)
		return e;
	return LT_OK;
}

static lt_err parse_one(lt_backup *b, int kind, const cJSON *o, size_t i)
{
	lt_err e;

	if (kind == LT_BK_ACCOUNTS)
		return parse_account(o, &b->accounts[i]);
	if (kind == LT_BK_INCIDENTS)
		return parse_incident(o, &b->incidents[i]);
	if ((e = validators[kind](o, &b->items[kind][i])) != LT_OK)
		bk_item_clear(&b->items[kind][i]);
	return e;
}

static lt_err parse_kind(lt_backup *b, int kind, const cJSON *doc)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(doc, kind_names[kind]), *o;
	size_t n = cJSON_IsArray(arr) ? (size_t)cJSON_GetArraySize(arr) : 0;
	void *list;
	lt_err e;

	if (!cJSON_IsArray(arr))
		return lt_fail(C, "field %s is not an array", kind_names[kind]);
	list = calloc(n + 1, kind == LT_BK_ACCOUNTS ? sizeof(lt_account)
						    : kind == LT_BK_INCIDENTS ? sizeof(lt_incident) : sizeof(bk_item));
	if (!list)
		return LT_ERR_NOMEM;
	if (kind == LT_BK_ACCOUNTS)
		b->accounts = list;
	else if (kind == LT_BK_INCIDENTS)
		b->incidents = list;
	else
		b->items[kind] = list;
	cJSON_ArrayForEach(o, arr) {
		char why[256];

		if ((e = parse_one(b, kind, o, b->n[kind])) != LT_OK) {
			snprintf(why, sizeof why, "%s", lt_err_detail());
			return lt_fail(e, "%s[%zu]: %s", kind_names[kind], b->n[kind], why);
		}
		b->n[kind]++;
	}
	return LT_OK;
}

static lt_err parse_doc(const cJSON *doc, lt_backup *b)
{
	lt_err e = check_tree(doc, 0);
	int k;

	if (e == LT_OK)
		e = check_head(doc);
	for (k = 0; e == LT_OK && k < LT_BK_KINDS; k++)
		e = parse_kind(b, k, doc);
	return e;
}

lt_err lt_backup_parse(const char *json, size_t len, lt_backup **out)
{
	const char *end = NULL;
	cJSON *doc = cJSON_ParseWithLengthOpts(json, len, &end, 0);
	lt_backup *b = calloc(1, sizeof *b);
	lt_err e = LT_OK;

	*out = NULL;
	while (doc && end < json + len && isspace((unsigned char)*end))
		end++;
	if (!b)
		e = LT_ERR_NOMEM;
	else if (!doc || end != json + len)
		e = lt_fail(C, "the backup is not a JSON document");
	else if (lt_json_has_nul(json, len))
		e = lt_fail(C, "a string holds a NUL character (\\u0000)");
	else
		e = parse_doc(doc, b);
	bk_json_delete(doc);
	if (e != LT_OK) {
		lt_backup_free(b);
		return e;
	}
	*out = b;
	return LT_OK;
}

void lt_backup_counts(const lt_backup *b, lt_backup_stats *st)
{
	memset(st, 0, sizeof *st);
	memcpy(st->count, b->n, sizeof st->count);
}

void lt_backup_free(lt_backup *b)
{
	size_t i;
	int k;

	if (!b)
		return;
	lt_accounts_free(b->accounts, b->n[LT_BK_ACCOUNTS]);
	lt_incidents_free(b->incidents, b->n[LT_BK_INCIDENTS]);
	for (k = LT_BK_ALIASES; k < LT_BK_KINDS; k++) {
		for (i = 0; b->items[k] && i < b->n[k]; i++)
			bk_item_clear(&b->items[k][i]);
		free(b->items[k]);
	}
	free(b);
}

/* ---- gathering from the keyring ------------------------------------------ */

static lt_err collect_accounts(lt_store *s, cJSON *arr, lt_backup_stats *st)
{
	lt_account *list = NULL;
	size_t n = 0, i;
	lt_unreadable bad = {0};
	lt_err e = lt_store_search(s, (const char *const[]){NULL}, &list, &n, &bad);

	for (i = 0; e == LT_OK && i < n; i++)
		cJSON_AddItemToArray(arr, lt_account_to_json(&list[i]));
	st->count[LT_BK_ACCOUNTS] = n;
	st->unreadable += bad.n;
	lt_unreadable_clear(&bad);
	lt_accounts_free(list, n);
	return e;
}

static lt_err collect_incidents(lt_store *s, cJSON *arr, lt_backup_stats *st)
{
	lt_incident *list = NULL;
	size_t n = 0, i;
	lt_err e = lt_incident_list(s, LT_KIND_NONE, NULL, &list, &n);

	for (i = 0; e == LT_OK && i < n; i++) {
		cJSON_AddItemToArray(arr, lt_incident_to_json(&list[i]));
		st->count[LT_BK_INCIDENTS]++;
	}
	lt_incidents_free(list, n);
	return e;
}

static lt_err collect_items(lt_store *s, int kind, cJSON *arr, lt_backup_stats *st)
{
	lt_item *items = NULL;
	size_t n = 0, i;
	lt_err e = lt_keyring_find(s, bk_schema(kind), (const char *const[]){NULL}, &items, &n);

	for (i = 0; e == LT_OK && i < n; i++) {
		bk_item it = {0};
		cJSON *j = NULL;

		if (bk_item_from_secret(kind, items[i].secret, items[i].len, &it) != LT_OK ||
		    !(j = cJSON_Parse(it.secret))) {
			st->unreadable++;
		} else if (!bk_item_portable(kind, &it)) {
			bk_json_delete(j);
		} else {
			cJSON_AddItemToArray(arr, j);
			st->count[kind]++;
		}
		bk_item_clear(&it);
		lt_wipe(items[i].secret, items[i].len);
	}
	lt_items_free(items, n);
	lt_err_clear();
	return e;
}

static lt_err collect_kind(lt_store *s, int kind, cJSON *arr, lt_backup_stats *st)
{
	if (!arr)
		return LT_ERR_NOMEM;
	if (kind == LT_BK_ACCOUNTS)
		return collect_accounts(s, arr, st);
	if (kind == LT_BK_INCIDENTS)
		return collect_incidents(s, arr, st);
	return collect_items(s, kind, arr, st);
}

lt_err lt_backup_collect(lt_store *s, int pretty, char **json, size_t *len, lt_backup_stats *st)
{
	cJSON *doc = cJSON_CreateObject();
	char now[LT_TIME_LEN];
	lt_err e = doc ? LT_OK : LT_ERR_NOMEM;
	int k;

	*json = NULL;
	*len = 0;
	memset(st, 0, sizeof *st);
	lt_time_now(now);
	cJSON_AddStringToObject(doc, "format", LT_BACKUP_FORMAT);
	cJSON_AddNumberToObject(doc, "version", LT_BACKUP_VERSION);
	cJSON_AddStringToObject(doc, "created", now);
	for (k = 0; e == LT_OK && k < LT_BK_KINDS; k++)
		e = collect_kind(s, k, cJSON_AddArrayToObject(doc, kind_names[k]), st);
	if (e == LT_OK && !(*json = pretty ? cJSON_Print(doc) : cJSON_PrintUnformatted(doc)))
		e = LT_ERR_NOMEM;
	bk_json_delete(doc);
	if (*json)
		*len = strlen(*json);
	return e;
}
