/* SPDX-License-Identifier: MIT */
/* proto_actions.c: one small function per protocol action (proto_actions.h).
 * They only translate fields to core calls and results to JSON; the domain
 * logic lives in record.c, store.c and trace.c, shared with the CLI.
 *
 * Every action that answers with a list (site, list, trace, rotate,
 * report_login) pages it the same way: `offset` and `limit` in, `total` and
 * `offset` out, so no answer has to outgrow the browser's 1 MB limit however
 * many accounts there are. */
#include "proto_actions.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alias.h"
#include "evidence.h"
#include "incident.h"
#include "jsonfield.h"
#include "outfile.h"
#include "password.h"
#include "rotation.h"
#include "site.h"
#include "trace.h"
#include "userdirs.h"

#define LIST_DEFAULT 100
#define LIST_MAX 1000

typedef struct {
	int offset, limit;
} page;

/* A string field of a request; *out stays NULL when absent. */
static lt_err field_string(const cJSON *req, const char *name, int required, size_t max, const char **out)
{
	return lt_json_string(req, name, required, max, LT_ERR_BAD_REQUEST, out);
}

/* An optional whole number in [min, max]. */
static lt_err field_int(const cJSON *req, const char *name, int min, int max, int *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(req, name);

	if (!v || cJSON_IsNull(v))
		return LT_OK;
	/* range first: casting a double outside int's range to int is undefined */
	if (!cJSON_IsNumber(v) || !(v->valuedouble >= min && v->valuedouble <= max) ||
	    v->valuedouble != (double)(int)v->valuedouble)
		return lt_fail(LT_ERR_BAD_REQUEST, "field %s must be a whole number from %d to %d", name, min, max);
	*out = (int)v->valuedouble;
	return LT_OK;
}

/* The page a request asks for: offset (default 0) and limit (1 to LIST_MAX). */
static lt_err field_page(const cJSON *req, page *pg)
{
	lt_err e;

	pg->offset = 0;
	pg->limit = LIST_DEFAULT;
	if ((e = field_int(req, "offset", 0, 1 << 30, &pg->offset)) != LT_OK)
		return e;
	return field_int(req, "limit", 1, LIST_MAX, &pg->limit);
}

/* The part [*from, *to) of n items the page covers; "total" and "offset" said in result. */
static void page_range(const page *pg, size_t n, cJSON *result, size_t *from, size_t *to)
{
	*from = (size_t)pg->offset < n ? (size_t)pg->offset : n;
	*to = *from + (size_t)pg->limit < n ? *from + (size_t)pg->limit : n;
	cJSON_AddNumberToObject(result, "total", (double)n);
	cJSON_AddNumberToObject(result, "offset", (double)*from);
}

/* Keep only the page of the array result[key] (built whole by a core function). */
static void page_array(const page *pg, cJSON *result, const char *key)
{
	cJSON *arr = cJSON_GetObjectItemCaseSensitive(result, key), *it, *next;
	size_t from, to, i = 0;

	page_range(pg, (size_t)cJSON_GetArraySize(arr), result, &from, &to);
	for (it = arr ? arr->child : NULL; it; it = next, i++) {
		next = it->next;
		if (i < from || i >= to)
			cJSON_Delete(cJSON_DetachItemViaPointer(arr, it));
	}
}

static lt_err field_region(const cJSON *req, const char **region)
{
	lt_err e = field_string(req, "region", 0, 8, region);

	if (e == LT_OK && *region && !lt_region_valid(*region))
		return lt_fail(LT_ERR_BAD_REGION, "region must be two letters such as CN");
	return e;
}

/* "region_hints": optional array of up to LT_REGION_HINTS_MAX two-letter
 * codes (the browser's languages' regions, most preferred first). Their
 * presence, even empty, says the phone is to be placed by the precedence of
 * PROTOCOL.md (lt_phone_place); absent, a record behaves as before. */
