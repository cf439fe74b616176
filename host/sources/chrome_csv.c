/* SPDX-License-Identifier: MIT */
/* chrome_csv.c: the password CSV of Chrome, Chromium and Edge
 * (Settings > Passwords > Export): name,url,username,password[,note].
 * It has no dates, so its accounts are dated unknown. The note is never read. */
#include "csv_table.h"

const lt_csv_format lt_csv_chrome = {
	.col = {[LT_COL_URL] = "url", [LT_COL_USERNAME] = "username", [LT_COL_PASSWORD] = "password",
		[LT_COL_TITLE] = "name"},
	.marks = {"name", "password"},
};
