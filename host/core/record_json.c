/* SPDX-License-Identifier: MIT */
/* record_json.c: an lt_account to and from its JSON form (record.h).
 * The same object is the keyring secret, the wire ACCOUNT and the --json row. */
#include "record.h"

#include "jsonfield.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static cJSON *idents_to_json(const lt_account *a)
{
	cJSON *arr = cJSON_CreateArray();
	int k;

	for (k = LT_KIND_NONE + 1; arr && k < LT_KIND_COUNT; k++) {
		cJSON *o;

		if (!a->ids[k].normalized)
			continue;
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "kind", lt_kind_name((lt_kind)k));
		cJSON_AddStringToObject(o, "value", a->ids[k].value);
		cJSON_AddStringToObject(o, "normalized", a->ids[k].normalized);
		if (k == LT_KIND_PHONE && a->ids[k].normalized[0] != '+') /* no region placed it (lt_phone_place) */
			cJSON_AddTrueToObject(o, "unresolved");
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

/* "pages": the later pages, present only when there are some. */
static void add_pages(cJSON *o, const lt_account *a)
{
	cJSON *arr;
	size_t i;

	if (!a->n_pages || !(arr = cJSON_AddArrayToObject(o, "pages")))
		return;
	for (i = 0; i < a->n_pages; i++) {
		cJSON *p = cJSON_CreateObject();

		cJSON_AddStringToObject(p, "url", a->pages[i].url);
		lt_json_add_nullable(p, "title", a->pages[i].title);
		cJSON_AddStringToObject(p, "capture", lt_capture_name(a->pages[i].capture));
		cJSON_AddStringToObject(p, "at", a->pages[i].at);
		cJSON_AddItemToArray(arr, p);
	}
}

/* "password", "compromised" and "rotation_done": present only when known. */
static void add_password_state(cJSON *o, const lt_account *a)
{
	cJSON *p;

	if (a->password_fp[0]) {
		p = cJSON_AddObjectToObject(o, "password");
		cJSON_AddStringToObject(p, "fingerprint", a->password_fp);
		cJSON_AddStringToObject(p, "first_seen", a->password_seen);
		lt_json_add_nullable(p, "changed", a->password_changed[0] ? a->password_changed : NULL);
	}
	if (a->compromised_at[0]) {
		p = cJSON_AddObjectToObject(o, "compromised");
		cJSON_AddStringToObject(p, "at", a->compromised_at);
		lt_json_add_nullable(p, "note", a->compromised_note);
		lt_json_add_nullable(p, "fingerprint", a->compromised_fp[0] ? a->compromised_fp : NULL);
	}
	if (a->rotation_done[0])
		cJSON_AddStringToObject(o, "rotation_done", a->rotation_done);
}

cJSON *lt_account_to_json(const lt_account *a)
{
	cJSON *o = cJSON_CreateObject(), *caps;
	int c;

	if (!o)
		return NULL;
	cJSON_AddNumberToObject(o, "version", LT_RECORD_VERSION);
	cJSON_AddStringToObject(o, "site", a->site);
	lt_json_add_nullable(o, "url", a->url);
	lt_json_add_nullable(o, "title", a->title);
	lt_json_add_nullable(o, "top_site", a->top_site);
	cJSON_AddItemToObject(o, "identifiers", idents_to_json(a));
	cJSON_AddStringToObject(o, "capture", lt_capture_name(a->capture));
	caps = cJSON_AddArrayToObject(o, "captures");
	for (c = 0; c < LT_CAPTURE_COUNT; c++)
		if (a->captures & (1u << c))
			cJSON_AddItemToArray(caps, cJSON_CreateString(lt_capture_name((lt_capture)c)));
	cJSON_AddStringToObject(o, "first_seen", a->first_seen);
	cJSON_AddStringToObject(o, "first_seen_certainty", lt_certainty_name(a->certainty));
	cJSON_AddStringToObject(o, "last_seen", a->last_seen);
	lt_json_add_nullable(o, "note", a->note);
	add_pages(o, a);
	add_password_state(o, a);
	return o;
}

static lt_err take_string(const cJSON *o, const char *name, int required, char **out)
{
	return lt_json_dup(o, name, required, (size_t)-1, LT_ERR_CORRUPT_RECORD, out);
}

static lt_err take_time(const cJSON *o, const char *name, char buf[LT_TIME_LEN])
{
	return lt_json_time(o, name, LT_ERR_CORRUPT_RECORD, buf);
}

static lt_err take_idents(const cJSON *o, lt_account *a)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(o, "identifiers"), *it;

	if (!cJSON_IsArray(arr))
		return lt_fail(LT_ERR_CORRUPT_RECORD, "field identifiers is not an array");
	cJSON_ArrayForEach(it, arr) {
		const cJSON *kind = cJSON_GetObjectItemCaseSensitive(it, "kind");
		lt_kind k = cJSON_IsString(kind) ? lt_kind_from_name(kind->valuestring) : LT_KIND_NONE;
		lt_err e;

		if (k == LT_KIND_NONE || a->ids[k].normalized)
			return lt_fail(LT_ERR_CORRUPT_RECORD, "an identifier has a bad or repeated kind");
		if ((e = take_string(it, "value", 1, &a->ids[k].value)) != LT_OK ||
		    (e = take_string(it, "normalized", 1, &a->ids[k].normalized)) != LT_OK)
			return e;
	}
	return lt_account_has_ident(a) ? LT_OK : lt_fail(LT_ERR_CORRUPT_RECORD, "no identifier");
}

