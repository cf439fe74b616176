/* SPDX-License-Identifier: MIT */
/* backup_doc.h: what backup.c (the document: gathering, validating) and
 * backup_restore.c (merging it into the keyring) share. Private to these two:
 * other modules use backup.h. */
#ifndef LT_BACKUP_DOC_H
#define LT_BACKUP_DOC_H

#include <cjson/cJSON.h>

#include "backup.h"
#include "incident.h"
#include "record.h"

/* Alias items, keys and settings: one keyring item each, found by one attribute. */
typedef struct {
	char *id;     /* alias tag, key purpose or setting name */
	char *site;   /* aliases: the site, the item's other attribute */
	char *value;  /* keys: the key in lower-case hex, what two keys are compared by */
	char *secret; /* the keyring secret, re-serialised from the checked fields */
} bk_item;

struct lt_backup {
	lt_account *accounts;
	lt_incident *incidents;
	bk_item *items[LT_BK_KINDS]; /* [LT_BK_ALIASES], [LT_BK_KEYS], [LT_BK_SETTINGS] */
	size_t n[LT_BK_KINDS];
};

lt_schema bk_schema(int kind);
/* Validate a keyring secret of kind LT_BK_ALIASES, _KEYS or _SETTINGS. */
lt_err bk_item_from_secret(int kind, const char *secret, size_t len, bk_item *it);
/* Does a backup carry this item? Not the attribute key (key.h): it belongs to
 * one keyring, and the attributes it keys are derived again from the values. */
int bk_item_portable(int kind, const bk_item *it);
void bk_item_clear(bk_item *it);
/* Wipe, then free. */
void bk_wipe_free(char *s);
void bk_json_delete(cJSON *j);

#endif
