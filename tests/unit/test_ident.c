/* SPDX-License-Identifier: MIT */
/* test_ident.c: identifier detection and normalisation (email, phone through
 * the libphonenumber bridge, username) and the default phone region from the
 * environment. Every test starts from an environment without region or locale
 * variables, so `make unit` (LC_ALL=C.UTF-8) and a person's shell agree. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "ident.h"
#include "phone.h"

static const char *const region_vars[] = {"LEAKTRACE_REGION", "LC_ALL", "LC_TELEPHONE", "LC_CTYPE", "LANG"};

static int clear_env(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof region_vars / sizeof region_vars[0]; i++)
		unsetenv(region_vars[i]);
	return 0;
}

typedef struct {
	const char *in;
	const char *region;
	const char *want;
} ok_case;

typedef struct {
	const char *in;
	const char *region;
	lt_err want;
} err_case;

static void run_ok(lt_kind k, const ok_case *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *out = NULL;
		lt_err e = lt_ident_normalize(k, c[i].in, c[i].region, &out);
		if (e != LT_OK)
			print_error("case %zu: %s (%s)\n", i, lt_err_name(e), lt_err_detail());
		assert_int_equal(e, LT_OK);
		assert_string_equal(out, c[i].want);
		free(out);
	}
}

static void run_err(lt_kind k, const err_case *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *out = (char *)"untouched";
		lt_err e = lt_ident_normalize(k, c[i].in, c[i].region, &out);
		if (e != c[i].want)
			print_error("case %zu: got %s\n", i, lt_err_name(e));
		assert_int_equal(e, c[i].want);
		assert_null(out);
		assert_true(lt_err_detail()[0] != '\0');
		if (c[i].in && strlen(c[i].in) >= 4)
			assert_null(strstr(lt_err_detail(), c[i].in));
	}
}

#define RUN_OK(k, t) run_ok(k, t, sizeof t / sizeof t[0])
#define RUN_ERR(k, t) run_err(k, t, sizeof t / sizeof t[0])

static char *repeat(char c, size_t n, const char *suffix)
{
	char *s = malloc(n + strlen(suffix) + 1);
	memset(s, c, n);
	strcpy(s + n, suffix);
	return s;
}

/* ---- kinds and detection ---- */

static void kind_names_round_trip(void **state)
{
	(void)state;
	for (int k = LT_KIND_EMAIL; k < LT_KIND_COUNT; k++)
		assert_int_equal(lt_kind_from_name(lt_kind_name((lt_kind)k)), k);
	assert_string_equal(lt_kind_name(LT_KIND_PHONE), "phone");
	assert_string_equal(lt_kind_name(LT_KIND_NONE), "");
	assert_string_equal(lt_kind_name((lt_kind)99), "");
	assert_int_equal(lt_kind_from_name("fax"), LT_KIND_NONE);
	assert_int_equal(lt_kind_from_name(""), LT_KIND_NONE);
	assert_int_equal(lt_kind_from_name(NULL), LT_KIND_NONE);
}

static void detect_kinds(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		lt_kind want;
	} t[] = {
		{"+86 138 0013 8000", LT_KIND_PHONE},
		{"１３８００１３８０００", LT_KIND_PHONE},
		{"＋８６　１３８－００１３－８０００", LT_KIND_PHONE},
		{"(415) 555-2671", LT_KIND_PHONE},
		{"0221/123456", LT_KIND_PHONE},
		{"12345", LT_KIND_PHONE},
		{"a@b.c", LT_KIND_EMAIL},
		{"Me+Shop@Example.COM", LT_KIND_EMAIL},
		{"john", LT_KIND_USERNAME},
		{"john_doe2024", LT_KIND_USERNAME},
		{"john123456", LT_KIND_USERNAME},
		{"1234", LT_KIND_USERNAME},
		{"张伟", LT_KIND_USERNAME},
		{"", LT_KIND_NONE},
		{"   ", LT_KIND_NONE},
		{"\xff\xfe", LT_KIND_NONE},
		{NULL, LT_KIND_NONE},
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		if (lt_ident_detect(t[i].in) != t[i].want)
			print_error("case %zu\n", i);
		assert_int_equal(lt_ident_detect(t[i].in), t[i].want);
	}
}

/* ---- email ---- */

