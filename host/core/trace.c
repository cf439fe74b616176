/* SPDX-License-Identifier: MIT */
/* trace.c: tracing an identifier to the sites that received it (trace.h).
 * Gathering (exact, mailbox and alias matches, incidents) is separate from
 * ranking, so the evidence report and the CLI explain the same order. */
#include "trace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alias.h"
#include "breach.h"
#include "jsonfield.h"
#include "sitegroup.h"

#define N_(s) (s) /* marked for xgettext, translated where shown (lt_tr) */

static const char *const match_names[] = {"alias", "exact", "subaddress", "mailbox"};
static const char *const reason_names[] = {"alias", "before", "no_time", "after", "evidence_after", "date_unknown"};
static const char *const verdict_names[] = {"certain", "most_likely", "none"};
static const char *const cutoff_names[] = {"none", "since", "incident"};

const char *lt_match_name(lt_match_kind m)
{
	return match_names[m];
}

const char *lt_reason_name(lt_reason r)
{
	return reason_names[r];
}

const char *lt_verdict_name(lt_verdict v)
{
	return verdict_names[v];
}

const char *lt_cutoff_source_name(lt_cutoff_source c)
{
	return cutoff_names[c];
}

void lt_trace_result_clear(lt_trace_result *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		lt_account_clear(&r->matches[i].account);
		free(r->matches[i].exposed_in);
	}
	free(r->matches);
	free(r->query);
	free(r->normalized);
	lt_incidents_free(r->incidents, r->n_incidents);
	lt_unreadable_clear(&r->unreadable);
	memset(r, 0, sizeof *r);
}

static lt_match *find_site_match(lt_trace_result *r, const char *path)
{
	size_t j;

	for (j = 0; j < r->n; j++)
		if (path && r->matches[j].account.item_path && strcmp(r->matches[j].account.item_path, path) == 0)
			return &r->matches[j];
	return NULL;
}

/* Append accounts as matches of kind m, skipping items already present. */
static lt_err add_matches(lt_trace_result *r, lt_account *list, size_t n, lt_match_kind m)
{
	lt_match *grown = realloc(r->matches, (r->n + n + 1) * sizeof *grown);
	size_t i;

	if (!grown) {
		lt_accounts_free(list, n);
		return LT_ERR_NOMEM;
	}
	r->matches = grown;
	for (i = 0; i < n; i++) {
		if (find_site_match(r, list[i].item_path)) {
			lt_account_clear(&list[i]);
			continue;
		}
		memset(&grown[r->n], 0, sizeof *grown);
		grown[r->n].account = list[i];
		grown[r->n].match = m;
		r->n++;
	}
	free(list);
	return LT_OK;
}

static lt_err search_into(lt_store *s, lt_trace_result *r, const char *attr, const char *value, lt_match_kind m)
{
	const char *attrs[] = {attr, value, NULL};
	lt_account *list;
	size_t n;
	lt_err e = lt_store_search(s, attrs, &list, &n, &r->unreadable);

	return e == LT_OK ? add_matches(r, list, n, m) : e;
}

/* A weaker email match: another +tag, or the same mailbox spelled otherwise. */
static lt_match_kind email_match_kind(const char *query, const char *stored)
{
	const char *qat = strchr(query, '@'), *sat = strchr(stored, '@');
	const char *qplus = memchr(query, '+', (size_t)(qat - query));
	const char *splus = memchr(stored, '+', (size_t)(sat - stored));

	return (qplus || splus) ? LT_MATCH_SUBADDRESS : LT_MATCH_MAILBOX;
}

static lt_err search_mailbox(lt_store *s, lt_trace_result *r)
{
	char *mailbox = NULL;
	size_t before = r->n, i;
	lt_err e = lt_email_mailbox(r->normalized, &mailbox);

	if (e == LT_OK)
		e = search_into(s, r, LT_ATTR_MAILBOX, mailbox, LT_MATCH_MAILBOX);
	free(mailbox);
	for (i = before; e == LT_OK && i < r->n; i++)
		r->matches[i].match = email_match_kind(r->normalized, r->matches[i].account.ids[LT_KIND_EMAIL].normalized);
	return e;
}

