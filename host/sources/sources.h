/* SPDX-License-Identifier: MIT */
/* sources.h: readers of what a person already has outside the browser --
 * account exports of password managers and browsers, browser history -- and
 * what they hand on.
 *
 * A reader turns its input into entries (one account each: a web address,
 * a username as typed, maybe a password and a date) and gives them one at a
 * time to a sink; it never prints and never writes to the keyring. The
 * import (accounts_import.c) turns entries into the core's records through
 * lt_account_from_input, the function the browser's and the terminal's
 * records go through, and stores them through the core's store.
 *
 * Errors: a file that is not what it claims (unknown header, broken quoting,
 * a row with another number of fields than the header) fails the whole read
 * with LT_ERR_BAD_FILE and a detail naming the row; an entry that cannot
 * become a record (no web address, no username) is an issue of its row and
 * the rest go on.
 *
 * A login may name several web addresses (Bitwarden's uris): the import
 * records the account on each of their sites, once per site. */
#ifndef LT_SOURCES_H
#define LT_SOURCES_H

#include <stddef.h>

#include "error.h"
#include "record.h"
#include "timefmt.h"

#define LT_SOURCE_FIELD_MAX (64 * 1024) /* a longer field makes the file bad */
#define LT_SOURCE_FILE_MAX (256u << 20) /* files read whole (JSON) are refused over this */
#define LT_SOURCE_URLS_MAX 16           /* web addresses of one login; more are not read */

typedef struct {
	size_t row;           /* 1 = the header line of a CSV file; JSON: item number */
	const char *url;      /* as in the file; may be NULL */
	const char *const *also; /* more web addresses of the same login (Bitwarden keeps several): nalso */
	size_t nalso;
	const char *title;    /* may be NULL */
	const char *username; /* as typed; may be NULL */
	char *password;       /* may be NULL; the sink fingerprints and wipes it */
	size_t password_len;
	char created[LT_TIME_LEN];          /* the earliest evidence of the account; "" none */
	char password_changed[LT_TIME_LEN]; /* when its password was set; "" unknown */
	const char *problem;  /* set: why this row cannot be an account (the reader's view) */
} lt_source_entry;

/* Called for every entry; a non-OK return stops the read with that error. */
typedef lt_err (*lt_entry_sink)(const lt_source_entry *e, void *ctx);

typedef enum {
	LT_SRC_CHROME_CSV,
	LT_SRC_FIREFOX_CSV,
	LT_SRC_BITWARDEN_CSV,
	LT_SRC_BITWARDEN_JSON,
	LT_SRC_KEEPASSXC_CSV,
	LT_SRC_ONEPASSWORD_CSV,
	LT_SRC_CHROMIUM_HISTORY, /* entries: sign-up pages and their first visit, no username */
	LT_SRC_FIREFOX_HISTORY,
	LT_SRC_COUNT
} lt_source_format;

/* "chrome", "firefox", "bitwarden", "bitwarden-json", "keepassxc", "1password",
 * "chromium-history", "firefox-history". */
const char *lt_source_name(lt_source_format f);
/* LT_SRC_COUNT when unknown. */
lt_source_format lt_source_from_name(const char *name);
/* A phrase for people: "Chrome, Chromium or Edge password CSV". */
const char *lt_source_title(lt_source_format f);

/* Is it a browser history (entries date sites, they name no account)? */
int lt_source_is_history(lt_source_format f);
/* Which format is the file at `path`: from its first bytes and header. */
lt_err lt_source_detect(const char *path, lt_source_format *out);
/* Read the file at `path` as format f, giving every entry to sink. */
lt_err lt_source_read(const char *path, lt_source_format f, lt_entry_sink sink, void *ctx);

/* The whole file at `path` in memory (NUL-terminated; free it), when it is a
 * regular file of at most `max` bytes: for readers that cannot stream. */
lt_err lt_source_slurp(const char *path, unsigned long long max, char **out, size_t *len);

/* The readers that are not CSV tables (csv_table.h has those). */
lt_err lt_bitwarden_json_read(const char *path, lt_entry_sink sink, void *ctx);

#endif
