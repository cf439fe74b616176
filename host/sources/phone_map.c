/* SPDX-License-Identifier: MIT */
/* phone_map.c: which recorded site an SMS signature names (phone_log.h).
 *
 * The rules, first that answers wins: the person's own map (a setting,
 * "phone-map": {signature: site, or null for "a company I deal with outside
 * the web"}); a verification code the signature sent while an account was
 * being made with the number (from 15 minutes before to 5 minutes after its
 * first-given time, when that time is exact: a no-later-than date says
 * nothing about the minute); the signature inside a recorded page title; an ASCII
 * signature equal to a site's first label. Accounts are read once, in one
 * batch, when the mapper is made. */
#include "phone_log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "record.h"
#include "setting.h"
#include "site.h"
#include "store.h"

#define MAP_SETTING "phone-map"
#define CODE_BEFORE (15 * 60) /* a code may come this long before the account's first-given time */
#define CODE_AFTER (5 * 60)   /* or this long after */

typedef struct {
	char *sig;
	char *site;
} learned;

struct lt_phone_mapper {
	cJSON *map; /* the person's map; may be NULL */
	lt_account *accounts;
	time_t *given; /* first-given time of each account */
	size_t n;
	learned *codes;
	size_t n_codes;
};

lt_err lt_phone_map_get(lt_store *s, cJSON **out)
{
	lt_err e = lt_setting_get(s, MAP_SETTING, out);

	if (e == LT_OK && *out && !cJSON_IsObject(*out)) {
		cJSON_Delete(*out);
		*out = NULL;
		return lt_fail(LT_ERR_CORRUPT_RECORD, "the phone map setting is not an object");
	}
	return e;
}

lt_err lt_phone_map_set(lt_store *s, const char *sig, const char *site)
{
	cJSON *map = NULL;
	char *norm = NULL;
	lt_err e;

	if (!sig || !sig[0] || strlen(sig) > LT_PHONE_FIELD_MAX)
		return lt_fail(LT_ERR_BAD_REQUEST, "a signature is 1 to %d bytes", LT_PHONE_FIELD_MAX);
	if (site && (e = lt_site_from(site, &norm)) != LT_OK)
		return e;
	if ((e = lt_phone_map_get(s, &map)) == LT_OK) {
		if (!map)
			map = cJSON_CreateObject();
		cJSON_DeleteItemFromObjectCaseSensitive(map, sig);
		cJSON_AddItemToObject(map, sig, norm ? cJSON_CreateString(norm) : cJSON_CreateNull());
		e = lt_setting_put(s, MAP_SETTING, map);
	}
	cJSON_Delete(map);
	free(norm);
	return e;
}

lt_err lt_phone_mapper_new(lt_store *s, lt_phone_mapper **out)
{
	lt_phone_mapper *m = calloc(1, sizeof *m);
	lt_err e = m ? LT_OK : LT_ERR_NOMEM;
	size_t i;

	if (e == LT_OK && (e = lt_phone_map_get(s, &m->map)) == LT_OK)
		e = lt_store_search(s, (const char *const[]){NULL}, &m->accounts, &m->n, NULL);
	if (e == LT_OK && m->n && !(m->given = calloc(m->n, sizeof *m->given)))
		e = LT_ERR_NOMEM;
	for (i = 0; e == LT_OK && i < m->n; i++)
		if (lt_time_parse(m->accounts[i].first_seen, &m->given[i]) != LT_OK)
			m->given[i] = 0;
	lt_err_clear();
	if (e != LT_OK) {
		lt_phone_mapper_free(m);
		m = NULL;
	}
	*out = m;
	return e;
}

void lt_phone_mapper_free(lt_phone_mapper *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->n_codes; i++) {
		free(m->codes[i].sig);
		free(m->codes[i].site);
	}
	free(m->codes);
	cJSON_Delete(m->map);
	lt_accounts_free(m->accounts, m->n);
	free(m->given);
	free(m);
}

static int holds(const lt_account *a, const char *on)
{
	const char *p = a->ids[LT_KIND_PHONE].normalized;

	return p && on && strcmp(p, on) == 0;
}

static const char *learned_site(const lt_phone_mapper *m, const char *sig)
{
	size_t i;

	for (i = 0; i < m->n_codes; i++)
		if (strcmp(m->codes[i].sig, sig) == 0)
			return m->codes[i].site;
	return NULL;
}

