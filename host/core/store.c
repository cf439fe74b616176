/* SPDX-License-Identifier: MIT */
/* store.c: the account store (store.h) on top of keyring.c.
 *
 * Updates that keep the item's attributes use CreateItem with "replace" (one
 * call, atomic); updates that add an identifier kind create the new item
 * first and delete the old one after, so a crash in between leaves two whole
 * records (merged on the next write), never a half one. Every write runs
 * under lock.h's lock: search, merge and write are one step for other writers. */
#include "store.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lock.h"
#include "primitives.h"
#include "site.h"

/* site + one attribute per kind + the mailbox key, as name/value pairs. */
#define ACCOUNT_ATTRS_MAX (2 * (LT_KIND_COUNT + 2) + 1)

const char *lt_store_attr(lt_kind k)
{
	return lt_kind_name(k);
}

static int account_cmp(const void *x, const void *y)
{
	const lt_account *a = x, *b = y;
	int c = strcmp(a->site, b->site);

	return c ? c : strcmp(a->first_seen, b->first_seen);
}

lt_err lt_unreadable_add(lt_unreadable *u, const char *path, lt_schema schema)
{
	lt_unreadable_item *more;
	size_t i;

	for (i = 0; i < u->n; i++)
		if (strcmp(u->items[i].path, path) == 0)
			return LT_OK;
	if (!(more = realloc(u->items, (u->n + 1) * sizeof *more)))
		return LT_ERR_NOMEM;
	u->items = more;
	if (!(more[u->n].path = strdup(path)))
		return LT_ERR_NOMEM;
	more[u->n++].schema = lt_schema_name(schema);
	return LT_OK;
}

void lt_unreadable_clear(lt_unreadable *u)
{
	size_t i;

	for (i = 0; i < u->n; i++)
		free(u->items[i].path);
	free(u->items);
	u->items = NULL;
	u->n = 0;
}

/* Parse items into accounts; unreadable ones go to bad (may be NULL). */
static lt_err parse_items(lt_item *items, size_t count, lt_account **out, size_t *n, lt_unreadable *bad)
{
	lt_account *list = calloc(count + 1, sizeof *list);
	size_t i;
	lt_err e = LT_OK;

	if (!list)
		return LT_ERR_NOMEM;
	for (i = 0; i < count && e == LT_OK; i++) {
		lt_account *a = &list[*n];

		if (lt_account_from_string(items[i].secret, items[i].len, a) != LT_OK) {
			e = bad ? lt_unreadable_add(bad, items[i].path, LT_SCHEMA_ACCOUNT) : LT_OK;
			continue;
		}
		a->item_path = items[i].path;
		items[i].path = NULL;
		(*n)++;
	}
	lt_err_clear();
	qsort(list, *n, sizeof *list, account_cmp);
	*out = list;
	return e;
}

lt_err lt_store_search(lt_store *s, const char *const *attrs, lt_account **out, size_t *n, lt_unreadable *bad)
{
	lt_item *items;
	size_t count;
	lt_err e = lt_keyring_find(s, LT_SCHEMA_ACCOUNT, attrs, &items, &count);

	*out = NULL;
	*n = 0;
	if (e == LT_OK)
		e = parse_items(items, count, out, n, bad);
	lt_items_free(items, count);
	return e;
}

lt_err lt_store_site(lt_store *s, const char *url_or_host, char **site, lt_account **out, size_t *n,
		     lt_unreadable *bad)
{
	const char *attrs[] = {"site", NULL, NULL};
	lt_err e;

	*site = NULL;
	*out = NULL;
	*n = 0;
	if (url_or_host && (e = lt_site_from(url_or_host, site)) != LT_OK)
		return e;
	attrs[1] = *site;
	return lt_store_search(s, url_or_host ? attrs : attrs + 2, out, n, bad);
}

/* The items of a schema other than accounts whose secret is not JSON. */
static lt_err unreadable_of(lt_store *s, lt_schema schema, lt_unreadable *bad)
{
	lt_item *items;
	size_t count, i;
	lt_err e = lt_keyring_find(s, schema, (const char *const[]){NULL}, &items, &count);

	for (i = 0; e == LT_OK && i < count; i++) {
		cJSON *j = cJSON_ParseWithLength(items[i].secret, items[i].len);

		if (!j)
			e = lt_unreadable_add(bad, items[i].path, schema);
		cJSON_Delete(j);
		lt_wipe(items[i].secret, items[i].len);
	}
	lt_items_free(items, count);
	return e;
}

lt_err lt_store_unreadable(lt_store *s, lt_unreadable *bad)
{
	lt_account *list = NULL;
	size_t n = 0;
	int schema;
	lt_err e = lt_store_search(s, (const char *const[]){NULL}, &list, &n, bad);

	lt_accounts_free(list, n);
	for (schema = LT_SCHEMA_ACCOUNT + 1; e == LT_OK && schema < LT_SCHEMA_COUNT; schema++)
		e = unreadable_of(s, (lt_schema)schema, bad);
	return e;
}

