/* SPDX-License-Identifier: MIT */
/* onepassword_csv.c: 1Password's CSV export (1Password 8: Title,Url,Username,
 * Password,OTPAuth,Favorite,Archived,Tags,Notes; 1Password 7 wrote "Website"
 * for Url). No dates: its accounts are dated unknown. */
#include "csv_table.h"

const lt_csv_format lt_csv_onepassword = {
	.col = {[LT_COL_URL] = "Url|Website|URLs", [LT_COL_USERNAME] = "Username", [LT_COL_PASSWORD] = "Password",
		[LT_COL_TITLE] = "Title"},
	.marks = {"Title", "Password"},
};
