/* SPDX-License-Identifier: MIT */
/* backup_restore.c: merging a validated backup into the keyring (backup.h).
 *
 * First a snapshot of what the keyring holds (one batch read per schema), so
 * records already here are skipped without a write -- importing twice costs
 * reads only, and gnome-keyring writes are slow. Accounts then go through
 * lt_store_record, which merges without duplicates under the lock; incidents
 * keep their ids. Alias, Key and Setting items are written only when absent,
 * checked again under lock.h's lock, since two items with one tag, purpose or
 * name would be ambiguous. A key that differs from the local one is never
 * replaced: tags already issued here depend on it. Order: settings and keys
 * first, so an interrupted import leaves the alias base and key in place
 * before the aliases and accounts that need them. */
#include "backup_doc.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "account_batch.h"
#include "lock.h"
#include "primitives.h"
#include "store.h"

typedef struct {
	lt_store *s;
	lt_restore_result *r;
	lt_backup_progress progress;
	void *ctx;
	size_t done, total;
	lt_account *accounts; /* the keyring's accounts, kept up to date as we write */
	size_t naccounts;
	GHashTable *seen[LT_BK_KINDS]; /* incidents, aliases, keys, settings: id -> key hex or "" */
} restore_ctx;

static const char *const item_attr[LT_BK_KINDS] = {[LT_BK_ALIASES] = "tag", [LT_BK_KEYS] = "purpose",
						   [LT_BK_SETTINGS] = "name"};

static void tick(restore_ctx *rc)
{
	rc->done++;
	if (rc->progress)
		rc->progress(rc->done, rc->total, rc->ctx);
}

static void seen_value_free(gpointer v)
{
	bk_wipe_free(v);
}

/* Remember id (copied) with a value we own (malloc'd, or NULL for ""). */
static lt_err remember(restore_ctx *rc, int kind, const char *id, char *value)
{
	char *k = strdup(id), *v = value ? value : strdup("");

	if (!k || !v) {
		free(k);
		bk_wipe_free(v);
		return LT_ERR_NOMEM;
	}
	g_hash_table_replace(rc->seen[kind], k, v);
	return LT_OK;
}

/* ---- the snapshot -------------------------------------------------------- */

static lt_err snapshot_incidents(restore_ctx *rc)
{
	lt_incident *list = NULL;
	size_t n = 0, i;
	lt_err e = lt_incident_list(rc->s, LT_KIND_NONE, NULL, &list, &n);

	for (i = 0; e == LT_OK && i < n; i++)
		e = remember(rc, LT_BK_INCIDENTS, list[i].id, NULL);
	lt_incidents_free(list, n);
	return e;
}

/* The value an item found in the keyring is known by: a key's hex, "" for
 * others, and "" too for an unreadable one (present: never written over). */
static char *found_value(int kind, const lt_item *item)
{
	bk_item it = {0};
	char *v = NULL;

	if (bk_item_from_secret(kind, item->secret, item->len, &it) == LT_OK && it.value) {
		v = it.value;
		it.value = NULL;
	}
	bk_item_clear(&it);
	lt_err_clear();
	return v ? v : strdup("");
}

static lt_err snapshot_items(restore_ctx *rc, int kind)
{
	lt_item *items = NULL;
	size_t n = 0, i;
	lt_err e = lt_keyring_find(rc->s, bk_schema(kind), (const char *const[]){NULL}, &items, &n);

	for (i = 0; e == LT_OK && i < n; i++) {
		bk_item it = {0};

		if (bk_item_from_secret(kind, items[i].secret, items[i].len, &it) == LT_OK) {
			e = remember(rc, kind, it.id, it.value);
			it.value = NULL;
		}
		bk_item_clear(&it);
		lt_wipe(items[i].secret, items[i].len);
	}
	lt_items_free(items, n);
	if (e == LT_OK)
		lt_err_clear();
	return e;
}

