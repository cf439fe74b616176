/* SPDX-License-Identifier: MIT */
/* keepassxc_csv.c: KeePassXC's CSV export: Group,Title,Username,Password,
 * URL,Notes,TOTP,Icon,Last Modified,Created (older versions stop after
 * Notes; an export edited by hand, or by another tool, may lack Group).
 * Created, ISO 8601 in UTC, is when the entry was made: the account existed
 * by then (no-later-than). Told from 1Password's CSV, which also has Title,
 * by a column 1Password never writes: Group, Last Modified or Created. */
#include "csv_table.h"

const lt_csv_format lt_csv_keepassxc = {
	.col = {[LT_COL_URL] = "URL", [LT_COL_USERNAME] = "Username", [LT_COL_PASSWORD] = "Password",
		[LT_COL_TITLE] = "Title", [LT_COL_CREATED] = "Created"},
	.marks = {"Title", "Group|Last Modified|Created"},
	.time = lt_source_time_iso,
};
