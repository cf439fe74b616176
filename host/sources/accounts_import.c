/* SPDX-License-Identifier: MIT */
/* accounts_import.c: an export file's entries made records and stored
 * (accounts_import.h). Reading and storing are two passes, so a file that
 * turns out bad halfway has written nothing. */
#include "accounts_import.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "password.h"
#include "primitives.h"
#include "site.h"

#define N_(s) (s) /* reasons stay English here; the CLI translates them when it shows them (lt_tr) */

typedef struct {
	lt_store *s;
	const lt_import_options *o;
	lt_import_result *r;
	size_t cap;
	unsigned char key[LT_KEY_LEN];
	int have_key;
	GHashTable *first_visit; /* a history: site -> earliest sign-up visit (RFC 3339) */
} import_ctx;

void lt_import_result_clear(lt_import_result *r)
{
	size_t i;

	lt_accounts_free(r->accounts, r->n);
	for (i = 0; i < r->nissues; i++)
		free(r->issues[i].message);
	free(r->issues);
	for (i = 0; i < r->nsites; i++)
		free(r->sites[i].site);
	free(r->sites);
	free(r->outcome);
	memset(r, 0, sizeof *r);
}

static lt_err add_issue(lt_import_result *r, size_t row, const char *why)
{
	lt_import_issue *grown = realloc(r->issues, (r->nissues + 1) * sizeof *grown);

	if (!grown || !(grown[r->nissues].message = strdup(why))) {
		if (grown)
			r->issues = grown;
		return LT_ERR_NOMEM;
	}
	r->issues = grown;
	r->issues[r->nissues++].row = row;
	return LT_OK;
}

/* Fingerprint the entry's password into a (the key read once), wiping it. */
static lt_err take_password(import_ctx *c, const lt_source_entry *e, lt_account *a)
{
	lt_err err;

	if (!e->password)
		return LT_OK;
	if (c->o->dry_run || e->password_len > LT_PASSWORD_MAX) {
		lt_wipe(e->password, e->password_len);
		return LT_OK;
	}
	if (!c->have_key && (err = lt_password_key(c->s, c->key)) != LT_OK) {
		lt_wipe(e->password, e->password_len);
		return err;
	}
	c->have_key = 1;
	if ((err = lt_password_fingerprint_with(c->key, e->password, e->password_len, a->password_fp)) != LT_OK)
		return err;
	memcpy(a->password_seen, e->password_changed[0] ? e->password_changed
			       : e->created[0]       ? e->created
						     : a->first_seen, LT_TIME_LEN);
	c->r->passwords++;
	return LT_OK;
}

/* The kind of an export's username, as its form field would have it: an
 * email, a phone number, else a username. Digits alone that are no phone
 * number of the region (a QQ number, a customer number: 10001, 123456789)
 * are a username, not a row to skip; digits that are a valid number there
 * (13800138000 in CN; or written with 00, international) are the phone, as
 * trace reads the same digits; a number written with +, spaces or dashes
 * is read as a phone (and refused with its reason when it is none). */
static lt_kind username_kind(const char *v, const char *region)
{
	lt_kind k = lt_ident_detect(v);
	char *norm = NULL;
	lt_err e;

	if (k != LT_KIND_PHONE || strspn(v, "0123456789") != strlen(v))
		return k;
	e = lt_ident_normalize_typed(LT_KIND_PHONE, v, region, &norm);
	free(norm);
	return e == LT_ERR_BAD_IDENTIFIER || e == LT_ERR_BAD_REGION ? LT_KIND_USERNAME : LT_KIND_PHONE;
}

/* Why an export's web address names no web site the person has an account
 * on; NULL when it may. A bare host needs a dot ("notaurl" is no site); an
 * app's entry (Chrome's android://, Bitwarden's androidapp:// and iosapp://)
 * names an app, not a site (its package name is no web address, and the
 * reason never shows it). Other addresses are left to lt_site_from. */
static const char *not_a_site(const char *url)
{
	if (g_ascii_strncasecmp(url, "android://", 10) == 0 || g_ascii_strncasecmp(url, "androidapp://", 13) == 0)
		return N_("an Android app, not a web site");
	if (g_ascii_strncasecmp(url, "iosapp://", 9) == 0)
		return N_("an iOS app, not a web site");
	if (!strchr(url, ':') && !strchr(url, '.'))
		return N_("a word, not a web address");
	return NULL;
}