static lt_err snapshot(restore_ctx *rc, const lt_backup *b)
{
	lt_account *more;
	lt_err e = lt_store_search(rc->s, (const char *const[]){NULL}, &rc->accounts, &rc->naccounts, NULL);
	int k;

	if (e != LT_OK)
		return e;
	/* room for every account of the backup, so appending never reallocates */
	if (!(more = realloc(rc->accounts, (rc->naccounts + b->n[LT_BK_ACCOUNTS] + 1) * sizeof *more)))
		return LT_ERR_NOMEM;
	rc->accounts = more;
	for (k = LT_BK_INCIDENTS; k < LT_BK_KINDS; k++)
		rc->seen[k] = g_hash_table_new_full(g_str_hash, g_str_equal, free, seen_value_free);
	e = snapshot_incidents(rc);
	for (k = LT_BK_ALIASES; e == LT_OK && k < LT_BK_KINDS; k++)
		e = snapshot_items(rc, k);
	return e;
}

/* ---- aliases, keys, settings --------------------------------------------- */

static void note_conflict(lt_restore_result *r, const char *purpose)
{
	char **more;
	size_t i;

	for (i = 0; i < r->nkey_conflicts; i++)
		if (strcmp(r->key_conflicts[i], purpose) == 0)
			return;
	if ((more = realloc(r->key_conflicts, (r->nkey_conflicts + 1) * sizeof *more))) {
		r->key_conflicts = more;
		if ((more[r->nkey_conflicts] = strdup(purpose)))
			r->nkey_conflicts++;
	}
}

/* The record is already here (with value `have`): skip it, noting a different key. */
static void settle_present(restore_ctx *rc, int kind, const bk_item *it, const char *have)
{
	if (kind == LT_BK_KEYS && strcmp(have, it->value) != 0)
		note_conflict(rc->r, it->id);
	rc->r->skipped[kind]++;
}

/* Under the lock: the item with this id, if the keyring holds one now. */
static lt_err find_present(restore_ctx *rc, int kind, const char *id, char **have)
{
	const char *attrs[] = {item_attr[kind], id, NULL};
	lt_item *items = NULL;
	size_t n = 0, i;
	lt_err e = lt_keyring_find(rc->s, bk_schema(kind), attrs, &items, &n);

	*have = NULL;
	if (e == LT_OK && n > 0 && !(*have = found_value(kind, &items[0])))
		e = LT_ERR_NOMEM;
	for (i = 0; i < n; i++)
		lt_wipe(items[i].secret, items[i].len);
	lt_items_free(items, n);
	return e;
}

static lt_err write_item(restore_ctx *rc, int kind, const bk_item *it)
{
	const char *attrs[] = {item_attr[kind], it->id, "site", it->site, NULL};

	if (kind != LT_BK_ALIASES)
		attrs[2] = NULL;
	/* An alias replaces one with the same site and tag, as alias.c writes it. */
	return lt_keyring_put(rc->s, bk_schema(kind), attrs, it->secret, kind == LT_BK_ALIASES, NULL);
}

static lt_err import_item(restore_ctx *rc, int kind, const bk_item *it)
{
	const char *known = g_hash_table_lookup(rc->seen[kind], it->id);
	char *have = NULL;
	int fd;
	lt_err e;

	if (known || !bk_item_portable(kind, it)) {
		if (known)
			settle_present(rc, kind, it, known);
		else
			rc->r->skipped[kind]++;
		return LT_OK;
	}
	if ((e = lt_lock_take(&fd)) != LT_OK)
		return e;
	if ((e = find_present(rc, kind, it->id, &have)) == LT_OK && !have)
		e = write_item(rc, kind, it);
	lt_lock_release(fd);
	if (e != LT_OK) {
		bk_wipe_free(have);
		return e;
	}
	if (have)
		settle_present(rc, kind, it, have);
	else
		rc->r->added[kind]++;
	return remember(rc, kind, it->id, have ? have : it->value ? strdup(it->value) : NULL);
}