lt_err lt_phone_mapper_code(lt_phone_mapper *m, const char *sig, const char *on, time_t at)
{
	learned *grown;
	size_t i;

	if (!sig || learned_site(m, sig))
		return LT_OK;
	for (i = 0; i < m->n; i++) {
		if (!holds(&m->accounts[i], on) || m->accounts[i].certainty != LT_CERTAINTY_EXACT || !m->given[i] ||
		    at < m->given[i] - CODE_BEFORE ||
		    at > m->given[i] + CODE_AFTER)
			continue;
		if (!(grown = realloc(m->codes, (m->n_codes + 1) * sizeof *grown)))
			return LT_ERR_NOMEM;
		m->codes = grown;
		grown[m->n_codes].sig = strdup(sig);
		grown[m->n_codes].site = strdup(m->accounts[i].site);
		if (!grown[m->n_codes].sig || !grown[m->n_codes].site) {
			free(grown[m->n_codes].sig);
			free(grown[m->n_codes].site);
			return LT_ERR_NOMEM;
		}
		m->n_codes++;
		return LT_OK;
	}
	return LT_OK;
}

static int ascii_word(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80 || *s == '.' || *s == ' ')
			return 0;
	return 1;
}

/* The title rule, then the first-label rule, over every recorded account. */
static const char *by_accounts(const lt_phone_mapper *m, const char *sig, lt_map_how *how)
{
	size_t i, len = strlen(sig);

	for (i = 0; i < m->n; i++)
		if (m->accounts[i].title && strstr(m->accounts[i].title, sig)) {
			*how = LT_MAP_TITLE;
			return m->accounts[i].site;
		}
	for (i = 0; ascii_word(sig) && i < m->n; i++)
		if (strncasecmp(m->accounts[i].site, sig, len) == 0 && m->accounts[i].site[len] == '.') {
			*how = LT_MAP_LABEL;
			return m->accounts[i].site;
		}
	return NULL;
}

static const char *pick(const lt_phone_mapper *m, const char *sig, lt_map_how *how)
{
	const cJSON *own = m->map ? cJSON_GetObjectItemCaseSensitive(m->map, sig) : NULL;
	const char *site;

	if (own) {
		*how = cJSON_IsString(own) ? LT_MAP_PERSON : LT_MAP_NEVER;
		return cJSON_IsString(own) ? own->valuestring : NULL;
	}
	if ((site = learned_site(m, sig))) {
		*how = LT_MAP_CODE;
		return site;
	}
	*how = LT_MAP_NONE;
	return by_accounts(m, sig, how);
}

const char *lt_phone_mapper_site(const lt_phone_mapper *m, const char *sig, const char *on, lt_map_how *how, int *got)
{
	const char *site = pick(m, sig, how);
	size_t i;

	*got = 0;
	for (i = 0; site && i < m->n && !*got; i++)
		*got = strcmp(m->accounts[i].site, site) == 0 && holds(&m->accounts[i], on);
	return site;
}

const char *lt_map_how_text(lt_map_how h)
{
	static const char *const text[] = {
		[LT_MAP_NONE] = "it names no company in your records",
		[LT_MAP_NEVER] = "you said you deal with it outside the web",
		[LT_MAP_PERSON] = "your own map (leaktrace phone map)",
		[LT_MAP_CODE] = "it sent a verification code when you signed up there with this number",
		[LT_MAP_TITLE] = "it appears in the title of a page you gave an identifier on",
		[LT_MAP_LABEL] = "it is the site's name",
	};

	return (unsigned)h <= LT_MAP_LABEL ? text[h] : "";
}

/* ---- judging a signed message ---- */

lt_err lt_phone_judge_signed(const lt_phone_mapper *m, const char *sig, const char *on, lt_incident *inc, int *related)
{
	lt_map_how how;
	int got;
	const char *site = lt_phone_mapper_site(m, sig, on, &how, &got);
	char line[LT_TEXT_MAX];
	lt_err e;

	*related = how == LT_MAP_NEVER || (site && got);
	if (*related)
		return LT_OK;
	if (!(inc->signature = strdup(sig)))
		return LT_ERR_NOMEM;
	if (!site) {
		inc->verdict = LT_IV_UNKNOWN_COMPANY;
		snprintf(line, sizeof line, "a company not in your records: 【%s】", sig);
		return lt_incident_add_reason(inc, line);
	}
	inc->verdict = LT_IV_LEAK;
	inc->certain = 1;
	if (!(inc->site = strdup(site)))
		return LT_ERR_NOMEM;
	snprintf(line, sizeof line, "【%s】 texted a number you never gave it", sig);
	if ((e = lt_incident_add_reason(inc, line)) != LT_OK)
		return e;
	snprintf(line, sizeof line, "【%s】 is %s: %s", sig, site, lt_map_how_text(how));
	return lt_incident_add_reason(inc, line);
}

/* ---- re-judging what is stored, when the person's map changes ---- */

typedef struct {
	const lt_phone_mapper *m;
	const char *sig;
} rejudge_ctx;

/* How many of an incident's first reasons the judge above wrote; the rest
 * say what the message was (phone_sms.c) and are kept. */
static size_t judged_reasons(lt_incident_verdict v)
{
	return v == LT_IV_LEAK ? 2 : v == LT_IV_UNKNOWN_COMPANY ? 1 : 0;
}

