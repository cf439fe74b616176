/* SPDX-License-Identifier: MIT */
/* bitwarden_csv.c: Bitwarden's CSV export: folder,favorite,type,name,notes,
 * fields,reprompt,login_uri,login_username,login_password,login_totp. Only
 * rows of type "login" are accounts; the CSV has no dates (the JSON export
 * has them: bitwarden_json.c). Notes and custom fields are never read. */
#include <strings.h>

#include "csv_table.h"

static int is_login(const char *type)
{
	return type && strcasecmp(type, "login") == 0;
}

const lt_csv_format lt_csv_bitwarden = {
	.col = {[LT_COL_URL] = "login_uri", [LT_COL_USERNAME] = "login_username", [LT_COL_PASSWORD] = "login_password",
		[LT_COL_TITLE] = "name", [LT_COL_TYPE] = "type"},
	.marks = {"login_uri", "login_username"},
	.is_account = is_login,
};