static void email_normalized(void **state)
{
	(void)state;
	static const ok_case t[] = {
		{"Me+Shop@Example.COM", NULL, "me+shop@example.com"},
		{"J.O.H.N+x@googlemail.com", NULL, "j.o.h.n+x@googlemail.com"},
		{"user@xn--fsqu00a.xn--fiqs8s", NULL, "user@例子.中国"},
		{"user@例子.中国", NULL, "user@例子.中国"},
		{"User@MAIL.XN--FSQU00A.xn--fiqs8s.", NULL, "user@mail.例子.中国"},
		{"  me@example.com\n", NULL, "me@example.com"},
		{"ÄBC@Example.com", NULL, "äbc@example.com"},
		{"A\xcc\x88@example.com", NULL, "ä@example.com"}, /* NFC: A + combining diaeresis */
		{"张伟@例子.中国", NULL, "张伟@例子.中国"},
	};
	RUN_OK(LT_KIND_EMAIL, t);
}

static void email_refused(void **state)
{
	(void)state;
	char *local65 = repeat('a', 65, "@example.com"), *local64 = repeat('b', 64, "@example.com");
	char *huge = repeat('a', LT_IDENT_MAX + 1, "");
	const err_case t[] = {
		{"", NULL, LT_ERR_BAD_IDENTIFIER},
		{"noat.example.com", NULL, LT_ERR_BAD_IDENTIFIER},
		{"a@@example.com", NULL, LT_ERR_BAD_IDENTIFIER},
		{"a@b@example.com", NULL, LT_ERR_BAD_IDENTIFIER},
		{"@example.com", NULL, LT_ERR_BAD_IDENTIFIER},
		{"me@", NULL, LT_ERR_BAD_IDENTIFIER},
		{"me@localhost", NULL, LT_ERR_BAD_IDENTIFIER},
		{"me@gmailcom", NULL, LT_ERR_BAD_IDENTIFIER},
		{"m e@example.com", NULL, LT_ERR_BAD_IDENTIFIER},
		{"me@exa mple.com", NULL, LT_ERR_BAD_IDENTIFIER},
		{"me\x01@example.com", NULL, LT_ERR_BAD_IDENTIFIER},
		{"me@xn--zz.com", NULL, LT_ERR_BAD_IDENTIFIER},
		{"me@127.0.0.1", NULL, LT_ERR_BAD_IDENTIFIER},
		{"me@[1.2.3.4]", NULL, LT_ERR_BAD_IDENTIFIER},
		{"me@example.com:25", NULL, LT_ERR_BAD_IDENTIFIER},
		{local65, NULL, LT_ERR_BAD_IDENTIFIER},
		{huge, NULL, LT_ERR_TOO_LARGE},
		{"me@\xff.com", NULL, LT_ERR_BAD_UTF8},
		{NULL, NULL, LT_ERR_BAD_IDENTIFIER},
	};
	RUN_ERR(LT_KIND_EMAIL, t);
	char *out = NULL;
	assert_int_equal(lt_ident_normalize(LT_KIND_EMAIL, local64, NULL, &out), LT_OK);
	free(out);
	free(local65);
	free(local64);
	free(huge);
}

static void email_mailbox_keys(void **state)
{
	(void)state;
	static const struct {
		const char *in, *want;
	} t[] = {
		{"me+shop@example.com", "me@example.com"},
		{"me@example.com", "me@example.com"},
		{"j.o.h.n+x@googlemail.com", "john@gmail.com"},
		{"j.o.h.n@gmail.com", "john@gmail.com"},
		{"a.b+c+d@gmail.com", "ab@gmail.com"},
		{"a.b@example.com", "a.b@example.com"}, /* dots matter outside Gmail */
		{"+tag@example.com", "+tag@example.com"}, /* nothing before '+': keep it */
		{"user@例子.中国", "user@例子.中国"},
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		char *out = NULL;
		assert_int_equal(lt_email_mailbox(t[i].in, &out), LT_OK);
		assert_string_equal(out, t[i].want);
		free(out);
	}
	static const char *const bad[] = {"noat", "@example.com", "me@", "a@b@c.com", "...@gmail.com", "..+x@gmail.com"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *out = (char *)"untouched";
		assert_int_equal(lt_email_mailbox(bad[i], &out), LT_ERR_BAD_IDENTIFIER);
		assert_null(out);
	}
	char *out = NULL;
	assert_int_equal(lt_email_mailbox(NULL, &out), LT_ERR_BAD_IDENTIFIER);
}

