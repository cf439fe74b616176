/* SPDX-License-Identifier: MIT */
/* test_record.c: the account record (host/core/record.c, record_json.c):
 * building one from a request (lt_account_from_input), its JSON form both
 * ways (round trip, strict parse of keyring secrets), and merging two
 * records of the same account (lt_account_mergeable, lt_account_merge).
 * Times come from LEAKTRACE_NOW so every expected value is fixed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"

#define T1 "2026-11-20T02:31:00Z"
#define T0 "2026-11-19T08:00:00Z"
#define T2 "2026-11-21T08:00:00Z"

static int setup(void **state)
{
	(void)state;
	unsetenv("LEAKTRACE_REGION");
	return setenv("LEAKTRACE_NOW", "2026-11-20T10:31:00+08:00", 1);
}

/* ---- helpers ---- */

/* A record of `url` made at time `now`, with the identifiers that are not
 * NULL (phones read with region CN). */
static void make(lt_account *a, const char *now, const char *url, lt_capture c, const char *email,
		 const char *phone, const char *user)
{
	lt_record_input in = {.url = url, .capture = c, .region = "CN"};
	lt_err e;

	in.ids[LT_KIND_EMAIL] = email;
	in.ids[LT_KIND_PHONE] = phone;
	in.ids[LT_KIND_USERNAME] = user;
	setenv("LEAKTRACE_NOW", now, 1);
	e = lt_account_from_input(&in, a);
	if (e != LT_OK)
		print_error("%s: %s\n", lt_err_name(e), lt_err_detail());
	assert_int_equal(e, LT_OK);
}

static void assert_str_or_null(const char *got, const char *want)
{
	if (!want)
		assert_null(got);
	else
		assert_string_equal(got, want);
}

static void assert_same_account(const lt_account *x, const lt_account *y)
{
	assert_str_or_null(y->site, x->site);
	assert_str_or_null(y->url, x->url);
	assert_str_or_null(y->title, x->title);
	assert_str_or_null(y->top_site, x->top_site);
	assert_str_or_null(y->note, x->note);
	for (int k = LT_KIND_NONE + 1; k < LT_KIND_COUNT; k++) {
		assert_str_or_null(y->ids[k].value, x->ids[k].value);
		assert_str_or_null(y->ids[k].normalized, x->ids[k].normalized);
	}
	assert_int_equal(y->capture, x->capture);
	assert_int_equal(y->captures, x->captures);
	assert_string_equal(y->first_seen, x->first_seen);
	assert_string_equal(y->last_seen, x->last_seen);
	assert_int_equal(y->n_pages, x->n_pages);
	for (size_t i = 0; i < x->n_pages; i++) {
		assert_string_equal(y->pages[i].url, x->pages[i].url);
		assert_str_or_null(y->pages[i].title, x->pages[i].title);
		assert_int_equal(y->pages[i].capture, x->pages[i].capture);
		assert_string_equal(y->pages[i].at, x->pages[i].at);
	}
}

/* ---- from a request ---- */

static void from_input_full(void **state)
{
	lt_record_input in = {
		.url = "https://www.Example.com/signup?token=s3cr3t#step2",
		.title = "Sign up",
		.top_url = "https://shop.example.org/cart?x=1",
		.note = "from the newsletter box",
		.region = "CN",
		.capture = LT_CAPTURE_SIGNUP,
	};
	lt_account a;

	(void)state;
	setenv("LEAKTRACE_NOW", "2026-11-20T10:31:00+08:00", 1);
	in.ids[LT_KIND_EMAIL] = "Alice@Example.COM";
	in.ids[LT_KIND_PHONE] = "138-0013-8000";
	assert_int_equal(lt_account_from_input(&in, &a), LT_OK);
	assert_string_equal(a.site, "example.com");
	assert_string_equal(a.url, "https://www.example.com/signup");
	assert_string_equal(a.title, "Sign up");
	assert_string_equal(a.top_site, "example.org");
	assert_string_equal(a.note, "from the newsletter box");
	assert_string_equal(a.ids[LT_KIND_EMAIL].value, "Alice@Example.COM");
	assert_string_equal(a.ids[LT_KIND_EMAIL].normalized, "alice@example.com");
	assert_string_equal(a.ids[LT_KIND_PHONE].value, "138-0013-8000");
	assert_string_equal(a.ids[LT_KIND_PHONE].normalized, "+8613800138000");
	assert_null(a.ids[LT_KIND_USERNAME].value);
	assert_null(a.ids[LT_KIND_USERNAME].normalized);
	assert_int_equal(a.capture, LT_CAPTURE_SIGNUP);
	assert_int_equal(a.captures, 1u << LT_CAPTURE_SIGNUP);
	assert_string_equal(a.first_seen, T1);
	assert_string_equal(a.last_seen, T1);
	assert_null(a.item_path);
	lt_account_clear(&a);
}

