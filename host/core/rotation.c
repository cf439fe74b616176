/* SPDX-License-Identifier: MIT */
/* rotation.c: due rotations, reported logins and rotations done (rotation.h).
 * One batch read of every account; the checks are plain loops, since a
 * person has hundreds of accounts, not millions (1,000 accounts: about a
 * million comparisons for reuse, well under a millisecond of work). */
#include "rotation.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "breach.h"
#include "incident.h"
#include "site.h"
#include "sitegroup.h"

static const char *const reason_names[LT_ROT_COUNT] = {
	"compromised", "reuse-compromised", "breach", "shared-identifier", "reused", "old",
};

static const lt_severity severities[LT_ROT_COUNT] = {
	LT_SEV_COMPROMISED, LT_SEV_REUSE_COMPROMISED, LT_SEV_COMPROMISED, LT_SEV_WATCH, LT_SEV_REUSED, LT_SEV_REUSED,
};

static const char *const severity_names[LT_SEV_COUNT] = {"compromised", "reuse-compromised", "reused", "watch"};

const char *lt_rot_reason_name(lt_rot_reason r)
{
	return reason_names[r];
}

lt_severity lt_rot_severity(lt_rot_reason r)
{
	return severities[r];
}

const char *lt_severity_name(lt_severity s)
{
	return severity_names[s];
}

int lt_due_urgent(const lt_due *d)
{
	return severities[d->reason] == LT_SEV_COMPROMISED || severities[d->reason] == LT_SEV_REUSE_COMPROMISED;
}

/* Is a reason that arose at `since` settled? A password first seen after it
 * was set anew -- unless it is `leaked`, the fingerprint that was current at
 * the event: leaktrace may first see an unchanged password after the event,
 * and a first sighting is not a change. A rotation marked done at or after
 * it was dealt with. A password seen in the same second as the event is not
 * taken as new. */
static int settled(const lt_account *a, const char *since, const char *leaked)
{
	int same_password = leaked && leaked[0] && strcmp(a->password_fp, leaked) == 0;

	return (!same_password && strcmp(a->password_seen, since) > 0) ||
	       (a->rotation_done[0] && strcmp(a->rotation_done, since) >= 0);
}

/* A candidate reason: kept when it is due and more urgent than the one held.
 * `leaked`: the fingerprint current at the event, when known ("" or NULL not). */
static void consider(lt_due *d, const lt_account *a, lt_rot_reason r, const char *since, const char *other,
		     const char *leaked)
{
	if (!since[0] || settled(a, since, leaked))
		return;
	if (d->reason != LT_ROT_COUNT && d->reason <= r)
		return;
	d->reason = r;
	memcpy(d->since, since, LT_TIME_LEN);
	free(d->other);
	d->other = other ? strdup(other) : NULL;
}

static int share_identifier(const lt_account *a, const lt_account *b)
{
	int k;

	for (k = LT_KIND_NONE + 1; k < LT_KIND_COUNT; k++)
		if (a->ids[k].normalized && b->ids[k].normalized && strcmp(a->ids[k].normalized, b->ids[k].normalized) == 0)
			return 1;
	return 0;
}

/* The password b had when someone else logged in there (its current one when unknown). */
static const char *leaked_fp(const lt_account *b)
{
	return b->compromised_fp[0] ? b->compromised_fp : b->password_fp;
}

/* A password other than the one that leaked is a change, whatever the clock says. */
static int changed_since_report(const lt_account *a)
{
	return a->compromised_fp[0] && a->password_fp[0] && strcmp(a->password_fp, a->compromised_fp) != 0;
}

/* What another account says about this one; ga and gb are their groups (lt_site_group). */
static void against(lt_due *d, const lt_account *a, const lt_account *b, const char *ga, const char *gb)
{
	int reuse = a->password_fp[0] && strcmp(a->password_fp, b->password_fp) == 0;
	int same_group = strcmp(ga, gb) == 0;

	if (b->compromised_at[0] && ((a == b && !changed_since_report(a)) || (a != b && same_group)))
		consider(d, a, LT_ROT_COMPROMISED, b->compromised_at, strcmp(a->site, b->site) == 0 ? NULL : b->site,
			 b->compromised_fp);
	if (a == b)
		return;
	if (b->compromised_at[0] && a->password_fp[0] && strcmp(a->password_fp, leaked_fp(b)) == 0)
		consider(d, a, LT_ROT_REUSE_COMPROMISED, b->compromised_at, b->site, b->compromised_fp);
	if (b->compromised_at[0] && !a->password_fp[0] && share_identifier(a, b))
		consider(d, a, LT_ROT_SHARED_IDENTIFIER, b->compromised_at, b->site, NULL);
	if (reuse && !same_group) /* a state, not an event: it began when the later of the two was seen */
		consider(d, a, LT_ROT_REUSED, strcmp(a->password_seen, b->password_seen) > 0 ? a->password_seen
											    : b->password_seen, b->site, NULL);
}

