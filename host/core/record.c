/* SPDX-License-Identifier: MIT */
/* record.c: the account record in memory and as JSON (see record.h).
 * Reading is strict, because a keyring item can be edited by any program of
 * the user's: a record of the wrong shape is reported as corrupt, not guessed at. */
#include "record.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "site.h"

static const char *const capture_names[LT_CAPTURE_COUNT] = {
	"signup", "login", "otp-login", "newsletter", "checkout", "other", "manual", "import",
};

const char *lt_capture_name(lt_capture c)
{
	return (unsigned)c < LT_CAPTURE_COUNT ? capture_names[c] : "other";
}

lt_capture lt_capture_from_name(const char *name)
{
	int i;

	for (i = 0; name && i < LT_CAPTURE_COUNT; i++)
		if (strcmp(name, capture_names[i]) == 0)
			return (lt_capture)i;
	return LT_CAPTURE_COUNT;
}

static const char *const certainty_names[LT_CERTAINTY_COUNT] = {"exact", "no-later-than", "unknown"};

const char *lt_certainty_name(lt_certainty c)
{
	return (unsigned)c < LT_CERTAINTY_COUNT ? certainty_names[c] : "unknown";
}

lt_certainty lt_certainty_from_name(const char *name)
{
	int i;

	for (i = 0; name && i < LT_CERTAINTY_COUNT; i++)
		if (strcmp(name, certainty_names[i]) == 0)
			return (lt_certainty)i;
	return LT_CERTAINTY_COUNT;
}

void lt_account_clear(lt_account *a)
{
	int k;

	free(a->site);
	free(a->url);
	free(a->title);
	free(a->top_site);
	free(a->note);
	free(a->compromised_note);
	free(a->item_path);
	for (k = 0; k < (int)a->n_pages; k++) {
		free(a->pages[k].url);
		free(a->pages[k].title);
	}
	for (k = 0; k < LT_KIND_COUNT; k++) {
		free(a->ids[k].value);
		free(a->ids[k].normalized);
	}
	memset(a, 0, sizeof *a);
}

void lt_accounts_free(lt_account *list, size_t n)
{
	size_t i;

	for (i = 0; list && i < n; i++)
		lt_account_clear(&list[i]);
	free(list);
}

/* Keep `value` as typed and its normalised form `norm` (taken over, even on failure). */
static lt_err set_ident(lt_account *a, lt_kind k, const char *value, char *norm)
{
	char *copy = strdup(value);

	if (!copy) {
		free(norm);
		return LT_ERR_NOMEM;
	}
	free(a->ids[k].value);
	free(a->ids[k].normalized);
	a->ids[k].value = copy;
	a->ids[k].normalized = norm;
	return LT_OK;
}

lt_err lt_account_set_ident(lt_account *a, lt_kind k, const char *value, const char *region)
{
	char *norm = NULL;
	lt_err e;

	if (k <= LT_KIND_NONE || k >= LT_KIND_COUNT)
		return lt_fail(LT_ERR_BAD_REQUEST, "unknown identifier kind");
	if ((e = lt_ident_normalize_typed(k, value, region, &norm)) != LT_OK)
		return e;
	return set_ident(a, k, value, norm);
}

/* A phone from the browser: placed by the region precedence (lt_phone_place). */
static lt_err set_placed_phone(lt_account *a, const lt_record_input *in)
{
	const char *value = in->ids[LT_KIND_PHONE];
	char *norm = NULL;
	bool resolved;
	lt_err e = lt_phone_place(value, in->region, in->hints, in->n_hints, &norm, &resolved);

	return e != LT_OK ? e : set_ident(a, LT_KIND_PHONE, value, norm);
}

int lt_account_has_ident(const lt_account *a)
{
	int k;

	for (k = LT_KIND_NONE + 1; k < LT_KIND_COUNT; k++)
		if (a->ids[k].normalized)
			return 1;
	return 0;
}

