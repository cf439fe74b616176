/* SPDX-License-Identifier: MIT */
/* history.c: browser history databases read through SQLite's C API
 * (history.h). The live file is never opened by SQLite: its bytes are read
 * into memory and handed to sqlite3_deserialize, read only, so a running
 * browser's locks and journals are not touched and no copy is left on disk
 * (a history names every site visited). A database in WAL mode is marked as
 * a rollback one in the in-memory copy, which SQLite needs to open it there;
 * what the browser has not yet checkpointed from its -wal file is not seen. */
#include "history.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char sqlite_magic[16] = "SQLite format 3";

int lt_history_is_sqlite(const char *path)
{
	char head[16];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t got = fd >= 0 ? read(fd, head, sizeof head) : -1;

	if (fd >= 0)
		close(fd);
	return got == (ssize_t)sizeof head && memcmp(head, sqlite_magic, sizeof head) == 0;
}

lt_err lt_history_open(const char *path, sqlite3 **db)
{
	char *file = NULL;
	unsigned char *buf;
	size_t len = 0;
	lt_err e = lt_source_slurp(path, LT_HISTORY_FILE_MAX, &file, &len);

	*db = NULL;
	if (e != LT_OK)
		return e;
	if (len < 100 || memcmp(file, sqlite_magic, sizeof sqlite_magic) != 0) {
		free(file);
		return lt_fail(LT_ERR_BAD_FILE, "not an SQLite database");
	}
	buf = sqlite3_malloc64(len); /* SQLite frees what it is given */
	if (buf)
		memcpy(buf, file, len);
	free(file);
	if (!buf)
		return LT_ERR_NOMEM;
	if (buf[18] == 2 && buf[19] == 2) /* WAL mode: rollback for the copy in memory */
		buf[18] = buf[19] = 1;
	if (sqlite3_open_v2(":memory:", db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		sqlite3_free(buf);
		e = LT_ERR_NOMEM;
	} else if (sqlite3_deserialize(*db, "main", buf, (sqlite3_int64)len, (sqlite3_int64)len,
				       SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_READONLY) != SQLITE_OK) {
		e = lt_fail(LT_ERR_BAD_FILE, "SQLite cannot read it"); /* buf is freed by SQLite */
	}
	if (e != LT_OK) {
		sqlite3_close(*db);
		*db = NULL;
	}
	return e;
}

int lt_history_has_table(sqlite3 *db, const char *table)
{
	sqlite3_stmt *st = NULL;
	int found = 0;

	if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", -1, &st, NULL) ==
		    SQLITE_OK &&
	    sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC) == SQLITE_OK)
		found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return found;
}

static lt_err each_row(sqlite3_stmt *st, void (*to_time)(sqlite3_int64, char[LT_TIME_LEN]), lt_entry_sink sink,
		       void *ctx)
{
	size_t row = 0;
	lt_err e = LT_OK;
	int rc;

	while (e == LT_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		lt_source_entry en = {.row = ++row};

		en.url = (const char *)sqlite3_column_text(st, 0);
		en.title = (const char *)sqlite3_column_text(st, 1);
		if (!en.url || !lt_signup_page(en.url, en.title) || sqlite3_column_type(st, 2) != SQLITE_INTEGER)
			continue;
		to_time(sqlite3_column_int64(st, 2), en.created);
		if (en.created[0])
			e = sink(&en, ctx);
	}
	if (e == LT_OK && rc != SQLITE_DONE)
		e = lt_fail(LT_ERR_BAD_FILE, "SQLite cannot read it: %s", sqlite3_errstr(rc));
	return e;
}

lt_err lt_history_read(const char *path, const char *need_table, const char *sql,
		       void (*to_time)(sqlite3_int64 v, char out[LT_TIME_LEN]), lt_entry_sink sink, void *ctx)
{
	sqlite3 *db;
	sqlite3_stmt *st = NULL;
	lt_err e = lt_history_open(path, &db);

	if (e != LT_OK)
		return e;
	if (!lt_history_has_table(db, need_table))
		e = lt_fail(LT_ERR_BAD_FILE, "no %s table: not this browser's history", need_table);
	else if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		e = lt_fail(LT_ERR_BAD_FILE, "not this browser's history: %s", sqlite3_errmsg(db));
	else
		e = each_row(st, to_time, sink, ctx);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return e;
}