static void from_input_bare_host(void **state)
{
	lt_record_input in = {.url = "www.bbc.co.uk", .capture = LT_CAPTURE_MANUAL};
	lt_account a;

	(void)state;
	in.ids[LT_KIND_USERNAME] = "  Alice ";
	assert_int_equal(lt_account_from_input(&in, &a), LT_OK);
	assert_string_equal(a.site, "bbc.co.uk");
	assert_null(a.url);
	assert_null(a.title);
	assert_null(a.top_site);
	assert_string_equal(a.ids[LT_KIND_USERNAME].normalized, "alice");
	assert_int_equal(a.capture, LT_CAPTURE_MANUAL);
	lt_account_clear(&a);
}

/* A refused request leaves nothing allocated and the account cleared. */
static void expect_input_error(lt_record_input *in, lt_err want)
{
	lt_account a;
	lt_err e = lt_account_from_input(in, &a);

	if (e != want)
		print_error("got %s (%s)\n", lt_err_name(e), lt_err_detail());
	assert_int_equal(e, want);
	assert_true(lt_err_detail()[0] != '\0');
	if (e != LT_OK && in->url) {
		assert_null(a.site);
		assert_null(a.url);
		assert_null(a.ids[LT_KIND_EMAIL].value);
	}
}

static void from_input_refused(void **state)
{
	char long_title[LT_TEXT_MAX + 2];
	lt_record_input in = {.url = "https://example.com/", .capture = LT_CAPTURE_OTHER};

	(void)state;
	expect_input_error(&in, LT_ERR_NO_IDENTIFIER);
	in.ids[LT_KIND_EMAIL] = "alice@example.com";
	in.url = NULL;
	expect_input_error(&in, LT_ERR_BAD_SITE);
	in.url = "ftp://example.com/";
	expect_input_error(&in, LT_ERR_BAD_SITE);
	in.url = "https://example.com/";
	in.ids[LT_KIND_EMAIL] = "alice.example.com";
	expect_input_error(&in, LT_ERR_BAD_IDENTIFIER);
	in.ids[LT_KIND_EMAIL] = "alice@example.com";
	memset(long_title, 't', sizeof long_title - 1);
	long_title[sizeof long_title - 1] = '\0';
	in.title = long_title;
	expect_input_error(&in, LT_ERR_TOO_LARGE);
	in.title = "\xff";
	expect_input_error(&in, LT_ERR_BAD_UTF8);
	in.title = NULL;
	in.capture = LT_CAPTURE_COUNT;
	expect_input_error(&in, LT_ERR_BAD_REQUEST);
}

/* ---- JSON ---- */

static void json_round_trip(void **state)
{
	lt_account a, b;
	char *s;

	(void)state;
	make(&a, "2026-11-20T10:31:00+08:00", "https://例子.中国/注册?x=1", LT_CAPTURE_SIGNUP, "张伟@例子.中国",
	     "+86 138 0013 8000", "Zhang.Wei");
	assert_int_equal(lt_account_set_text(&a.title, "注册 – 例子 \"quoted\"\n"), LT_OK);
	assert_int_equal(lt_account_set_text(&a.note, "备注"), LT_OK);
	assert_int_equal(lt_account_set_top(&a, "https://www.example.org/"), LT_OK);
	a.captures |= 1u << LT_CAPTURE_LOGIN | 1u << LT_CAPTURE_IMPORT;
	memcpy(a.last_seen, T2, LT_TIME_LEN);
	lt_account_note_page(&a, "https://例子.中国/登录", "登录", LT_CAPTURE_LOGIN, T2);
	lt_account_note_page(&a, "https://例子.中国/pay", NULL, LT_CAPTURE_CHECKOUT, T1);
	assert_int_equal(a.n_pages, 2);
	s = lt_account_to_string(&a);
	assert_non_null(s);
	assert_non_null(strstr(s, "\"version\":1"));
	assert_int_equal(lt_account_from_string(s, strlen(s), &b), LT_OK);
	assert_same_account(&a, &b);
	assert_string_equal(b.title, "注册 – 例子 \"quoted\"\n");
	free(s);
	lt_account_clear(&a);
	lt_account_clear(&b);
}