static lt_err take_captures(const cJSON *o, lt_account *a)
{
	const cJSON *cap = cJSON_GetObjectItemCaseSensitive(o, "capture");
	const cJSON *caps = cJSON_GetObjectItemCaseSensitive(o, "captures"), *it;

	a->capture = cJSON_IsString(cap) ? lt_capture_from_name(cap->valuestring) : LT_CAPTURE_COUNT;
	if (a->capture == LT_CAPTURE_COUNT || !cJSON_IsArray(caps))
		return lt_fail(LT_ERR_CORRUPT_RECORD, "bad capture");
	a->captures = 1u << a->capture;
	cJSON_ArrayForEach(it, caps) {
		lt_capture c = cJSON_IsString(it) ? lt_capture_from_name(it->valuestring) : LT_CAPTURE_COUNT;

		if (c == LT_CAPTURE_COUNT)
			return lt_fail(LT_ERR_CORRUPT_RECORD, "bad captures");
		a->captures |= 1u << c;
	}
	return LT_OK;
}

/* Optional "pages": each kept as written, in the order of their times. */
static lt_err take_pages(const cJSON *o, lt_account *a)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(o, "pages"), *it;

	if (!arr || cJSON_IsNull(arr))
		return LT_OK;
	if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) > LT_PAGES_MAX)
		return lt_fail(LT_ERR_CORRUPT_RECORD, "field pages is not an array of at most %d pages", LT_PAGES_MAX);
	cJSON_ArrayForEach(it, arr) {
		const cJSON *cap = cJSON_GetObjectItemCaseSensitive(it, "capture");
		lt_page *p = &a->pages[a->n_pages];
		lt_err e;

		p->capture = cJSON_IsString(cap) ? lt_capture_from_name(cap->valuestring) : LT_CAPTURE_COUNT;
		if (p->capture == LT_CAPTURE_COUNT)
			return lt_fail(LT_ERR_CORRUPT_RECORD, "a page has a bad capture");
		if ((e = take_string(it, "url", 1, &p->url)) != LT_OK)
			return e;
		a->n_pages++;
		if ((e = take_string(it, "title", 0, &p->title)) != LT_OK || (e = take_time(it, "at", p->at)) != LT_OK)
			return e;
		if (a->n_pages > 1 && strcmp(p[-1].at, p->at) > 0)
			return lt_fail(LT_ERR_CORRUPT_RECORD, "pages are not in the order of their times");
	}
	return LT_OK;
}

/* An optional time member: absent or null leaves buf "". */
static lt_err take_optional_time(const cJSON *o, const char *name, char buf[LT_TIME_LEN])
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	buf[0] = '\0';
	return !v || cJSON_IsNull(v) ? LT_OK : take_time(o, name, buf);
}

