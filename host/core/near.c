/* SPDX-License-Identifier: MIT */
/* near.c: how near two short strings are (the "did you mean" of a mistyped
 * command, the digit slipped in a phone number), and whether an identifier is
 * one the person gave to a site (near.h says why). The recorded check is
 * trace's own lookup, so it finds what trace would find; the near search
 * reads every account once (the keyring cannot search by nearness). */
#include "near.h"

#include <stdlib.h>
#include <string.h>

#include "alias.h"
#include "store.h"
#include "trace.h"

size_t lt_edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), row[32], i, j, diag, up, best;

	if (lb >= sizeof row / sizeof *row || la >= 64)
		return (size_t)-1;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		diag = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			up = row[j];
			best = diag < up ? diag : up;
			best = best < row[j - 1] ? best : row[j - 1];
			row[j] = a[i - 1] == b[j - 1] ? diag : 1 + best;
			diag = up;
		}
	}
	return row[lb];
}

static int in_pool(lt_store *s, const char *normalized, int *found)
{
	char **numbers = NULL;
	size_t n = 0, i;
	lt_err e = lt_pool_list(s, &numbers, &n);

	*found = 0;
	for (i = 0; e == LT_OK && i < n; i++)
		*found |= strcmp(numbers[i], normalized) == 0;
	lt_pool_free(numbers, n);
	return e;
}

/* The digits of a phone number (E.164 or as stored unresolved). */
static const char *digits_of(const char *phone)
{
	return phone[0] == '+' ? phone + 1 : phone;
}

/* Among every account, the phone numbers one digit from `normalized`: the
 * first (accounts come sorted by site) and how many sites hold it. */
static lt_err find_near(lt_store *s, const char *normalized, lt_near_check *out)
{
	const char *const every[] = {NULL};
	const char *counted = NULL; /* the last site counted */
	lt_account *all = NULL;
	size_t n = 0, i;
	lt_err e = lt_store_search(s, every, &all, &n, NULL);

	for (i = 0; e == LT_OK && i < n; i++) {
		const char *p = all[i].ids[LT_KIND_PHONE].normalized;

		if (!p || lt_edit_distance(digits_of(normalized), digits_of(p)) != 1)
			continue;
		if (!out->near) {
			out->near = strdup(p);
			out->near_site = strdup(all[i].site);
			if (!out->near || !out->near_site)
				e = LT_ERR_NOMEM;
		}
		if (e == LT_OK && strcmp(out->near, p) == 0 && (!counted || strcmp(counted, all[i].site) != 0)) {
			counted = all[i].site;
			out->near_sites++;
		}
	}
	lt_accounts_free(all, n);
	return e;
}

lt_err lt_near_check_mine(lt_store *s, lt_kind k, const char *normalized, const char *region, lt_near_check *out)
{
	lt_trace_result r;
	lt_err e;

	memset(out, 0, sizeof *out);
	if ((e = lt_trace(s, normalized, k, region, NULL, &r)) != LT_OK)
		return e;
	out->mine = r.n > 0;
	lt_trace_result_clear(&r);
	if (!out->mine && k == LT_KIND_PHONE && (e = in_pool(s, normalized, &out->mine)) != LT_OK)
		return e;
	if (!out->mine && k == LT_KIND_PHONE)
		e = find_near(s, normalized, out);
	if (e != LT_OK)
		lt_near_check_clear(out);
	return e;
}

void lt_near_check_clear(lt_near_check *c)
{
	free(c->near);
	free(c->near_site);
	memset(c, 0, sizeof *c);
}
