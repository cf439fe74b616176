/* SPDX-License-Identifier: MIT */
/* evidence.c: a trace result turned into the canonical evidence object
 * (evidence.h): sorted keys, UTC times, built once per report, and its
 * SHA-256. evidence_render.c turns the object into Markdown or HTML, never
 * the trace result, so the JSON, Markdown and HTML forms cannot disagree and
 * the fingerprint a report shows is the SHA-256 of exactly the data it shows. */
#include "evidence.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "site.h"
#include "textsafe.h"

/* ---- building the canonical object ---- */

/* Attach child to an object under key, or to an array when key is NULL. A
 * NULL child or a failed attach marks the build as failed. */
static void put(cJSON *parent, const char *key, cJSON *child, int *failed)
{
	cJSON_bool ok = child && (key ? cJSON_AddItemToObject(parent, key, child) : cJSON_AddItemToArray(parent, child));

	if (!ok) {
		cJSON_Delete(child);
		*failed = 1;
	}
}

static void put_str(cJSON *o, const char *key, const char *v, int *failed)
{
	put(o, key, v ? cJSON_CreateString(v) : cJSON_CreateNull(), failed);
}

/* A stored time, or null when it is unknown (""). */
static void put_time(cJSON *o, const char *key, const char *v, int *failed)
{
	put_str(o, key, v && v[0] ? v : NULL, failed);
}

static void put_num(cJSON *o, const char *key, double v, int *failed)
{
	put(o, key, cJSON_CreateNumber(v), failed);
}

static void put_bool(cJSON *o, const char *key, int v, int *failed)
{
	put(o, key, cJSON_CreateBool(v), failed);
}

static cJSON *identifier_json(const lt_trace_result *r, int *failed)
{
	cJSON *o = cJSON_CreateObject();

	put_str(o, "query", r->query, failed);
	put_str(o, "kind", lt_kind_name(r->kind), failed);
	put_str(o, "normalized", r->normalized, failed);
	return o;
}

static cJSON *cutoff_json(const lt_trace_result *r, int *failed)
{
	cJSON *o;

	if (r->cutoff_source == LT_CUTOFF_NONE || !r->cutoff[0])
		return cJSON_CreateNull();
	o = cJSON_CreateObject();
	put_str(o, "at", r->cutoff, failed);
	put_str(o, "source", lt_cutoff_source_name(r->cutoff_source), failed);
	return o;
}

static cJSON *captures_json(const lt_account *a, int *failed)
{
	cJSON *arr = cJSON_CreateArray();
	int c;

	for (c = 0; c < LT_CAPTURE_COUNT; c++)
		if (a->captures & (1u << c))
			put(arr, NULL, cJSON_CreateString(lt_capture_name((lt_capture)c)), failed);
	return arr;
}

/* The site in both spellings (site.h): a report must show what the person
 * saw in the address bar and what the site really is. */
static void put_site_forms(cJSON *o, const char *site, int *failed)
{
	char *ascii = NULL, *unicode = NULL;

	if (lt_site_forms(site, &ascii, &unicode) != LT_OK)
		lt_err_clear();
	put_str(o, "site_ascii", ascii ? ascii : site, failed);
	put_str(o, "site_unicode", unicode ? unicode : site, failed);
	free(ascii);
	free(unicode);
}

