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

lt_err lt_account_batch_open(lt_store *s, lt_account_batch **out)
{
	const char *none[] = {NULL};
	lt_account_batch *b = calloc(1, sizeof *b);
	lt_err e;
	size_t i;

	*out = NULL;
	if (!b)
		return LT_ERR_NOMEM;
	b->s = s;
	b->by_site = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, free_indices);
	if ((e = lt_store_search(s, none, &b->accounts, &b->n, NULL)) != LT_OK) {
		lt_account_batch_close(b);
		return e;
	}
	b->cap = b->n + 1; /* lt_store_search allocates one more than it fills */
	for (i = 0; i < b->n; i++)
		index_account(b, i);
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