/* The entry at one of its web addresses as a record request. */
static lt_err make_account(const import_ctx *c, const lt_source_entry *e, const char *url, lt_account *a)
{
	lt_record_input in = {.url = url, .title = e->title, .region = c->o->region, .capture = LT_CAPTURE_IMPORT};
	const char *why;

	if (!url || !url[0])
		return lt_fail(LT_ERR_BAD_SITE, "no web address");
	if ((why = not_a_site(url)))
		return lt_fail(LT_ERR_BAD_SITE, "%s", why);
	if (!e->username || !e->username[0])
		return lt_fail(LT_ERR_NO_IDENTIFIER, "no username");
	in.ids[username_kind(e->username, c->o->region)] = e->username;
	in.given = e->created[0] ? e->created : NULL;
	in.certainty = e->created[0] ? LT_CERTAINTY_NO_LATER_THAN : LT_CERTAINTY_UNKNOWN;
	if (in.title && strlen(in.title) > LT_TEXT_MAX)
		in.title = NULL; /* a title is a nicety: not a reason to lose the account */
	return lt_account_from_input(&in, a);
}

static lt_err keep(import_ctx *c, lt_account *a)
{
	lt_import_result *r = c->r;

	lt_err e = lt_grow(&r->accounts, &c->cap, r->n, sizeof *r->accounts, 64);

	if (e == LT_OK)
		r->accounts[r->n++] = *a;
	return e;
}

/* A history entry: keep the earliest sign-up visit of its site. */
static lt_err on_visit(import_ctx *c, const lt_source_entry *e)
{
	char *site = NULL;
	const char *had;

	c->r->entries++;
	if (lt_site_from(e->url, &site) != LT_OK)
		return LT_OK; /* not a web page: about:, file:, chrome: */
	had = g_hash_table_lookup(c->first_visit, site);
	if (!had || strcmp(e->created, had) < 0)
		g_hash_table_insert(c->first_visit, g_strdup(site), g_strdup(e->created));
	free(site);
	return LT_OK;
}

/* Is the site of a already among the accounts kept from this entry (from)? */
static int site_kept(const lt_import_result *r, size_t from, const lt_account *a)
{
	for (size_t i = from; i < r->n; i++)
		if (strcmp(r->accounts[i].site, a->site) == 0)
			return 1;
	return 0;
}

/* Keep a, the entry's account at one of its web addresses: the first kept
 * takes the password's fingerprint, the others share it. */
static lt_err keep_at(import_ctx *c, const lt_source_entry *e, size_t from, lt_account *a)
{
	lt_import_result *r = c->r;
	lt_err err = LT_OK;

	if (r->n == from)
		err = take_password(c, e, a);
	else {
		memcpy(a->password_fp, r->accounts[from].password_fp, sizeof a->password_fp);
		memcpy(a->password_seen, r->accounts[from].password_seen, sizeof a->password_seen);
	}
	if (err == LT_OK && (err = keep(c, a)) == LT_OK)
		r->dated += a->certainty == LT_CERTAINTY_NO_LATER_THAN;
	if (err != LT_OK)
		lt_account_clear(a);
	return err;
}

/* The reason of a failed step, as an issue says it (never the row's content). */
static void reason(lt_err err, char *why, size_t size)
{
	snprintf(why, size, "%s%s%s", lt_err_message(err), lt_err_detail()[0] ? ": " : "", lt_err_detail());
}

/* An account entry: one record for each site among its web addresses; an
 * issue of its row when none can be one (the reason of its first address). */
static lt_err on_entry(const lt_source_entry *e, void *ctx)
{
	import_ctx *c = ctx;
	size_t from = c->r->n, u;
	char why[256] = "";
	lt_err err;

	if (c->first_visit)
		return on_visit(c, e);
	c->r->entries++;
	if (e->problem)
		reason(lt_fail(LT_ERR_BAD_TIME, "%s", e->problem), why, sizeof why);
	for (u = 0; !e->problem && u <= e->nalso; u++) {
		lt_account a;

		err = make_account(c, e, u ? e->also[u - 1] : e->url, &a);
		if (err == LT_ERR_NOMEM)
			return err;
		if (err != LT_OK) {
			if (!why[0])
				reason(err, why, sizeof why);
		} else if (site_kept(c->r, from, &a)) {
			lt_account_clear(&a);
		} else if ((err = keep_at(c, e, from, &a)) != LT_OK) {
			return err;
		}
	}
	if (c->r->n > from)
		return LT_OK;
	if (e->password)
		lt_wipe(e->password, e->password_len);
	return add_issue(c->r, e->row, why);
}

static lt_err record_one(lt_account_batch *b, const lt_import_options *o, lt_import_result *r, size_t i)
{
	lt_err e = lt_account_batch_record(b, &r->accounts[i], o->dry_run, &r->outcome[i]);

	if (e != LT_OK)
		return e;
	r->added += r->outcome[i] == LT_BATCH_ADDED;
	r->merged += r->outcome[i] == LT_BATCH_MERGED;
	r->unchanged += r->outcome[i] == LT_BATCH_UNCHANGED;
	if (o->progress)
		o->progress(i + 1, r->n, o->ctx);
	return LT_OK;
}

