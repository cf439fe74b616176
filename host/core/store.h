/* SPDX-License-Identifier: MIT */
/* store.h: accounts in the system keyring (through keyring.h).
 *
 * One keyring item per account, schema "org.leaktrace.Account", searchable
 * attributes: site, email, email_box (the mailbox key, for sub-address and
 * Gmail-dot matches), phone, username. The secret is the JSON record.
 * Reads use the batch path (one SearchItems, one GetSecrets for every item
 * found), never one D-Bus proxy per item. Writes happen under lock.h's lock
 * and are single Secret Service calls, so a record is stored whole or not at
 * all. */
#ifndef LT_STORE_H
#define LT_STORE_H

#include <stddef.h>

#include "error.h"
#include "keyring.h"
#include "record.h"

/* Record `add` (site, identifiers, capture, times already set): merged into
 * the account on the same site that shares an identifier, or a new item.
 * The account as stored is written to *stored (may be NULL); *created tells
 * whether a new item was made. */
lt_err lt_store_record(lt_store *s, const lt_account *add, lt_account *stored, int *created);

/* Items of leaktrace's schemas that hold no readable record (the secret is
 * not JSON, or not a record of its schema): never skipped in silence. */
typedef struct {
	char *path;         /* the item's D-Bus object path */
	const char *schema; /* "org.leaktrace.Account" ... */
} lt_unreadable_item;
typedef struct {
	lt_unreadable_item *items;
	size_t n;
} lt_unreadable;
/* Add path once (a path already listed is not added again). */
lt_err lt_unreadable_add(lt_unreadable *u, const char *path, lt_schema schema);
void lt_unreadable_clear(lt_unreadable *u);

/* Accounts whose attributes equal all of `attrs` (name, value pairs, ending
 * in NULL; an empty list means every leaktrace account), sorted by site then
 * first_seen. Matching items that cannot be read are added to *bad (may be
 * NULL). */
lt_err lt_store_search(lt_store *s, const char *const *attrs, lt_account **out, size_t *n, lt_unreadable *bad);

/* The accounts of the site of `url_or_host`, or of every site when it is
 * NULL; *site is that site as normalised (NULL for every site). Its
 * unreadable items go to *bad (may be NULL). */
lt_err lt_store_site(lt_store *s, const char *url_or_host, char **site, lt_account **out, size_t *n,
		     lt_unreadable *bad);

/* Every unreadable item of every leaktrace schema (for doctor). */
lt_err lt_store_unreadable(lt_store *s, lt_unreadable *bad);

/* Change the accounts of one site in place: under the lock, re-read them,
 * call fn on each (it returns 1 when it changed the account) and rewrite
 * the changed ones. *n is how many accounts the site has (may be NULL). */
typedef int (*lt_account_fn)(lt_account *a, void *ctx);
lt_err lt_store_modify(lt_store *s, const char *site, lt_account_fn fn, void *ctx, size_t *n);

/* Delete the keyring items of these accounts (item_path set by a search)
 * and the unreadable items in bad (may be NULL). */
lt_err lt_store_delete(lt_store *s, const lt_account *accounts, size_t n, const lt_unreadable *bad);

/* The attribute name used for kind k ("email", "phone", "username"). */
const char *lt_store_attr(lt_kind k);
#define LT_ATTR_MAILBOX "email_box"

#endif