/* Times in a secret are read in any RFC 3339 offset and kept in UTC. */
static void json_times_normalised(void **state)
{
	static const char s[] = "{\"version\":1,\"site\":\"example.com\",\"identifiers\":[{\"kind\":\"username\","
				"\"value\":\"Bob\",\"normalized\":\"bob\"}],\"capture\":\"login\",\"captures\":[],"
				"\"first_seen\":\"2026-11-20T10:31:00+08:00\",\"last_seen\":\"2026-11-21T08:00:00Z\"}";
	lt_account a;

	(void)state;
	assert_int_equal(lt_account_from_string(s, sizeof s - 1, &a), LT_OK);
	assert_string_equal(a.first_seen, T1);
	assert_string_equal(a.last_seen, T2);
	assert_null(a.url);
	assert_null(a.note);
	assert_int_equal(a.capture, LT_CAPTURE_LOGIN);
	assert_int_equal(a.captures, 1u << LT_CAPTURE_LOGIN); /* the first capture is always in captures */
	lt_account_clear(&a);
}

/* A valid secret with one member replaced (by `json`) or removed (json NULL). */
typedef struct {
	const char *member;
	const char *json;
} edit;

static const char base_secret[] =
	"{\"version\":1,\"site\":\"example.com\",\"url\":\"https://example.com/\",\"title\":null,\"top_site\":null,"
	"\"identifiers\":[{\"kind\":\"email\",\"value\":\"A@example.com\",\"normalized\":\"a@example.com\"}],"
	"\"capture\":\"signup\",\"captures\":[\"signup\"],\"first_seen\":\"" T1 "\",\"last_seen\":\"" T1 "\","
	"\"note\":null,\"pages\":[{\"url\":\"https://example.com/login\",\"title\":null,\"capture\":\"login\","
	"\"at\":\"" T2 "\"}]}";

static char *edited_secret(const edit *ed)
{
	cJSON *j = cJSON_Parse(base_secret);
	char *s;

	assert_non_null(j);
	if (ed->json)
		cJSON_ReplaceItemInObjectCaseSensitive(j, ed->member, cJSON_Parse(ed->json));
	else
		cJSON_DeleteItemFromObjectCaseSensitive(j, ed->member);
	s = cJSON_PrintUnformatted(j);
	cJSON_Delete(j);
	assert_non_null(s);
	return s;
}

static void expect_corrupt(const char *s)
{
	lt_account a;
	lt_err e = lt_account_from_string(s, strlen(s), &a);

	if (e != LT_ERR_CORRUPT_RECORD)
		print_error("accepted: %s\n", s);
	assert_int_equal(e, LT_ERR_CORRUPT_RECORD);
	assert_true(lt_err_detail()[0] != '\0');
	assert_null(a.site);
	assert_null(a.url);
	assert_null(a.ids[LT_KIND_EMAIL].value);
}

