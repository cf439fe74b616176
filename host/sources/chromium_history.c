/* SPDX-License-Identifier: MIT */
/* chromium_history.c: the History database of Chromium, Chrome and Edge
 * (~/.config/chromium/Default/History): urls (id, url, title) and visits
 * (url, visit_time in microseconds since 1601-01-01 UTC). The first visit to
 * each sign-up page is read; nothing else. */
#include "history.h"

#define WINDOWS_TO_UNIX_US 11644473600000000LL /* 1601-01-01 to 1970-01-01 */

static void chromium_time(sqlite3_int64 us, char out[LT_TIME_LEN])
{
	out[0] = '\0';
	if (us > WINDOWS_TO_UNIX_US && us < WINDOWS_TO_UNIX_US + 253402300799000000LL)
		lt_time_format((time_t)((us - WINDOWS_TO_UNIX_US) / 1000000), out);
}

lt_err lt_chromium_history_read(const char *path, lt_entry_sink sink, void *ctx)
{
	return lt_history_read(path, "visits",
			       "SELECT u.url, u.title, MIN(v.visit_time) FROM urls u JOIN visits v ON v.url = u.id "
			       "GROUP BY u.id ORDER BY MIN(v.visit_time)",
			       chromium_time, sink, ctx);
}
