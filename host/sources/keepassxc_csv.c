/* SPDX-License-Identifier: MIT */
/* keepassxc_csv.c: KeePassXC's CSV export: Group,Title,Username,Password,
 * URL,Notes,TOTP,Icon,Last Modified,Created (older versions stop after
 * Notes). Created, ISO 8601 in UTC, is when the entry was made: the account
 * existed by then (no-later-than). */
#include "csv_table.h"

const lt_csv_format lt_csv_keepassxc = {
	.col = {[LT_COL_URL] = "URL", [LT_COL_USERNAME] = "Username", [LT_COL_PASSWORD] = "Password",
		[LT_COL_TITLE] = "Title", [LT_COL_CREATED] = "Created"},
	.marks = {"Group", "Title"},
	.time = lt_source_time_iso,
};
