/* SPDX-License-Identifier: MIT */
/* breach.c: importing and reading the breach catalogue (breach.h).
 * The whole file is checked before anything is stored: a catalogue half
 * imported would say "no breach" where there was one. Two settings hold it:
 * CATALOGUE the whole (rotate reads it), INDEX only what a trace asks, which
 * breach at which site listed which kind of identifier, as lines of text; a
 * trace reads INDEX alone, so a catalogue of a thousand breaches costs it a
 * sixth of the bytes and no JSON tree. An INDEX written before the split
 * (version 1) holds the whole catalogue and is read as one until the next
 * import. */
#include "breach.h"

#include <cjson/cJSON.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ident.h"
#include "jsonfield.h"
#include "setting.h"
#include "site.h"

#define INDEX "breaches"             /* what a trace reads: v2 the index, v1 the whole catalogue */
#define CATALOGUE "breach-catalogue" /* the whole catalogue, since the index (v2) */
#define INDEX_VERSION 2

static const struct {
	const char *data_class;
	lt_kind kind;
} classes[] = {
	{"Email addresses", LT_KIND_EMAIL}, {"Phone numbers", LT_KIND_PHONE},
	{"Usernames", LT_KIND_USERNAME},    {"Names", LT_KIND_NAME},
};

void lt_breaches_free(lt_breach *list, size_t n)
{
	size_t i;

	for (i = 0; list && i < n; i++) {
		free(list[i].name);
		free(list[i].site);
	}
	free(list);
}

static lt_err read_file(const char *path, char **text, size_t *len)
{
	struct stat st;
	FILE *f;

	if (stat(path, &st) != 0 || !(f = fopen(path, "rb")))
		return lt_fail(LT_ERR_IO, "cannot read the catalogue file");
	if (st.st_size > LT_BREACH_FILE_MAX) {
		fclose(f);
		return lt_fail(LT_ERR_TOO_LARGE, "the catalogue is %lld bytes; the limit is %d", (long long)st.st_size,
			       LT_BREACH_FILE_MAX);
	}
	*text = malloc((size_t)st.st_size + 1);
	*len = *text ? fread(*text, 1, (size_t)st.st_size, f) : 0;
	fclose(f);
	if (!*text)
		return LT_ERR_NOMEM;
	(*text)[*len] = '\0';
	return LT_OK;
}

/* The line of the byte where cJSON stopped. */
static int line_of(const char *text, const char *at)
{
	int line = 1;

	for (; at && text < at && *text; text++)
		line += *text == '\n';
	return line;
}

static lt_err parse_file(const char *path, cJSON **arr)
{
	char *text = NULL;
	size_t len = 0;
	const char *end = NULL;
	lt_err e = read_file(path, &text, &len);

	if (e != LT_OK)
		return e;
	*arr = cJSON_ParseWithLengthOpts(text, len, &end, 0);
	if (!*arr)
		e = lt_fail(LT_ERR_BAD_JSON, "line %d: not valid JSON", line_of(text, end ? end : cJSON_GetErrorPtr()));
	else if (!cJSON_IsArray(*arr))
		e = lt_fail(LT_ERR_BAD_REQUEST, "line 1: a catalogue is a JSON array of breaches");
	free(text);
	return e;
}

/* The site of a breach's domain, worked out once at import (null when it has none). */
static void add_site(cJSON *o, const char *domain)
{
	char *site = NULL;

	if (domain && *domain && lt_site_from(domain, &site) != LT_OK)
		lt_err_clear(); /* a domain we cannot name a site for matches none */
	lt_json_add_nullable(o, "site", site);
	free(site);
}

/* A control character: the index (build_index) is lines of tab-separated fields. */
static int has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