static lt_err field_hints(const cJSON *req, lt_record_input *in)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(req, "region_hints"), *it;

	if (!arr || cJSON_IsNull(arr))
		return LT_OK;
	if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) > LT_REGION_HINTS_MAX)
		return lt_fail(LT_ERR_BAD_REQUEST, "field region_hints must be an array of at most %d region codes",
			       LT_REGION_HINTS_MAX);
	cJSON_ArrayForEach(it, arr) {
		if (!cJSON_IsString(it) || !lt_region_valid(it->valuestring))
			return lt_fail(LT_ERR_BAD_REQUEST, "region_hints holds two-letter region codes such as CN");
		in->hints[in->n_hints++] = it->valuestring;
	}
	in->place_phone = true;
	return LT_OK;
}

lt_err lt_action_ping(lt_proto *p, const cJSON *req, cJSON *result)
{
	lt_err st = lt_store_status(p->store);

	(void)req;
	cJSON_AddStringToObject(result, "version", LT_VERSION);
	cJSON_AddNumberToObject(result, "protocol", LT_PROTOCOL_VERSION);
	cJSON_AddStringToObject(result, "keyring", st == LT_OK                       ? "ok"
						   : st == LT_ERR_KEYRING_LOCKED ? "locked"
										 : "unavailable");
	cJSON_AddStringToObject(result, "keyring_detail", st == LT_OK ? "" : lt_err_detail());
	lt_err_clear();
	return LT_OK;
}

/* identifiers: [{kind, value}], 1 to LT_KIND_COUNT-1 entries, one per kind. */
static lt_err take_identifiers(const cJSON *req, lt_record_input *in)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(req, "identifiers"), *it;
	int count = 0;

	if (!cJSON_IsArray(arr))
		return lt_fail(LT_ERR_BAD_REQUEST, "field identifiers must be an array");
	cJSON_ArrayForEach(it, arr) {
		const char *kind, *value;
		lt_kind k;
		lt_err e;

		if (!cJSON_IsObject(it) || ++count >= LT_KIND_COUNT)
			return lt_fail(LT_ERR_BAD_REQUEST, "identifiers holds at most one {kind, value} object per kind");
		if ((e = field_string(it, "kind", 1, 16, &kind)) != LT_OK ||
		    (e = field_string(it, "value", 1, LT_IDENT_MAX, &value)) != LT_OK)
			return e;
		k = lt_kind_from_name(kind);
		if (k == LT_KIND_NONE || in->ids[k])
			return lt_fail(LT_ERR_BAD_REQUEST, "identifier kind must be %s, once each",
				      lt_kind_names_text());
		in->ids[k] = value;
	}
	return count ? LT_OK : lt_fail(LT_ERR_NO_IDENTIFIER, "identifiers is empty");
}

static lt_err build_record(const cJSON *req, lt_account *a)
{
	lt_record_input in = {.capture = LT_CAPTURE_OTHER};
	const char *cap;
	lt_err e;

	memset(a, 0, sizeof *a);
	if ((e = field_string(req, "url", 1, LT_URL_MAX, &in.url)) != LT_OK ||
	    (e = field_string(req, "capture", 0, 16, &cap)) != LT_OK ||
	    (e = field_string(req, "title", 0, LT_TEXT_MAX, &in.title)) != LT_OK ||
	    (e = field_string(req, "top_url", 0, LT_URL_MAX, &in.top_url)) != LT_OK ||
	    (e = field_string(req, "note", 0, LT_TEXT_MAX, &in.note)) != LT_OK ||
	    (e = field_region(req, &in.region)) != LT_OK || (e = field_hints(req, &in)) != LT_OK ||
	    (e = take_identifiers(req, &in)) != LT_OK)
		return e;
	if (cap && (in.capture = lt_capture_from_name(cap)) == LT_CAPTURE_COUNT)
		return lt_fail(LT_ERR_BAD_REQUEST, "unknown capture kind");
	return lt_account_from_input(&in, a);
}

