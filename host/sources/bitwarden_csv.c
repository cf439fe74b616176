/* SPDX-License-Identifier: MIT */
/* bitwarden_csv.c: Bitwarden's CSV export: folder,favorite,type,name,notes,
 * fields,reprompt,login_uri,login_username,login_password,login_totp. Only
 * rows of type "login" are accounts; the CSV has no dates (the JSON export
 * has them: bitwarden_json.c). Notes and custom fields are never read.
 * A login with several URIs has them joined by commas in login_uri; they are
 * cut at every comma, as Bitwarden's own importer reads them back (a comma
 * inside one URI is cut too: its pieces that name no web site make no
 * account). */
#include <string.h>
#include <strings.h>

#include "csv_table.h"

static int is_login(const char *type)
{
	return type && strcasecmp(type, "login") == 0;
}

/* The URIs of login_uri, trimmed, empty ones left out (the text cut in place). */
static size_t login_uris(char *text, const char **out, size_t max)
{
	size_t n = 0;
	char *p = text, *end;

	for (; p && n < max; p = end ? end + 1 : NULL) {
		if ((end = strchr(p, ',')))
			*end = '\0';
		p += strspn(p, " \t");
		for (char *q = p + strlen(p); q > p && (q[-1] == ' ' || q[-1] == '\t');)
			*--q = '\0';
		if (*p)
			out[n++] = p;
	}
	return n;
}

const lt_csv_format lt_csv_bitwarden = {
	.col = {[LT_COL_URL] = "login_uri", [LT_COL_USERNAME] = "login_username", [LT_COL_PASSWORD] = "login_password",
		[LT_COL_TITLE] = "name", [LT_COL_TYPE] = "type"},
	.marks = {"login_uri", "login_username"},
	.is_account = is_login,
	.urls = login_uris,
};