/* ---- incidents ----------------------------------------------------------- */

static lt_err import_incident(restore_ctx *rc, const lt_incident *inc)
{
	lt_incident copy = *inc;
	lt_err e;

	if (g_hash_table_contains(rc->seen[LT_BK_INCIDENTS], inc->id)) {
		rc->r->skipped[LT_BK_INCIDENTS]++;
		return LT_OK;
	}
	copy.item_path = NULL;
	e = lt_incident_add(rc->s, &copy); /* keeps its id */
	free(copy.item_path);
	if (e != LT_OK)
		return e;
	rc->r->added[LT_BK_INCIDENTS]++;
	return remember(rc, LT_BK_INCIDENTS, inc->id, NULL);
}

/* ---- accounts ------------------------------------------------------------ */

static long find_mergeable(const restore_ctx *rc, const lt_account *add)
{
	size_t i;

	for (i = 0; i < rc->naccounts; i++)
		if (lt_account_mergeable(&rc->accounts[i], add))
			return (long)i;
	return -1;
}

static void drop(char **field, const char *local)
{
	if (local) {
		free(*field);
		*field = NULL;
	}
}

/* What to record for `add`: a copy, without what the local account knows
 * more recently -- the note, which lt_account_merge takes from the record
 * merged in (pages go by their own times), and an older password
 * fingerprint, which it would count as a change of password. */
static lt_err prepare(const lt_account *local, const lt_account *add, lt_account *out)
{
	lt_err e = lt_account_copy(add, out);

	if (e == LT_OK && local && strcmp(add->last_seen, local->last_seen) < 0)
		drop(&out->note, local->note);
	if (e == LT_OK && local && local->password_fp[0] && strcmp(add->password_seen, local->password_seen) < 0) {
		out->password_fp[0] = '\0';
		out->password_seen[0] = '\0';
	}
	return e;
}

static void take_time(char dst[LT_TIME_LEN], const char *src, int *changed)
{
	if (src[0] && strcmp(src, dst) > 0) {
		memcpy(dst, src, LT_TIME_LEN);
		*changed = 1;
	}
}

/* Copy into `a` the state lt_account_merge does not carry -- a reported
 * login, a rotation done, when the password last changed -- where b's is
 * newer. 1 when a changed. */
static int take_state(lt_account *a, const lt_account *b)
{
	int changed = 0, login = 0;
	char *note;

	take_time(a->compromised_at, b->compromised_at, &login);
	if (login && b->compromised_note && (note = strdup(b->compromised_note))) {
		free(a->compromised_note);
		a->compromised_note = note;
	}
	take_time(a->rotation_done, b->rotation_done, &changed);
	if (a->password_fp[0] && strcmp(a->password_fp, b->password_fp) == 0)
		take_time(a->password_changed, b->password_changed, &changed);
	return changed || login;
}

static int has_state(const lt_account *b)
{
	return b->compromised_at[0] || b->rotation_done[0] || b->password_changed[0];
}

static int same_identifiers(const lt_account *x, const lt_account *y)
{
	int k;

	for (k = LT_KIND_NONE + 1; k < LT_KIND_COUNT; k++) {
		const char *p = x->ids[k].normalized, *q = y->ids[k].normalized;

		if ((p || q) && (!p || !q || strcmp(p, q) != 0))
			return 0;
	}
	return 1;
}

typedef struct {
	const lt_account *stored, *backup;
} state_ctx;

static int keep_state(lt_account *a, void *ctx)
{
	const state_ctx *c = ctx;

	return same_identifiers(a, c->stored) && take_state(a, c->backup);
}