/* An optional "password": fingerprinted into the record, then wiped from the request. */
static lt_err take_password(lt_proto *p, const cJSON *req, lt_account *a)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(req, "password");
	size_t len;
	lt_err e;

	if (!v || cJSON_IsNull(v))
		return LT_OK;
	if (!cJSON_IsString(v))
		return lt_fail(LT_ERR_BAD_REQUEST, "field password must be a string");
	len = strlen(v->valuestring);
	e = lt_password_fingerprint(p->store, v->valuestring, len, a->password_fp);
	memcpy(a->password_seen, a->first_seen, LT_TIME_LEN);
	return e;
}

lt_err lt_action_record(lt_proto *p, const cJSON *req, cJSON *result)
{
	lt_account add, stored = {0};
	int created = 0;
	lt_err e = build_record(req, &add);

	if (e == LT_OK)
		e = take_password(p, req, &add);
	if (e == LT_OK)
		e = lt_store_record(p->store, &add, &stored, &created);
	if (e == LT_OK) {
		cJSON_AddBoolToObject(result, "created", created);
		cJSON_AddItemToObject(result, "account", lt_account_to_json(&stored));
	}
	lt_account_clear(&add);
	lt_account_clear(&stored);
	return e;
}

static void add_accounts(cJSON *result, const lt_account *list, size_t from, size_t to)
{
	cJSON *arr = cJSON_AddArrayToObject(result, "accounts");
	size_t i;

	for (i = from; i < to; i++)
		cJSON_AddItemToArray(arr, lt_account_to_json(&list[i]));
}

/* Most recently seen first (RFC 3339 UTC times compare as strings). */
static int by_last_seen_desc(const void *x, const void *y)
{
	const lt_account *a = x, *b = y;
	int c = strcmp(b->last_seen, a->last_seen);

	return c ? c : strcmp(a->site, b->site);
}

/* The accounts of one site (site: required) or of all (list), a page of them,
 * in the store's order or, with "order": "recent", most recently seen first. */
static lt_err accounts_page(lt_proto *p, const cJSON *req, int site_required, cJSON *result)
{
	const char *given, *order;
	char *site = NULL;
	lt_account *list = NULL;
	size_t n = 0, from, to;
	page pg;
	lt_err e;

	if ((e = field_string(req, "site", site_required, LT_URL_MAX, &given)) != LT_OK ||
	    (e = field_string(req, "order", 0, 16, &order)) != LT_OK || (e = field_page(req, &pg)) != LT_OK)
		return e;
	if (order && strcmp(order, "recent") != 0 && strcmp(order, "site") != 0)
		return lt_fail(LT_ERR_BAD_REQUEST, "order is site or recent");
	e = lt_store_site(p->store, given, &site, &list, &n, NULL);
	if (e == LT_OK && order && strcmp(order, "recent") == 0)
		qsort(list, n, sizeof *list, by_last_seen_desc);
	if (e == LT_OK) {
		if (site)
			cJSON_AddStringToObject(result, "site", site);
		page_range(&pg, n, result, &from, &to);
		add_accounts(result, list, from, to);
	}
	free(site);
	lt_accounts_free(list, n);
	return e;
}

lt_err lt_action_site(lt_proto *p, const cJSON *req, cJSON *result)
{
	return accounts_page(p, req, 1, result);
}

lt_err lt_action_list(lt_proto *p, const cJSON *req, cJSON *result)
{
	return accounts_page(p, req, 0, result);
}

/* The trace a request asks for: query, kind, since, region (trace, evidence). */
static lt_err trace_request(lt_proto *p, const cJSON *req, lt_trace_result *r)
{
	const char *query, *kind_name, *since_text, *region;
	lt_kind kind = LT_KIND_NONE;
	time_t since;
	lt_err e;

	if ((e = field_string(req, "query", 1, LT_IDENT_MAX, &query)) != LT_OK ||
	    (e = field_string(req, "kind", 0, 16, &kind_name)) != LT_OK ||
	    (e = field_string(req, "since", 0, 64, &since_text)) != LT_OK || (e = field_region(req, &region)) != LT_OK)
		return e;
	if (kind_name && (kind = lt_kind_from_name(kind_name)) == LT_KIND_NONE)
		return lt_fail(LT_ERR_BAD_REQUEST, "kind must be %s", lt_kind_names_text());
	if (since_text && (e = lt_time_parse(since_text, &since)) != LT_OK)
		return e;
	return lt_trace(p->store, query, kind, region, since_text ? &since : NULL, r);
}

