/* SPDX-License-Identifier: MIT */
/* phone_ios.c: the reader of an iOS backup's sms.db (phone_log.h): tables
 * message (text, handle_id, date, is_from_me) and handle (id: the number).
 *
 * The database is copied into a private directory first and the copy opened
 * read-only through SQLite's C API: the backup is never touched, not even by
 * a journal, and a database in use elsewhere is read as it was. The copy holds
 * messages, so it is made 0600 and removed before returning. Dates count from
 * 2001-01-01 UTC, in nanoseconds since iOS 11 and in seconds before. */
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "phone_log.h"

#define APPLE_EPOCH 978307200LL /* 2001-01-01T00:00:00Z */

static lt_err copy_fd(int in, int out)
{
	char buf[65536];
	ssize_t got, put, done;

	while ((got = read(in, buf, sizeof buf)) != 0) {
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return lt_fail(LT_ERR_IO, "cannot read the database: %s", strerror(errno));
		for (done = 0; done < got; done += put)
			if ((put = write(out, buf + done, (size_t)(got - done))) < 0 && errno != EINTR)
				return lt_fail(LT_ERR_IO, "cannot copy the database: %s", strerror(errno));
			else if (put < 0)
				put = 0;
	}
	return LT_OK;
}

/* A private copy of path in a fresh 0700 directory: dir and copy filled in
 * (dir "" when none was made); the caller removes both, whatever happened. */
static lt_err private_copy(const char *path, char dir[256], char copy[300])
{
	const char *tmp = getenv("TMPDIR");
	int in, out;
	lt_err e;

	snprintf(dir, 256, "%s/leaktrace-XXXXXX", tmp && tmp[0] && strlen(tmp) < 200 ? tmp : "/tmp");
	copy[0] = '\0';
	if (!mkdtemp(dir)) {
		dir[0] = '\0';
		return lt_fail(LT_ERR_IO, "cannot make a private directory: %s", strerror(errno));
	}
	snprintf(copy, 300, "%s/sms.db", dir);
	if ((in = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return lt_fail(LT_ERR_IO, "cannot open the file: %s", strerror(errno));
	if ((out = open(copy, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0) {
		close(in);
		return lt_fail(LT_ERR_IO, "cannot copy the database: %s", strerror(errno));
	}
	e = copy_fd(in, out);
	close(in);
	if (close(out) != 0 && e == LT_OK)
		e = lt_fail(LT_ERR_IO, "cannot copy the database: %s", strerror(errno));
	return e;
}

static time_t apple_time(sqlite3_int64 d)
{
	return (time_t)((d > 100000000000LL ? d / 1000000000LL : d) + APPLE_EPOCH);
}

static lt_err rows(sqlite3 *db, lt_phone_sink sink, void *ctx, lt_phone_progress prog, void *pctx)
{
	static const char sql[] = "SELECT m.date, m.is_from_me, m.text, h.id FROM message m "
				  "LEFT JOIN handle h ON h.ROWID = m.handle_id ORDER BY m.ROWID";
	sqlite3_stmt *st = NULL;
	sqlite3_int64 total = 0, seen = 0;
	lt_err e = LT_OK;
	int rc;

	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM message", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		total = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return lt_fail(LT_ERR_BAD_FILE, "not an iOS sms.db (no message and handle tables)");
	while (e == LT_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *text = (const char *)sqlite3_column_text(st, 2);
		const char *number = (const char *)sqlite3_column_text(st, 3);
		lt_phone_rec r = {
			.dir = sqlite3_column_int(st, 1) ? LT_PHONE_OUT : LT_PHONE_IN,
			.at = apple_time(sqlite3_column_int64(st, 0)),
			.number = number ? number : "",
			.text = text ? text : "",
		};

		if (strlen(r.number) > LT_PHONE_FIELD_MAX || strlen(r.text) > LT_PHONE_TEXT_MAX)
			e = lt_fail(LT_ERR_TOO_LARGE, "message %lld: a field is over its bound", (long long)seen + 1);
		else
			e = sink(&r, ctx);
		if (prog && (++seen & 4095) == 0)
			prog((unsigned long long)seen, (unsigned long long)total, pctx);
	}
	if (e == LT_OK && rc != SQLITE_DONE)
		e = lt_fail(LT_ERR_BAD_FILE, "the database is damaged: %s", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	if (e == LT_OK && prog)
		prog((unsigned long long)total, (unsigned long long)total, pctx);
	return e;
}

lt_err lt_phone_read_ios(const char *path, lt_phone_sink sink, void *ctx, lt_phone_progress prog, void *pctx)
{
	char dir[256], copy[300];
	sqlite3 *db = NULL;
	lt_err e = private_copy(path, dir, copy);

	if (e == LT_OK) {
		if (sqlite3_open_v2(copy, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
			e = lt_fail(LT_ERR_BAD_FILE, "SQLite cannot open it: %s", db ? sqlite3_errmsg(db) : "no memory");
		else
			e = rows(db, sink, ctx, prog, pctx);
		sqlite3_close(db);
	}
	if (dir[0]) {
		unlink(copy);
		rmdir(dir);
	}
	return e;
}