/* The query is one of our aliases: accounts that got another +tag of the
 * same base got another alias, not this one, so they are no candidates. */
static void drop_other_tags(lt_trace_result *r)
{
	size_t i, kept = 0;

	for (i = 0; i < r->n; i++) {
		if (r->matches[i].match == LT_MATCH_SUBADDRESS)
			lt_account_clear(&r->matches[i].account);
		else
			r->matches[kept++] = r->matches[i];
	}
	r->n = kept;
}

/* An email that is one of our aliases: its site's accounts become certain
 * matches; with no account left, a match is made from the alias alone. */
static lt_err search_alias(lt_store *s, lt_trace_result *r)
{
	char *site = NULL, issued[LT_TIME_LEN];
	size_t i, found = 0;
	lt_match *m;
	lt_err e = lt_alias_site_of(s, r->normalized, &site, issued);

	if (e != LT_OK || !site)
		return e;
	drop_other_tags(r);
	for (i = 0; i < r->n; i++)
		if (strcmp(r->matches[i].account.site, site) == 0 && r->matches[i].match == LT_MATCH_EXACT) {
			r->matches[i].match = LT_MATCH_ALIAS;
			found++;
		}
	if (found || !(m = realloc(r->matches, (r->n + 1) * sizeof *m))) {
		free(site);
		return found ? LT_OK : LT_ERR_NOMEM;
	}
	r->matches = m;
	m = &r->matches[r->n++];
	memset(m, 0, sizeof *m);
	m->account.site = site;
	m->account.capture = LT_CAPTURE_OTHER;
	m->account.captures = 1u << LT_CAPTURE_OTHER;
	memcpy(m->account.first_seen, issued, LT_TIME_LEN);
	memcpy(m->account.last_seen, m->account.first_seen, LT_TIME_LEN);
	m->match = LT_MATCH_ALIAS;
	m->record_lost = 1;
	return LT_OK;
}

/* The cutoff: `since`, else the first incident on this identifier. */
static lt_err find_cutoff(lt_store *s, lt_trace_result *r, const time_t *since)
{
	lt_err e = lt_incident_list(s, r->kind, r->normalized, &r->incidents, &r->n_incidents);

	if (e != LT_OK)
		return e;
	if (since) {
		lt_time_format(*since, r->cutoff);
		r->cutoff_source = LT_CUTOFF_SINCE;
	} else if (r->n_incidents > 0) {
		memcpy(r->cutoff, r->incidents[0].at, LT_TIME_LEN);
		r->cutoff_source = LT_CUTOFF_INCIDENT;
	}
	return LT_OK;
}

static long seconds_between(const char *from, const char *to)
{
	time_t a, b;

	if (lt_time_parse(from, &a) != LT_OK || lt_time_parse(to, &b) != LT_OK)
		return 0;
	return (long)difftime(b, a);
}

/* Only an exact date after the cutoff rules a site out. */
static void explain(lt_trace_result *r, lt_match *m)
{
	int cut = r->cutoff_source != LT_CUTOFF_NONE;
	lt_certainty c = m->account.certainty;
	int dated = c != LT_CERTAINTY_UNKNOWN && m->account.first_seen[0];

	m->seconds_before = cut && dated ? seconds_between(m->account.first_seen, r->cutoff) : 0;
	m->ruled_out = cut && dated && c == LT_CERTAINTY_EXACT && m->match != LT_MATCH_ALIAS && m->seconds_before < 0;
	m->reason = m->match == LT_MATCH_ALIAS ? LT_REASON_ALIAS
		    : !cut                     ? LT_REASON_NO_TIME
		    : !dated                   ? LT_REASON_DATE_UNKNOWN
		    : m->ruled_out             ? LT_REASON_AFTER
		    : m->seconds_before < 0    ? LT_REASON_EVIDENCE_AFTER
					       : LT_REASON_BEFORE;
}

