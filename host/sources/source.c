/* SPDX-License-Identifier: MIT */
/* source.c: the table of readers of account exports (sources.h): their
 * names, telling them apart by the first bytes and the header, and the times
 * they write. */
#include "sources.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csv_table.h"
#include "history.h"

#define N_(s) (s) /* titles are shown translated by the CLI (lt_tr) */

static const struct {
	const char *name, *title;
	const lt_csv_format *csv; /* NULL: not a CSV */
} sources[LT_SRC_COUNT] = {
	[LT_SRC_CHROME_CSV] = {"chrome", N_("Chrome, Chromium or Edge password CSV"), &lt_csv_chrome},
	[LT_SRC_FIREFOX_CSV] = {"firefox", N_("Firefox password CSV"), &lt_csv_firefox},
	[LT_SRC_BITWARDEN_CSV] = {"bitwarden", N_("Bitwarden CSV export"), &lt_csv_bitwarden},
	[LT_SRC_BITWARDEN_JSON] = {"bitwarden-json", N_("Bitwarden JSON export"), NULL},
	[LT_SRC_KEEPASSXC_CSV] = {"keepassxc", N_("KeePassXC CSV export"), &lt_csv_keepassxc},
	[LT_SRC_ONEPASSWORD_CSV] = {"1password", N_("1Password CSV export"), &lt_csv_onepassword},
	[LT_SRC_CHROMIUM_HISTORY] = {"chromium-history", N_("Chromium, Chrome or Edge History database"), NULL},
	[LT_SRC_FIREFOX_HISTORY] = {"firefox-history", N_("Firefox places.sqlite"), NULL},
};

int lt_source_is_history(lt_source_format f)
{
	return f == LT_SRC_CHROMIUM_HISTORY || f == LT_SRC_FIREFOX_HISTORY;
}

/* A history database: which browser's, by its tables. */
static lt_err detect_history(const char *path, lt_source_format *out)
{
	sqlite3 *db;
	lt_err e = lt_history_open(path, &db);

	if (e != LT_OK)
		return e;
	if (lt_history_has_table(db, "moz_historyvisits"))
		*out = LT_SRC_FIREFOX_HISTORY;
	else if (lt_history_has_table(db, "visits") && lt_history_has_table(db, "urls"))
		*out = LT_SRC_CHROMIUM_HISTORY;
	else
		e = lt_fail(LT_ERR_BAD_FILE, "an SQLite database, but not a browser history leaktrace knows");
	sqlite3_close(db);
	return e;
}

/* The order headers are tried in: a format whose marks another's header also
 * has comes after it (1Password's Title is KeePassXC's too). */
static const lt_source_format csv_order[] = {
	LT_SRC_FIREFOX_CSV, LT_SRC_BITWARDEN_CSV, LT_SRC_KEEPASSXC_CSV, LT_SRC_ONEPASSWORD_CSV, LT_SRC_CHROME_CSV,
};

const char *lt_source_name(lt_source_format f)
{
	return (unsigned)f < LT_SRC_COUNT ? sources[f].name : "unknown";
}

const char *lt_source_title(lt_source_format f)
{
	return (unsigned)f < LT_SRC_COUNT ? sources[f].title : "unknown";
}

lt_source_format lt_source_from_name(const char *name)
{
	int i;

	for (i = 0; name && i < LT_SRC_COUNT; i++)
		if (strcasecmp(name, sources[i].name) == 0)
			return (lt_source_format)i;
	return LT_SRC_COUNT;
}

/* The first byte that is not a byte order mark or white space; -1 when none. */
static int first_byte(const char *path, lt_err *e)
{
	unsigned char buf[512];
	ssize_t got;
	int fd = open(path, O_RDONLY | O_CLOEXEC), c = -1;
	size_t i = 0;

	*e = LT_OK;
	if (fd < 0) {
		*e = lt_fail(LT_ERR_IO, "cannot open the file: %s", strerror(errno));
		return -1;
	}
	got = read(fd, buf, sizeof buf);
	close(fd);
	if (got >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	for (; got > 0 && i < (size_t)got; i++)
		if (!isspace(buf[i])) {
			c = buf[i];
			break;
		}
	return c;
}

lt_err lt_source_detect(const char *path, lt_source_format *out)
{
	char **cells = NULL;
	size_t n = 0, i;
	lt_err e;
	int c = first_byte(path, &e);

	if (e != LT_OK)
		return e;
	if (lt_history_is_sqlite(path))
		return detect_history(path, out);
	if (c == '{') {
		*out = LT_SRC_BITWARDEN_JSON;
		return LT_OK;
	}
	if ((e = lt_csv_header(path, &cells, &n)) != LT_OK)
		return e;
	for (i = 0; i < sizeof csv_order / sizeof *csv_order; i++)
		if (lt_csv_fits(sources[csv_order[i]].csv, cells, n)) {
			*out = csv_order[i];
			break;
		}
	lt_csv_cells_free(cells, n);
	if (i == sizeof csv_order / sizeof *csv_order)
		return lt_fail(LT_ERR_BAD_FILE, "not an export leaktrace knows (its first row names no known columns): "
						"give --format");
	return LT_OK;
}

lt_err lt_source_read(const char *path, lt_source_format f, lt_entry_sink sink, void *ctx)
{
	if ((unsigned)f >= LT_SRC_COUNT)
		return lt_fail(LT_ERR_BAD_REQUEST, "unknown format");
	if (sources[f].csv)
		return lt_csv_read(path, sources[f].csv, sink, ctx);
	if (f == LT_SRC_CHROMIUM_HISTORY)
		return lt_chromium_history_read(path, sink, ctx);
	if (f == LT_SRC_FIREFOX_HISTORY)
		return lt_firefox_history_read(path, sink, ctx);
	return lt_bitwarden_json_read(path, sink, ctx);
}

lt_err lt_source_time_iso(const char *field, char out[LT_TIME_LEN])
{
	time_t t;
	lt_err e = lt_time_parse(field, &t);

	if (e == LT_OK)
		lt_time_format(t, out);
	return e;
}

lt_err lt_source_time_ms(const char *field, char out[LT_TIME_LEN])
{
	char *end;
	long long ms;

	errno = 0;
	ms = strtoll(field, &end, 10);
	if (errno || end == field || *end || ms < 0 || ms > 253402300799999LL) /* up to year 9999 */
		return lt_fail(LT_ERR_BAD_TIME, "not milliseconds since 1970");
	lt_time_format((time_t)(ms / 1000), out);
	return LT_OK;
}

lt_err lt_source_slurp(const char *path, unsigned long long max, char **out, size_t *len)
{
	struct stat st;
	size_t got = 0;
	ssize_t n = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	char *buf;

	*out = NULL;
	*len = 0;
	if (fd < 0)
		return lt_fail(LT_ERR_IO, "cannot open the file: %s", strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (unsigned long long)st.st_size > max) {
		close(fd);
		return lt_fail(LT_ERR_BAD_FILE, "not a regular file of at most %llu MiB", max >> 20);
	}
	if (!(buf = malloc((size_t)st.st_size + 1))) {
		close(fd);
		return LT_ERR_NOMEM;
	}
	while (got < (size_t)st.st_size && ((n = read(fd, buf + got, (size_t)st.st_size - got)) > 0 || (n < 0 && errno == EINTR)))
		got += n > 0 ? (size_t)n : 0;
	close(fd);
	if (got != (size_t)st.st_size) {
		free(buf);
		return lt_fail(LT_ERR_IO, "cannot read the whole file");
	}
	buf[got] = '\0';
	*out = buf;
	*len = got;
	return LT_OK;
}