/* Is a breach at `date` settled for a? A first sighting of a password after
 * the breach is not a change (leaktrace may first see the old password long
 * after): only a password change seen after it, a rotation marked done, or
 * an account given to the site after it (an exact date) settle it. */
static int breach_settled(const lt_account *a, const char *date)
{
	return (a->password_changed[0] && strcmp(a->password_changed, date) > 0) ||
	       (a->rotation_done[0] && strcmp(a->rotation_done, date) >= 0) ||
	       (a->certainty == LT_CERTAINTY_EXACT && strcmp(a->first_seen, date) > 0);
}

static void against_breaches(lt_due *d, const lt_account *a, const char *ga, const lt_breach *br, const char **gbr,
			     size_t nb)
{
	size_t i;

	for (i = 0; i < nb; i++)
		if (gbr[i] && strcmp(gbr[i], ga) == 0 && br[i].date[0] && !breach_settled(a, br[i].date) &&
		    (d->reason == LT_ROT_COUNT || d->reason > LT_ROT_BREACH)) {
			d->reason = LT_ROT_BREACH;
			memcpy(d->since, br[i].date, LT_TIME_LEN);
			free(d->other);
			d->other = br[i].name ? strdup(br[i].name) : NULL;
		}
}

static void against_age(lt_due *d, const lt_account *a, int max_age_days)
{
	char limit[LT_TIME_LEN], now[LT_TIME_LEN];
	time_t t;

	if (!a->password_fp[0] || max_age_days <= 0 || lt_time_parse(a->password_seen, &t) != LT_OK)
		return;
	lt_time_format(t + (time_t)max_age_days * 86400, limit);
	lt_time_now(now);
	if (strcmp(limit, now) <= 0)
		consider(d, a, LT_ROT_OLD, limit, NULL, NULL);
}

static int due_cmp(const void *x, const void *y)
{
	const lt_due *a = x, *b = y;
	int c;

	if (severities[a->reason] != severities[b->reason])
		return (int)severities[a->reason] - (int)severities[b->reason];
	if (a->reason != b->reason)
		return (int)a->reason - (int)b->reason;
	c = strcmp(a->since, b->since);
	return c ? c : strcmp(a->account.site, b->account.site);
}

void lt_dues_free(lt_due *list, size_t n)
{
	size_t i;

	for (i = 0; list && i < n; i++) {
		lt_account_clear(&list[i].account);
		free(list[i].other);
		free(list[i].change_url);
	}
	free(list);
}

/* Where to change d's password: looked up by the hosts its account was used
 * on -- the first page, then the later ones, newest first -- then its site. */
static lt_err find_change_page(lt_due *d)
{
	const lt_account *a = &d->account;
	char *hosts[LT_PAGES_MAX + 1];
	size_t n = 0, i;
	lt_err e;

	if (a->url && lt_url_host(a->url, &hosts[n]) == LT_OK)
		n++;
	for (i = a->n_pages; i > 0; i--)
		if (lt_url_host(a->pages[i - 1].url, &hosts[n]) == LT_OK)
			n++;
	lt_err_clear(); /* a URL that gives no host is simply not looked up */
	e = lt_change_password_url((const char *const *)hosts, n, a->site, &d->change_url, &d->url_known);
	for (i = 0; i < n; i++)
		free(hosts[i]);
	return e;
}

/* Keep the due ones of all, moving their accounts out of `all`. */
static lt_err collect(lt_due *work, lt_account *all, size_t n, lt_due **out, size_t *count)
{
	size_t i;
	lt_err e = LT_OK;

	for (i = 0; i < n; i++) {
		if (work[i].reason == LT_ROT_COUNT)
			continue;
		work[*count] = work[i];
		work[*count].account = all[i];
		memset(&all[i], 0, sizeof all[i]);
		if (e == LT_OK)
			e = find_change_page(&work[*count]);
		(*count)++;
	}
	qsort(work, *count, sizeof *work, due_cmp);
	*out = work;
	return e;
}

/* The group of every account and every breach, looked up once. */
static const char **groups_of(const lt_account *all, size_t count, const lt_breach *br, size_t nb, const char ***gbr)
{
	const char **g = calloc(count + nb + 1, sizeof *g);
	size_t i;

	*gbr = g ? g + count : NULL;
	for (i = 0; g && i < count; i++)
		g[i] = lt_site_group(all[i].site);
	for (i = 0; g && i < nb; i++)
		(*gbr)[i] = br[i].site ? lt_site_group(br[i].site) : NULL;
	return g;
}