static void json_strict_parse(void **state)
{
	static const edit t[] = {
		{"site", NULL},
		{"site", "42"},
		{"url", "[]"},
		{"identifiers", NULL},
		{"identifiers", "\"a@example.com\""},
		{"identifiers", "[]"},
		{"identifiers", "[\"a@example.com\"]"},
		{"identifiers", "[{\"kind\":\"fax\",\"value\":\"1\",\"normalized\":\"1\"}]"},
		{"identifiers", "[{\"value\":\"a\",\"normalized\":\"a\"}]"},
		{"identifiers", "[{\"kind\":\"email\",\"value\":\"a@x.org\"}]"},
		{"identifiers", "[{\"kind\":\"email\",\"value\":\"a@x.org\",\"normalized\":\"a@x.org\"},"
				"{\"kind\":\"email\",\"value\":\"b@x.org\",\"normalized\":\"b@x.org\"}]"},
		{"capture", NULL},
		{"capture", "\"phishing\""},
		{"captures", NULL},
		{"captures", "[\"signup\",\"phishing\"]"},
		{"captures", "[1]"},
		{"first_seen", NULL},
		{"first_seen", "\"yesterday\""},
		{"last_seen", "\"2026-13-01T00:00:00Z\""},
		{"last_seen", "1795141860"},
		{"version", NULL},
		{"version", "2"},
		{"version", "0"},
		{"version", "\"1\""},
		{"version", "1.5"},
		{"version", "-1"},
		{"version", "1e300"},
		{"pages", "{}"},
		{"pages", "[\"https://example.com/login\"]"},
		{"pages", "[{\"title\":null,\"capture\":\"login\",\"at\":\"" T2 "\"}]"},
		{"pages", "[{\"url\":\"https://example.com/login\",\"capture\":\"phishing\",\"at\":\"" T2 "\"}]"},
		{"pages", "[{\"url\":\"https://example.com/login\",\"capture\":\"login\"}]"},
		{"pages", "[{\"url\":\"https://example.com/b\",\"capture\":\"login\",\"at\":\"" T2 "\"},"
			  "{\"url\":\"https://example.com/a\",\"capture\":\"login\",\"at\":\"" T1 "\"}]"},
		{"pages", "[{\"url\":\"https://example.com/1\",\"capture\":\"login\",\"at\":\"" T2 "\"},"
			  "{\"url\":\"https://example.com/2\",\"capture\":\"login\",\"at\":\"" T2 "\"},"
			  "{\"url\":\"https://example.com/3\",\"capture\":\"login\",\"at\":\"" T2 "\"},"
			  "{\"url\":\"https://example.com/4\",\"capture\":\"login\",\"at\":\"" T2 "\"},"
			  "{\"url\":\"https://example.com/5\",\"capture\":\"login\",\"at\":\"" T2 "\"},"
			  "{\"url\":\"https://example.com/6\",\"capture\":\"login\",\"at\":\"" T2 "\"},"
			  "{\"url\":\"https://example.com/7\",\"capture\":\"login\",\"at\":\"" T2 "\"},"
			  "{\"url\":\"https://example.com/8\",\"capture\":\"login\",\"at\":\"" T2 "\"},"
			  "{\"url\":\"https://example.com/9\",\"capture\":\"login\",\"at\":\"" T2 "\"}]"},
	};
	lt_account ok;

	(void)state;
	assert_int_equal(lt_account_from_string(base_secret, strlen(base_secret), &ok), LT_OK);
	assert_int_equal(ok.n_pages, 1);
	assert_string_equal(ok.pages[0].url, "https://example.com/login");
	lt_account_clear(&ok);
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		char *s = edited_secret(&t[i]);

		expect_corrupt(s);
		free(s);
	}
	expect_corrupt("not json");
	expect_corrupt("");
	expect_corrupt("[]");
	expect_corrupt("null");
}

/* ---- merging ---- */

static void mergeable(void **state)
{
	lt_account a, same, other_site, conflict, disjoint;

	(void)state;
	make(&a, T1, "https://example.com/", LT_CAPTURE_SIGNUP, "a@example.com", "+86 138 0013 8000", NULL);
	make(&same, T2, "example.com", LT_CAPTURE_LOGIN, "A@Example.com", NULL, "alice");
	make(&other_site, T2, "example.org", LT_CAPTURE_LOGIN, "a@example.com", NULL, NULL);
	make(&conflict, T2, "www.example.com", LT_CAPTURE_LOGIN, "a@example.com", "+86 139 0013 8000", NULL);
	make(&disjoint, T2, "example.com", LT_CAPTURE_LOGIN, NULL, NULL, "alice");
	assert_int_equal(lt_account_mergeable(&a, &same), 1);
	assert_int_equal(lt_account_mergeable(&same, &a), 1);
	assert_int_equal(lt_account_mergeable(&a, &a), 1);
	assert_int_equal(lt_account_mergeable(&a, &other_site), 0);
	assert_int_equal(lt_account_mergeable(&a, &conflict), 0);
	assert_int_equal(lt_account_mergeable(&a, &disjoint), 0);
	lt_account_clear(&a);
	lt_account_clear(&same);
	lt_account_clear(&other_site);
	lt_account_clear(&conflict);
	lt_account_clear(&disjoint);
}

