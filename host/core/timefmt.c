/* SPDX-License-Identifier: MIT */
/* timefmt.c: parsing and formatting times (see timefmt.h).
 * strptime does the field work; offsets are applied by hand because glibc's
 * %z does not accept the "+08:00" form RFC 3339 uses in every version. */
#include "timefmt.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

void lt_time_format(time_t t, char buf[LT_TIME_LEN])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, LT_TIME_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static time_t now_t(void)
{
	const char *fake = getenv("LEAKTRACE_NOW");
	time_t t;

	if (!fake || lt_time_parse(fake, &t) != LT_OK)
		t = time(NULL);
	return t;
}

void lt_time_now(char buf[LT_TIME_LEN])
{
	lt_time_format(now_t(), buf);
}

/* Two ASCII digits at s (no sign, no space: sscanf's %2d takes both). */
static int two_digits(const char *s, int *v)
{
	if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]))
		return -1;
	*v = (s[0] - '0') * 10 + (s[1] - '0');
	return 0;
}

/* "Z", "+08:00", "-0500" → seconds east of UTC; -1 on anything else. */
static int parse_offset(const char *s, long *secs)
{
	int h, m;
	char sign = s[0];
	size_t n = strlen(s);
	const char *mm = n == 6 && s[3] == ':' ? s + 4 : n == 5 ? s + 3 : NULL;

	if ((sign == 'Z' || sign == 'z') && s[1] == '\0') {
		*secs = 0;
		return 0;
	}
	if ((sign != '+' && sign != '-') || !mm || two_digits(s + 1, &h) != 0 || two_digits(mm, &m) != 0)
		return -1;
	if (h > 23 || m > 59)
		return -1;
	*secs = (h * 3600L + m * 60L) * (sign == '-' ? -1 : 1);
	return 0;
}

/* strptime takes any day 1-31 in any month; refuse 2026-02-31 and the like
 * instead of letting timegm/mktime roll them into the next month. */
static int day_valid(const struct tm *tm)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y = tm->tm_year + 1900;
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return tm->tm_mday <= days[tm->tm_mon] + (tm->tm_mon == 1 && leap);
}

/* RFC 3339: date 'T' time, optional fraction, then an offset. */
static int parse_rfc3339(const char *s, time_t *out)
{
	struct tm tm = {0};
	const char *rest = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	long off;

	if (!rest)
		rest = strptime(s, "%Y-%m-%dt%H:%M:%S", &tm);
	if (!rest || !day_valid(&tm))
		return -1;
	if (*rest == '.') {
		if (!isdigit((unsigned char)rest[1]))
			return -1;
		for (rest++; isdigit((unsigned char)*rest); rest++)
			;
	}
	if (parse_offset(rest, &off) != 0)
		return -1;
	*out = timegm(&tm) - off;
	return 0;
}

/* Local forms people type: "YYYY-MM-DD HH:MM[:SS]" and "YYYY-MM-DD". */
static int parse_local(const char *s, time_t *out)
{
	static const char *const formats[] = {"%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"};
	size_t i;

	for (i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		struct tm tm = {0};
		const char *rest = strptime(s, formats[i], &tm);

		if (rest && *rest == '\0' && day_valid(&tm)) {
			tm.tm_isdst = -1;
			*out = mktime(&tm);
			return *out == (time_t)-1 ? -1 : 0;
		}
	}
	return -1;
}

lt_err lt_time_parse(const char *s, time_t *out)
{
	if (!s || strlen(s) > 40)
		return lt_fail(LT_ERR_BAD_TIME, "expected a time such as 2026-11-20 10:31 or 2026-11-20T02:31:00Z");
	if (parse_rfc3339(s, out) == 0 || parse_local(s, out) == 0)
		return LT_OK;
	return lt_fail(LT_ERR_BAD_TIME, "expected a time such as 2026-11-20 10:31 or 2026-11-20T02:31:00Z");
}

lt_err lt_time_parse_event(const char *s, time_t *out)
{
	lt_err e = lt_time_parse(s, out);

	if (e != LT_OK)
		return e;
	if (*out < LT_TIME_EARLIEST)
		return lt_fail(LT_ERR_BAD_TIME, "the time is before 1990; give the year in full, e.g. 2026-11-20");
	if (*out > now_t() + 24 * 3600)
		return lt_fail(LT_ERR_BAD_TIME, "the time is more than a day in the future; check the year and the date");
	return LT_OK;
}

lt_err lt_time_event(const char *at, char buf[LT_TIME_LEN])
{
	time_t t;
	lt_err e;

	if (!at) {
		lt_time_now(buf);
		return LT_OK;
	}
	if ((e = lt_time_parse_event(at, &t)) != LT_OK)
		return e;
	lt_time_format(t, buf);
	return LT_OK;
}

/* ---- the zone local times are shown in ---- */

static char tz_given[LT_TZ_NAME_MAX + 1]; /* the name lt_tz_use was given; "" none */