static void email_normalize_then_mailbox(void **state)
{
	(void)state;
	char *norm = NULL, *box = NULL;
	assert_int_equal(lt_ident_normalize(LT_KIND_EMAIL, "Me+Shop@Example.COM", NULL, &norm), LT_OK);
	assert_int_equal(lt_email_mailbox(norm, &box), LT_OK);
	assert_string_equal(box, "me@example.com");
	free(norm);
	free(box);
	assert_int_equal(lt_ident_normalize(LT_KIND_EMAIL, "J.O.H.N+x@googlemail.com", NULL, &norm), LT_OK);
	assert_int_equal(lt_email_mailbox(norm, &box), LT_OK);
	assert_string_equal(box, "john@gmail.com");
	free(norm);
	free(box);
}

/* ---- username ---- */

static void username_normalized(void **state)
{
	(void)state;
	static const ok_case t[] = {
		{"  Ｊｏｈｎ_Doe ", NULL, "john_doe"},
		{"\u3000John\u3000", NULL, "john"},
		{"ＪＯＨＮ", NULL, "john"},
		{"Straße", NULL, "strasse"},
		{"\xef\xac\x81le", NULL, "file"}, /* the "fi" ligature */
		{"John Doe", NULL, "john doe"},
		{"张伟", NULL, "张伟"},
		{"ΣΊΣΥΦΟΣ", NULL, "σίσυφοσ"},
	};
	RUN_OK(LT_KIND_USERNAME, t);
	char *huge = repeat('a', LT_IDENT_MAX + 1, "");
	const err_case bad[] = {
		{"", NULL, LT_ERR_BAD_IDENTIFIER},
		{"   ", NULL, LT_ERR_BAD_IDENTIFIER},
		{"\u3000", NULL, LT_ERR_BAD_IDENTIFIER},
		{"jo\x01hn", NULL, LT_ERR_BAD_IDENTIFIER},
		{"jo\x7fhn", NULL, LT_ERR_BAD_IDENTIFIER},
		{"jo\xc2\x85hn", NULL, LT_ERR_BAD_IDENTIFIER}, /* C1 control */
		{huge, NULL, LT_ERR_TOO_LARGE},
		{"jo\xc3hn", NULL, LT_ERR_BAD_UTF8},
	};
	RUN_ERR(LT_KIND_USERNAME, bad);
	free(huge);
}

static void unknown_kind_refused(void **state)
{
	(void)state;
	char *out = (char *)"untouched";
	assert_int_equal(lt_ident_normalize(LT_KIND_NONE, "john", NULL, &out), LT_ERR_BAD_IDENTIFIER);
	assert_null(out);
}

/* ---- phone ---- */

static void phone_china(void **state)
{
	(void)state;
	static const ok_case t[] = {
		{"+86 138 0013 8000", NULL, "+8613800138000"},
		{"+86 138 0013 8000", "US", "+8613800138000"},
		{"+8613800138000", "CN", "+8613800138000"},
		{"0086 13800138000", "CN", "+8613800138000"},
		{"0086 13800138000", NULL, "+8613800138000"}, /* "00" read as '+' */
		{"0086 13800138000", "US", "+8613800138000"}, /* US's own prefix is 011 */
		{"011 86 138 0013 8000", "US", "+8613800138000"},
		{"8613800138000", "CN", "+8613800138000"},
		{"138-0013-8000", "CN", "+8613800138000"},
		{"13800138000", "cn", "+8613800138000"},
		{"138.0013.8000", "CN", "+8613800138000"},
		{"１３８００１３８０００", "CN", "+8613800138000"},
		{"＋８６ １３８ ００１３ ８０００", NULL, "+8613800138000"},
		{"(+86) 138-0013-8000", NULL, "+8613800138000"},
		{"+86 (138) 0013 8000", NULL, "+8613800138000"},
		{"  +86 138 0013 8000  ", NULL, "+8613800138000"},
		{"010 1234 5678", "CN", "+861012345678"},
	};
	RUN_OK(LT_KIND_PHONE, t);
}

static void phone_elsewhere(void **state)
{
	(void)state;
	static const ok_case t[] = {
		{"(415) 555-2671", "US", "+14155552671"},
		{"415.555.2671", "US", "+14155552671"},
		{"1 415 555 2671", "US", "+14155552671"},
		{"+1 (415) 555-2671", NULL, "+14155552671"},
		{"+44 20 7946 0958", NULL, "+442079460958"},
		{"020 7946 0958", "GB", "+442079460958"},
		{"+49 30 123456", NULL, "+4930123456"},
		{"030 123456", "DE", "+4930123456"},
		{"1-800-FLOWERS", "US", "+18003569377"},
	};
	RUN_OK(LT_KIND_PHONE, t);
}