/* An earlier record with a new kind: the kind is added, first_seen and its
 * capture come from the earlier one, last_seen stays the latest. */
static void merge_earlier_with_new_kind(void **state)
{
	lt_account into, add;

	(void)state;
	make(&into, T2, "https://example.com/login", LT_CAPTURE_LOGIN, "a@example.com", NULL, NULL);
	make(&add, T0, "https://example.com/signup", LT_CAPTURE_SIGNUP, "a@example.com", "+86 138 0013 8000", NULL);
	assert_int_equal(lt_account_merge(&into, &add), 1);
	assert_string_equal(into.ids[LT_KIND_PHONE].normalized, "+8613800138000");
	assert_string_equal(into.ids[LT_KIND_PHONE].value, "+86 138 0013 8000");
	assert_string_equal(into.ids[LT_KIND_EMAIL].normalized, "a@example.com");
	assert_string_equal(into.first_seen, T0);
	assert_int_equal(into.capture, LT_CAPTURE_SIGNUP);
	assert_string_equal(into.last_seen, T2);
	assert_int_equal(into.captures, 1u << LT_CAPTURE_LOGIN | 1u << LT_CAPTURE_SIGNUP);
	assert_string_equal(into.url, "https://example.com/signup");
	assert_int_equal(into.n_pages, 1); /* the login page it knew is kept as a later page */
	assert_string_equal(into.pages[0].url, "https://example.com/login");
	assert_int_equal(into.pages[0].capture, LT_CAPTURE_LOGIN);
	assert_string_equal(into.pages[0].at, T2);
	lt_account_clear(&into);
	lt_account_clear(&add);
}

/* Issue 21.1: a later login does not move the page where the identifier was
 * first given; the login page is kept beside it, with its own time, once. */
static void merge_later_page_kept_apart(void **state)
{
	lt_account into, add;

	(void)state;
	make(&into, T0, "https://example.com/signup", LT_CAPTURE_SIGNUP, "a@example.com", NULL, NULL);
	assert_int_equal(lt_account_set_text(&into.title, "Sign up"), LT_OK);
	make(&add, T1, "https://example.com/login?next=/", LT_CAPTURE_LOGIN, "a@example.com", NULL, NULL);
	assert_int_equal(lt_account_set_text(&add.title, "Log in"), LT_OK);
	lt_account_merge(&into, &add);
	lt_account_clear(&add);
	make(&add, T2, "https://example.com/login", LT_CAPTURE_LOGIN, "a@example.com", NULL, NULL);
	lt_account_merge(&into, &add); /* the same page again: not repeated, its first time kept */
	assert_string_equal(into.url, "https://example.com/signup");
	assert_string_equal(into.title, "Sign up");
	assert_int_equal(into.capture, LT_CAPTURE_SIGNUP);
	assert_string_equal(into.first_seen, T0);
	assert_string_equal(into.last_seen, T2);
	assert_int_equal(into.n_pages, 1);
	assert_string_equal(into.pages[0].url, "https://example.com/login");
	assert_string_equal(into.pages[0].title, "Log in");
	assert_string_equal(into.pages[0].at, T1);
	lt_account_clear(&add);
	make(&add, T2, "https://example.com/signup", LT_CAPTURE_SIGNUP, "a@example.com", NULL, NULL);
	lt_account_merge(&into, &add); /* the first page again: nothing new */
	assert_int_equal(into.n_pages, 1);
	lt_account_clear(&into);
	lt_account_clear(&add);
}

/* At most LT_PAGES_MAX later pages, the most recent, in time order. */
static void merge_pages_bounded(void **state)
{
	lt_account a;
	char url[64], at[LT_TIME_LEN];

	(void)state;
	make(&a, T0, "https://example.com/signup", LT_CAPTURE_SIGNUP, "a@example.com", NULL, NULL);
	for (int i = LT_PAGES_MAX + 2; i >= 1; i--) { /* newest first: the order is by time, not by arrival */
		snprintf(url, sizeof url, "https://example.com/p%d", i);
		snprintf(at, sizeof at, "2026-12-%02dT00:00:00Z", i);
		lt_account_note_page(&a, url, NULL, LT_CAPTURE_LOGIN, at);
	}
	assert_int_equal(a.n_pages, LT_PAGES_MAX);
	assert_string_equal(a.pages[0].url, "https://example.com/p3");
	assert_string_equal(a.pages[LT_PAGES_MAX - 1].url, "https://example.com/p10");
	for (size_t i = 1; i < a.n_pages; i++)
		assert_true(strcmp(a.pages[i - 1].at, a.pages[i].at) < 0);
	lt_account_clear(&a);
}

