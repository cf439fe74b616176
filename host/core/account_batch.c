/* SPDX-License-Identifier: MIT */
/* account_batch.c: many accounts recorded against one snapshot (account_batch.h).
 * The snapshot is an array of accounts with a hash table from site to the
 * indices of its accounts, so matching 10,000 rows is not 10,000 scans. */
#include "account_batch.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "store.h"

struct lt_account_batch {
	lt_store *s;
	lt_account *accounts;
	size_t n, cap;
	GHashTable *by_site; /* site (owned by the account) -> GArray of size_t */
};

lt_err lt_account_copy(const lt_account *a, lt_account *out)
{
	cJSON *j = lt_account_to_json(a);
	lt_err e = j ? lt_account_from_json(j, out) : LT_ERR_NOMEM;

	cJSON_Delete(j);
	return e;
}

static void free_indices(gpointer p)
{
	g_array_free(p, TRUE);
}

static void index_account(lt_account_batch *b, size_t i)
{
	GArray *at = g_hash_table_lookup(b->by_site, b->accounts[i].site);

	if (!at) {
		at = g_array_new(FALSE, FALSE, sizeof(size_t));
		g_hash_table_insert(b->by_site, g_strdup(b->accounts[i].site), at);
	}
	g_array_append_val(at, i);
}

/* Append the accounts of list (handed over) to the snapshot. */
static lt_err take(lt_account_batch *b, lt_account *list, size_t n)
{
	lt_err e = LT_OK;
	size_t i;

	for (i = 0; e == LT_OK && i < n; i++)
		if ((e = lt_grow(&b->accounts, &b->cap, b->n, sizeof *b->accounts, 16)) == LT_OK) {
			b->accounts[b->n] = list[i];
			memset(&list[i], 0, sizeof list[i]);
			index_account(b, b->n++);
		}
	lt_accounts_free(list, n);
	return e;
}

/* The accounts of each site: one search each, as lt_store_record finds the
 * accounts it merges into, all sent together (lt_keyring_prefetch). */
static lt_err read_sites(lt_account_batch *b, const char *const *sites, size_t n)
{
	const char *attrs[LT_BATCH_SITES_MAX][3];
	lt_keyring_query q[LT_BATCH_SITES_MAX];
	lt_account *list;
	size_t i, k;
	lt_err e = LT_OK;

	for (i = 0; i < n; i++) {
		attrs[i][0] = "site", attrs[i][1] = sites[i], attrs[i][2] = NULL;
		q[i] = (lt_keyring_query){.schema = LT_SCHEMA_ACCOUNT, .attrs = attrs[i]};
	}
	lt_keyring_prefetch(b->s, q, n);
	for (i = 0; e == LT_OK && i < n; i++)
		if ((e = lt_store_search(b->s, attrs[i], &list, &k, NULL)) == LT_OK)
			e = take(b, list, k);
	lt_keyring_prefetch_drop(b->s);
	return e;
}

/* The distinct sites of sites[0..n), into *out (borrowed); 0 when there are
 * more than LT_BATCH_SITES_MAX. */
static size_t distinct_sites(const char *const *sites, size_t n, const char **out)
{
	GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
	size_t i, k = 0;

	for (i = 0; i < n && k <= LT_BATCH_SITES_MAX; i++)
		if (g_hash_table_add(seen, (gpointer)sites[i]) && k++ < LT_BATCH_SITES_MAX)
			out[k - 1] = sites[i];
	g_hash_table_destroy(seen);
	return k <= LT_BATCH_SITES_MAX ? k : 0;
}

lt_err lt_account_batch_open(lt_store *s, const char *const *sites, size_t n_sites, lt_account_batch **out)
{
	const char *none[] = {NULL}, *few[LT_BATCH_SITES_MAX];
	lt_account_batch *b = calloc(1, sizeof *b);
	size_t n_few = sites ? distinct_sites(sites, n_sites, few) : 0;
	lt_account *all;
	size_t n;
	lt_err e;

	*out = NULL;
	if (!b)
		return LT_ERR_NOMEM;
	b->s = s;
	b->by_site = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, free_indices);
	if (sites && n_sites == 0)
		e = LT_OK; /* no site: nothing to read */
	else if (n_few > 0)
		e = read_sites(b, few, n_few);
	else if ((e = lt_store_search(s, none, &all, &n, NULL)) == LT_OK)
		e = take(b, all, n);
	if (e != LT_OK) {
		lt_account_batch_close(b);
		return e;
	}
	*out = b;
	return LT_OK;
}