/* Reasons in the order they rank among kept matches of one match kind. */
static int reason_order(lt_reason r)
{
	return r == LT_REASON_EVIDENCE_AFTER ? 1 : r == LT_REASON_DATE_UNKNOWN ? 2 : 0;
}

/* Rank: certain aliases; then kept before ruled out; then exact before weaker;
 * then dated before the cutoff, earliest evidence after it, date unknown;
 * then, with a cutoff, the closest before it first, else the oldest first
 * (unknown dates last). */
static int match_cmp(const void *x, const void *y)
{
	const lt_match *a = x, *b = y;
	int alias_a = a->match == LT_MATCH_ALIAS, alias_b = b->match == LT_MATCH_ALIAS;

	if (alias_a != alias_b)
		return alias_b - alias_a;
	if (a->ruled_out != b->ruled_out)
		return a->ruled_out - b->ruled_out;
	if (a->match != b->match)
		return (int)a->match - (int)b->match;
	if (reason_order(a->reason) != reason_order(b->reason))
		return reason_order(a->reason) - reason_order(b->reason);
	if (a->reason == LT_REASON_BEFORE && a->seconds_before != b->seconds_before)
		return a->seconds_before < b->seconds_before ? -1 : 1;
	if ((a->account.certainty == LT_CERTAINTY_UNKNOWN) != (b->account.certainty == LT_CERTAINTY_UNKNOWN))
		return a->account.certainty == LT_CERTAINTY_UNKNOWN ? 1 : -1;
	return strcmp(a->account.first_seen, b->account.first_seen);
}

static void rank(lt_trace_result *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		explain(r, &r->matches[i]);
	qsort(r->matches, r->n, sizeof *r->matches, match_cmp);
	for (i = 0; i < r->n; i++)
		r->matches[i].rank = (int)i + 1;
}

/* Append a breach name to a match's list. */
static void add_exposure(lt_match *m, const char *name)
{
	size_t old = m->exposed_in ? strlen(m->exposed_in) : 0, n = old + strlen(name) + 3;
	char *grown = realloc(m->exposed_in, n);

	if (!grown)
		return;
	snprintf(grown + old, n - old, "%s%s", old ? ", " : "", name);
	m->exposed_in = grown;
}

/* "also exposed in the X breach": breaches at a match's site that listed this
 * kind. Each match's site group is looked up once, not once per breach. */
static lt_err mark_exposed(lt_store *s, lt_trace_result *r)
{
	lt_breach *br = NULL;
	size_t nb = 0, i, j;
	const char **groups = calloc(r->n + 1, sizeof *groups);
	lt_err e = groups ? lt_breaches_load_sites(s, &br, &nb) : LT_ERR_NOMEM;

	for (i = 0; e == LT_OK && i < r->n; i++)
		groups[i] = lt_site_group(r->matches[i].account.site);
	for (j = 0; e == LT_OK && j < nb; j++) {
		const char *group;

		if (!br[j].site || !(br[j].exposed & (1u << r->kind)))
			continue;
		group = lt_site_group(br[j].site);
		for (i = 0; i < r->n; i++)
			if (strcmp(group, groups[i]) == 0)
				add_exposure(&r->matches[i], br[j].name);
	}
	free(groups);
	lt_breaches_free(br, nb);
	return e;
}

/* "+" and 8 to 15 digits, the first not 0: the form E.164 numbers are stored in. */
static int looks_e164(const char *q)
{
	size_t n;

	if (q[0] != '+' || q[1] == '0')
		return 0;
	n = strspn(q + 1, "0123456789");
	return n >= 8 && n <= 15 && q[1 + n] == '\0';
}

/* A phone query written with '+': international notation, never stored
 * unresolved (lt_phone_place), so never looked up by its digits. */
static int plus_written(const char *q)
{
	return q[strspn(q, " (")] == '+';
}

#define LT_REFUSED_MAX 256

/* The exact search. A phone query already written as E.164 is looked up as
 * it is first: stored numbers are libphonenumber's E.164, so a hit proves it
 * canonical and saves loading libphonenumber (its metadata costs ~10 ms a
 * start). Without a hit it is normalised properly and looked up again. */
