/* csvfile.h: reading a CSV file row by row through libcsv (RFC 4180 quoting,
 * fields with commas, quotes and line breaks), with bounds: a field over
 * max_field bytes or a row over LT_CSV_FIELDS fields fails the file. Any
 * reader of CSV exports goes through this one wrapper. */
#ifndef LT_CSVFILE_H
#define LT_CSVFILE_H

#include <stddef.h>

#include "error.h"

#define LT_CSV_FIELDS 32

/* One row: its fields (NUL-terminated, borrowed for the call), 1-based row number. */
typedef lt_err (*lt_csv_row)(const char *const *fields, size_t n, size_t row, void *ctx);
typedef void (*lt_csv_progress)(unsigned long long done, unsigned long long total, void *ctx);

lt_err lt_csv_each(const char *path, size_t max_field, lt_csv_row fn, void *ctx, lt_csv_progress prog, void *pctx);

#endif
