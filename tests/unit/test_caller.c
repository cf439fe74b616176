/* SPDX-License-Identifier: MIT */
/* test_caller.c: the caller check (host/core/caller.c): which extension
 * started the host, as Chromium-family browsers (origin in argv[1]) and
 * Firefox (manifest path, add-on ID) pass it, with the built-in IDs and
 * $LEAKTRACE_ALLOWED_EXTENSIONS, and the look-alikes that must be refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "caller.h"

#define HOST "/usr/bin/leaktrace-host"
#define MANIFEST "/home/u/.mozilla/native-messaging-hosts/leaktrace.json"
#define ORIGIN(id) "chrome-extension://" id "/"

static int setup(void **state)
{
	(void)state;
	return unsetenv("LEAKTRACE_ALLOWED_EXTENSIONS");
}

/* As a Chromium-family browser starts the host: the origin, then (on some
 * platforms) more arguments. */
static lt_err chromium(const char *origin)
{
	char *argv[] = {(char *)HOST, (char *)origin, (char *)"--parent-window=0", NULL};

	return lt_caller_check(3, argv);
}

/* As Firefox starts it: the manifest path and the add-on ID. */
static lt_err firefox(const char *id)
{
	char *argv[] = {(char *)HOST, (char *)MANIFEST, (char *)id, NULL};

	return lt_caller_check(3, argv);
}

static void expect_forbidden(lt_err e)
{
	assert_int_equal(e, LT_ERR_FORBIDDEN_CALLER);
	assert_true(lt_err_detail()[0] != '\0');
}

static void chromium_built_in_id(void **state)
{
	char *only_origin[] = {(char *)HOST, (char *)ORIGIN(LT_CHROMIUM_ID), NULL};

	(void)state;
	assert_int_equal(chromium(ORIGIN(LT_CHROMIUM_ID)), LT_OK);
	assert_int_equal(chromium("chrome-extension://" LT_CHROMIUM_ID), LT_OK);
	assert_int_equal(lt_caller_check(2, only_origin), LT_OK);
}

static void chromium_other_id(void **state)
{
	(void)state;
	expect_forbidden(chromium(ORIGIN("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")));
	expect_forbidden(chromium(ORIGIN("")));
	expect_forbidden(chromium("chrome-extension://"));
	expect_forbidden(chromium(ORIGIN(LT_FIREFOX_ID "x")));
}

static void chromium_prefix_tricks(void **state)
{
	(void)state;
	expect_forbidden(chromium(ORIGIN(LT_CHROMIUM_ID "X")));
	expect_forbidden(chromium(ORIGIN("mfbhmook")));
	expect_forbidden(chromium(ORIGIN("X" LT_CHROMIUM_ID)));
	expect_forbidden(chromium(ORIGIN(LT_CHROMIUM_ID "," LT_CHROMIUM_ID)));
	expect_forbidden(chromium("chrome-extension:/" LT_CHROMIUM_ID "/"));
	expect_forbidden(chromium("moz-extension://" LT_CHROMIUM_ID "/"));
	expect_forbidden(chromium(" chrome-extension://" LT_CHROMIUM_ID "/"));
}

static void firefox_built_in_id(void **state)
{
	(void)state;
	assert_int_equal(firefox(LT_FIREFOX_ID), LT_OK);
	assert_int_equal(firefox("leaktrace@leaktrace"), LT_OK);
}

static void firefox_wrong_id(void **state)
{
	(void)state;
	expect_forbidden(firefox("evil@example.com"));
	expect_forbidden(firefox("leaktrace@leaktrace.evil"));
	expect_forbidden(firefox("leaktrace@leaktrac"));
	expect_forbidden(firefox("LEAKTRACE@LEAKTRACE"));
	expect_forbidden(firefox(""));
	expect_forbidden(firefox(LT_FIREFOX_ID "," LT_FIREFOX_ID));
}

static void no_caller_given(void **state)
{
	char *only_host[] = {(char *)HOST, NULL};
	char *only_manifest[] = {(char *)HOST, (char *)MANIFEST, NULL};
	char *none[] = {NULL};

	(void)state;
	expect_forbidden(lt_caller_check(1, only_host));
	expect_forbidden(lt_caller_check(2, only_manifest));
	expect_forbidden(lt_caller_check(0, none));
}

static void allowed_from_environment(void **state)
{
	(void)state;
	setenv("LEAKTRACE_ALLOWED_EXTENSIONS", "a,b", 1);
	assert_int_equal(chromium(ORIGIN("b")), LT_OK);
	assert_int_equal(chromium(ORIGIN("a")), LT_OK);
	assert_int_equal(firefox("b"), LT_OK);
	/* the built-in IDs stay allowed */
	assert_int_equal(chromium(ORIGIN(LT_CHROMIUM_ID)), LT_OK);
	assert_int_equal(firefox(LT_FIREFOX_ID), LT_OK);
	/* only whole elements of the list */
	expect_forbidden(chromium(ORIGIN("c")));
	expect_forbidden(chromium(ORIGIN("ab")));
	expect_forbidden(chromium(ORIGIN("a,b")));
	expect_forbidden(firefox("a,b"));
	expect_forbidden(firefox("bb"));
	unsetenv("LEAKTRACE_ALLOWED_EXTENSIONS");
	expect_forbidden(chromium(ORIGIN("b")));
}

/* Empty elements of the list never allow an empty ID. */
static void empty_list_elements(void **state)
{
	(void)state;
	setenv("LEAKTRACE_ALLOWED_EXTENSIONS", ",,x,", 1);
	assert_int_equal(firefox("x"), LT_OK);
	expect_forbidden(firefox(""));
	expect_forbidden(chromium(ORIGIN("")));
	setenv("LEAKTRACE_ALLOWED_EXTENSIONS", "", 1);
	expect_forbidden(firefox(""));
	expect_forbidden(firefox("x"));
	unsetenv("LEAKTRACE_ALLOWED_EXTENSIONS");
}

/* The refusal names the extension (bounded), so a person can tell which. */
static void refusal_names_the_id(void **state)
{
	char long_id[300];

	(void)state;
	expect_forbidden(chromium(ORIGIN("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz")));
	assert_non_null(strstr(lt_err_detail(), "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"));
	memset(long_id, 'q', sizeof long_id - 1);
	long_id[sizeof long_id - 1] = '\0';
	expect_forbidden(firefox(long_id));
	assert_true(strlen(lt_err_detail()) < 200);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(chromium_built_in_id),
		cmocka_unit_test(chromium_other_id),
		cmocka_unit_test(chromium_prefix_tricks),
		cmocka_unit_test(firefox_built_in_id),
		cmocka_unit_test(firefox_wrong_id),
		cmocka_unit_test(no_caller_given),
		cmocka_unit_test(allowed_from_environment),
		cmocka_unit_test(empty_list_elements),
		cmocka_unit_test(refusal_names_the_id),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