/* An IANA name: letters, digits and "_+-/", no "..", a TZif file in the database. */
static int iana_zone(const char *zone)
{
	const char *dir = getenv("TZDIR");
	char path[512], magic[4];
	FILE *f;
	int ok;

	if (!zone[0] || zone[0] == '/' || strstr(zone, "..") ||
	    strspn(zone, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_+-/") != strlen(zone))
		return 0;
	snprintf(path, sizeof path, "%s/%s", dir && dir[0] ? dir : "/usr/share/zoneinfo", zone);
	if (!(f = fopen(path, "rb")))
		return 0;
	ok = fread(magic, 1, 4, f) == 4 && memcmp(magic, "TZif", 4) == 0;
	fclose(f);
	return ok;
}

/* "+08:00", "+0800", "+08", "UTC+8", "UTC-5:30", "GMT+8" -> seconds east of UTC. */
static int fixed_offset(const char *zone, long *secs)
{
	char norm[8];
	const char *p = zone, *colon;
	size_t hours;

	if (strncasecmp(p, "UTC", 3) == 0 || strncasecmp(p, "GMT", 3) == 0)
		p += 3;
	if ((*p != '+' && *p != '-') || strlen(p) > 6)
		return -1;
	colon = strchr(p, ':');
	hours = colon ? (size_t)(colon - p - 1) : strlen(p + 1) > 2 ? 2 : strlen(p + 1);
	if (hours < 1 || hours > 2 || strspn(p + 1, "0123456789") < hours)
		return -1;
	/* as "+hh:mm" for parse_offset */
	snprintf(norm, sizeof norm, "%c%s%.*s:%s", p[0], hours == 1 ? "0" : "", (int)hours, p + 1,
		 colon ? colon + 1 : p[1 + hours] ? p + 1 + hours : "00");
	return parse_offset(norm, secs) == 0 && labs(*secs) <= 14 * 3600 ? 0 : -1;
}

lt_err lt_tz_use(const char *zone)
{
	char posix[32];
	long secs;

	if (!zone || strlen(zone) > LT_TZ_NAME_MAX)
		return lt_fail(LT_ERR_BAD_TIME, "a time zone is an IANA name (Asia/Shanghai) or an offset (+08:00)");
	if (fixed_offset(zone, &secs) == 0) {
		long a = labs(secs);

		/* POSIX counts west of UTC: "<+0800>-8:00" is eight hours ahead */
		snprintf(posix, sizeof posix, "<%c%02ld%02ld>%c%ld:%02ld", secs < 0 ? '-' : '+', a / 3600, a % 3600 / 60,
			 secs < 0 ? '+' : '-', a / 3600, a % 3600 / 60);
		snprintf(tz_given, sizeof tz_given, "UTC%c%02ld:%02ld", secs < 0 ? '-' : '+', a / 3600, a % 3600 / 60);
	} else if (iana_zone(zone)) {
		snprintf(posix, sizeof posix, "%s", zone);
		if (strlen(zone) >= sizeof posix)
			return lt_fail(LT_ERR_BAD_TIME, "unknown time zone %s", zone);
		snprintf(tz_given, sizeof tz_given, "%s", zone);
	} else {
		return lt_fail(LT_ERR_BAD_TIME, "unknown time zone %s: give an IANA name (Asia/Shanghai) or an offset (+08:00)",
			       zone);
	}
	if (setenv("TZ", posix, 1) != 0)
		return LT_ERR_NOMEM;
	tzset();
	return LT_OK;
}

/* Debian's /etc/timezone: the zone's name on its first line. */
static int system_zone_file(char *out, size_t size)
{
	FILE *f = fopen("/etc/timezone", "r");
	int ok = 0;

	if (f && fgets(out, (int)size, f)) {
		out[strcspn(out, "\n")] = '\0';
		ok = iana_zone(out);
	}
	if (f)
		fclose(f);
	return ok;
}

const char *lt_tz_name(void)
{
	static char sys[LT_TZ_NAME_MAX + 1];
	const char *env = getenv("TZ"), *at;
	char link[512];
	ssize_t n;

	if (tz_given[0])
		return tz_given;
	if (env && env[0])
		return env[0] == ':' ? env + 1 : env;
	n = readlink("/etc/localtime", link, sizeof link - 1);
	if (n > 0) {
		link[n] = '\0';
		if ((at = strstr(link, "zoneinfo/")) && strlen(at + 9) <= LT_TZ_NAME_MAX) {
			snprintf(sys, sizeof sys, "%s", at + 9);
			return sys;
		}
	}
	if (system_zone_file(sys, sizeof sys))
		return sys;
	tzset(); /* a copied /etc/localtime: its abbreviation ("CST"); "UTC" without one */
	return tzname[0] && tzname[0][0] ? tzname[0] : "UTC";
}

const char *lt_time_local(const char *rfc3339, char buf[LT_LOCAL_LEN])
{
	struct tm tm;
	time_t t;
	long off, a;
	char day[20];

	if (!rfc3339 || lt_time_parse(rfc3339, &t) != LT_OK) {
		lt_err_clear();
		return NULL;
	}
	if (!localtime_r(&t, &tm))
		return NULL;
	off = tm.tm_gmtoff;
	a = labs(off);
	strftime(day, sizeof day, "%Y-%m-%d %H:%M", &tm);
	snprintf(buf, LT_LOCAL_LEN, "%s (UTC%c%02d:%02d)", day, off < 0 ? '-' : '+', (int)(a / 3600 % 100),
		 (int)(a % 3600 / 60));
	return buf;
}