int lt_account_mergeable(const lt_account *into, const lt_account *add)
{
	int k, common = 0;

	if (!into->site || !add->site || strcmp(into->site, add->site) != 0)
		return 0;
	for (k = LT_KIND_NONE + 1; k < LT_KIND_COUNT; k++) {
		const char *x = into->ids[k].normalized, *y = add->ids[k].normalized;

		if (!x || !y)
			continue;
		if (strcmp(x, y) != 0)
			return 0;
		common = 1;
	}
	return common;
}

/* Replace *dst by a copy of src when src is given. */
static void take_newer(char **dst, const char *src)
{
	char *copy;

	if (!src || !(copy = strdup(src)))
		return;
	free(*dst);
	*dst = copy;
}

/* A fingerprint seen for the first time is kept; another one is a change. */
static void merge_password(lt_account *into, const lt_account *add)
{
	if (!add->password_fp[0] || strcmp(add->password_fp, into->password_fp) == 0)
		return;
	if (into->password_fp[0] && strcmp(add->password_seen, into->password_seen) < 0)
		return; /* older than the one kept */
	if (into->password_fp[0])
		memcpy(into->password_changed, add->password_seen, LT_TIME_LEN);
	memcpy(into->password_fp, add->password_fp, sizeof into->password_fp);
	memcpy(into->password_seen, add->password_seen, LT_TIME_LEN);
}

/* Is a's first-given time earlier than b's, or as early and surer? */
static int given_earlier(const lt_account *a, const lt_account *b)
{
	int c;

	if (!a->first_seen[0])
		return 0;
	c = strcmp(a->first_seen, b->first_seen);
	return c < 0 || (c == 0 && a->certainty < b->certainty);
}

static void drop_page(lt_account *a, size_t i)
{
	free(a->pages[i].url);
	free(a->pages[i].title);
	memmove(&a->pages[i], &a->pages[i + 1], (a->n_pages - i - 1) * sizeof a->pages[0]);
	a->n_pages--;
}

void lt_account_note_page(lt_account *a, const char *url, const char *title, lt_capture c, const char *at)
{
	lt_page p = {NULL, NULL, c, ""};
	size_t i;

	if (!url || (a->url && strcmp(url, a->url) == 0))
		return;
	for (i = 0; i < a->n_pages; i++)
		if (strcmp(a->pages[i].url, url) == 0) {
			if (strcmp(at, a->pages[i].at) >= 0)
				return;
			drop_page(a, i); /* given there earlier than we knew: placed again below */
			break;
		}
	for (i = a->n_pages; i > 0 && strcmp(a->pages[i - 1].at, at) > 0; i--)
		;
	if (a->n_pages == LT_PAGES_MAX && i == 0)
		return; /* older than every page kept */
	if (!(p.url = strdup(url)) || (title && !(p.title = strdup(title)))) {
		free(p.url);
		return;
	}
	memcpy(p.at, at, LT_TIME_LEN);
	if (a->n_pages == LT_PAGES_MAX) {
		drop_page(a, 0);
		i--;
	}
	memmove(&a->pages[i + 1], &a->pages[i], (a->n_pages - i) * sizeof a->pages[0]);
	a->pages[i] = p;
	a->n_pages++;
}

/* Replace *dst by a copy of src, or NULL. */
static void take_copy(char **dst, const char *src)
{
	free(*dst);
	*dst = src ? strdup(src) : NULL;
}

/* `add` was given earlier than anything `into` knew (or `into` is new): its
 * page becomes the first, and the old first page a later one. */
static void take_first_page(lt_account *into, const lt_account *add)
{
	char *url = into->url, *title = into->title;
	lt_capture c = into->capture;
	char at[LT_TIME_LEN];

	memcpy(at, into->first_seen, LT_TIME_LEN);
	into->url = add->url ? strdup(add->url) : NULL;
	into->title = add->title ? strdup(add->title) : NULL;
	take_copy(&into->top_site, add->top_site);
	memcpy(into->first_seen, add->first_seen, LT_TIME_LEN);
	into->certainty = add->certainty;
	into->capture = add->capture;
	if (at[0])
		lt_account_note_page(into, url, title, c, at);
	free(url);
	free(title);
}