static lt_err store_all(lt_account_batch *b, const lt_import_options *o, lt_import_result *r)
{
	size_t i;
	lt_err e = LT_OK;

	if (r->n && !(r->outcome = calloc(r->n, sizeof *r->outcome)))
		return LT_ERR_NOMEM;
	for (i = 0; e == LT_OK && i < r->n; i++)
		e = record_one(b, o, r, i);
	return e;
}

/* A record that dates account a no later than `at`: its site and identifiers. */
static lt_err dating(const lt_account *a, const char *at, lt_account *out)
{
	lt_err e = lt_account_begin(out, a->site, LT_CAPTURE_IMPORT);
	int k;

	for (k = LT_KIND_NONE + 1; e == LT_OK && k < LT_KIND_COUNT; k++)
		if (a->ids[k].normalized && (!(out->ids[k].value = strdup(a->ids[k].value)) ||
					     !(out->ids[k].normalized = strdup(a->ids[k].normalized))))
			e = LT_ERR_NOMEM;
	if (e == LT_OK)
		e = lt_account_set_given(out, at, LT_CERTAINTY_NO_LATER_THAN);
	if (e != LT_OK)
		lt_account_clear(out);
	return e;
}

static int site_cmp(const void *x, const void *y)
{
	return strcmp(((const lt_signup_site *)x)->site, ((const lt_signup_site *)y)->site);
}

/* A history: one dating record for each account whose date the visit beats. */
static lt_err make_datings(import_ctx *c, lt_account_batch *b)
{
	lt_import_result *r = c->r;
	GHashTableIter it;
	gpointer site, at;
	size_t k;
	lt_err e = LT_OK;

	if (!(r->sites = calloc(g_hash_table_size(c->first_visit) + 1, sizeof *r->sites)))
		return LT_ERR_NOMEM;
	g_hash_table_iter_init(&it, c->first_visit);
	while (e == LT_OK && g_hash_table_iter_next(&it, &site, &at)) {
		lt_signup_site *ss = &r->sites[r->nsites++];
		const lt_account *a;

		if (!(ss->site = strdup(site)))
			return LT_ERR_NOMEM;
		memcpy(ss->first_visit, at, LT_TIME_LEN);
		for (k = 0; e == LT_OK && (a = lt_account_batch_site(b, site, k)); k++) {
			lt_account d;

			ss->accounts++;
			if (strcmp(at, a->first_seen) >= 0)
				continue; /* it already has an earlier date */
			if ((e = dating(a, at, &d)) == LT_OK && (e = keep(c, &d)) != LT_OK)
				lt_account_clear(&d);
			r->dated += e == LT_OK;
		}
	}
	if (r->nsites > 1)
		qsort(r->sites, r->nsites, sizeof *r->sites, site_cmp);
	return e;
}

/* The sites the batch will be asked about: the records' and a history's. */
static const char **batch_sites(import_ctx *c, size_t *n)
{
	size_t visits = c->first_visit ? g_hash_table_size(c->first_visit) : 0, i;
	const char **sites = calloc(c->r->n + visits + 1, sizeof *sites);
	GHashTableIter it;
	gpointer site;

	*n = 0;
	if (!sites)
		return NULL;
	for (i = 0; i < c->r->n; i++)
		sites[(*n)++] = c->r->accounts[i].site;
	if (c->first_visit) {
		g_hash_table_iter_init(&it, c->first_visit);
		while (g_hash_table_iter_next(&it, &site, NULL))
			sites[(*n)++] = site;
	}
	return sites;
}

static lt_err store(import_ctx *c)
{
	lt_account_batch *b = NULL;
	const char **sites;
	size_t n;
	lt_err e;

	if (c->r->n == 0 && !c->first_visit)
		return LT_OK;
	if (!(sites = batch_sites(c, &n)))
		return LT_ERR_NOMEM;
	e = lt_account_batch_open(c->s, sites, n, &b);
	free(sites);
	if (e != LT_OK)
		return e;
	if (c->first_visit)
		e = make_datings(c, b);
	if (e == LT_OK)
		e = store_all(b, c->o, c->r);
	lt_account_batch_close(b);
	return e;
}

lt_err lt_accounts_import(lt_store *s, const char *path, const lt_import_options *o, lt_import_result *r)
{
	import_ctx c = {.s = s, .o = o, .r = r};
	lt_err e = LT_OK;

	memset(r, 0, sizeof *r);
	r->format = o->format;
	if (r->format == LT_SRC_COUNT)
		e = lt_source_detect(path, &r->format);
	if (e == LT_OK && lt_source_is_history(r->format))
		c.first_visit = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	if (e == LT_OK)
		e = lt_source_read(path, r->format, on_entry, &c);
	lt_wipe(c.key, sizeof c.key);
	if (e == LT_OK)
		e = store(&c);
	if (c.first_visit)
		g_hash_table_destroy(c.first_visit);
	return e;
}