static lt_err search_exact(lt_store *s, lt_trace_result *r, const char *region, char refused[LT_REFUSED_MAX])
{
	const char *attr = lt_store_attr(r->kind);
	char *norm = NULL;
	lt_err e;

	if (r->kind == LT_KIND_PHONE && looks_e164(r->query)) {
		if (!(r->normalized = strdup(r->query)))
			return LT_ERR_NOMEM;
		if ((e = search_into(s, r, attr, r->normalized, LT_MATCH_EXACT)) != LT_OK || r->n > 0)
			return e;
	}
	if ((e = lt_ident_normalize_typed(r->kind, r->query, region, &norm)) != LT_OK) {
		/* a phone without '+' may still match by its digits (search_phone_digits); if
		 * nothing does, the reason it was refused is the answer */
		if (r->kind == LT_KIND_PHONE && e == LT_ERR_BAD_IDENTIFIER && !plus_written(r->query)) {
			snprintf(refused, LT_REFUSED_MAX, "%s", lt_err_detail());
			lt_err_clear();
			return LT_OK;
		}
		return e;
	}
	if (r->normalized && strcmp(norm, r->normalized) == 0) {
		free(norm);
		return LT_OK; /* the same lookup again would find nothing more */
	}
	free(r->normalized);
	r->normalized = norm;
	return search_into(s, r, attr, r->normalized, LT_MATCH_EXACT);
}

/* A phone no region could place (lt_phone_place) is stored as the digits
 * typed: a phone query written without '+' is also looked up by its own
 * digits (one with '+' was typed in international notation, never stored
 * unresolved). */
/* The query's digits alone, into digits; how many. */
static size_t query_digits(const char *query, char digits[LT_IDENT_MAX + 1])
{
	size_t j = 0;

	for (const char *p = query; *p && j < LT_IDENT_MAX; p++)
		if (*p >= '0' && *p <= '9')
			digits[j++] = *p;
	digits[j] = '\0';
	return j;
}

static lt_err search_phone_digits(lt_store *s, lt_trace_result *r)
{
	char digits[LT_IDENT_MAX + 1];
	size_t j = query_digits(r->query, digits);
	lt_err e;

	if (j < 5)
		return r->normalized ? LT_OK : lt_fail(LT_ERR_BAD_IDENTIFIER, "not a possible phone number");
	if ((e = search_into(s, r, lt_store_attr(LT_KIND_PHONE), digits, LT_MATCH_EXACT)) != LT_OK)
		return e;
	if (!r->normalized && !(r->normalized = strdup(digits)))
		return LT_ERR_NOMEM;
	return LT_OK;
}

/* Digits that are no phone number anywhere may be a username (a QQ number, a
 * numeric ID) recorded as one: looked up so before the query is refused.
 * Found, the answer is about that username. */
static lt_err search_as_username(lt_store *s, lt_trace_result *r, const char *region, char *refused)
{
	char *norm = NULL;
	lt_err e;

	if (lt_ident_normalize_typed(LT_KIND_USERNAME, r->query, region, &norm) != LT_OK) {
		lt_err_clear();
		return LT_OK;
	}
	if ((e = search_into(s, r, lt_store_attr(LT_KIND_USERNAME), norm, LT_MATCH_EXACT)) != LT_OK || r->n == 0) {
		free(norm);
		return e;
	}
	r->kind = LT_KIND_USERNAME;
	free(r->normalized);
	r->normalized = norm;
	refused[0] = '\0';
	return LT_OK;
}

/* Which of the two schemas the exact search finds a secret is: an incident
 * log is a JSON array (an older single incident an object with an
 * "identifier" object), an account an object with an "identifiers" array; -1
 * for anything else, which the finds then read on their own (and count, if
 * unreadable). */
