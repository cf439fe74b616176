/* SPDX-License-Identifier: MIT */
/* test_time.c: reading and writing times (host/core/timefmt.c): RFC 3339 in
 * every offset form, the local forms people type (checked in Asia/Shanghai),
 * what is refused, and LEAKTRACE_NOW overriding the clock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "timefmt.h"

typedef struct {
	const char *in;
	const char *want; /* as UTC RFC 3339 */
} ok_case;

/* Parse every input and compare its UTC form. */
static void run_ok(const ok_case *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char buf[LT_TIME_LEN];
		time_t v = 0;
		lt_err e = lt_time_parse(t[i].in, &v);

		if (e != LT_OK)
			print_error("refused: %s\n", t[i].in);
		assert_int_equal(e, LT_OK);
		lt_time_format(v, buf);
		assert_string_equal(buf, t[i].want);
	}
}

static void run_refused(const char *const *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		time_t v = 0;
		lt_err e = lt_time_parse(t[i], &v);

		if (e != LT_ERR_BAD_TIME)
			print_error("accepted: %s\n", t[i] ? t[i] : "(null)");
		assert_int_equal(e, LT_ERR_BAD_TIME);
		assert_true(lt_err_detail()[0] != '\0');
	}
}

#define RUN_OK(t) run_ok(t, sizeof t / sizeof t[0])
#define RUN_REFUSED(t) run_refused(t, sizeof t / sizeof t[0])

/* Switch the local time zone (NULL: unset TZ). */
static void set_tz(const char *tz)
{
	if (tz)
		setenv("TZ", tz, 1);
	else
		unsetenv("TZ");
	tzset();
}

static int setup(void **state)
{
	(void)state;
	unsetenv("LEAKTRACE_NOW");
	set_tz("Asia/Shanghai");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	set_tz(NULL);
	return 0;
}

/* ---- formatting ---- */

static void format_utc(void **state)
{
	char buf[LT_TIME_LEN];

	(void)state;
	lt_time_format(0, buf);
	assert_string_equal(buf, "1970-01-01T00:00:00Z");
	lt_time_format(1795141860, buf);
	assert_string_equal(buf, "2026-11-20T02:31:00Z");
	assert_int_equal(strlen(buf), LT_TIME_LEN - 1);
}

/* ---- RFC 3339 ---- */

static void rfc3339_offsets(void **state)
{
	static const ok_case t[] = {
		{"2026-11-20T02:31:00Z", "2026-11-20T02:31:00Z"},
		{"2026-11-20t02:31:00z", "2026-11-20T02:31:00Z"},
		{"2026-11-20T10:31:00+08:00", "2026-11-20T02:31:00Z"},
		{"2026-11-19T21:31:00-05:00", "2026-11-20T02:31:00Z"},
		{"2026-11-19T21:31:00-0500", "2026-11-20T02:31:00Z"},
		{"2026-11-20T08:01:00+0530", "2026-11-20T02:31:00Z"},
		{"2026-11-20T02:31:00+00:00", "2026-11-20T02:31:00Z"},
		{"2026-11-20T00:30:00-23:59", "2026-11-21T00:29:00Z"},
		{"2026-01-01T07:00:00+08:00", "2025-12-31T23:00:00Z"},
		{"2024-02-29T12:00:00Z", "2024-02-29T12:00:00Z"},
		{"2000-02-29T12:00:00Z", "2000-02-29T12:00:00Z"},
		{"2026-12-31T23:59:59Z", "2026-12-31T23:59:59Z"},
	};
	(void)state;
	RUN_OK(t);
}

static void rfc3339_fraction(void **state)
{
	static const ok_case t[] = {
		{"2026-11-20T02:31:00.5Z", "2026-11-20T02:31:00Z"},
		{"2026-11-20T02:31:00.123456789Z", "2026-11-20T02:31:00Z"},
		{"2026-11-20T10:31:59.999+08:00", "2026-11-20T02:31:59Z"},
	};
	(void)state;
	RUN_OK(t);
}

/* RFC 3339 names its own offset: the local zone must not matter. */
static void rfc3339_ignores_local_zone(void **state)
{
	static const ok_case t[] = {
		{"2026-11-20T02:31:00Z", "2026-11-20T02:31:00Z"},
		{"2026-07-01T12:00:00+02:00", "2026-07-01T10:00:00Z"},
	};
	(void)state;
	set_tz("America/New_York");
	RUN_OK(t);
	set_tz("Asia/Shanghai");
	RUN_OK(t);
}