/* Would merging `add` (and its state) into `local` change anything? */
static int changes(const lt_account *local, const lt_account *add)
{
	lt_account merged;
	char *before, *after;
	int differ = 1;

	if (lt_account_copy(local, &merged) != LT_OK)
		return 1;
	lt_account_merge(&merged, add);
	take_state(&merged, add);
	before = lt_account_to_string(local);
	after = lt_account_to_string(&merged);
	if (before && after)
		differ = strcmp(before, after) != 0;
	free(before);
	free(after);
	lt_account_clear(&merged);
	return differ;
}

/* Record the account, then its state when the merge did not carry it. */
static lt_err record(restore_ctx *rc, const lt_account *add, lt_account *stored, int *created)
{
	lt_err e = lt_store_record(rc->s, add, stored, created);
	state_ctx c = {stored, add};

	if (e != LT_OK || !has_state(add))
		return e;
	e = lt_store_modify(rc->s, stored->site, keep_state, &c, NULL);
	take_state(stored, add); /* the snapshot's copy, as now stored */
	return e;
}

static lt_err import_account(restore_ctx *rc, const lt_account *a)
{
	long i = find_mergeable(rc, a);
	lt_account add, stored;
	int created = 0;
	lt_err e = prepare(i >= 0 ? &rc->accounts[i] : NULL, a, &add);

	if (e == LT_OK && i >= 0 && !changes(&rc->accounts[i], &add)) {
		rc->r->skipped[LT_BK_ACCOUNTS]++;
		lt_account_clear(&add);
		return LT_OK;
	}
	if (e == LT_OK)
		e = record(rc, &add, &stored, &created);
	lt_account_clear(&add);
	if (e != LT_OK)
		return e;
	if (created)
		rc->r->added[LT_BK_ACCOUNTS]++;
	else
		rc->r->merged[LT_BK_ACCOUNTS]++;
	if (i >= 0 && !created) /* the snapshot follows what the keyring now holds */
		lt_account_clear(&rc->accounts[i]);
	rc->accounts[i >= 0 && !created ? (size_t)i : rc->naccounts++] = stored;
	return LT_OK;
}

/* ---- the whole restore --------------------------------------------------- */

static lt_err restore_kind(restore_ctx *rc, const lt_backup *b, int kind)
{
	size_t i;
	lt_err e = LT_OK;

	for (i = 0; e == LT_OK && i < b->n[kind]; i++) {
		if (kind == LT_BK_ACCOUNTS)
			e = import_account(rc, &b->accounts[i]);
		else if (kind == LT_BK_INCIDENTS)
			e = import_incident(rc, &b->incidents[i]);
		else
			e = import_item(rc, kind, &b->items[kind][i]);
		if (e == LT_OK)
			tick(rc);
	}
	return e;
}

lt_err lt_backup_restore(lt_store *s, const lt_backup *b, lt_backup_progress progress, void *ctx,
			 lt_restore_result *r)
{
	static const int order[] = {LT_BK_SETTINGS, LT_BK_KEYS, LT_BK_ALIASES, LT_BK_ACCOUNTS, LT_BK_INCIDENTS};
	restore_ctx rc = {.s = s, .r = r, .progress = progress, .ctx = ctx};
	lt_err e;
	size_t i;
	int k;

	memset(r, 0, sizeof *r);
	for (k = 0; k < LT_BK_KINDS; k++)
		rc.total += b->n[k];
	if (progress)
		progress(0, rc.total, ctx);
	e = snapshot(&rc, b);
	for (i = 0; e == LT_OK && i < sizeof order / sizeof order[0]; i++)
		e = restore_kind(&rc, b, order[i]);
	lt_accounts_free(rc.accounts, rc.naccounts);
	for (k = 0; k < LT_BK_KINDS; k++)
		if (rc.seen[k])
			g_hash_table_destroy(rc.seen[k]);
	return e;
}

void lt_restore_result_clear(lt_restore_result *r)
{
	size_t i;

	for (i = 0; i < r->nkey_conflicts; i++)
		free(r->key_conflicts[i]);
	free(r->key_conflicts);
	memset(r, 0, sizeof *r);
}