static int account_or_incident(const char *secret, size_t len)
{
	cJSON *j = cJSON_ParseWithLength(secret, len);
	int account = cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(j, "identifiers"));
	int incident = cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(j, "identifier"));
	int schema = cJSON_IsArray(j) ? LT_SCHEMA_INCIDENT
		     : account == incident ? -1
		     : account ? LT_SCHEMA_ACCOUNT : LT_SCHEMA_INCIDENT;

	cJSON_Delete(j);
	return schema;
}

/* The searches a trace of this query makes in the common case, sent
 * together (lt_keyring_prefetch): the exact identifier and the incidents on it
 * (one pass: their attributes are the same), a phone's digits, an email's
 * mailbox and the breach index (breach.h). One round trip for all and one for
 * their secrets, instead of two each. */
static void prefetch(lt_store *s, const char *query, lt_kind kind, const char *region)
{
	const char *exact[3] = {lt_store_attr(kind), NULL, NULL}, *digit[3] = {lt_store_attr(LT_KIND_PHONE), NULL, NULL};
	const char *box[3] = {LT_ATTR_MAILBOX, NULL, NULL}, *set[3];
	char digits[LT_IDENT_MAX + 1], *norm = NULL, *mailbox = NULL;
	lt_keyring_query q[4];
	size_t n = 0;

	if (kind == LT_KIND_PHONE && looks_e164(query))
		norm = strdup(query);
	else if (lt_ident_normalize_typed(kind, query, region, &norm) != LT_OK)
		lt_err_clear();
	if (norm) {
		exact[1] = norm;
		/* lt_incident_list asks the incidents with these attributes (lt_incident_query) */
		q[n++] = (lt_keyring_query){.schema = LT_SCHEMA_ACCOUNT, .attrs = exact, .also = LT_SCHEMA_INCIDENT,
						.sort = account_or_incident};
	}
	if (kind == LT_KIND_PHONE && !plus_written(query) && query_digits(query, digits) >= 5) {
		digit[1] = digits;
		q[n++] = (lt_keyring_query){.schema = LT_SCHEMA_ACCOUNT, .attrs = digit};
	}
	if (kind == LT_KIND_EMAIL && norm && lt_email_mailbox(norm, &mailbox) == LT_OK) {
		box[1] = mailbox;
		q[n++] = (lt_keyring_query){.schema = LT_SCHEMA_ACCOUNT, .attrs = box};
	}
	lt_err_clear();
	q[n++] = lt_breaches_query(set);
	lt_keyring_prefetch(s, q, n);
	free(norm);
	free(mailbox);
}

static lt_err trace_searches(lt_store *s, const char *query, lt_kind kind, const char *region, const time_t *since,
			     lt_trace_result *out)
{
	char refused[LT_REFUSED_MAX] = "";
	lt_err e;

	memset(out, 0, sizeof *out);
	out->kind = kind != LT_KIND_NONE ? kind : lt_ident_detect(query);
	if (!(out->query = strdup(query)))
		return LT_ERR_NOMEM;
	prefetch(s, query, out->kind, region);
	e = search_exact(s, out, region, refused);
	if (e == LT_OK && out->kind == LT_KIND_PHONE && !plus_written(query))
		e = search_phone_digits(s, out);
	if (e == LT_OK && out->n == 0 && refused[0] && kind == LT_KIND_NONE)
		e = search_as_username(s, out, region, refused);
	if (e == LT_OK && out->n == 0 && refused[0]) /* no number stored as typed, nor a username */
		e = lt_fail(LT_ERR_BAD_IDENTIFIER, "%s", refused);
	if (e == LT_OK && out->kind == LT_KIND_EMAIL && (e = search_mailbox(s, out)) == LT_OK)
		e = search_alias(s, out);
	if (e == LT_OK)
		e = find_cutoff(s, out, since);
	if (e == LT_OK && out->n > 0)
		e = mark_exposed(s, out);
	if (e != LT_OK) {
		lt_trace_result_clear(out);
		return e;
	}
	rank(out);
	return LT_OK;
}

lt_err lt_trace(lt_store *s, const char *query, lt_kind kind, const char *region, const time_t *since,
		lt_trace_result *out)
{
	lt_err e = trace_searches(s, query, kind, region, since, out);

	lt_keyring_prefetch_drop(s); /* nothing asked later may be answered from before */
	return e;
}