lt_err lt_action_trace(lt_proto *p, const cJSON *req, cJSON *result)
{
	lt_trace_result r;
	page pg;
	lt_err e;

	if ((e = field_page(req, &pg)) != LT_OK || (e = trace_request(p, req, &r)) != LT_OK)
		return e;
	lt_trace_to_json(&r, result);
	lt_trace_result_clear(&r);
	page_array(&pg, result, "matches");
	return LT_OK;
}

/* The report of a trace written to the Downloads folder as HTML, for the
 * popup to open: the same document as `leaktrace evidence -o`, under a new
 * name (leaktrace-evidence-YYYYMMDD-HHMMSS.html, never replacing a file). */
static lt_err write_report(const lt_trace_result *r, lt_lang lang, cJSON *result)
{
	char now[LT_TIME_LEN], data_sum[65], file_sum[65], dir[4096], path[4200], stem[64];
	lt_report_opts ro = {LT_EVIDENCE_HTML, lang, now, NULL, NULL, NULL};
	time_t t = time(NULL);
	struct tm tm;
	char *doc = NULL, *url;
	lt_err e;

	lt_time_now(now);
	strftime(stem, sizeof stem, "leaktrace-evidence-%Y%m%d-%H%M%S", localtime_r(&t, &tm));
	if ((e = lt_downloads_dir(dir, sizeof dir)) == LT_OK && (e = lt_evidence_make(r, &ro, &doc, data_sum)) == LT_OK)
		e = lt_outfile_write_new(dir, stem, "html", doc, strlen(doc), path, sizeof path);
	if (e == LT_OK && !(url = g_filename_to_uri(path, NULL, NULL)))
		e = lt_fail(LT_ERR_IO, "the report's path is no file URL");
	if (e == LT_OK) {
		lt_sha256_hex(doc, strlen(doc), file_sum);
		cJSON_AddStringToObject(result, "path", path);
		cJSON_AddStringToObject(result, "url", url);
		cJSON_AddStringToObject(result, "sha256", file_sum);
		cJSON_AddStringToObject(result, "data_sha256", data_sum);
		cJSON_AddNumberToObject(result, "sites", (double)r->n);
		cJSON_AddNumberToObject(result, "incidents", (double)r->n_incidents);
		g_free(url);
	}
	free(doc);
	return e;
}

lt_err lt_action_evidence(lt_proto *p, const cJSON *req, cJSON *result)
{
	const char *lang_name;
	lt_lang lang = lt_lang_default();
	lt_trace_result r;
	lt_err e;

	if ((e = field_string(req, "lang", 0, 16, &lang_name)) != LT_OK ||
	    (lang_name && (e = lt_lang_from_name(lang_name, &lang)) != LT_OK) || (e = trace_request(p, req, &r)) != LT_OK)
		return e;
	if (r.n == 0 && r.n_incidents == 0)
		e = lt_fail(LT_ERR_NOT_FOUND, "nothing is recorded for it: there is nothing to report");
	else
		e = write_report(&r, lang, result);
	lt_trace_result_clear(&r);
	return e;
}

/* The alias for a site, to fill into its signup form; recorded when the form is sent. */
lt_err lt_action_alias(lt_proto *p, const cJSON *req, cJSON *result)
{
	const char *given;
	char *site = NULL, *alias = NULL;
	lt_err e = field_string(req, "site", 1, LT_URL_MAX, &given);

	if (e == LT_OK)
		e = lt_site_from(given, &site);
	if (e == LT_OK)
		e = lt_alias_issue(p->store, site, &alias);
	if (e == LT_OK) {
		cJSON_AddStringToObject(result, "site", site);
		cJSON_AddStringToObject(result, "alias", alias);
	}
	free(site);
	free(alias);
	return e;
}

/* Is the due entry about `site`: its own, or there because of it? */
static int due_concerns(const lt_due *d, const char *site)
{
	return !site || strcmp(d->account.site, site) == 0 || (d->other && strcmp(d->other, site) == 0);
}