/* Absent in records made before dates had a certainty: those are exact (the
 * extension saw them, or the person stated them). */
static lt_err take_certainty(const cJSON *o, lt_account *a)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "first_seen_certainty");

	a->certainty = !v ? LT_CERTAINTY_EXACT : cJSON_IsString(v) ? lt_certainty_from_name(v->valuestring)
								   : LT_CERTAINTY_COUNT;
	return a->certainty == LT_CERTAINTY_COUNT ? lt_fail(LT_ERR_CORRUPT_RECORD, "bad first_seen_certainty") : LT_OK;
}

static lt_err take_password_state(const cJSON *j, lt_account *a)
{
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(j, "password");
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(j, "compromised");
	const char *fp = NULL;
	lt_err e = LT_OK;

	if (p && !cJSON_IsNull(p)) {
		if ((e = lt_json_string(p, "fingerprint", 1, LT_FP_LEN, LT_ERR_CORRUPT_RECORD, &fp)) != LT_OK ||
		    (e = take_time(p, "first_seen", a->password_seen)) != LT_OK ||
		    (e = take_optional_time(p, "changed", a->password_changed)) != LT_OK)
			return e;
		snprintf(a->password_fp, sizeof a->password_fp, "%s", fp);
	}
	if (c && !cJSON_IsNull(c) &&
	    ((e = take_time(c, "at", a->compromised_at)) != LT_OK ||
	     (e = take_string(c, "note", 0, &a->compromised_note)) != LT_OK ||
	     (e = lt_json_string(c, "fingerprint", 0, LT_FP_LEN, LT_ERR_CORRUPT_RECORD, &fp)) != LT_OK))
		return e;
	if (fp)
		snprintf(a->compromised_fp, sizeof a->compromised_fp, "%s", fp);
	return take_optional_time(j, "rotation_done", a->rotation_done);
}

static lt_err from_json(const cJSON *j, lt_account *a)
{
	int version = lt_json_version(j);
	lt_err e;

	if (!cJSON_IsObject(j) || !version)
		return lt_fail(LT_ERR_CORRUPT_RECORD, "not a leaktrace record");
	if (version > LT_RECORD_VERSION)
		return lt_fail(LT_ERR_CORRUPT_RECORD, "record version %d is not supported by this leaktrace", version);
	if ((e = take_string(j, "site", 1, &a->site)) != LT_OK ||
	    (e = take_string(j, "url", 0, &a->url)) != LT_OK ||
	    (e = take_string(j, "title", 0, &a->title)) != LT_OK ||
	    (e = take_string(j, "top_site", 0, &a->top_site)) != LT_OK ||
	    (e = take_string(j, "note", 0, &a->note)) != LT_OK ||
	    (e = take_idents(j, a)) != LT_OK || (e = take_captures(j, a)) != LT_OK ||
	    (e = take_time(j, "first_seen", a->first_seen)) != LT_OK || (e = take_certainty(j, a)) != LT_OK ||
	    (e = take_time(j, "last_seen", a->last_seen)) != LT_OK || (e = take_pages(j, a)) != LT_OK)
		return e;
	return take_password_state(j, a);
}

lt_err lt_account_from_json(const cJSON *j, lt_account *a)
{
	lt_err e;

	memset(a, 0, sizeof *a);
	e = from_json(j, a);
	if (e != LT_OK)
		lt_account_clear(a);
	return e;
}

char *lt_account_to_string(const lt_account *a)
{
	cJSON *j = lt_account_to_json(a);
	char *s = j ? cJSON_PrintUnformatted(j) : NULL;

	cJSON_Delete(j);
	return s;
}

lt_err lt_account_from_string(const char *s, size_t len, lt_account *a)
{
	cJSON *j = cJSON_ParseWithLength(s, len);
	lt_err e;

	memset(a, 0, sizeof *a);
	if (!j)
		return lt_fail(LT_ERR_CORRUPT_RECORD, "the secret is not JSON");
	e = lt_account_from_json(j, a);
	cJSON_Delete(j);
	return e;
}
