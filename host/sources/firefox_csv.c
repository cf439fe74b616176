/* SPDX-License-Identifier: MIT */
/* firefox_csv.c: the password CSV of Firefox (about:logins > Export):
 * url,username,password,httpRealm,formActionOrigin,guid,timeCreated,
 * timeLastUsed,timePasswordChanged, times in milliseconds since 1970.
 * timeCreated is when Firefox first saved the login: the account existed by
 * then (no-later-than). */
#include "csv_table.h"

const lt_csv_format lt_csv_firefox = {
	.col = {[LT_COL_URL] = "url", [LT_COL_USERNAME] = "username", [LT_COL_PASSWORD] = "password",
		[LT_COL_CREATED] = "timeCreated", [LT_COL_CHANGED] = "timePasswordChanged"},
	.marks = {"httpRealm", "formActionOrigin", "timeCreated"},
	.time = lt_source_time_ms,
};