/* One catalogue entry into the compact form kept, checking every field used. */
static lt_err check_entry(const cJSON *b, int index, cJSON **out)
{
	const char *name, *domain, *date, *added;
	const cJSON *dc = cJSON_GetObjectItemCaseSensitive(b, "DataClasses"), *it;
	char buf[LT_TIME_LEN + 4];
	time_t t;
	lt_err e;

	if ((e = lt_json_string(b, "Name", 1, 256, LT_ERR_BAD_REQUEST, &name)) != LT_OK ||
	    (e = lt_json_string(b, "Domain", 0, 256, LT_ERR_BAD_REQUEST, &domain)) != LT_OK ||
	    (e = lt_json_string(b, "BreachDate", 1, 32, LT_ERR_BAD_REQUEST, &date)) != LT_OK ||
	    (e = lt_json_string(b, "AddedDate", 1, 32, LT_ERR_BAD_REQUEST, &added)) != LT_OK)
		return lt_fail(e, "breach #%d: %s", index + 1, lt_err_detail());
	if (has_control(name))
		return lt_fail(LT_ERR_BAD_REQUEST, "breach #%d: Name holds a control character", index + 1);
	snprintf(buf, sizeof buf, "%.10sT00:00:00Z", date);
	if (strlen(date) != 10 || lt_time_parse(buf, &t) != LT_OK || lt_time_parse(added, &t) != LT_OK)
		return lt_fail(LT_ERR_BAD_TIME, "breach #%d (%s): BreachDate is YYYY-MM-DD, AddedDate RFC 3339", index + 1, name);
	if (!cJSON_IsArray(dc))
		return lt_fail(LT_ERR_BAD_REQUEST, "breach #%d (%s): DataClasses must be an array", index + 1, name);
	cJSON_ArrayForEach(it, dc)
		if (!cJSON_IsString(it))
			return lt_fail(LT_ERR_BAD_REQUEST, "breach #%d (%s): DataClasses holds strings", index + 1, name);
	*out = cJSON_CreateObject();
	cJSON_AddStringToObject(*out, "name", name);
	lt_json_add_nullable(*out, "domain", domain && *domain ? domain : NULL);
	add_site(*out, domain);
	cJSON_AddStringToObject(*out, "date", buf);
	cJSON_AddStringToObject(*out, "added", added);
	cJSON_AddItemToObject(*out, "classes", cJSON_Duplicate(dc, 1));
	return LT_OK;
}

static lt_err check_all(const cJSON *arr, cJSON **compact)
{
	const cJSON *b;
	int i = 0;
	lt_err e = LT_OK;

	*compact = cJSON_CreateArray();
	cJSON_ArrayForEach(b, arr) {
		cJSON *one = NULL;

		if (!cJSON_IsObject(b))
			e = lt_fail(LT_ERR_BAD_REQUEST, "breach #%d: not an object", i + 1);
		else
			e = check_entry(b, i, &one);
		if (e != LT_OK)
			break;
		cJSON_AddItemToArray(*compact, one);
		i++;
	}
	if (e != LT_OK) {
		cJSON_Delete(*compact);
		*compact = NULL;
	}
	return e;
}

/* Keep the entries of `old` whose name the new catalogue does not have. */
static void merge_old(cJSON *compact, const cJSON *old)
{
	const cJSON *o, *n;

	cJSON_ArrayForEach(o, old) {
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(o, "name");
		int found = 0;

		cJSON_ArrayForEach(n, compact)
			found |= cJSON_IsString(name) &&
				 strcmp(cJSON_GetObjectItemCaseSensitive(n, "name")->valuestring, name->valuestring) == 0;
		if (!found && cJSON_IsString(name))
			cJSON_AddItemToArray(compact, cJSON_Duplicate(o, 1));
	}
}

static unsigned exposed_kinds(const cJSON *dc)
{
	const cJSON *it;
	unsigned bits = 0;
	size_t i;

	cJSON_ArrayForEach(it, dc)
		for (i = 0; i < sizeof classes / sizeof classes[0]; i++)
			if (cJSON_IsString(it) && strcmp(it->valuestring, classes[i].data_class) == 0)
				bits |= 1u << classes[i].kind;
	return bits;
}

/* The catalogue kept: CATALOGUE's value, else a version 1 INDEX (which held
 * the whole catalogue); NULL when none was imported. Both searched in one
 * round trip. */