int lt_account_merge(lt_account *into, const lt_account *add)
{
	int k, new_kind = 0;
	size_t i;

	for (k = LT_KIND_NONE + 1; k < LT_KIND_COUNT; k++) {
		if (into->ids[k].normalized || !add->ids[k].normalized)
			continue;
		take_newer(&into->ids[k].value, add->ids[k].value);
		take_newer(&into->ids[k].normalized, add->ids[k].normalized);
		new_kind = 1;
	}
	into->captures |= add->captures | (1u << add->capture);
	if (add->first_seen[0] && (!into->first_seen[0] || given_earlier(add, into)))
		take_first_page(into, add);
	else if (add->url && into->url && strcmp(add->url, into->url) == 0 && !into->title)
		take_newer(&into->title, add->title);
	else
		lt_account_note_page(into, add->url, add->title, add->capture, add->first_seen);
	for (i = 0; i < add->n_pages; i++)
		lt_account_note_page(into, add->pages[i].url, add->pages[i].title, add->pages[i].capture,
				     add->pages[i].at);
	if (strcmp(add->last_seen, into->last_seen) > 0)
		memcpy(into->last_seen, add->last_seen, LT_TIME_LEN);
	merge_password(into, add);
	take_newer(&into->note, add->note);
	return new_kind;
}

lt_err lt_account_begin(lt_account *a, const char *url_or_host, lt_capture c)
{
	lt_err e;

	memset(a, 0, sizeof *a);
	if ((unsigned)c >= LT_CAPTURE_COUNT)
		return lt_fail(LT_ERR_BAD_REQUEST, "unknown capture kind");
	e = lt_site_from(url_or_host, &a->site);
	if (e != LT_OK)
		return e;
	if (strstr(url_or_host, "://") && (e = lt_url_clean(url_or_host, &a->url)) != LT_OK) {
		lt_account_clear(a);
		return e;
	}
	a->capture = c;
	a->captures = 1u << c;
	lt_time_now(a->first_seen);
	memcpy(a->last_seen, a->first_seen, LT_TIME_LEN);
	return LT_OK;
}

lt_err lt_account_set_given(lt_account *a, const char *when, lt_certainty c)
{
	time_t t;
	char now[LT_TIME_LEN];
	lt_err e;

	if ((unsigned)c >= LT_CERTAINTY_COUNT)
		return lt_fail(LT_ERR_BAD_REQUEST, "unknown date certainty");
	a->certainty = c;
	if (c == LT_CERTAINTY_UNKNOWN || !when)
		return LT_OK;
	if ((e = lt_time_parse(when, &t)) != LT_OK)
		return e;
	lt_time_now(now);
	lt_time_format(t, a->first_seen);
	if (strcmp(a->first_seen, now) > 0)
		return lt_fail(LT_ERR_BAD_TIME, "the date given is in the future");
	return LT_OK;
}

lt_err lt_account_set_top(lt_account *a, const char *top_url)
{
	char *site = NULL;
	lt_err e = lt_site_from(top_url, &site);

	if (e != LT_OK)
		return e;
	free(a->top_site);
	a->top_site = site;
	return LT_OK;
}

/* Keep the detail of the last failure under a name of the field. */
static lt_err corrupt_field(const char *field)
{
	char why[256];

	snprintf(why, sizeof why, "%s", lt_err_detail());
	return lt_fail(LT_ERR_CORRUPT_RECORD, "field %s: %s", field, why);
}

static void replace(char **field, char *value)
{
	free(*field);
	*field = value;
}