lt_err lt_rotation_due(lt_store *s, int max_age_days, lt_due **out, size_t *n)
{
	lt_account *all = NULL;
	lt_breach *br = NULL;
	size_t count = 0, nb = 0, i, j;
	const char **group = NULL, **gbr = NULL;
	lt_due *work = NULL;
	lt_err e = lt_store_search(s, (const char *const[]){NULL}, &all, &count, NULL);

	*out = NULL;
	*n = 0;
	if (e == LT_OK)
		e = lt_breaches_load(s, &br, &nb);
	if (e == LT_OK && (!(work = calloc(count + 1, sizeof *work)) || !(group = groups_of(all, count, br, nb, &gbr))))
		e = LT_ERR_NOMEM;
	for (i = 0; e == LT_OK && i < count; i++) {
		work[i].reason = LT_ROT_COUNT;
		for (j = 0; j < count; j++)
			against(&work[i], &all[i], &all[j], group[i], group[j]);
		against_breaches(&work[i], &all[i], group[i], br, gbr, nb);
		against_age(&work[i], &all[i], max_age_days);
	}
	if (e == LT_OK)
		e = collect(work, all, count, out, n);
	else
		free(work);
	free(group);
	lt_breaches_free(br, nb);
	lt_accounts_free(all, count);
	return e;
}

char *lt_due_text(const lt_due *d)
{
	static const char *const fmt[LT_ROT_COUNT] = {
		"someone else logged in%s%s",
		"the same password as %s, where someone else logged in",
		"the %s breach happened after the password was set",
		"password unknown to leaktrace, and the same identifier as %s, where someone else logged in: check it",
		"the same password as %s",
		"the password is older than the policy%s",
	};
	char *out = malloc(256);
	const char *other = d->other ? d->other : "";

	if (!out)
		return NULL;
	if (d->reason == LT_ROT_COMPROMISED)
		snprintf(out, 256, fmt[d->reason], d->other ? " on " : "", other);
	else
		snprintf(out, 256, fmt[d->reason], other);
	return out;
}

cJSON *lt_due_to_json(const lt_due *d)
{
	cJSON *o = cJSON_CreateObject();
	char *text = lt_due_text(d);

	cJSON_AddStringToObject(o, "site", d->account.site);
	cJSON_AddStringToObject(o, "reason", lt_rot_reason_name(d->reason));
	cJSON_AddStringToObject(o, "severity", lt_severity_name(severities[d->reason]));
	cJSON_AddStringToObject(o, "reason_text", text ? text : "");
	cJSON_AddStringToObject(o, "since", d->since);
	if (d->other)
		cJSON_AddStringToObject(o, "because_of", d->other);
	else
		cJSON_AddNullToObject(o, "because_of");
	cJSON_AddStringToObject(o, "change_password_url", d->change_url ? d->change_url : "");
	cJSON_AddBoolToObject(o, "change_password_url_known", d->url_known);
	if (d->url_known) {
		cJSON_AddNullToObject(o, "change_password_probe");
	} else {
		char probe[LT_URL_MAX];

		snprintf(probe, sizeof probe, "https://%s/.well-known/change-password", d->account.site);
		cJSON_AddStringToObject(o, "change_password_probe", probe);
	}
	cJSON_AddItemToObject(o, "account", lt_account_to_json(&d->account));
	free(text);
	return o;
}

typedef struct {
	const char *at;
	const char *note;
} compromise;

static int mark_compromised(lt_account *a, void *ctx)
{
	const compromise *c = ctx;

	memcpy(a->compromised_at, c->at, LT_TIME_LEN);
	memcpy(a->compromised_fp, a->password_fp, sizeof a->compromised_fp); /* the password that leaked */
	free(a->compromised_note);
	a->compromised_note = c->note ? strdup(c->note) : NULL;
	return 1;
}

/* A login incident on the account's first identifier, for the incident log and evidence. */
static lt_err log_login(lt_store *s, const lt_account *a, const char *at, const char *note)
{
	lt_incident inc;
	int k;
	lt_err e;

	for (k = LT_KIND_NONE + 1; k < LT_KIND_COUNT && !a->ids[k].normalized; k++)
		;
	if (k == LT_KIND_COUNT)
		return LT_OK;
	e = lt_incident_make(&inc, a->ids[k].normalized, (lt_kind)k, NULL, LT_INCIDENT_LOGIN, a->site, at, note);
	if (e == LT_OK)
		e = lt_incident_add(s, &inc);
	lt_incident_clear(&inc);
	return e;
}

