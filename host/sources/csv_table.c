/* csv_table.c: reading password-manager CSV files (csv_table.h) with libcsv.
 *
 * libcsv (Debian's libcsv3) because it is a small, old, well-kept C parser
 * that streams -- it calls back once per field and once per row, so a file
 * of any size is read in 64 KiB pieces -- and follows RFC 4180: quoted
 * fields with commas, doubled quotes and line breaks inside, CRLF or LF rows.
 * Strict mode turns a stray quote or a quote left open into an error instead
 * of a guess. Its buffers hold passwords, so it is given an allocator that
 * wipes what it frees; our read buffer and row cells are wiped too.
 * A UTF-8 byte order mark at the start is skipped. */
#include "csv_table.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <openssl/crypto.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

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
		OPENSSL_cleanse(old + 1, old->size);
		free(old);
	}
	return fresh + 1;
}

static void wiping_free(void *p)
{
	block_head *h = p ? (block_head *)p - 1 : NULL;

	if (!h)
		return;
	OPENSSL_cleanse(h + 1, h->size);
	free(h);
}

/* ---- one read of a file ---- */

typedef struct {
	const lt_csv_format *f; /* NULL: read the header only */
	lt_entry_sink sink;
	void *ctx;
	char **cells;
	size_t n, cap;
	size_t row; /* rows completed, the header being row 1 */
	size_t ncols;
	int col[LT_COL_COUNT]; /* the cell index of each part, -1 when absent */
	char **header;         /* kept when reading the header only */
	size_t nheader;
	int done;              /* the header only: it is read */
	lt_err err;
} csv_read;

void lt_csv_cells_free(char **cells, size_t n)
{
	size_t i;

	for (i = 0; cells && i < n; i++) {
		if (cells[i])
			OPENSSL_cleanse(cells[i], strlen(cells[i]));
		free(cells[i]);
	}
	free(cells);
}

static void on_field(void *s, size_t len, void *data)
{
	csv_read *r = data;
	char *copy;

	if (r->err != LT_OK || r->done)
		return;
	if (len > LT_SOURCE_FIELD_MAX) {
		r->err = lt_fail(LT_ERR_BAD_FILE, "row %zu: a field over %d KiB", r->row + 1, LT_SOURCE_FIELD_MAX / 1024);
		return;
	}
	if (r->n == r->cap) {
		size_t cap = r->cap * 2 + 16;
		char **grown = realloc(r->cells, cap * sizeof *grown);

		if (!grown) {
			r->err = LT_ERR_NOMEM;
			return;
		}
		r->cells = grown;
		r->cap = cap;
	}
	if (!(copy = malloc(len + 1))) {
		r->err = LT_ERR_NOMEM;
		return;
	}
	if (len)
		memcpy(copy, s, len);
	copy[len] = '\0';
	r->cells[r->n++] = copy;
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

static void clear_row(csv_read *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		OPENSSL_cleanse(r->cells[i], strlen(r->cells[i]));
		free(r->cells[i]);
	}
	r->n = 0;
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
	const char *type = cell(r, LT_COL_TYPE);

	if (r->n != r->ncols)
		return lt_fail(LT_ERR_BAD_FILE, "row %zu: %zu fields, the header has %zu", r->row, r->n, r->ncols);
	if (r->f->is_account && !r->f->is_account(type))
		return LT_OK; /* a card, a note: no account */
	e.url = cell(r, LT_COL_URL);
	e.title = cell(r, LT_COL_TITLE);
	e.username = cell(r, LT_COL_USERNAME);
	if (r->col[LT_COL_PASSWORD] >= 0 && cell(r, LT_COL_PASSWORD)[0]) {
		e.password = r->cells[r->col[LT_COL_PASSWORD]];
		e.password_len = strlen(e.password);
	}
	if (take_time(r, LT_COL_CREATED, e.created) != LT_OK ||
	    take_time(r, LT_COL_CHANGED, e.password_changed) != LT_OK)
		e.created[0] = e.password_changed[0] = '\0', e.problem = "its date is not one this format writes";
	return r->sink(&e, r->ctx);
}

static void on_row(int term, void *data)
{
	csv_read *r = data;

	(void)term;
	if (r->err != LT_OK || r->done)
		return;
	r->row++;
	if (!r->f) { /* the header only */
		r->header = r->cells;
		r->nheader = r->n;
		r->cells = NULL;
		r->cap = r->n = 0;
		r->done = 1;
		return;
	}
	r->err = r->row == 1 ? take_header(r) : take_row(r);
	clear_row(r);
}

static lt_err open_regular(const char *path, int *fd)
{
	struct stat st;

	if ((*fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return lt_fail(LT_ERR_IO, "cannot open the file: %s", strerror(errno));
	if (fstat(*fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(*fd);
		return lt_fail(LT_ERR_BAD_FILE, "not a regular file");
	}
	return LT_OK;
}

static lt_err parse_error(struct csv_parser *p, const csv_read *r)
{
	if (csv_error(p) == CSV_ENOMEM || csv_error(p) == CSV_ETOOBIG)
		return LT_ERR_NOMEM;
	return lt_fail(LT_ERR_BAD_FILE, "row %zu: broken quoting (a quote inside an unquoted field, or a quoted field "
					"never closed)", r->row + 1);
}

/* Feed the file to libcsv; the first piece loses a byte order mark. */
static lt_err feed(int fd, struct csv_parser *p, csv_read *r)
{
	char *buf = malloc(CHUNK);
	int first = 1;
	ssize_t got;
	lt_err e = buf ? LT_OK : LT_ERR_NOMEM;

	while (e == LT_OK && r->err == LT_OK && !r->done && (got = read(fd, buf, CHUNK)) != 0) {
		size_t skip = first && got >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			e = lt_fail(LT_ERR_IO, "cannot read the file: %s", strerror(errno));
			break;
		}
		first = 0;
		if (csv_parse(p, buf + skip, (size_t)got - skip, on_field, on_row, r) != (size_t)got - skip && !r->done)
			e = parse_error(p, r);
		OPENSSL_cleanse(buf, (size_t)got);
	}
	if (e == LT_OK && r->err == LT_OK && !r->done && csv_fini(p, on_field, on_row, r) != 0)
		e = parse_error(p, r);
	free(buf);
	return e != LT_OK ? e : r->err;
}

static lt_err read_csv(const char *path, csv_read *r)
{
	struct csv_parser p;
	int fd;
	lt_err e = open_regular(path, &fd);

	if (e != LT_OK)
		return e;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
		close(fd);
		return LT_ERR_NOMEM;
	}
	csv_set_realloc_func(&p, wiping_realloc);
	csv_set_free_func(&p, wiping_free);
	e = feed(fd, &p, r);
	csv_free(&p);
	close(fd);
	clear_row(r);
	free(r->cells);
	return e;
}

lt_err lt_csv_header(const char *path, char ***cells, size_t *n)
{
	csv_read r = {0};
	lt_err e = read_csv(path, &r);

	*cells = NULL;
	*n = 0;
	if (e == LT_OK && !r.done)
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