/* Due rotations, most urgent first: "count" all of them but the watch notes,
 * "urgent" the compromised and reused-with-compromised ones (the badge), and
 * a page of those concerning `site` (every one when NULL). */
static lt_err rotate_page(lt_proto *p, const cJSON *req, const char *site, cJSON *result)
{
	int max_age = 365;
	lt_due *list = NULL;
	size_t n = 0, i, k = 0, total = 0, count = 0, urgent = 0, from, to;
	cJSON *arr;
	page pg;
	lt_err e = field_int(req, "max_age", 1, 36500, &max_age);

	if (e == LT_OK && (e = field_page(req, &pg)) == LT_OK)
		e = lt_rotation_due(p->store, max_age, &list, &n);
	if (e != LT_OK)
		return e;
	for (i = 0; i < n; i++) {
		total += due_concerns(&list[i], site);
		count += lt_rot_severity(list[i].reason) != LT_SEV_WATCH;
		urgent += lt_due_urgent(&list[i]);
	}
	cJSON_AddNumberToObject(result, "count", (double)count);
	cJSON_AddNumberToObject(result, "urgent", (double)urgent);
	page_range(&pg, total, result, &from, &to);
	arr = cJSON_AddArrayToObject(result, "due");
	for (i = 0; i < n; i++)
		if (due_concerns(&list[i], site) && k++ >= from && k <= to)
			cJSON_AddItemToArray(arr, lt_due_to_json(&list[i]));
	lt_dues_free(list, n);
	return LT_OK;
}

/* Every due rotation (the popup's list, the badge count), or those of one site. */
lt_err lt_action_rotate(lt_proto *p, const cJSON *req, cJSON *result)
{
	const char *given;
	char *site = NULL;
	lt_err e = field_string(req, "site", 0, LT_URL_MAX, &given);

	if (e == LT_OK && given)
		e = lt_site_from(given, &site);
	if (e == LT_OK)
		e = rotate_page(p, req, site, result);
	free(site);
	return e;
}

/* After a site's accounts were marked or unmarked: the site, how many
 * (`count_name`), and the rotations concerning it. */
static lt_err site_changed(lt_proto *p, const cJSON *req, const char *site, const char *count_name, size_t n,
			   cJSON *result)
{
	cJSON_AddStringToObject(result, "site", site);
	cJSON_AddNumberToObject(result, count_name, (double)n);
	return rotate_page(p, req, site, result);
}

/* "Someone else logged in here": mark the site, then answer with the due list. */
lt_err lt_action_report_login(lt_proto *p, const cJSON *req, cJSON *result)
{
	const char *given, *note;
	char *site = NULL, at[LT_TIME_LEN];
	size_t marked = 0;
	lt_err e;

	if ((e = field_string(req, "site", 1, LT_URL_MAX, &given)) != LT_OK ||
	    (e = field_string(req, "note", 0, LT_TEXT_MAX, &note)) != LT_OK || (e = lt_site_from(given, &site)) != LT_OK)
		return e;
	lt_time_now(at);
	e = lt_report_login(p->store, site, at, note, &marked);
	if (e == LT_OK) {
		cJSON_AddStringToObject(result, "at", at);
		e = site_changed(p, req, site, "marked", marked, result);
	}
	free(site);
	return e;
}

/* The popup's Undo of "someone else logged in here", for a day: `site` and
 * the `at` its report answered with. */
lt_err lt_action_report_login_undo(lt_proto *p, const cJSON *req, cJSON *result)
{
	const char *given, *at;
	char *site = NULL;
	size_t cleared = 0;
	lt_err e;

	if ((e = field_string(req, "site", 1, LT_URL_MAX, &given)) != LT_OK ||
	    (e = field_string(req, "at", 1, 64, &at)) != LT_OK || (e = lt_site_from(given, &site)) != LT_OK)
		return e;
	e = lt_report_login_undo(p->store, site, at, &cleared);
	if (e == LT_OK)
		e = site_changed(p, req, site, "cleared", cleared, result);
	free(site);
	return e;
}