static cJSON *site_json(const lt_trace_result *r, const lt_match *m, int *failed)
{
	const lt_account *a = &m->account;
	cJSON *o = cJSON_CreateObject();
	char *why = lt_match_reason_text(r, m);
	int timed = r->cutoff_source != LT_CUTOFF_NONE && r->cutoff[0] && a->first_seen[0];

	put_num(o, "rank", m->rank, failed);
	put_str(o, "site", a->site, failed);
	put_site_forms(o, a->site, failed);
	put_str(o, "url", a->url, failed);
	put_str(o, "title", a->title, failed);
	put_str(o, "top_site", a->top_site, failed);
	put_time(o, "first_seen", a->first_seen, failed);
	put_str(o, "certainty", lt_certainty_name(a->certainty), failed);
	put_time(o, "last_seen", a->last_seen, failed);
	put_str(o, "capture", lt_capture_name(a->capture), failed);
	put(o, "captures", captures_json(a, failed), failed);
	put_str(o, "match", lt_match_name(m->match), failed);
	put(o, "reason", why ? cJSON_CreateString(why) : NULL, failed);
	put_str(o, "reason_code", lt_reason_name(m->reason), failed);
	put_bool(o, "ruled_out", m->ruled_out, failed);
	put(o, "seconds_before", timed ? cJSON_CreateNumber((double)m->seconds_before) : cJSON_CreateNull(), failed);
	put_bool(o, "record_lost", m->record_lost, failed);
	free(why);
	return o;
}

static cJSON *incident_json(const lt_incident *inc, int *failed)
{
	cJSON *o = cJSON_CreateObject();

	put_str(o, "id", inc->id, failed);
	put_str(o, "kind", lt_incident_kind_name(inc->kind), failed);
	put_time(o, "at", inc->at, failed);
	put_str(o, "from", inc->from, failed);
	put_str(o, "note", inc->note, failed);
	put_time(o, "recorded", inc->recorded, failed);
	put_str(o, "on", inc->normalized, failed); /* which of the person's identifiers it arrived on */
	put_str(o, "on_kind", lt_kind_name(inc->ident_kind), failed);
	if (inc->source) { /* imported from a phone log: where, what it was judged, why */
		cJSON *why = cJSON_CreateArray();
		int i;

		put_str(o, "source", inc->source, failed);
		put_num(o, "count", inc->count, failed);
		put_str(o, "verdict", inc->verdict ? lt_incident_verdict_name(inc->verdict) : NULL, failed);
		put_bool(o, "certain", inc->certain, failed);
		put_str(o, "signature", inc->signature, failed);
		put_str(o, "site", inc->site, failed);
		put_str(o, "text_sha256", inc->text_sha256[0] ? inc->text_sha256 : NULL, failed);
		put_str(o, "text", inc->text, failed);
		for (i = 0; i < LT_INCIDENT_REASONS && inc->reasons[i]; i++)
			put(why, NULL, cJSON_CreateString(inc->reasons[i]), failed);
		put(o, "reasons", why, failed);
		if (inc->mail) /* from a mailbox: sender and verified domains, Authentication-Results, header hash */
			put(o, "mail", cJSON_Duplicate(inc->mail, 1), failed);
	}
	return o;
}

/* The verdict of the trace: its suspect (null for none), how sure, and the line. */
static cJSON *suspect_json(const lt_trace_result *r, int *failed)
{
	const lt_match *best;
	lt_verdict v = lt_trace_verdict(r, &best);
	cJSON *o;
	char *why, *verdict;

	if (!best)
		return cJSON_CreateNull();
	o = cJSON_CreateObject();
	why = lt_match_reason_text(r, best);
	verdict = lt_trace_verdict_text(r);
	put_str(o, "site", best->account.site, failed);
	put(o, "reason", why ? cJSON_CreateString(why) : NULL, failed);
	put_str(o, "reason_code", lt_reason_name(best->reason), failed);
	put_bool(o, "certain", v == LT_VERDICT_CERTAIN, failed);
	put_str(o, "verdict", lt_verdict_name(v), failed);
	put(o, "verdict_text", verdict ? cJSON_CreateString(verdict) : NULL, failed);
	put_str(o, "certainty", lt_certainty_name(best->account.certainty), failed);
	free(why);
	free(verdict);
	return o;
}

/* ---- the timeline: every dated event, oldest first ---- */

enum { EV_GIVEN, EV_INCIDENT };

typedef struct {
	const char *at; /* UTC RFC 3339 in one fixed form, so text order is time order */
	int event;
	size_t index;
} event_ref;

