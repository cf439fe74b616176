/* SPDX-License-Identifier: MIT */
/* firefox_history.c: Firefox's places.sqlite (in the profile folder):
 * moz_places (id, url, title) and moz_historyvisits (place_id, visit_date in
 * microseconds since 1970). The first visit to each sign-up page is read;
 * nothing else (bookmarks, form history and the rest stay unread). */
#include "history.h"

static void firefox_time(sqlite3_int64 us, char out[LT_TIME_LEN])
{
	out[0] = '\0';
	if (us > 0 && us < 253402300799000000LL)
		lt_time_format((time_t)(us / 1000000), out);
}

lt_err lt_firefox_history_read(const char *path, lt_entry_sink sink, void *ctx)
{
	return lt_history_read(path, "moz_historyvisits",
			       "SELECT p.url, p.title, MIN(v.visit_date) FROM moz_places p "
			       "JOIN moz_historyvisits v ON v.place_id = p.id GROUP BY p.id ORDER BY MIN(v.visit_date)",
			       firefox_time, sink, ctx);
}
