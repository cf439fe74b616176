/* SPDX-License-Identifier: MIT */
/* history.h: what the browser-history readers share (history.c): a history
 * database opened as a read-only copy in memory, never the live file, and
 * the rule for sign-up pages (signup_page.c). A history entry has a page and
 * the time of its first visit, nothing else: the import turns it into a
 * no-later-than date for the accounts recorded on that page's site. */
#ifndef LT_HISTORY_H
#define LT_HISTORY_H

#include <sqlite3.h>

#include "sources.h"

#define LT_HISTORY_FILE_MAX (1024ull << 20) /* a history over 1 GiB is refused */

/* Does the page look like a sign-up page (by address or title)? */
int lt_signup_page(const char *url, const char *title);

/* Is the file an SQLite database (by its first 16 bytes)? */
int lt_history_is_sqlite(const char *path);
/* Open a copy of the file in memory, read only. */
lt_err lt_history_open(const char *path, sqlite3 **db);
/* Does the database have this table? */
int lt_history_has_table(sqlite3 *db, const char *table);
/* Run `sql` (rows: url, title, first visit as an integer) and give every
 * sign-up page to sink, its first visit turned into RFC 3339 by to_time. */
lt_err lt_history_read(const char *path, const char *need_table, const char *sql,
		       void (*to_time)(sqlite3_int64 v, char out[LT_TIME_LEN]), lt_entry_sink sink, void *ctx);

lt_err lt_chromium_history_read(const char *path, lt_entry_sink sink, void *ctx);
lt_err lt_firefox_history_read(const char *path, lt_entry_sink sink, void *ctx);

#endif