/* ---- local forms ---- */

static void local_forms_in_shanghai(void **state)
{
	static const ok_case t[] = {
		{"2026-11-20 10:31", "2026-11-20T02:31:00Z"},
		{"2026-11-20 10:31:45", "2026-11-20T02:31:45Z"},
		{"2026-11-20", "2026-11-19T16:00:00Z"},
		{"2026-01-01 07:00", "2025-12-31T23:00:00Z"},
		{"2028-02-29", "2028-02-28T16:00:00Z"},
	};
	(void)state;
	RUN_OK(t);
}

static void local_forms_follow_tz(void **state)
{
	static const ok_case t[] = {
		{"2026-11-20 10:31", "2026-11-20T10:31:00Z"},
		{"2026-11-20", "2026-11-20T00:00:00Z"},
	};
	(void)state;
	set_tz("UTC");
	RUN_OK(t);
	set_tz("Asia/Shanghai");
}

/* ---- refused ---- */

static void refused(void **state)
{
	char long_text[101];
	const char *const t[] = {
		"yesterday",
		"2026-13-01",
		"2026-00-10",
		"2026-11-32",
		"",
		" ",
		NULL,
		"2026-11-20T10:31:00+25:00",
		"2026-11-20T10:31:00+08:60",
		"2026-11-20T10:31:00+8:00",
		"2026-11-20T10:31:00+-1:00", /* sscanf's %2d would read "-1" */
		"2026-11-20T10:31:00+08:-1",
		"2026-11-20T10:31:00+ 8:00",
		"2026-11-20T10:31:00+0800 ",
		"2026-11-20T10:31:00.Z",
		"2026-11-20T10:31:00+08",
		"2026-11-20T10:31:00+08:00:00",
		"2026-11-20T10:31:00",
		"2026-11-20T10:31:00ZZ",
		"2026-11-20T10:31:00Z trailing",
		"2026-11-20T25:00:00Z",
		"2026-11-20 10:31 tomorrow",
		"20261120",
		"2026-02-31", /* days that do not exist are refused, not rolled over */
		"2026-02-29",
		"2100-02-29T00:00:00Z",
		"2026-04-31 10:00",
		"2026-06-31T00:00:00Z",
		long_text,
	};

	(void)state;
	memset(long_text, '1', sizeof long_text - 1);
	memcpy(long_text, "2026-11-20T10:31:00Z", 20);
	long_text[sizeof long_text - 1] = '\0';
	RUN_REFUSED(t);
}

/* ---- the clock ---- */

static void now_honours_leaktrace_now(void **state)
{
	char buf[LT_TIME_LEN];

	(void)state;
	setenv("LEAKTRACE_NOW", "2026-11-20T10:31:00+08:00", 1);
	lt_time_now(buf);
	assert_string_equal(buf, "2026-11-20T02:31:00Z");
	setenv("LEAKTRACE_NOW", "2026-11-20", 1); /* local forms too */
	lt_time_now(buf);
	assert_string_equal(buf, "2026-11-19T16:00:00Z");
	unsetenv("LEAKTRACE_NOW");
}

/* Unset or unreadable LEAKTRACE_NOW: the real clock. */
static void expect_real_clock(void)
{
	char buf[LT_TIME_LEN], lo[LT_TIME_LEN], hi[LT_TIME_LEN];
	time_t before = time(NULL);

	lt_time_now(buf);
	lt_time_format(before, lo);
	lt_time_format(time(NULL), hi);
	assert_true(strcmp(buf, lo) >= 0);
	assert_true(strcmp(buf, hi) <= 0);
}

static void now_without_override(void **state)
{
	(void)state;
	unsetenv("LEAKTRACE_NOW");
	expect_real_clock();
	setenv("LEAKTRACE_NOW", "not a time", 1);
	expect_real_clock();
	unsetenv("LEAKTRACE_NOW");
}

/* ---- local times for people: the zone's offset at that moment ---- */

static void local_with_offset(void **state)
{
	char buf[LT_LOCAL_LEN];

	(void)state;
	set_tz("Asia/Shanghai");
	assert_string_equal(lt_time_local("2026-11-20T02:31:00Z", buf), "2026-11-20 10:31 (UTC+08:00)");
	assert_string_equal(lt_time_local("2026-11-20T10:31:00+08:00", buf), "2026-11-20 10:31 (UTC+08:00)");
	assert_null(lt_time_local("not a time", buf));
	assert_null(lt_time_local(NULL, buf));
	set_tz("UTC");
	assert_string_equal(lt_time_local("2026-11-20T02:31:00Z", buf), "2026-11-20 02:31 (UTC+00:00)");
	set_tz("Asia/Kolkata");
	assert_string_equal(lt_time_local("2026-11-20T02:31:00Z", buf), "2026-11-20 08:01 (UTC+05:30)");
	set_tz("Asia/Shanghai");
}

