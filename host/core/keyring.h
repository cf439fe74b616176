/* SPDX-License-Identifier: MIT */
/* keyring.h: leaktrace's one door to the Secret Service (libsecret).
 *
 * Every kind of leaktrace item (accounts, incidents, aliases, keys, settings)
 * has its own schema and goes through these few calls: a batch search that
 * fetches all secrets in two D-Bus calls (SearchItems, then one GetSecrets),
 * a put (CreateItem for a new item; SetSecret on the item's path to replace
 * one, never a provider's prompt), and delete. Connection, error mapping, the bound on every call
 * (LEAKTRACE_KEYRING_TIMEOUT, deadline.h), reconnection after the daemon went
 * away and keyed attributes live here and nowhere else. */
#ifndef LT_KEYRING_H
#define LT_KEYRING_H

#include <stddef.h>

#include "error.h"

/* Attributes are given by name and value; those that could name a site, an
 * identifier or an alias are stored keyed (NAME_h = HMAC of the value, see
 * keyring.c), so that the keyring file holds nothing a guess could confirm. */
typedef enum {
	LT_SCHEMA_ACCOUNT,  /* org.leaktrace.Account: site, email, email_box, phone, username, name (keyed) */
	LT_SCHEMA_INCIDENT, /* org.leaktrace.Incident: email, phone, username, name (keyed; one item per identifier) */
	LT_SCHEMA_ALIAS,    /* org.leaktrace.Alias: site, tag (keyed) */
	LT_SCHEMA_KEY,      /* org.leaktrace.Key: purpose */
	LT_SCHEMA_SETTING,  /* org.leaktrace.Setting: name */
	LT_SCHEMA_COUNT
} lt_schema;

typedef struct lt_store lt_store;

/* "org.leaktrace.Account" ... */
const char *lt_schema_name(lt_schema schema);

typedef struct {
	char *path;   /* the item's D-Bus object path */
	char *secret; /* NUL-terminated */
	size_t len;
} lt_item;

/* Allocate a handle. Nothing is connected until first use. */
lt_store *lt_store_new(void);
void lt_store_free(lt_store *s);

/* Is the keyring reachable and its default collection unlocked?
 * LT_OK, LT_ERR_KEYRING_UNAVAILABLE or LT_ERR_KEYRING_LOCKED (detail says why). */
lt_err lt_store_status(lt_store *s);
/* Unlock the default collection, asking the person through the provider's
 * prompt (the system unlock dialog), waiting for them up to two minutes;
 * LT_OK at once when it is unlocked, LT_ERR_KEYRING_LOCKED when it stays locked. */
lt_err lt_store_unlock(lt_store *s);

/* Items of `schema` whose attributes equal all of `attrs` (name, value pairs
 * ending in NULL; empty: every item of the schema), secrets included. A
 * matching item in a locked collection fails with LT_ERR_KEYRING_LOCKED. */
lt_err lt_keyring_find(lt_store *s, lt_schema schema, const char *const *attrs, lt_item **items, size_t *n);
void lt_items_free(lt_item *items, size_t n);

/* Several searches answered in two round trips instead of two each: every
 * SearchItems sent at once, then one GetSecrets for all the items found. The
 * answers wait in memory for the lt_keyring_find calls that ask the same
 * searches next, each answered once; a write, or lt_keyring_prefetch_drop,
 * drops what was not asked. Only a saving: when anything fails, or a match
 * is locked, nothing is kept and each find searches (and fails) itself. */
typedef struct {
	lt_schema schema;
	const char *const *attrs; /* as lt_keyring_find's */
	/* With sort: the same attributes in schema `also` too, in the same pass
	 * (one SearchItems without xdg:schema: the provider compares every item
	 * per search, so two searches cost two passes). sort says, by its secret,
	 * which of the two schemas each item found is, -1 when it cannot: then
	 * nothing is kept and each find searches itself. */
	lt_schema also;
	int (*sort)(const char *secret, size_t len);
} lt_keyring_query;
void lt_keyring_prefetch(lt_store *s, const lt_keyring_query *q, size_t n);
void lt_keyring_prefetch_drop(lt_store *s);

/* An item in the default collection: the whole item or none, labelled by its
 * schema alone. replace: the item with exactly these attributes, if there is
 * one, gets the new secret in place (SetSecret on its path). *path may be
 * NULL. Braces inside the JSON's strings are stored \u-escaped, so that no
 * provider reads them as its placeholders. */
lt_err lt_keyring_put(lt_store *s, lt_schema schema, const char *const *attrs, const char *secret, int replace,
		      char **path);

lt_err lt_keyring_delete(lt_store *s, const char *path);

#endif