static void phone_refused(void **state)
{
	(void)state;
	static const err_case t[] = {
		{"abc", "CN", LT_ERR_BAD_IDENTIFIER},
		{"12", "CN", LT_ERR_BAD_IDENTIFIER},
		{"", "CN", LT_ERR_BAD_IDENTIFIER},
		{"   ", "CN", LT_ERR_BAD_IDENTIFIER},
		{"555-2671", "US", LT_ERR_BAD_IDENTIFIER}, /* local only: no area code */
		{"138-0013-8000", NULL, LT_ERR_BAD_IDENTIFIER}, /* no region anywhere */
		{"8613800138000", NULL, LT_ERR_BAD_IDENTIFIER},
		{"+86 138 0013 8000", "XX", LT_ERR_BAD_REGION},
		{"+86 138 0013 8000", "ZZ", LT_ERR_BAD_REGION},
		{"+86 138 0013 8000", "C", LT_ERR_BAD_REGION},
		{"+86 138 0013 8000", "CHN", LT_ERR_BAD_REGION},
		{"+86 138 0013 8000", "1A", LT_ERR_BAD_REGION},
		{"+86 138 0013 8000", "", LT_ERR_BAD_REGION},
		{"+86 138\xff", "CN", LT_ERR_BAD_UTF8},
	};
	RUN_ERR(LT_KIND_PHONE, t);
}

static void phone_region_from_environment(void **state)
{
	(void)state;
	char *out = NULL;
	setenv("LEAKTRACE_REGION", "cn", 1);
	assert_int_equal(lt_ident_normalize(LT_KIND_PHONE, "138-0013-8000", NULL, &out), LT_OK);
	assert_string_equal(out, "+8613800138000");
	free(out);
	unsetenv("LEAKTRACE_REGION");
	setenv("LC_TELEPHONE", "en_US.UTF-8", 1);
	assert_int_equal(lt_ident_normalize(LT_KIND_PHONE, "(415) 555-2671", NULL, &out), LT_OK);
	assert_string_equal(out, "+14155552671");
	free(out);
	/* an explicit region wins over the environment */
	assert_int_equal(lt_ident_normalize(LT_KIND_PHONE, "138-0013-8000", "CN", &out), LT_OK);
	assert_string_equal(out, "+8613800138000");
	free(out);
	/* a default region libphonenumber does not know is ignored, not an error */
	setenv("LEAKTRACE_REGION", "XX", 1);
	assert_int_equal(lt_ident_normalize(LT_KIND_PHONE, "+86 138 0013 8000", NULL, &out), LT_OK);
	assert_string_equal(out, "+8613800138000");
	free(out);
	assert_int_equal(lt_ident_normalize(LT_KIND_PHONE, "138-0013-8000", NULL, &out), LT_ERR_BAD_IDENTIFIER);
}

static void phone_bridge_directly(void **state)
{
	(void)state;
	char *out = (char *)"untouched";
	assert_int_equal(lt_phone_to_e164("+44 20 7946 0958", NULL, &out), 0);
	assert_string_equal(out, "+442079460958");
	free(out);
	assert_int_equal(lt_phone_to_e164(NULL, "CN", &out), -1);
	assert_null(out);
	assert_int_equal(lt_phone_to_e164("\xff\xfe\xfd", "CN", &out), -1);
	assert_int_equal(lt_phone_to_e164("+", NULL, &out), -1);
	assert_int_equal(lt_phone_to_e164("+999 1234567", NULL, &out), -1);
	assert_int_equal(lt_phone_to_e164("8613800138000", "zz", &out), -1);
	assert_int_equal(lt_phone_to_e164("1", NULL, NULL), -1);
	char *huge = repeat('1', 4000, "");
	assert_int_equal(lt_phone_to_e164(huge, "CN", &out), -1);
	free(huge);
	assert_true(lt_phone_region_known("CN"));
	assert_true(lt_phone_region_known("us"));
	assert_false(lt_phone_region_known("ZZ"));
	assert_false(lt_phone_region_known("XX"));
	assert_false(lt_phone_region_known("001"));
	assert_false(lt_phone_region_known(""));
	assert_false(lt_phone_region_known(NULL));
}