/* The texts below are English for JSON and evidence data; for people (the
 * *_local forms) each is put through lt_tr, the reader's language. */
static const char *tr_if(int local, const char *s)
{
	return local ? lt_tr(s) : s;
}

static const char *weaker_note(lt_match_kind m, int local)
{
	return m == LT_MATCH_SUBADDRESS ? tr_if(local, " (the same mailbox with another +tag)")
	       : m == LT_MATCH_MAILBOX  ? tr_if(local, " (the same mailbox written differently)")
					: "";
}

/* "3 days", "5 hours", "less than an hour" for secs >= 0, into out. */
static void duration_text(long secs, char *out, size_t size, int local)
{
	long days = secs / 86400, hours = secs / 3600;

	if (days > 0)
		snprintf(out, size, local ? lt_trn("%ld day", "%ld days", (unsigned long)days) : days == 1 ? "%ld day" : "%ld days",
			 days);
	else if (hours > 0)
		snprintf(out, size,
			 local ? lt_trn("%ld hour", "%ld hours", (unsigned long)hours) : hours == 1 ? "%ld hour" : "%ld hours",
			 hours);
	else
		snprintf(out, size, "%s", tr_if(local, "less than an hour"));
}

/* The sentence for the reason alone, into out (size bytes). */
static void reason_line(const lt_trace_result *r, const lt_match *m, char *out, size_t size, int local)
{
	const char *what = r->cutoff_source == LT_CUTOFF_SINCE ? tr_if(local, "the date given with --since")
							       : tr_if(local, "the first incident");
	const char *weaker = weaker_note(m->match, local), *first = m->account.first_seen;
	int nlt = m->account.certainty == LT_CERTAINTY_NO_LATER_THAN;
	char dur[32];

	duration_text(m->seconds_before < 0 ? -m->seconds_before : m->seconds_before, dur, sizeof dur, local);
	if (m->reason == LT_REASON_ALIAS)
		snprintf(out, size, tr_if(local, "certain: this alias was made for %s alone%s"), m->account.site,
			 m->record_lost ? tr_if(local, " (its account record is gone; the alias still names it)") : "");
	else if (m->reason == LT_REASON_AFTER)
		snprintf(out, size, tr_if(local, "ruled out: received it only after %s%s"), what, weaker);
	else if (m->reason == LT_REASON_BEFORE && m->seconds_before >= 3600 && nlt)
		snprintf(out, size, tr_if(local, "had it no later than %.10s, %s before %s%s"), first, dur, what, weaker);
	else if (m->reason == LT_REASON_BEFORE && m->seconds_before >= 3600)
		snprintf(out, size, tr_if(local, "received it %s before %s%s"), dur, what, weaker);
	else if (m->reason == LT_REASON_BEFORE && nlt)
		snprintf(out, size, tr_if(local, "had it no later than %.10s, less than an hour before %s%s"), first, what,
			 weaker);
	else if (m->reason == LT_REASON_BEFORE)
		snprintf(out, size, tr_if(local, "received it less than an hour before %s%s"), what, weaker);
	else if (m->reason == LT_REASON_EVIDENCE_AFTER && nlt)
		snprintf(out, size,
			 tr_if(local, "had it no later than %.10s, %s after %s: it may have had it before, so it is not ruled out%s"),
			 first, dur, what, weaker);
	else if (m->reason == LT_REASON_EVIDENCE_AFTER)
		snprintf(out, size, tr_if(local, "received it %s after %s: it may have had it before, so it is not ruled out%s"),
			 dur, what, weaker);
	else if (m->reason == LT_REASON_DATE_UNKNOWN || m->account.certainty == LT_CERTAINTY_UNKNOWN)
		snprintf(out, size, r->cutoff_source == LT_CUTOFF_NONE
			 ? tr_if(local, "date unknown, so it is not ruled out; log an incident to rank by time%s")
			 : tr_if(local, "date unknown, so it is not ruled out%s"), weaker);
	else if (nlt)
		snprintf(out, size, tr_if(local, "had it no later than %.10s; log an incident to rank by time%s"), first, weaker);
	else
		snprintf(out, size, tr_if(local, "received it on %.10s; log an incident to rank by time%s"), first, weaker);
}