static int event_cmp(const void *x, const void *y)
{
	const event_ref *a = x, *b = y;
	int c = strcmp(a->at, b->at);

	if (c)
		return c;
	if (a->event != b->event)
		return a->event - b->event;
	return a->index < b->index ? -1 : a->index > b->index;
}

static cJSON *event_json(const lt_trace_result *r, const event_ref *ev, int *failed)
{
	cJSON *o = cJSON_CreateObject();

	put_str(o, "at", ev->at, failed);
	if (ev->event == EV_GIVEN) {
		const lt_match *m = &r->matches[ev->index];

		put_str(o, "event", "given", failed);
		put_str(o, "site", m->account.site, failed);
		put_num(o, "rank", m->rank, failed);
		put_str(o, "capture", lt_capture_name(m->account.capture), failed);
		put_str(o, "certainty", lt_certainty_name(m->account.certainty), failed);
	} else {
		const lt_incident *inc = &r->incidents[ev->index];

		put_str(o, "event", "incident", failed);
		put_str(o, "kind", lt_incident_kind_name(inc->kind), failed);
		put_str(o, "id", inc->id, failed);
		put_str(o, "from", inc->from, failed);
	}
	return o;
}

static cJSON *timeline_json(const lt_trace_result *r, int *failed)
{
	event_ref *evs = malloc((r->n + r->n_incidents + 1) * sizeof *evs);
	cJSON *arr = cJSON_CreateArray();
	size_t n = 0, i;

	if (!evs) {
		*failed = 1;
		return arr;
	}
	for (i = 0; i < r->n; i++) /* an unknown date is no event in time */
		if (r->matches[i].account.first_seen[0] && r->matches[i].account.certainty != LT_CERTAINTY_UNKNOWN)
			evs[n++] = (event_ref){r->matches[i].account.first_seen, EV_GIVEN, i};
	for (i = 0; i < r->n_incidents; i++)
		if (r->incidents[i].at[0])
			evs[n++] = (event_ref){r->incidents[i].at, EV_INCIDENT, i};
	qsort(evs, n, sizeof *evs, event_cmp);
	for (i = 0; i < n; i++)
		put(arr, NULL, event_json(r, &evs[i], failed), failed);
	free(evs);
	return arr;
}

cJSON *lt_evidence_build(const lt_trace_result *r)
{
	cJSON *e = cJSON_CreateObject(), *sites = cJSON_CreateArray(), *incs = cJSON_CreateArray();
	int failed = 0;
	size_t i;

	put_str(e, "format", "leaktrace-evidence", &failed);
	put_num(e, "version", LT_EVIDENCE_VERSION, &failed);
	put(e, "identifier", identifier_json(r, &failed), &failed);
	put(e, "cutoff", cutoff_json(r, &failed), &failed);
	put(e, "suspected_source", suspect_json(r, &failed), &failed);
	for (i = 0; i < r->n; i++)
		put(sites, NULL, site_json(r, &r->matches[i], &failed), &failed);
	put(e, "sites", sites, &failed);
	for (i = 0; i < r->n_incidents; i++)
		put(incs, NULL, incident_json(&r->incidents[i], &failed), &failed);
	put(e, "incidents", incs, &failed);
	put(e, "timeline", timeline_json(r, &failed), &failed);
	if (failed) {
		cJSON_Delete(e);
		return NULL;
	}
	lt_json_sort_keys(e);
	return e;
}

/* ---- canonical form ---- */

static const char *key_of(const cJSON *j)
{
	return j->string ? j->string : "";
}

static cJSON *merge_by_key(cJSON *a, cJSON *b)
{
	cJSON head, *tail = &head;

	while (a && b) {
		cJSON **take = strcmp(key_of(b), key_of(a)) < 0 ? &b : &a;

		tail->next = *take;
		tail = *take;
		*take = (*take)->next;
	}
	tail->next = a ? a : b;
	return head.next;
}

