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

void lt_time_now(char buf[LT_TIME_LEN])
{
	const char *fake = getenv("LEAKTRACE_NOW");
	time_t t;

	if (!fake || lt_time_parse(fake, &t) != LT_OK)
		t = time(NULL);
	lt_time_format(t, buf);
}

/* "Z", "+08:00", "-0500" → seconds east of UTC; -1 on anything else. */
static int parse_offset(const char *s, long *secs)
{
	int h, m;
	char sign = s[0];

	if ((sign == 'Z' || sign == 'z') && s[1] == '\0') {
		*secs = 0;
		return 0;
	}
	if (sign != '+' && sign != '-')
		return -1;
	if (sscanf(s + 1, "%2d:%2d", &h, &m) == 2 && strlen(s) == 6)
		;
	else if (sscanf(s + 1, "%2d%2d", &h, &m) == 2 && strlen(s) == 5 && isdigit((unsigned char)s[3]))
		;
	else
		return -1;
	if (h > 23 || m > 59)
		return -1;
	*secs = (h * 3600L + m * 60L) * (sign == '-' ? -1 : 1);
	return 0;
}

/* RFC 3339: date 'T' time, optional fraction, then an offset. */
static int parse_rfc3339(const char *s, time_t *out)
{
	struct tm tm = {0};
	const char *rest = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	long off;

	if (!rest)
		rest = strptime(s, "%Y-%m-%dt%H:%M:%S", &tm);
	if (!rest)
		return -1;
	if (*rest == '.')
		for (rest++; isdigit((unsigned char)*rest); rest++)
			;
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

		if (rest && *rest == '\0') {
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
