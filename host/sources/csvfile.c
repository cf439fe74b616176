/* csvfile.c: libcsv behind a row callback (csvfile.h). libcsv hands fields
 * one at a time; they are copied into the row being built and the row goes
 * to the caller when libcsv says it ended. The first error stops the file. */
#include "csvfile.h"

#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
	lt_csv_row fn;
	void *ctx;
	size_t max_field;
	char *fields[LT_CSV_FIELDS];
	size_t n, row;
	lt_err e;
} builder;

static void drop_fields(builder *b)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		free(b->fields[i]);
	b->n = 0;
}

static void on_field(void *s, size_t len, void *arg)
{
	builder *b = arg;

	if (b->e != LT_OK)
		return;
	if (b->n == LT_CSV_FIELDS)
		b->e = lt_fail(LT_ERR_TOO_LARGE, "row %zu has over %d fields", b->row + 1, LT_CSV_FIELDS);
	else if (len > b->max_field)
		b->e = lt_fail(LT_ERR_TOO_LARGE, "row %zu: field %zu is over %zu bytes", b->row + 1, b->n + 1, b->max_field);
	else if (!(b->fields[b->n] = malloc(len + 1)))
		b->e = LT_ERR_NOMEM;
	else {
		memcpy(b->fields[b->n], s ? s : "", len);
		b->fields[b->n++][len] = '\0';
	}
}

static void on_row(int c, void *arg)
{
	builder *b = arg;

	(void)c;
	b->row++;
	if (b->e == LT_OK)
		b->e = b->fn((const char *const *)b->fields, b->n, b->row, b->ctx);
	drop_fields(b);
}

lt_err lt_csv_each(const char *path, size_t max_field, lt_csv_row fn, void *ctx, lt_csv_progress prog, void *pctx)
{
	builder b = {.fn = fn, .ctx = ctx, .max_field = max_field};
	struct csv_parser p;
	char buf[65536];
	unsigned long long done = 0, total;
	struct stat st;
	size_t got;
	FILE *f = fopen(path, "rb");

	if (!f)
		return lt_fail(LT_ERR_IO, "cannot open the file: %s", strerror(errno));
	total = fstat(fileno(f), &st) == 0 ? (unsigned long long)st.st_size : 0;
	if (csv_init(&p, CSV_STRICT | CSV_APPEND_NULL) != 0) {
		fclose(f);
		return LT_ERR_NOMEM;
	}
	while (b.e == LT_OK && (got = fread(buf, 1, sizeof buf, f)) > 0) {
		if (csv_parse(&p, buf, got, on_field, on_row, &b) != got && b.e == LT_OK)
			b.e = lt_fail(LT_ERR_BAD_FILE, "row %zu: %s", b.row + 1, csv_strerror(csv_error(&p)));
		done += got;
		if (prog)
			prog(done, total, pctx);
	}
	if (b.e == LT_OK && ferror(f))
		b.e = lt_fail(LT_ERR_IO, "reading the file failed");
	if (b.e == LT_OK && csv_fini(&p, on_field, on_row, &b) != 0)
		b.e = lt_fail(LT_ERR_BAD_FILE, "the file ends inside a quoted field");
	drop_fields(&b);
	csv_free(&p);
	fclose(f);
	return b.e;
}