lt_err lt_report_login(lt_store *s, const char *site, const char *at, const char *note, size_t *marked)
{
	compromise c = {NULL, note};
	char when[LT_TIME_LEN];
	lt_account *list;
	size_t n, i;
	lt_err e;

	if ((e = lt_time_event(at, when)) != LT_OK)
		return e;
	c.at = when;
	if ((e = lt_store_modify(s, site, mark_compromised, &c, marked)) != LT_OK)
		return e;
	if (*marked == 0)
		return lt_fail(LT_ERR_NOT_FOUND, "no account recorded for that site");
	if ((e = lt_store_search(s, (const char *const[]){"site", site, NULL}, &list, &n, NULL)) != LT_OK)
		return e;
	for (i = 0; e == LT_OK && i < n; i++)
		e = log_login(s, &list[i], when, note);
	lt_accounts_free(list, n);
	return e;
}

/* ---- undoing a report (the popup's Undo, for a day) ------------------- */

typedef struct {
	const char *at;
	size_t cleared;
} unmark_ctx;

static int unmark_compromised(lt_account *a, void *ctx)
{
	unmark_ctx *u = ctx;

	if (strcmp(a->compromised_at, u->at) != 0)
		return 0;
	a->compromised_at[0] = '\0';
	a->compromised_fp[0] = '\0';
	free(a->compromised_note);
	a->compromised_note = NULL;
	u->cleared++;
	return 1;
}

/* The login incidents log_login made for a's report at `at`, forgotten. */
static lt_err forget_login(lt_store *s, const lt_account *a, const char *at)
{
	lt_incident *list = NULL;
	size_t n = 0, i;
	int k;
	lt_err e;

	for (k = LT_KIND_NONE + 1; k < LT_KIND_COUNT && !a->ids[k].normalized; k++)
		;
	if (k == LT_KIND_COUNT)
		return LT_OK;
	e = lt_incident_list(s, (lt_kind)k, a->ids[k].normalized, &list, &n);
	for (i = 0; e == LT_OK && i < n; i++)
		if (list[i].kind == LT_INCIDENT_LOGIN && list[i].from && strcmp(list[i].from, a->site) == 0 &&
		    strcmp(list[i].at, at) == 0)
			e = lt_incident_forget(s, list[i].id);
	lt_incidents_free(list, n);
	return e;
}

lt_err lt_report_login_undo(lt_store *s, const char *site, const char *at, size_t *cleared)
{
	unmark_ctx u = {at, 0};
	lt_account *list = NULL;
	time_t t, now = time(NULL);
	size_t n = 0, i;
	lt_err e;

	*cleared = 0;
	if ((e = lt_time_parse(at, &t)) != LT_OK)
		return e;
	if (t > now + 60 || now - t > LT_REPORT_UNDO_S)
		return lt_fail(LT_ERR_BAD_TIME, "a reported login can be undone for a day after it was reported");
	if ((e = lt_store_search(s, (const char *const[]){"site", site, NULL}, &list, &n, NULL)) != LT_OK)
		return e;
	for (i = 0; e == LT_OK && i < n; i++)
		if (strcmp(list[i].compromised_at, at) == 0)
			e = forget_login(s, &list[i], at);
	lt_accounts_free(list, n);
	if (e == LT_OK)
		e = lt_store_modify(s, site, unmark_compromised, &u, NULL);
	*cleared = u.cleared;
	if (e == LT_OK && u.cleared == 0)
		return lt_fail(LT_ERR_NOT_FOUND, "no login reported on that site at that time");
	return e;
}

static int mark_done(lt_account *a, void *ctx)
{
	memcpy(a->rotation_done, ctx, LT_TIME_LEN);
	return 1;
}

/* The distinct sites of `all` (sorted by site) in the group `group`. */
static size_t group_sites(const lt_account *all, size_t n, const char *group, const char **sites)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		if (strcmp(lt_site_group(all[i].site), group) == 0 && (k == 0 || strcmp(sites[k - 1], all[i].site) != 0))
			sites[k++] = all[i].site;
	return k;
}

lt_err lt_rotation_done(lt_store *s, const char *site, size_t *marked, size_t *nsites)
{
	lt_account *all = NULL;
	const char **sites = NULL;
	char now[LT_TIME_LEN];
	size_t n = 0, k = 0, i, m;
	lt_err e = lt_store_search(s, (const char *const[]){NULL}, &all, &n, NULL);

	*marked = 0;
	if (e == LT_OK && !(sites = calloc(n + 1, sizeof *sites)))
		e = LT_ERR_NOMEM;
	if (e == LT_OK)
		k = group_sites(all, n, lt_site_group(site), sites);
	lt_time_now(now);
	for (i = 0; e == LT_OK && i < k; i++) {
		e = lt_store_modify(s, sites[i], mark_done, now, &m);
		*marked += m;
	}
	if (nsites)
		*nsites = k;
	free(sites);
	lt_accounts_free(all, n);
	if (e == LT_OK && *marked == 0)
		return lt_fail(LT_ERR_NOT_FOUND, "no account recorded for that site or a site sharing its account");
	return e;
}