/* New York leaves summer time at 02:00 on 2026-11-01: 01:30 happens twice,
 * and only the offset tells the two apart; spring forward on 2026-03-08. */
static void local_across_dst(void **state)
{
	char buf[LT_LOCAL_LEN];

	(void)state;
	set_tz("America/New_York");
	assert_string_equal(lt_time_local("2026-11-01T05:30:00Z", buf), "2026-11-01 01:30 (UTC-04:00)");
	assert_string_equal(lt_time_local("2026-11-01T06:30:00Z", buf), "2026-11-01 01:30 (UTC-05:00)");
	assert_string_equal(lt_time_local("2026-03-08T06:59:00Z", buf), "2026-03-08 01:59 (UTC-05:00)");
	assert_string_equal(lt_time_local("2026-03-08T07:00:00Z", buf), "2026-03-08 03:00 (UTC-04:00)");
	set_tz("Europe/Berlin");
	assert_string_equal(lt_time_local("2026-07-01T12:00:00Z", buf), "2026-07-01 14:00 (UTC+02:00)");
	assert_string_equal(lt_time_local("2026-12-01T12:00:00Z", buf), "2026-12-01 13:00 (UTC+01:00)");
	set_tz("Asia/Shanghai");
}

/* --tz: IANA names from the zone database, fixed offsets written as people
 * write them ("UTC+8" is east, unlike POSIX TZ), anything else refused. */
static void tz_use(void **state)
{
	static const struct {
		const char *zone, *name, *local;
	} ok[] = {
		{"Asia/Shanghai", "Asia/Shanghai", "2026-11-20 10:31 (UTC+08:00)"},
		{"America/New_York", "America/New_York", "2026-11-19 21:31 (UTC-05:00)"},
		{"UTC", "UTC", "2026-11-20 02:31 (UTC+00:00)"},
		{"+08:00", "UTC+08:00", "2026-11-20 10:31 (UTC+08:00)"},
		{"+0800", "UTC+08:00", "2026-11-20 10:31 (UTC+08:00)"},
		{"UTC+8", "UTC+08:00", "2026-11-20 10:31 (UTC+08:00)"},
		{"utc-5", "UTC-05:00", "2026-11-19 21:31 (UTC-05:00)"},
		{"GMT+05:30", "UTC+05:30", "2026-11-20 08:01 (UTC+05:30)"},
		{"-03:30", "UTC-03:30", "2026-11-19 23:01 (UTC-03:30)"},
	};
	static const char *const bad[] = {"Mars/Olympus", "../../etc/passwd", "/usr/share/zoneinfo/UTC", "+25:00",
					  "UTC+", "+8:0x", "", "Asia/Shanghai\n", "+08:00:00"};
	char buf[LT_LOCAL_LEN];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof ok / sizeof *ok; i++) {
		assert_int_equal(lt_tz_use(ok[i].zone), LT_OK);
		assert_string_equal(lt_tz_name(), ok[i].name);
		assert_string_equal(lt_time_local("2026-11-20T02:31:00Z", buf), ok[i].local);
	}
	for (i = 0; i < sizeof bad / sizeof *bad; i++) {
		assert_int_equal(lt_tz_use(bad[i]), LT_ERR_BAD_TIME);
		assert_true(lt_err_detail()[0] != '\0');
	}
	assert_int_equal(lt_tz_use(NULL), LT_ERR_BAD_TIME);
	assert_int_equal(lt_tz_use("Asia/Shanghai"), LT_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(format_utc),
		cmocka_unit_test(rfc3339_offsets),
		cmocka_unit_test(rfc3339_fraction),
		cmocka_unit_test(rfc3339_ignores_local_zone),
		cmocka_unit_test(local_forms_in_shanghai),
		cmocka_unit_test(local_forms_follow_tz),
		cmocka_unit_test(refused),
		cmocka_unit_test(now_honours_leaktrace_now),
		cmocka_unit_test(now_without_override),
		cmocka_unit_test(local_with_offset),
		cmocka_unit_test(local_across_dst),
		cmocka_unit_test(tz_use),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