/* A page URL (field, when given) cleaned in place; it must be on `site`. */
static lt_err rederive_url(char **field, const char *name, const char *site)
{
	char *url = NULL, *from_url = NULL;
	int same;

	if (!*field)
		return LT_OK;
	if (lt_url_clean(*field, &url) != LT_OK || lt_site_from(url, &from_url) != LT_OK) {
		free(url);
		return corrupt_field(name);
	}
	same = strcmp(from_url, site) == 0;
	free(from_url);
	if (!same) {
		free(url);
		return lt_fail(LT_ERR_CORRUPT_RECORD, "field %s is not on the site of field site", name);
	}
	replace(field, url);
	return LT_OK;
}

static lt_err rederive_site(lt_account *a)
{
	char *site = NULL;
	lt_err e;
	size_t i;

	if (lt_site_from(a->site, &site) != LT_OK)
		return corrupt_field("site");
	replace(&a->site, site);
	if ((e = rederive_url(&a->url, "url", a->site)) != LT_OK)
		return e;
	for (i = 0; i < a->n_pages; i++)
		if ((e = rederive_url(&a->pages[i].url, "pages.url", a->site)) != LT_OK)
			return e;
	if (a->top_site && lt_site_from(a->top_site, &site) != LT_OK)
		return corrupt_field("top_site");
	if (a->top_site)
		replace(&a->top_site, site);
	return LT_OK;
}

lt_err lt_account_rederive(lt_account *a)
{
	lt_err e = rederive_site(a);
	char *n;
	int k;

	for (k = LT_KIND_NONE + 1; e == LT_OK && k < LT_KIND_COUNT; k++) {
		if (!a->ids[k].normalized)
			continue;
		if ((e = lt_ident_rederive((lt_kind)k, a->ids[k].value, a->ids[k].normalized, &n)) != LT_OK)
			return e == LT_ERR_IO || e == LT_ERR_NOMEM ? e : corrupt_field(lt_kind_name((lt_kind)k));
		replace(&a->ids[k].normalized, n);
	}
	return e;
}

lt_err lt_account_set_text(char **field, const char *text)
{
	char *copy;

	if (strlen(text) > LT_TEXT_MAX)
		return lt_fail(LT_ERR_TOO_LARGE, "text over %d bytes", LT_TEXT_MAX);
	if (!g_utf8_validate(text, -1, NULL))
		return lt_fail(LT_ERR_BAD_UTF8, "text is not valid UTF-8");
	if (!(copy = strdup(text)))
		return LT_ERR_NOMEM;
	free(*field);
	*field = copy;
	return LT_OK;
}

static lt_err fill_from_input(const lt_record_input *in, lt_account *a)
{
	lt_err e;
	int k;

	if ((e = lt_account_set_given(a, in->given, in->certainty)) != LT_OK ||
	    (in->title && (e = lt_account_set_text(&a->title, in->title)) != LT_OK) ||
	    (in->note && (e = lt_account_set_text(&a->note, in->note)) != LT_OK) ||
	    (in->top_url && (e = lt_account_set_top(a, in->top_url)) != LT_OK))
		return e;
	for (k = LT_KIND_NONE + 1; k < LT_KIND_COUNT; k++) {
		if (!in->ids[k])
			continue;
		e = k == LT_KIND_PHONE && in->place_phone ? set_placed_phone(a, in)
							  : lt_account_set_ident(a, (lt_kind)k, in->ids[k], in->region);
		if (e != LT_OK)
			return e;
	}
	if (!lt_account_has_ident(a))
		return lt_fail(LT_ERR_NO_IDENTIFIER, "give at least one of %s", lt_kind_names_text());
	return LT_OK;
}

lt_err lt_account_from_input(const lt_record_input *in, lt_account *a)
{
	lt_err e;

	if (!in->url)
		return lt_fail(LT_ERR_BAD_SITE, "a record needs the page address or site");
	if ((e = lt_account_begin(a, in->url, in->capture)) != LT_OK)
		return e;
	if ((e = fill_from_input(in, a)) != LT_OK)
		lt_account_clear(a);
	return e;
}