/* A later record with the same kinds: nothing searchable changes, first_seen
 * and capture stay, last_seen moves on, captures grow. */
static void merge_later_same_kinds(void **state)
{
	lt_account into, add;

	(void)state;
	make(&into, T0, "https://example.com/signup", LT_CAPTURE_SIGNUP, "a@example.com", NULL, NULL);
	make(&add, T2, "example.com", LT_CAPTURE_OTP_LOGIN, "a@example.com", NULL, NULL);
	assert_int_equal(lt_account_merge(&into, &add), 0);
	assert_string_equal(into.first_seen, T0);
	assert_int_equal(into.capture, LT_CAPTURE_SIGNUP);
	assert_string_equal(into.last_seen, T2);
	assert_int_equal(into.captures, 1u << LT_CAPTURE_SIGNUP | 1u << LT_CAPTURE_OTP_LOGIN);
	assert_string_equal(into.url, "https://example.com/signup"); /* a bare host keeps the old URL */
	assert_null(into.ids[LT_KIND_PHONE].normalized);
	lt_account_clear(&into);
	lt_account_clear(&add);
}

/* An add whose kind the account already has keeps the account's value. */
static void merge_keeps_existing_values(void **state)
{
	lt_account into, add;

	(void)state;
	make(&into, T1, "example.com", LT_CAPTURE_SIGNUP, "a@example.com", NULL, "alice");
	make(&add, T1, "example.com", LT_CAPTURE_SIGNUP, "a@example.com", NULL, "Alice");
	assert_int_equal(lt_account_merge(&into, &add), 0);
	assert_string_equal(into.ids[LT_KIND_USERNAME].value, "alice");
	assert_string_equal(into.first_seen, T1);
	assert_string_equal(into.last_seen, T1);
	assert_int_equal(into.captures, 1u << LT_CAPTURE_SIGNUP);
	lt_account_clear(&into);
	lt_account_clear(&add);
}

/* ---- dates that say how sure they are ---- */

/* A record of example.com with email a@example.com made at `now`, first given
 * at `given` (NULL: now) with certainty c. */
static void make_dated(lt_account *a, const char *now, const char *given, lt_certainty c)
{
	lt_record_input in = {.url = "example.com", .capture = LT_CAPTURE_IMPORT, .given = given, .certainty = c};
	lt_err e;

	in.ids[LT_KIND_EMAIL] = "a@example.com";
	setenv("LEAKTRACE_NOW", now, 1);
	e = lt_account_from_input(&in, a);
	if (e != LT_OK)
		print_error("%s: %s\n", lt_err_name(e), lt_err_detail());
	assert_int_equal(e, LT_OK);
}

static void given_dates_and_certainty(void **state)
{
	lt_record_input in = {.url = "example.com", .given = "2030-01-01", .certainty = LT_CERTAINTY_EXACT};
	lt_account a;

	(void)state;
	make_dated(&a, T2, "2024-05-03T00:00:00Z", LT_CERTAINTY_NO_LATER_THAN);
	assert_string_equal(a.first_seen, "2024-05-03T00:00:00Z");
	assert_int_equal(a.certainty, LT_CERTAINTY_NO_LATER_THAN);
	assert_string_equal(a.last_seen, T2);
	lt_account_clear(&a);
	make_dated(&a, T2, "2024-05-03T00:00:00Z", LT_CERTAINTY_UNKNOWN); /* an unknown date ignores the time */
	assert_string_equal(a.first_seen, T2);
	assert_int_equal(a.certainty, LT_CERTAINTY_UNKNOWN);
	lt_account_clear(&a);
	in.ids[LT_KIND_EMAIL] = "a@example.com";
	assert_int_equal(lt_account_from_input(&in, &a), LT_ERR_BAD_TIME); /* in the future */
	in.given = "yesterday";
	assert_int_equal(lt_account_from_input(&in, &a), LT_ERR_BAD_TIME);
	in.given = NULL;
	in.certainty = LT_CERTAINTY_COUNT;
	assert_int_equal(lt_account_from_input(&in, &a), LT_ERR_BAD_REQUEST);
	assert_int_equal(lt_certainty_from_name("no-later-than"), LT_CERTAINTY_NO_LATER_THAN);
	assert_int_equal(lt_certainty_from_name("sure"), LT_CERTAINTY_COUNT);
}