static lt_err kept_catalogue(lt_store *s, cJSON **value)
{
	const char *a[3], *b[3];
	lt_keyring_query q[2] = {lt_setting_query(CATALOGUE, a), lt_setting_query(INDEX, b)};
	lt_err e;

	lt_keyring_prefetch(s, q, 2);
	e = lt_setting_get(s, CATALOGUE, value);
	if (e == LT_OK && !*value && (e = lt_setting_get(s, INDEX, value)) == LT_OK && *value &&
	    !cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(*value, "breaches"))) {
		cJSON_Delete(*value); /* an index without its catalogue: none kept */
		*value = NULL;
	}
	lt_keyring_prefetch_drop(s);
	return e;
}

/* INDEX's value for the catalogue `compact`: one line "site TAB kinds TAB
 * name" per breach with a site that listed an identifier kind. A name with a
 * control character (refused at import since the index exists) is left out. */
static cJSON *build_index(const cJSON *compact, const char *now)
{
	GString *lines = g_string_new(NULL);
	const cJSON *o;
	cJSON *index = cJSON_CreateObject();

	cJSON_ArrayForEach(o, compact) {
		const char *site = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "site"));
		const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "name"));
		unsigned bits = exposed_kinds(cJSON_GetObjectItemCaseSensitive(o, "classes"));

		if (site && name && bits && !has_control(name) && !has_control(site))
			g_string_append_printf(lines, "%s\t%u\t%s\n", site, bits, name);
	}
	cJSON_AddNumberToObject(index, "version", INDEX_VERSION);
	cJSON_AddStringToObject(index, "imported", now);
	cJSON_AddStringToObject(index, "sites", lines->str);
	g_string_free(lines, TRUE);
	return index;
}

/* The catalogue first, then its index: a failure between leaves the older
 * index, which still names only breaches the catalogue holds. */
static lt_err store_catalogue(lt_store *s, cJSON *compact)
{
	char now[LT_TIME_LEN];
	cJSON *value = cJSON_CreateObject(), *index;
	lt_err e;

	lt_time_now(now);
	cJSON_AddStringToObject(value, "imported", now);
	cJSON_AddItemToObject(value, "breaches", compact);
	e = lt_setting_put(s, CATALOGUE, value);
	if (e == LT_OK) {
		index = build_index(compact, now);
		e = lt_setting_put(s, INDEX, index);
		cJSON_Delete(index);
	}
	cJSON_Delete(value);
	return e;
}

lt_err lt_breaches_import(lt_store *s, const char *path, size_t *imported, size_t *known)
{
	cJSON *arr = NULL, *compact = NULL, *old = NULL;
	lt_err e = parse_file(path, &arr);

	if (e == LT_OK)
		e = check_all(arr, &compact);
	cJSON_Delete(arr);
	if (e == LT_OK)
		e = kept_catalogue(s, &old);
	if (e != LT_OK) {
		cJSON_Delete(compact);
		return e;
	}
	*imported = (size_t)cJSON_GetArraySize(compact);
	merge_old(compact, cJSON_GetObjectItemCaseSensitive(old, "breaches"));
	*known = (size_t)cJSON_GetArraySize(compact);
	cJSON_Delete(old);
	return store_catalogue(s, compact);
}

static lt_err load_one(const cJSON *o, lt_breach *b)
{
	lt_err e;

	if ((e = lt_json_dup(o, "name", 1, 256, LT_ERR_CORRUPT_RECORD, &b->name)) != LT_OK ||
	    (e = lt_json_dup(o, "site", 0, 256, LT_ERR_CORRUPT_RECORD, &b->site)) != LT_OK ||
	    (e = lt_json_time(o, "date", LT_ERR_CORRUPT_RECORD, b->date)) != LT_OK ||
	    (e = lt_json_time(o, "added", LT_ERR_CORRUPT_RECORD, b->added)) != LT_OK)
		return e;
	b->exposed = exposed_kinds(cJSON_GetObjectItemCaseSensitive(o, "classes"));
	return LT_OK;
}

/* The entries of a catalogue's "breaches" array. */
static lt_err load_list(const cJSON *arr, lt_breach **out, size_t *n)
{
	const cJSON *o;
	lt_err e = LT_OK;

	if (!(*out = calloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof **out)))
		return LT_ERR_NOMEM;
	cJSON_ArrayForEach(o, arr) {
		if ((e = load_one(o, &(*out)[*n])) != LT_OK)
			break;
		(*n)++;
	}
	return e;
}