/* ---- regions ---- */

static void region_valid(void **state)
{
	(void)state;
	assert_true(lt_region_valid("CN"));
	assert_true(lt_region_valid("us"));
	assert_false(lt_region_valid("C"));
	assert_false(lt_region_valid("CHN"));
	assert_false(lt_region_valid("1A"));
	assert_false(lt_region_valid(""));
	assert_false(lt_region_valid(NULL));
}

static void expect_region(const char *want)
{
	const char *got = lt_default_region();
	if (!want)
		assert_null(got);
	else
		assert_string_equal(got, want);
}

static void default_region_from_locale(void **state)
{
	(void)state;
	expect_region(NULL);
	setenv("LANG", "zh_CN.UTF-8", 1);
	expect_region("CN");
	setenv("LC_CTYPE", "en_US", 1);
	expect_region("US");
	setenv("LC_TELEPHONE", "de_DE.UTF-8", 1);
	expect_region("DE");
	setenv("LC_ALL", "", 1); /* empty: skipped */
	expect_region("DE");
	setenv("LC_ALL", "ca_ES@valencia", 1);
	expect_region("ES");
	setenv("LC_ALL", "C.UTF-8", 1); /* LC_ALL rules, and C has no territory */
	expect_region(NULL);
	setenv("LC_ALL", "POSIX", 1);
	expect_region(NULL);
	setenv("LC_ALL", "en_USA", 1);
	expect_region(NULL);
	setenv("LEAKTRACE_REGION", "fr", 1);
	expect_region("FR");
	setenv("LEAKTRACE_REGION", "FRA", 1); /* set but not two letters: no guess */
	expect_region(NULL);
	setenv("LEAKTRACE_REGION", "", 1);
	expect_region(NULL); /* falls back to LC_ALL=POSIX */
}

/* ---- a browser's phone, placed by the region precedence ---- */

static void expect_placed(const char *input, const char *region, const char *const *hints, size_t n, const char *want,
			  bool want_resolved)
{
	char *out = NULL;
	bool resolved = !want_resolved;

	assert_int_equal(lt_phone_place(input, region, hints, n, &out, &resolved), LT_OK);
	assert_string_equal(out, want);
	assert_int_equal(resolved, want_resolved);
	free(out);
}

static void phone_placed_by_precedence(void **state)
{
	const char *us[] = {"US"}, *us_cn[] = {"US", "CN"}, *nl_fr[] = {"NL", "FR"}, *cn[] = {"CN"};
	char *out = NULL;
	bool resolved;

	(void)state;
	setenv("LC_ALL", "C", 1);
	expect_placed("13912340003", NULL, us, 1, "13912340003", false); /* hint US only: valid nowhere */
	expect_placed("13912340003", NULL, us_cn, 2, "+8613912340003", true); /* valid in the one other hint */
	expect_placed("139 1234 0003", "US", cn, 1, "+8613912340003", true); /* explicit US, valid only in hint CN */
	expect_placed("0612345678", "US", nl_fr, 2, "0612345678", false); /* valid in two hints: unresolved */
	expect_placed("+44 7911 123456", NULL, NULL, 0, "+447911123456", true); /* international: no region needed */
	setenv("LEAKTRACE_REGION", "cn", 1);
	expect_placed("13912340003", NULL, us, 1, "+8613912340003", true); /* LEAKTRACE_REGION beats the hint */
	expect_placed("07911 123456", "GB", us, 1, "+447911123456", true); /* the explicit region beats it */
	assert_int_equal(lt_phone_place("139", NULL, us, 1, &out, &resolved), LT_ERR_BAD_IDENTIFIER);
	assert_null(out);
	assert_int_equal(lt_phone_place("13912340003", "XX", us, 1, &out, &resolved), LT_ERR_BAD_REGION);
	assert_null(out);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup(f, clear_env)
	const struct CMUnitTest tests[] = {
		T(kind_names_round_trip),
		T(detect_kinds),
		T(email_normalized),
		T(email_refused),
		T(email_mailbox_keys),
		T(email_normalize_then_mailbox),
		T(username_normalized),
		T(unknown_kind_refused),
		T(phone_china),
		T(phone_elsewhere),
		T(phone_refused),
		T(phone_region_from_environment),
		T(phone_bridge_directly),
		T(region_valid),
		T(default_region_from_locale),
		T(phone_placed_by_precedence),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
