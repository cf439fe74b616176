/* SPDX-License-Identifier: MIT */
/* csv_table.h: what the password-manager CSV readers share (csv_table.c):
 * a format is a table of which header names hold which part of an account,
 * and csv_table.c reads any such file with libcsv, one row at a time. */
#ifndef LT_CSV_TABLE_H
#define LT_CSV_TABLE_H

#include "sources.h"

typedef enum { LT_COL_URL, LT_COL_USERNAME, LT_COL_PASSWORD, LT_COL_TITLE, LT_COL_CREATED, LT_COL_CHANGED,
	       LT_COL_TYPE, LT_COL_COUNT } lt_csv_col;

typedef struct {
	/* Header names of each part ("a|b": either; matched without regard to
	 * case or surrounding spaces); NULL: the format has none. */
	const char *col[LT_COL_COUNT];
	/* Columns no other supported format has, all present in a header of
	 * this format (with the URL and username columns). */
	const char *marks[4];
	/* A created or changed field as RFC 3339 into out ("" when empty);
	 * LT_ERR_BAD_TIME for anything else. NULL: the format has no dates. */
	lt_err (*time)(const char *field, char out[LT_TIME_LEN]);
	/* Is a row of this type an account (not a card or a note)? NULL: all are. */
	int (*is_account)(const char *type);
	/* The web addresses of a URL cell that holds several (a copy of it, cut
	 * in place), into out (at most max); returns how many. NULL: the cell is
	 * one address. */
	size_t (*urls)(char *text, const char **out, size_t max);
} lt_csv_format;

extern const lt_csv_format lt_csv_chrome, lt_csv_firefox, lt_csv_bitwarden, lt_csv_keepassxc, lt_csv_onepassword;

/* The header row of a CSV file (cells malloc'd, *n of them; free with
 * lt_csv_cells_free). LT_ERR_BAD_FILE when it is no CSV. */
lt_err lt_csv_header(const char *path, char ***cells, size_t *n);
void lt_csv_cells_free(char **cells, size_t n);
/* Does this header have every mark and the URL and username columns of f? */
int lt_csv_fits(const lt_csv_format *f, char *const *cells, size_t n);
/* Read every row of the file as format f. */
lt_err lt_csv_read(const char *path, const lt_csv_format *f, lt_entry_sink sink, void *ctx);

/* Times as the formats write them: RFC 3339 / ISO 8601 (KeePassXC,
 * Bitwarden), milliseconds since 1970 (Firefox). */
lt_err lt_source_time_iso(const char *field, char out[LT_TIME_LEN]);
lt_err lt_source_time_ms(const char *field, char out[LT_TIME_LEN]);

#endif