/* Write an account as one item; *mailbox is the storage behind its email_box attribute. */
static lt_err write_account(lt_store *s, const lt_account *a, int replace, char **path)
{
	const char *attrs[ACCOUNT_ATTRS_MAX] = {"site", a->site};
	char *json = lt_account_to_string(a), *mailbox = NULL;
	size_t n = 2;
	int k;
	lt_err e;

	if (!json)
		return LT_ERR_NOMEM;
	for (k = LT_KIND_NONE + 1; k < LT_KIND_COUNT; k++)
		if (a->ids[k].normalized) {
			attrs[n++] = lt_store_attr((lt_kind)k);
			attrs[n++] = a->ids[k].normalized;
		}
	if (a->ids[LT_KIND_EMAIL].normalized && lt_email_mailbox(a->ids[LT_KIND_EMAIL].normalized, &mailbox) == LT_OK) {
		attrs[n++] = LT_ATTR_MAILBOX;
		attrs[n++] = mailbox;
	}
	e = lt_keyring_put(s, LT_SCHEMA_ACCOUNT, attrs, json, replace, path);
	free(mailbox);
	free(json);
	return e;
}

/* Index of the first account in list that `add` merges into, or -1. */
static long find_mergeable(const lt_account *list, size_t n, const lt_account *add)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (lt_account_mergeable(&list[i], add))
			return (long)i;
	return -1;
}

/* Merge into list[i] and rewrite it; a new identifier kind means a new item. */
static lt_err update_account(lt_store *s, lt_account *target, const lt_account *add)
{
	char *path = NULL;
	lt_err e;

	if (!lt_account_merge(target, add))
		e = write_account(s, target, 1, &path);
	else if ((e = write_account(s, target, 0, &path)) == LT_OK)
		e = lt_keyring_delete(s, target->item_path);
	if (path) {
		free(target->item_path);
		target->item_path = path;
	}
	return e;
}

static lt_err create_account(lt_store *s, lt_account *fresh, const lt_account *add)
{
	memset(fresh, 0, sizeof *fresh);
	if (!(fresh->site = strdup(add->site)))
		return LT_ERR_NOMEM;
	lt_account_merge(fresh, add); /* an account with no first_seen takes all of add's */
	return write_account(s, fresh, 0, &fresh->item_path);
}

/* Under the lock: merge into the existing account or create one. */
static lt_err record_locked(lt_store *s, const lt_account *add, lt_account *stored, int *created)
{
	const char *attrs[] = {"site", add->site, NULL};
	lt_account *list, fresh, *target;
	size_t n;
	long i;
	lt_err e = lt_store_search(s, attrs, &list, &n, NULL);

	if (e != LT_OK)
		return e;
	i = find_mergeable(list, n, add);
	*created = i < 0;
	target = i < 0 ? &fresh : &list[i];
	e = i < 0 ? create_account(s, &fresh, add) : update_account(s, target, add);
	if (e == LT_OK && stored) {
		*stored = *target;
		memset(target, 0, sizeof *target);
	}
	if (i < 0)
		lt_account_clear(&fresh);
	lt_accounts_free(list, n);
	return e;
}

lt_err lt_store_record(lt_store *s, const lt_account *add, lt_account *stored, int *created)
{
	int fd, made = 0;
	lt_err e;

	if (!add->site || !lt_account_has_ident(add))
		return lt_fail(LT_ERR_NO_IDENTIFIER, "a record needs a site and at least one identifier");
	if ((e = lt_lock_take(&fd)) != LT_OK)
		return e;
	e = record_locked(s, add, stored, &made);
	lt_lock_release(fd);
	if (created)
		*created = made;
	return e;
}

lt_err lt_store_delete(lt_store *s, const lt_account *accounts, size_t n, const lt_unreadable *bad)
{
	size_t i;
	int fd;
	lt_err e;

	if ((e = lt_lock_take(&fd)) != LT_OK)
		return e;
	for (i = 0; i < n && e == LT_OK; i++)
		if (accounts[i].item_path)
			e = lt_keyring_delete(s, accounts[i].item_path);
	for (i = 0; bad && i < bad->n && e == LT_OK; i++)
		e = lt_keyring_delete(s, bad->items[i].path);
	lt_lock_release(fd);
	return e;
}

lt_err lt_store_modify(lt_store *s, const char *site, lt_account_fn fn, void *ctx, size_t *n)
{
	const char *attrs[] = {"site", site, NULL};
	lt_account *list = NULL;
	size_t count = 0, i;
	int fd;
	lt_err e;

	if ((e = lt_lock_take(&fd)) != LT_OK)
		return e;
	e = lt_store_search(s, attrs, &list, &count, NULL);
	for (i = 0; e == LT_OK && i < count; i++)
		if (fn(&list[i], ctx))
			e = write_account(s, &list[i], 1, NULL);
	lt_lock_release(fd);
	lt_accounts_free(list, count);
	if (n)
		*n = count;
	return e;
}