/* Merging: the earliest time wins with its certainty; an unknown date counts
 * as when it was recorded; at equal times the surer wins. */
static void merge_certainty(void **state)
{
	lt_account into, add;

	(void)state;
	make_dated(&into, T2, NULL, LT_CERTAINTY_EXACT);
	make_dated(&add, T2, T0, LT_CERTAINTY_NO_LATER_THAN);
	lt_account_merge(&into, &add);
	assert_string_equal(into.first_seen, T0);
	assert_int_equal(into.certainty, LT_CERTAINTY_NO_LATER_THAN);
	assert_int_equal(into.capture, LT_CAPTURE_IMPORT);
	lt_account_clear(&add);
	make_dated(&add, T2, NULL, LT_CERTAINTY_UNKNOWN); /* later than T0: changes nothing */
	lt_account_merge(&into, &add);
	assert_string_equal(into.first_seen, T0);
	assert_int_equal(into.certainty, LT_CERTAINTY_NO_LATER_THAN);
	lt_account_clear(&add);
	make_dated(&add, T2, T0, LT_CERTAINTY_EXACT); /* as early and surer */
	lt_account_merge(&into, &add);
	assert_int_equal(into.certainty, LT_CERTAINTY_EXACT);
	lt_account_clear(&add);
	lt_account_clear(&into);
	make_dated(&into, T0, NULL, LT_CERTAINTY_UNKNOWN); /* recorded at T0, date unknown */
	make_dated(&add, T2, NULL, LT_CERTAINTY_EXACT);    /* seen exactly later */
	lt_account_merge(&into, &add);
	assert_string_equal(into.first_seen, T0);
	assert_int_equal(into.certainty, LT_CERTAINTY_UNKNOWN);
	lt_account_clear(&add);
	lt_account_clear(&into);
}

/* The certainty is kept in the JSON; records made before it was are exact. */
static void json_certainty(void **state)
{
	static const char old[] = "{\"version\":1,\"site\":\"example.com\",\"identifiers\":[{\"kind\":\"email\","
				  "\"value\":\"a@example.com\",\"normalized\":\"a@example.com\"}],\"capture\":\"manual\","
				  "\"captures\":[\"manual\"],\"first_seen\":\"" T0 "\",\"last_seen\":\"" T0 "\"}";
	lt_account a, b;
	char *s;

	(void)state;
	assert_int_equal(lt_account_from_string(old, strlen(old), &a), LT_OK);
	assert_int_equal(a.certainty, LT_CERTAINTY_EXACT);
	lt_account_clear(&a);
	make_dated(&a, T2, T0, LT_CERTAINTY_NO_LATER_THAN);
	s = lt_account_to_string(&a);
	assert_non_null(strstr(s, "\"first_seen_certainty\":\"no-later-than\""));
	assert_int_equal(lt_account_from_string(s, strlen(s), &b), LT_OK);
	assert_int_equal(b.certainty, LT_CERTAINTY_NO_LATER_THAN);
	lt_account_clear(&b);
	memcpy(strstr(s, "no-later-than"), "no-later-then", 13);
	expect_corrupt(s);
	free(s);
	lt_account_clear(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(from_input_full),
		cmocka_unit_test(from_input_bare_host),
		cmocka_unit_test(from_input_refused),
		cmocka_unit_test(json_round_trip),
		cmocka_unit_test(json_times_normalised),
		cmocka_unit_test(json_strict_parse),
		cmocka_unit_test(mergeable),
		cmocka_unit_test(merge_earlier_with_new_kind),
		cmocka_unit_test(merge_later_same_kinds),
		cmocka_unit_test(merge_later_page_kept_apart),
		cmocka_unit_test(merge_pages_bounded),
		cmocka_unit_test(merge_keeps_existing_values),
		cmocka_unit_test(given_dates_and_certainty),
		cmocka_unit_test(merge_certainty),
		cmocka_unit_test(json_certainty),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
