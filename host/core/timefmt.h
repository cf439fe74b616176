/* SPDX-License-Identifier: MIT */
/* timefmt.h: the one place that reads and writes times.
 * Records keep UTC in RFC 3339 ("2026-11-20T02:31:00Z"); people type local
 * times ("2026-11-20 10:31", "2026-11-20") or RFC 3339 with any offset, and
 * read local times with their offset ("2026-11-20 10:31 (UTC+08:00)"), in
 * the process's zone (TZ) or the one lt_tz_use names. */
#ifndef LT_TIMEFMT_H
#define LT_TIMEFMT_H

#include <time.h>

#include "error.h"

#define LT_TIME_LEN 21 /* "YYYY-MM-DDTHH:MM:SSZ" and NUL */

/* Write `t` as UTC RFC 3339 into buf. */
void lt_time_format(time_t t, char buf[LT_TIME_LEN]);
/* The current time, formatted; LEAKTRACE_NOW (RFC 3339) overrides it for tests. */
void lt_time_now(char buf[LT_TIME_LEN]);
/* Parse RFC 3339 (Z or +hh:mm), "YYYY-MM-DD HH:MM[:SS]" or "YYYY-MM-DD"
 * (both in the local time zone). LT_ERR_BAD_TIME otherwise. */
lt_err lt_time_parse(const char *s, time_t *out);

/* The earliest time an event may have (1990-01-01T00:00:00Z). */
#define LT_TIME_EARLIEST ((time_t)631152000)
/* As lt_time_parse, for when something happened (an incident, a login): a
 * time before 1990 or more than a day after now (a typo, a wrong clock) is
 * refused with LT_ERR_BAD_TIME and says which, since it would rule out or
 * rank sites on a date that cannot be. */
lt_err lt_time_parse_event(const char *s, time_t *out);
/* When something happened, formatted into buf: `at` checked as above, or now when NULL. */
lt_err lt_time_event(const char *at, char buf[LT_TIME_LEN]);

#define LT_LOCAL_LEN 40 /* "YYYY-MM-DD HH:MM (UTC+hh:mm)" and NUL, with room */
#define LT_TZ_NAME_MAX 64

/* Local times are in `zone` from now on (it sets TZ): an IANA name found in
 * the system's zone database ("Asia/Shanghai", "America/New_York", "UTC"), or
 * a fixed offset east of UTC ("+08:00", "+0800", "UTC+8", "UTC-05:30").
 * "UTC+8" means eight hours ahead, as people write it, not POSIX's reverse.
 * LT_ERR_BAD_TIME for anything else: glibc would read an unknown name as UTC. */
lt_err lt_tz_use(const char *zone);
/* The zone local times are in, for a reader: the name given to lt_tz_use,
 * else TZ, else the system's (/etc/localtime's link, /etc/timezone, the zone's
 * abbreviation), else "UTC". */
const char *lt_tz_name(void);
/* A stored time as local "YYYY-MM-DD HH:MM (UTC+hh:mm)", the offset that
 * held at that moment (DST included). Returns buf, or NULL when rfc3339 is
 * not a time (buf untouched). */
const char *lt_time_local(const char *rfc3339, char buf[LT_LOCAL_LEN]);

#endif