static char *incident_text(const lt_incident *inc)
{
	cJSON *j = lt_incident_to_json(inc);
	char *text = j ? cJSON_PrintUnformatted(j) : NULL;

	cJSON_Delete(j);
	return text;
}

/* Judge one stored incident again if it is signed `sig`: the verdict, the
 * site and the judge's reasons anew; related now, it is no incident. */
static lt_err rejudge_one(lt_incident *inc, void *ctx, lt_revise *what)
{
	const rejudge_ctx *c = ctx;
	size_t judged = judged_reasons(inc->verdict), i, n_rest = 0;
	char *rest[LT_INCIDENT_REASONS] = {0}, *before, *after = NULL;
	int related = 0;
	lt_err e;

	*what = LT_REVISE_KEEP;
	if (!inc->source || !inc->signature || strcmp(inc->signature, c->sig) != 0 || !judged)
		return LT_OK;
	if (!(before = incident_text(inc)))
		return LT_ERR_NOMEM;
	for (i = 0; i < LT_INCIDENT_REASONS && inc->reasons[i]; i++) {
		if (i >= judged)
			rest[n_rest++] = inc->reasons[i];
		else
			free(inc->reasons[i]);
		inc->reasons[i] = NULL;
	}
	free(inc->site);
	free(inc->signature);
	inc->site = inc->signature = NULL;
	inc->certain = 0;
	e = lt_phone_judge_signed(c->m, c->sig, inc->normalized, inc, &related);
	for (i = 0; i < n_rest; i++) {
		if (e == LT_OK)
			e = lt_incident_add_reason(inc, rest[i]);
		free(rest[i]);
	}
	if (e == LT_OK && !related && !(after = incident_text(inc)))
		e = LT_ERR_NOMEM;
	if (e == LT_OK)
		*what = related ? LT_REVISE_DROP : strcmp(before, after) != 0 ? LT_REVISE_CHANGED : LT_REVISE_KEEP;
	free(before);
	free(after);
	return e;
}

lt_err lt_phone_map_rejudge(lt_store *s, const char *sig, size_t *changed, size_t *dropped)
{
	lt_phone_mapper *m = NULL;
	rejudge_ctx c = {NULL, sig};
	lt_err e = lt_phone_mapper_new(s, &m);

	if (e != LT_OK)
		return e;
	c.m = m;
	e = lt_incident_revise(s, rejudge_one, &c, changed, dropped);
	lt_phone_mapper_free(m);
	return e;
}

/* ---- review: the signatures that name nothing yet ---- */

static lt_phone_unknown *find_unknown(lt_phone_unknown *list, size_t n, const char *sig)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(list[i].signature, sig) == 0)
			return &list[i];
	return NULL;
}

static int unknown_cmp(const void *x, const void *y)
{
	const lt_phone_unknown *a = x, *b = y;

	return a->count != b->count ? (a->count < b->count ? 1 : -1) : strcmp(a->first, b->first);
}

static lt_err tally(const lt_incident *inc, const cJSON *map, lt_phone_unknown **out, size_t *n)
{
	lt_phone_unknown *u, *grown;

	if (inc->verdict != LT_IV_UNKNOWN_COMPANY || !inc->signature ||
	    (map && cJSON_GetObjectItemCaseSensitive(map, inc->signature)))
		return LT_OK;
	if (!(u = find_unknown(*out, *n, inc->signature))) {
		if (!(grown = realloc(*out, (*n + 1) * sizeof *grown)))
			return LT_ERR_NOMEM;
		*out = grown;
		u = &grown[(*n)++];
		memset(u, 0, sizeof *u);
		if (!(u->signature = strdup(inc->signature)))
			return LT_ERR_NOMEM;
		memcpy(u->first, inc->at, LT_TIME_LEN);
	}
	u->count += inc->count;
	u->incidents++;
	if (strcmp(inc->at, u->first) < 0)
		memcpy(u->first, inc->at, LT_TIME_LEN);
	return LT_OK;
}

lt_err lt_phone_review(lt_store *s, lt_phone_unknown **out, size_t *n)
{
	lt_incident *all = NULL;
	size_t count = 0, i;
	cJSON *map = NULL;
	lt_err e = lt_phone_map_get(s, &map);

	*out = NULL;
	*n = 0;
	if (e == LT_OK)
		e = lt_incident_list(s, LT_KIND_NONE, NULL, &all, &count);
	for (i = 0; e == LT_OK && i < count; i++)
		e = tally(&all[i], map, out, n);
	lt_incidents_free(all, count);
	cJSON_Delete(map);
	if (e != LT_OK) {
		lt_phone_unknowns_free(*out, *n);
		*out = NULL;
		*n = 0;
	} else if (*n > 1) {
		qsort(*out, *n, sizeof **out, unknown_cmp);
	}
	return e;
}

void lt_phone_unknowns_free(lt_phone_unknown *list, size_t n)
{
	size_t i;

	for (i = 0; list && i < n; i++)
		free(list[i].signature);
	free(list);
}