/* A stable merge sort of a sibling list through `next` alone: it needs no
 * memory, so sorting cannot fail half-way and leave a non-canonical object. */
static cJSON *sort_by_key(cJSON *list)
{
	cJSON *slow = list, *fast, *back;

	if (!list || !list->next)
		return list;
	for (fast = list->next; fast && fast->next; fast = fast->next->next)
		slow = slow->next;
	back = slow->next;
	slow->next = NULL;
	return merge_by_key(sort_by_key(list), sort_by_key(back));
}

void lt_json_sort_keys(cJSON *j)
{
	cJSON *c, *prev = NULL;

	if (!j)
		return;
	for (c = j->child; c; c = c->next)
		lt_json_sort_keys(c);
	if (!cJSON_IsObject(j) || !j->child)
		return;
	j->child = sort_by_key(j->child);
	for (c = j->child; c; c = c->next) {
		c->prev = prev;
		prev = c;
	}
	j->child->prev = prev; /* cJSON keeps the last sibling in the first's prev */
}

char *lt_evidence_canonical(const cJSON *e)
{
	cJSON *copy = cJSON_Duplicate(e, 1);
	char *s;

	if (!copy)
		return NULL;
	lt_json_sort_keys(copy);
	s = cJSON_PrintUnformatted(copy);
	cJSON_Delete(copy);
	/* bidi controls as \u escapes: the same data, and never reordering a reader's screen */
	if (s) {
		char *safe = lt_bidi_escape_dup(s);

		free(s);
		s = safe;
	}
	return s;
}

lt_err lt_evidence_make(const lt_trace_result *r, const lt_report_opts *o, char **doc, char data_sha256[65])
{
	cJSON *e = lt_evidence_build(r);
	char *canonical = e ? lt_evidence_canonical(e) : NULL;

	*doc = canonical ? lt_evidence_render(e, o) : NULL;
	if (*doc)
		lt_sha256_hex(canonical, strlen(canonical), data_sha256);
	cJSON_Delete(e);
	free(canonical);
	return *doc ? LT_OK : LT_ERR_NOMEM;
}

/* ---- names of formats and languages ---- */

lt_lang lt_lang_default(void)
{
	static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
	size_t i;

	for (i = 0; i < sizeof vars / sizeof *vars; i++) {
		const char *v = getenv(vars[i]);

		if (v && *v)
			return strncmp(v, "zh", 2) == 0 ? LT_LANG_ZH : LT_LANG_EN;
	}
	return LT_LANG_EN;
}

/* "zh", "zh_CN", "zh-CN", "zh_CN.UTF-8" are all `code` "zh". */
static int lang_is(const char *name, const char *code)
{
	size_t n = strlen(code);

	return strncasecmp(name, code, n) == 0 && (name[n] == '\0' || name[n] == '_' || name[n] == '-');
}

lt_err lt_lang_from_name(const char *name, lt_lang *out)
{
	if (name && lang_is(name, "zh"))
		*out = LT_LANG_ZH;
	else if (name && lang_is(name, "en"))
		*out = LT_LANG_EN;
	else
		return lt_fail(LT_ERR_BAD_REQUEST, "unknown language (zh or en)");
	return LT_OK;
}

lt_err lt_evidence_format_from_name(const char *name, lt_evidence_format *out)
{
	if (name && strcmp(name, "json") == 0)
		*out = LT_EVIDENCE_JSON;
	else if (name && (strcmp(name, "md") == 0 || strcmp(name, "markdown") == 0))
		*out = LT_EVIDENCE_MD;
	else if (name && strcmp(name, "html") == 0)
		*out = LT_EVIDENCE_HTML;
	else if (name && strcmp(name, "pdf") == 0)
		*out = LT_EVIDENCE_PDF;
	else
		return lt_fail(LT_ERR_BAD_REQUEST, "unknown report format (html, pdf, md or json)");
	return LT_OK;
}

