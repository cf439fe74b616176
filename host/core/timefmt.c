/* timefmt.c: parsing and formatting times (see timefmt.h).
 * strptime does the field work; offsets are applied by hand because glibc's
 * %z does not accept the "+08:00" form RFC 3339 uses in every version. */
#include "timefmt.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