static char *reason_text(const lt_trace_result *r, const lt_match *m, int local)
{
	size_t size = 512 + (m->exposed_in ? strlen(m->exposed_in) : 0);
	char *out = malloc(size);

	if (!out)
		return NULL;
	reason_line(r, m, out, 512, local);
	if (m->exposed_in)
		snprintf(out + strlen(out), size - strlen(out), tr_if(local, "; also exposed in the %s breach"), m->exposed_in);
	return out;
}

char *lt_match_reason_text(const lt_trace_result *r, const lt_match *m)
{
	return reason_text(r, m, 0);
}

char *lt_match_reason_local(const lt_trace_result *r, const lt_match *m)
{
	return reason_text(r, m, 1);
}

lt_verdict lt_trace_verdict(const lt_trace_result *r, const lt_match **best)
{
	*best = r->n > 0 && !r->matches[0].ruled_out ? &r->matches[0] : NULL;
	if (!*best)
		return LT_VERDICT_NONE;
	return (*best)->match == LT_MATCH_ALIAS ? LT_VERDICT_CERTAIN : LT_VERDICT_LIKELY;
}

/* What the cutoff was, as the verdict says it: "the first call". */
static const char *cutoff_event(const lt_trace_result *r, int local)
{
	static const char *const first[LT_INCIDENT_KIND_COUNT] = {
		[LT_INCIDENT_SMS] = N_("the first SMS"),     [LT_INCIDENT_CALL] = N_("the first call"),
		[LT_INCIDENT_EMAIL] = N_("the first spam email"), [LT_INCIDENT_LOGIN] = N_("the first unauthorized login"),
		[LT_INCIDENT_OTHER] = N_("the first incident"),
	};

	if (r->cutoff_source == LT_CUTOFF_SINCE)
		return tr_if(local, "the spam began");
	return tr_if(local, r->n_incidents > 0 && (unsigned)r->incidents[0].kind < LT_INCIDENT_KIND_COUNT
				    ? first[r->incidents[0].kind]
				    : "the first incident");
}

/* "had it 3 days before the first call", "had it no later than 2024-05-03, ...", "date unknown". */
static void likely_text(const lt_trace_result *r, const lt_match *m, char *out, size_t size, int local)
{
	int nlt = m->account.certainty == LT_CERTAINTY_NO_LATER_THAN;
	const char *first = m->account.first_seen;
	char dur[32];

	duration_text(m->seconds_before < 0 ? -m->seconds_before : m->seconds_before, dur, sizeof dur, local);
	if (m->account.certainty == LT_CERTAINTY_UNKNOWN || !first[0])
		snprintf(out, size, "%s", tr_if(local, "date unknown."));
	else if (m->reason == LT_REASON_NO_TIME && nlt)
		snprintf(out, size, tr_if(local, "had it no later than %.10s (log an incident to rank the sites by time)."), first);
	else if (m->reason == LT_REASON_NO_TIME)
		snprintf(out, size, tr_if(local, "had it on %.10s (log an incident to rank the sites by time)."), first);
	else if (m->reason == LT_REASON_EVIDENCE_AFTER)
		snprintf(out, size, tr_if(local, "had it no later than %.10s, %s after %s, maybe earlier."), first, dur,
			 cutoff_event(r, local));
	else if (nlt)
		snprintf(out, size, tr_if(local, "had it no later than %.10s, %s before %s."), first, dur, cutoff_event(r, local));
	else if (m->seconds_before < 3600)
		snprintf(out, size, tr_if(local, "had it less than an hour before %s."), cutoff_event(r, local));
	else
		snprintf(out, size, tr_if(local, "had it %s before %s."), dur, cutoff_event(r, local));
}