void lt_account_batch_close(lt_account_batch *b)
{
	if (!b)
		return;
	lt_accounts_free(b->accounts, b->n);
	g_hash_table_destroy(b->by_site);
	free(b);
}

const lt_account *lt_account_batch_site(const lt_account_batch *b, const char *site, size_t k)
{
	GArray *at = g_hash_table_lookup(b->by_site, site);

	return at && k < at->len ? &b->accounts[g_array_index(at, size_t, k)] : NULL;
}

static long find_mergeable(const lt_account_batch *b, const lt_account *add)
{
	GArray *at = g_hash_table_lookup(b->by_site, add->site);
	guint i;

	for (i = 0; at && i < at->len; i++) {
		size_t k = g_array_index(at, size_t, i);

		if (lt_account_mergeable(&b->accounts[k], add))
			return (long)k;
	}
	return -1;
}

/* Would merging `add` into `local` change more than last_seen? Into *merged. */
static lt_err merge_changes(const lt_account *local, const lt_account *add, lt_account *merged, int *changed)
{
	char *before = NULL, *after = NULL;
	lt_err e = lt_account_copy(local, merged);

	if (e != LT_OK)
		return e;
	lt_account_merge(merged, add);
	memcpy(merged->last_seen, local->last_seen, LT_TIME_LEN);
	before = lt_account_to_string(local);
	after = lt_account_to_string(merged);
	e = before && after ? LT_OK : LT_ERR_NOMEM;
	*changed = e == LT_OK && strcmp(before, after) != 0;
	free(before);
	free(after);
	return e;
}

/* Put `a` into the snapshot: in place of entry i, or appended (i < 0). */
static lt_err keep(lt_account_batch *b, long i, lt_account *a)
{
	lt_err e;

	if (i >= 0) {
		if (!a->item_path) { /* a dry run's copy: the item is still the one here */
			a->item_path = b->accounts[i].item_path;
			b->accounts[i].item_path = NULL;
		}
		lt_account_clear(&b->accounts[i]);
		b->accounts[i] = *a;
		return LT_OK;
	}
	if ((e = lt_grow(&b->accounts, &b->cap, b->n, sizeof *b->accounts, 16)) != LT_OK)
		return e;
	b->accounts[b->n] = *a;
	index_account(b, b->n++);
	return LT_OK;
}

lt_err lt_account_batch_record(lt_account_batch *b, const lt_account *add, int dry_run, lt_batch_outcome *outcome)
{
	long i = find_mergeable(b, add);
	lt_account in, result = {0};
	int changed = 1, created = 0;
	lt_err e = lt_account_copy(add, &in);

	if (e == LT_OK && i >= 0) { /* the page details here stay */
		free(in.url), free(in.title), free(in.top_site), free(in.note);
		in.url = in.title = in.top_site = in.note = NULL;
		e = merge_changes(&b->accounts[i], &in, &result, &changed);
	}
	if (e == LT_OK && !changed) {
		*outcome = LT_BATCH_UNCHANGED;
		lt_account_clear(&result);
	} else if (e == LT_OK && dry_run) {
		*outcome = i >= 0 ? LT_BATCH_MERGED : LT_BATCH_ADDED;
		if (i < 0)
			e = lt_account_copy(&in, &result);
		e = e == LT_OK ? keep(b, i, &result) : e;
	} else if (e == LT_OK) {
		lt_account_clear(&result);
		e = lt_store_record(b->s, &in, &result, &created);
		*outcome = created ? LT_BATCH_ADDED : LT_BATCH_MERGED;
		e = e == LT_OK ? keep(b, created ? -1 : i, &result) : e;
	}
	if (e != LT_OK)
		lt_account_clear(&result);
	lt_account_clear(&in);
	return e;
}
