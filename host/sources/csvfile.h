/* SPDX-License-Identifier: MIT */
/* csvfile.h: the one libcsv wrapper -- a CSV file read row by row (RFC 4180:
 * quoted fields with commas, doubled quotes and line breaks inside, CRLF or LF
 * rows), for every reader of CSV exports (password managers, phone logs).
 * Bounded: a field over max_field bytes makes the file bad. Wiping: the cells,
 * the read buffer and libcsv's own buffers are cleared before they are freed,
 * since a row may hold a password. A UTF-8 byte order mark is skipped; only
 * regular files are read. */
#ifndef LT_CSVFILE_H
#define LT_CSVFILE_H

#include <stddef.h>

#include "error.h"

/* One row: its cells (NUL-terminated, borrowed for the call and wiped after),
 * the 1-based row number. Set *stop to end the reading early (LT_OK). */
typedef lt_err (*lt_csv_row)(char *const *cells, size_t n, size_t row, void *ctx, int *stop);
/* Bytes read so far, of the file's size. */
typedef void (*lt_csv_progress)(unsigned long long done, unsigned long long total, void *ctx);

/* *rows (may be NULL) is how many rows were handed over. */
lt_err lt_csv_each(const char *path, size_t max_field, lt_csv_row fn, void *ctx, lt_csv_progress prog, void *pctx,
		   size_t *rows);

#endif