static char *verdict_text(const lt_trace_result *r, int local)
{
	const lt_match *m;
	lt_verdict v = lt_trace_verdict(r, &m);
	char why[320], *out;
	size_t size;

	if (v == LT_VERDICT_NONE)
		return strdup(r->n > 0 ? tr_if(local, "No recorded site had it before the spam began: the source is probably a "
						      "site that is not recorded. Import your past accounts: leaktrace accounts "
						      "import FILE")
				       : tr_if(local, "No recorded site has it: the source is probably a site that is not "
						      "recorded. Import your past accounts: leaktrace accounts import FILE"));
	if (v == LT_VERDICT_CERTAIN)
		snprintf(why, sizeof why, "%s", tr_if(local, "this alias was made only for it."));
	else
		likely_text(r, m, why, sizeof why, local);
	size = strlen(m->account.site) + strlen(why) + 64;
	if ((out = malloc(size)))
		snprintf(out, size, v == LT_VERDICT_CERTAIN ? tr_if(local, "Certain: %s \u2014 %s")
							    : tr_if(local, "Suspect, by time alone: %s \u2014 %s"),
			 m->account.site, why);
	return out;
}

char *lt_trace_verdict_text(const lt_trace_result *r)
{
	return verdict_text(r, 0);
}

char *lt_trace_verdict_local(const lt_trace_result *r)
{
	return verdict_text(r, 1);
}

static cJSON *match_to_json(const lt_trace_result *r, const lt_match *m)
{
	cJSON *j = lt_account_to_json(&m->account);
	char *reason = lt_match_reason_text(r, m);

	cJSON_AddStringToObject(j, "match", lt_match_name(m->match));
	cJSON_AddStringToObject(j, "identifier", m->account.ids[r->kind].normalized ? m->account.ids[r->kind].normalized
										      : r->normalized);
	cJSON_AddNumberToObject(j, "rank", m->rank);
	cJSON_AddStringToObject(j, "reason", reason ? reason : "");
	cJSON_AddStringToObject(j, "reason_code", lt_reason_name(m->reason));
	cJSON_AddStringToObject(j, "certainty", lt_certainty_name(m->account.certainty));
	cJSON_AddBoolToObject(j, "ruled_out", m->ruled_out);
	cJSON_AddBoolToObject(j, "record_lost", m->record_lost);
	lt_json_add_nullable(j, "exposed_in", m->exposed_in);
	free(reason);
	return j;
}

static void add_verdict(cJSON *o, const lt_trace_result *r)
{
	const lt_match *best;
	lt_verdict v = lt_trace_verdict(r, &best);
	char *text = lt_trace_verdict_text(r);

	cJSON_AddStringToObject(o, "verdict", lt_verdict_name(v));
	lt_json_add_nullable(o, "certainty", best ? lt_certainty_name(best->account.certainty) : NULL);
	lt_json_add_nullable(o, "suspect", best ? best->account.site : NULL);
	lt_json_add_nullable(o, "verdict_text", text);
	free(text);
}

cJSON *lt_trace_to_json(const lt_trace_result *r, cJSON *into)
{
	cJSON *o = into ? into : cJSON_CreateObject(), *arr, *cut;
	size_t i;

	cJSON_AddStringToObject(o, "query", r->query);
	cJSON_AddStringToObject(o, "kind", lt_kind_name(r->kind));
	cJSON_AddStringToObject(o, "normalized", r->normalized);
	if (r->cutoff_source == LT_CUTOFF_NONE) {
		cJSON_AddNullToObject(o, "cutoff");
	} else {
		cut = cJSON_AddObjectToObject(o, "cutoff");
		cJSON_AddStringToObject(cut, "at", r->cutoff);
		cJSON_AddStringToObject(cut, "source", lt_cutoff_source_name(r->cutoff_source));
	}
	add_verdict(o, r);
	cJSON_AddNumberToObject(o, "unreadable", (double)r->unreadable.n);
	arr = cJSON_AddArrayToObject(o, "matches");
	for (i = 0; i < r->n; i++)
		cJSON_AddItemToArray(arr, match_to_json(r, &r->matches[i]));
	return o;
}