/* Unlock the keyring through the provider's own prompt (the popup's Unlock). */
lt_err lt_action_unlock(lt_proto *p, const cJSON *req, cJSON *result)
{
	lt_err e = lt_store_unlock(p->store);

	(void)req;
	if (e == LT_OK)
		cJSON_AddStringToObject(result, "keyring", "ok");
	return e;
}

/* A call, an SMS or a spam mail on one of the person's identifiers, typed in
 * the popup: the same incident as `leaktrace incident add`. */
lt_err lt_action_incident(lt_proto *p, const cJSON *req, cJSON *result)
{
	const char *to, *kind_name, *from, *at, *note, *region;
	lt_incident_kind ik;
	lt_incident inc;
	lt_err e;

	if ((e = field_string(req, "identifier", 1, LT_IDENT_MAX, &to)) != LT_OK ||
	    (e = field_string(req, "kind", 1, 16, &kind_name)) != LT_OK ||
	    (e = field_string(req, "from", 0, LT_IDENT_MAX, &from)) != LT_OK ||
	    (e = field_string(req, "at", 0, 64, &at)) != LT_OK ||
	    (e = field_string(req, "note", 0, LT_TEXT_MAX, &note)) != LT_OK || (e = field_region(req, &region)) != LT_OK)
		return e;
	ik = lt_incident_kind_from_name(kind_name);
	if (ik != LT_INCIDENT_CALL && ik != LT_INCIDENT_SMS && ik != LT_INCIDENT_EMAIL && ik != LT_INCIDENT_OTHER)
		return lt_fail(LT_ERR_BAD_REQUEST, "kind is call, sms, email or other");
	if ((e = lt_incident_make(&inc, to, lt_ident_detect(to), region, ik, from && from[0] ? from : NULL, at, note)) != LT_OK)
		return e;
	e = lt_incident_add(p->store, &inc);
	if (e == LT_OK)
		cJSON_AddItemToObject(result, "incident", lt_incident_to_json(&inc));
	lt_incident_clear(&inc);
	return e;
}

/* The alias base, for the options page: `base` sets it, `clear` (true)
 * removes it, neither reads it. Answers what is set now: {"base", "shape",
 * "catchall", "unverified_provider", "reported_provider"}, or {"base": null}. */
lt_err lt_action_alias_base(lt_proto *p, const cJSON *req, cJSON *result)
{
	const cJSON *clear = cJSON_GetObjectItemCaseSensitive(req, "clear");
	const char *given;
	char *base = NULL, *shape;
	const char *provider;
	int catchall = 0, cleared, delivers = 0;
	lt_err e = field_string(req, "base", 0, LT_IDENT_MAX, &given);

	if (e == LT_OK && clear && !cJSON_IsBool(clear))
		e = lt_fail(LT_ERR_BAD_REQUEST, "field clear must be true or false");
	if (e == LT_OK && cJSON_IsTrue(clear))
		e = given ? lt_fail(LT_ERR_BAD_REQUEST, "give base or clear, not both") : lt_alias_clear_base(p->store, &cleared);
	else if (e == LT_OK && given)
		e = lt_alias_set_base(p->store, given);
	if (e == LT_OK)
		e = lt_alias_get_base(p->store, &catchall, &base);
	if (e == LT_ERR_NOT_FOUND) {
		lt_err_clear();
		cJSON_AddNullToObject(result, "base");
		return LT_OK;
	}
	if (e != LT_OK)
		return e;
	shape = lt_alias_shape(catchall, base);
	cJSON_AddStringToObject(result, "base", base);
	cJSON_AddStringToObject(result, "shape", shape ? shape : base);
	cJSON_AddBoolToObject(result, "catchall", catchall);
	provider = catchall ? NULL : lt_alias_base_provider(base, &delivers);
	lt_json_add_nullable(result, "unverified_provider", delivers ? NULL : provider);
	lt_json_add_nullable(result, "reported_provider", delivers ? provider : NULL);
	free(shape);
	free(base);
	return LT_OK;
}
