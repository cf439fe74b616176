/* SPDX-License-Identifier: MIT */
/* csvfile.c: libcsv behind a row callback (csvfile.h).
 *
 * libcsv (Debian's libcsv3) because it is a small, old, well-kept C parser
 * that streams -- it calls back once per field and once per row, so a file
 * of any size is read in 64 KiB pieces. Strict mode turns a stray quote or a
 * quote left open into an error instead of a guess. Its buffers may hold
 * passwords, so it is given an allocator that wipes what it frees. */
#include "csvfile.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "grow.h"
#include "primitives.h"

#define CHUNK (64 * 1024)

/* ---- an allocator that wipes: a size_t header before each block ---- */

typedef union {
	size_t size;
	max_align_t align;
} block_head;

static void *wiping_realloc(void *p, size_t size)
{
	block_head *old = p ? (block_head *)p - 1 : NULL, *fresh = malloc(sizeof *fresh + size);

	if (!fresh)
		return NULL;
	fresh->size = size;
	if (old) {
		memcpy(fresh + 1, old + 1, old->size < size ? old->size : size);
		lt_wipe(old + 1, old->size);
		free(old);
	}
	return fresh + 1;
}

static void wiping_free(void *p)
{
	block_head *h = p ? (block_head *)p - 1 : NULL;

	if (!h)
		return;
	lt_wipe(h + 1, h->size);
	free(h);
}

/* ---- one read of a file ---- */

typedef struct {
	lt_csv_row fn;
	void *ctx;
	size_t max_field;
	char **cells;
	size_t n, cap;
	size_t row; /* rows completed */
	int stop;
	lt_err err;
} reader;

static void clear_row(reader *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		lt_wipe(r->cells[i], strlen(r->cells[i]));
		free(r->cells[i]);
	}
	r->n = 0;
}

static void on_field(void *s, size_t len, void *data)
{
	reader *r = data;
	char *copy;

	if (r->err != LT_OK || r->stop)
		return;
	if (len > r->max_field) {
		r->err = lt_fail(LT_ERR_BAD_FILE, "row %zu: a field over %zu KiB", r->row + 1, r->max_field / 1024);
		return;
	}
	if ((r->err = lt_grow(&r->cells, &r->cap, r->n, sizeof *r->cells, 16)) != LT_OK)
		return;
	if (!(copy = malloc(len + 1))) {
		r->err = LT_ERR_NOMEM;
		return;
	}
	if (len)
		memcpy(copy, s, len);
	copy[len] = '\0';
	r->cells[r->n++] = copy;
}

static void on_row(int term, void *data)
{
	reader *r = data;

	(void)term;
	if (r->err == LT_OK && !r->stop)
		r->err = r->fn(r->cells, r->n, ++r->row, r->ctx, &r->stop);
	clear_row(r);
}

static lt_err open_regular(const char *path, int *fd, unsigned long long *size)
{
	struct stat st;

	if ((*fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return lt_fail(LT_ERR_IO, "cannot open the file: %s", strerror(errno));
	if (fstat(*fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(*fd);
		return lt_fail(LT_ERR_BAD_FILE, "not a regular file");
	}
	*size = (unsigned long long)st.st_size;
	return LT_OK;
}

static lt_err parse_error(struct csv_parser *p, const reader *r)
{
	if (csv_error(p) == CSV_ENOMEM || csv_error(p) == CSV_ETOOBIG)
		return LT_ERR_NOMEM;
	return lt_fail(LT_ERR_BAD_FILE, "row %zu: broken quoting (a quote inside an unquoted field, or a quoted field "
					"never closed)", r->row + 1);
}

/* Feed the file to libcsv; the first piece loses a byte order mark. */
static lt_err feed(int fd, struct csv_parser *p, reader *r, lt_csv_progress prog, void *pctx,
		   unsigned long long size)
{
	char *buf = malloc(CHUNK);
	unsigned long long done = 0;
	int first = 1;
	ssize_t got;
	lt_err e = buf ? LT_OK : LT_ERR_NOMEM;

	while (e == LT_OK && r->err == LT_OK && !r->stop && (got = read(fd, buf, CHUNK)) != 0) {
		size_t skip = first && got >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			e = lt_fail(LT_ERR_IO, "cannot read the file: %s", strerror(errno));
			break;
		}
		first = 0;
		if (csv_parse(p, buf + skip, (size_t)got - skip, on_field, on_row, r) != (size_t)got - skip && !r->stop)
			e = parse_error(p, r);
		lt_wipe(buf, (size_t)got);
		done += (unsigned long long)got;
		if (prog)
			prog(done, size, pctx);
	}
	if (e == LT_OK && r->err == LT_OK && !r->stop && csv_fini(p, on_field, on_row, r) != 0)
		e = parse_error(p, r);
	free(buf);
	return e != LT_OK ? e : r->err;
}

lt_err lt_csv_each(const char *path, size_t max_field, lt_csv_row fn, void *ctx, lt_csv_progress prog, void *pctx,
		   size_t *rows)
{
	reader r = {.fn = fn, .ctx = ctx, .max_field = max_field};
	struct csv_parser p;
	unsigned long long size = 0;
	int fd;
	lt_err e = open_regular(path, &fd, &size);

	if (e != LT_OK)
		return e;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
		close(fd);
		return LT_ERR_NOMEM;
	}
	csv_set_realloc_func(&p, wiping_realloc);
	csv_set_free_func(&p, wiping_free);
	e = feed(fd, &p, &r, prog, pctx, size);
	csv_free(&p);
	close(fd);
	clear_row(&r);
	free(r.cells);
	if (rows)
		*rows = r.row;
	return e;
}