static lt_err damaged(void)
{
	return lt_fail(LT_ERR_CORRUPT_RECORD, "the breach index is damaged; import the catalogue again");
}

/* One index line (NUL-terminated, without its newline) into b. */
static lt_err load_line(char *line, lt_breach *b)
{
	char *kinds = strchr(line, '\t'), *name = kinds ? strchr(kinds + 1, '\t') : NULL, *end;
	unsigned long bits;

	if (!name)
		return damaged();
	*kinds++ = *name++ = '\0';
	bits = strtoul(kinds, &end, 10);
	if (*end || end == kinds || !*line || !*name || bits >= 1u << LT_KIND_COUNT || strlen(line) > 256 ||
	    strlen(name) > 256)
		return damaged();
	b->exposed = (unsigned)bits;
	b->site = strdup(line);
	b->name = strdup(name);
	return b->site && b->name ? LT_OK : LT_ERR_NOMEM;
}

/* The lines of INDEX's "sites". */
static lt_err load_index(const char *text, lt_breach **out, size_t *n)
{
	char *copy = strdup(text), *line, *next;
	size_t lines = 0;
	lt_err e = LT_OK;

	for (const char *p = copy; p && *p; p++)
		lines += *p == '\n';
	if (!copy || !(*out = calloc(lines + 1, sizeof **out))) {
		free(copy);
		return LT_ERR_NOMEM;
	}
	for (line = copy; e == LT_OK && *line; line = next + 1) {
		if (!(next = strchr(line, '\n'))) {
			e = damaged();
			break;
		}
		*next = '\0';
		if ((e = load_line(line, &(*out)[*n])) == LT_OK)
			(*n)++; /* a failed one is freed with the rest (loaded) */
	}
	free(copy);
	return e;
}

lt_keyring_query lt_breaches_query(const char *attrs[3])
{
	return lt_setting_query(INDEX, attrs);
}

static lt_err loaded(lt_err e, lt_breach **out, size_t *n)
{
	if (e != LT_OK) {
		lt_breaches_free(*out, *n + 1);
		*out = NULL;
		*n = 0;
	}
	return e;
}

lt_err lt_breaches_load(lt_store *s, lt_breach **out, size_t *n)
{
	cJSON *v = NULL;
	lt_err e = kept_catalogue(s, &v);

	*out = NULL;
	*n = 0;
	if (e == LT_OK && v)
		e = load_list(cJSON_GetObjectItemCaseSensitive(v, "breaches"), out, n);
	cJSON_Delete(v);
	return loaded(e, out, n);
}

/* An index of this format; else why not: a newer leaktrace's, or damaged
 * (no "version" a format could be). */
static lt_err index_format(const cJSON *index)
{
	int version = lt_json_version(index);

	if (version == INDEX_VERSION)
		return LT_OK;
	return version > INDEX_VERSION ? lt_fail(LT_ERR_CORRUPT_RECORD,
						 "the breach index was written by a newer leaktrace (format %d; this one "
						 "reads %d): update leaktrace, or import the catalogue again",
						 version, INDEX_VERSION)
				       : damaged();
}

lt_err lt_breaches_load_sites(lt_store *s, lt_breach **out, size_t *n)
{
	cJSON *v = NULL;
	const cJSON *whole;
	const char *sites;
	lt_err e = lt_setting_get(s, INDEX, &v);

	*out = NULL;
	*n = 0;
	whole = cJSON_GetObjectItemCaseSensitive(v, "breaches");
	if (e == LT_OK && cJSON_IsArray(whole))
		e = load_list(whole, out, n); /* version 1: the whole catalogue */
	else if (e == LT_OK && v && !(sites = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(v, "sites"))))
		e = damaged();
	else if (e == LT_OK && v && (e = index_format(v)) == LT_OK)
		e = load_index(sites, out, n);
	cJSON_Delete(v);
	return loaded(e, out, n);
}
