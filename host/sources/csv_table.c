/* SPDX-License-Identifier: MIT */
/* csv_table.c: reading password-manager CSV files (csv_table.h): the
 * header names the columns of each format, each later row becomes an entry.
 * The file itself is read through the one libcsv wrapper (csvfile.h), which
 * bounds fields and wipes every cell once a row is handled. */
#include "csv_table.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csvfile.h"
#include "primitives.h"

/* ---- one read of a file ---- */

typedef struct {
	const lt_csv_format *f; /* NULL: read the header only */
	lt_entry_sink sink;
	void *ctx;
	char *const *cells; /* the row being handled, the wrapper's */
	size_t n;
	size_t row; /* the row being handled, the header being row 1 */
	size_t ncols;
	int col[LT_COL_COUNT]; /* the cell index of each part, -1 when absent */
	char **header;         /* kept when reading the header only */
	size_t nheader;
} csv_read;

void lt_csv_cells_free(char **cells, size_t n)
{
	size_t i;

	for (i = 0; cells && i < n; i++) {
		if (cells[i])
			lt_wipe(cells[i], strlen(cells[i]));
		free(cells[i]);
	}
	free(cells);
}

/* Is `name` one of the "a|b" alternatives (case and spaces aside)? */
static int name_is(const char *name, const char *alternatives)
{
	const char *p = alternatives, *bar;
	size_t len;

	while (*name == ' ')
		name++;
	len = strlen(name);
	while (len && name[len - 1] == ' ')
		len--;
	for (; p; p = bar ? bar + 1 : NULL) {
		bar = strchr(p, '|');
		if ((size_t)(bar ? bar - p : (long)strlen(p)) == len && strncasecmp(name, p, len) == 0)
			return 1;
	}
	return 0;
}

static int find_col(char *const *cells, size_t n, const char *names)
{
	size_t i;

	for (i = 0; names && i < n; i++)
		if (name_is(cells[i], names))
			return (int)i;
	return -1;
}

/* The first column the format needs that the header lacks; NULL when none. */
static const char *missing_col(const lt_csv_format *f, char *const *cells, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof f->marks / sizeof *f->marks && f->marks[i]; i++)
		if (find_col(cells, n, f->marks[i]) < 0)
			return f->marks[i];
	if (find_col(cells, n, f->col[LT_COL_URL]) < 0)
		return f->col[LT_COL_URL];
	return find_col(cells, n, f->col[LT_COL_USERNAME]) < 0 ? f->col[LT_COL_USERNAME] : NULL;
}

int lt_csv_fits(const lt_csv_format *f, char *const *cells, size_t n)
{
	return missing_col(f, cells, n) == NULL;
}

static lt_err take_header(csv_read *r)
{
	int c;
	const char *missing = missing_col(r->f, r->cells, r->n);

	if (missing)
		return lt_fail(LT_ERR_BAD_FILE, "row 1: the header has no column \"%s\"", missing);
	for (c = 0; c < LT_COL_COUNT; c++)
		r->col[c] = find_col(r->cells, r->n, r->f->col[c]);
	r->ncols = r->n;
	return LT_OK;
}

static const char *cell(const csv_read *r, lt_csv_col c)
{
	return r->col[c] >= 0 ? r->cells[r->col[c]] : NULL;
}

static lt_err take_time(const csv_read *r, lt_csv_col c, char out[LT_TIME_LEN])
{
	const char *v = cell(r, c);

	out[0] = '\0';
	if (!r->f->time || !v || !v[0])
		return LT_OK;
	return r->f->time(v, out);
}

static lt_err take_row(csv_read *r)
{
	lt_source_entry e = {.row = r->row};
	const char *type = cell(r, LT_COL_TYPE), *urls[LT_SOURCE_URLS_MAX];
	char *several = NULL; /* a copy of a URL cell that holds several, cut into them */
	size_t nurls;
	lt_err err;

	if (r->n != r->ncols)
		return lt_fail(LT_ERR_BAD_FILE, "row %zu: %zu fields, the header has %zu", r->row, r->n, r->ncols);
	if (r->f->is_account && !r->f->is_account(type))
		return LT_OK; /* a card, a note: no account */
	e.url = cell(r, LT_COL_URL);
	if (e.url && r->f->urls && strchr(e.url, ',')) {
		if (!(several = strdup(e.url)))
			return LT_ERR_NOMEM;
		nurls = r->f->urls(several, urls, LT_SOURCE_URLS_MAX);
		e.url = nurls ? urls[0] : "";
		e.also = urls + 1;
		e.nalso = nurls ? nurls - 1 : 0;
	}
	e.title = cell(r, LT_COL_TITLE);
	e.username = cell(r, LT_COL_USERNAME);
	if (r->col[LT_COL_PASSWORD] >= 0 && cell(r, LT_COL_PASSWORD)[0]) {
		e.password = r->cells[r->col[LT_COL_PASSWORD]];
		e.password_len = strlen(e.password);
	}
	if (take_time(r, LT_COL_CREATED, e.created) != LT_OK ||
	    take_time(r, LT_COL_CHANGED, e.password_changed) != LT_OK)
		e.created[0] = e.password_changed[0] = '\0', e.problem = "its date is not one this format writes";
	err = r->sink(&e, r->ctx);
	free(several);
	return err;
}

/* The header only: kept (copied, the wrapper wipes its cells), then stop. */
static lt_err keep_header(csv_read *r, char *const *cells, size_t n, int *stop)
{
	size_t i;

	*stop = 1;
	if (!(r->header = calloc(n + 1, sizeof *r->header)))
		return LT_ERR_NOMEM;
	for (r->nheader = n, i = 0; i < n; i++)
		if (!(r->header[i] = strdup(cells[i])))
			return LT_ERR_NOMEM;
	return LT_OK;
}

static lt_err on_row(char *const *cells, size_t n, size_t row, void *data, int *stop)
{
	csv_read *r = data;

	if (!r->f)
		return keep_header(r, cells, n, stop);
	r->cells = cells;
	r->n = n;
	r->row = row;
	return row == 1 ? take_header(r) : take_row(r);
}

static lt_err read_csv(const char *path, csv_read *r)
{
	return lt_csv_each(path, LT_SOURCE_FIELD_MAX, on_row, r, NULL, NULL, &r->row);
}

lt_err lt_csv_header(const char *path, char ***cells, size_t *n)
{
	csv_read r = {0};
	lt_err e = read_csv(path, &r);

	*cells = NULL;
	*n = 0;
	if (e == LT_OK && !r.header)
		e = lt_fail(LT_ERR_BAD_FILE, "the file is empty");
	if (e != LT_OK) {
		lt_csv_cells_free(r.header, r.nheader);
		return e;
	}
	*cells = r.header;
	*n = r.nheader;
	return LT_OK;
}

lt_err lt_csv_read(const char *path, const lt_csv_format *f, lt_entry_sink sink, void *ctx)
{
	csv_read r = {.f = f, .sink = sink, .ctx = ctx};
	lt_err e = read_csv(path, &r);

	if (e == LT_OK && r.row == 0)
		e = lt_fail(LT_ERR_BAD_FILE, "the file is empty");
	return e;
}
