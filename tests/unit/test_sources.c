/* SPDX-License-Identifier: MIT */
/* test_sources.c: the readers of account exports (host/sources/): format
 * detection from the header, every field of every format from the fixture
 * files in tests/fixtures/accounts/ (quoting, BOM, CRLF, line breaks inside
 * fields, non-ASCII titles), row numbers, dates, bad files refused with the
 * row that is wrong, and a 10,000-row file streamed. No keyring: the readers
 * never touch it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csv_table.h"
#include "history.h"
#include "sources.h"

#define FX "tests/fixtures/accounts/"
#define MAXROWS 16

typedef struct {
	size_t row;
	char *url, *title, *username, *password, *problem;
	char *also[4]; /* the login's further web addresses (the first 4) */
	size_t nalso;
	char created[LT_TIME_LEN], changed[LT_TIME_LEN];
} seen;

typedef struct {
	seen rows[MAXROWS];
	size_t n, count;
} seen_all;

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static lt_err collect(const lt_source_entry *e, void *ctx)
{
	seen_all *all = ctx;
	seen *s;

	all->count++;
	if (all->n == MAXROWS)
		return LT_OK;
	s = &all->rows[all->n++];
	s->row = e->row;
	s->url = dup_or_null(e->url);
	s->title = dup_or_null(e->title);
	s->username = dup_or_null(e->username);
	s->password = e->password ? strndup(e->password, e->password_len) : NULL;
	s->problem = dup_or_null(e->problem);
	s->nalso = e->nalso;
	for (size_t i = 0; i < e->nalso && i < 4; i++)
		s->also[i] = strdup(e->also[i]);
	memcpy(s->created, e->created, LT_TIME_LEN);
	memcpy(s->changed, e->password_changed, LT_TIME_LEN);
	return LT_OK;
}

static void seen_free(seen_all *all)
{
	for (size_t i = 0; i < all->n; i++) {
		seen *s = &all->rows[i];

		free(s->url), free(s->title), free(s->username), free(s->password), free(s->problem);
		for (size_t j = 0; j < 4; j++)
			free(s->also[j]);
	}
	memset(all, 0, sizeof *all);
}

static void read_ok(const char *path, lt_source_format want, seen_all *all)
{
	lt_source_format f = LT_SRC_COUNT;
	lt_err e = lt_source_detect(path, &f);

	if (e != LT_OK)
		print_error("%s: %s\n", path, lt_err_detail());
	assert_int_equal(e, LT_OK);
	assert_int_equal(f, want);
	memset(all, 0, sizeof *all);
	e = lt_source_read(path, f, collect, all);
	if (e != LT_OK)
		print_error("%s: %s\n", path, lt_err_detail());
	assert_int_equal(e, LT_OK);
}

static void chrome_csv(void **state)
{
	seen_all a;

	(void)state;
	read_ok(FX "chrome.csv", LT_SRC_CHROME_CSV, &a);
	assert_int_equal(a.n, 5);
	assert_int_equal(a.rows[0].row, 2);
	assert_string_equal(a.rows[0].title, "shop-a.test"); /* the BOM is not part of "name" */
	assert_string_equal(a.rows[0].url, "https://www.shop-a.test/login");
	assert_string_equal(a.rows[0].username, "alice@mail.example");
	assert_string_equal(a.rows[0].password, "pa,ss \"one\""); /* quoted comma, doubled quotes */
	assert_string_equal(a.rows[0].created, "");
	assert_string_equal(a.rows[1].username, "138 0013 8000");
	assert_int_equal(a.rows[2].row, 4); /* row 3's note has a line break: still one row */
	assert_string_equal(a.rows[2].title, "淘宝 中文标题");
	assert_string_equal(a.rows[3].url, "android://AbC123@com.example.app/");
	assert_string_equal(a.rows[4].username, "");
	assert_null(a.rows[0].problem);
	seen_free(&a);
}

static void firefox_csv(void **state)
{
	seen_all a;

	(void)state;
	read_ok(FX "firefox.csv", LT_SRC_FIREFOX_CSV, &a);
	assert_int_equal(a.n, 3);
	assert_string_equal(a.rows[0].created, "2024-05-03T00:00:00Z");
	assert_string_equal(a.rows[0].username, "+86 139 1111 2222");
	assert_null(a.rows[0].title);
	assert_string_equal(a.rows[1].created, "2019-01-01T00:00:00Z");
	assert_string_equal(a.rows[1].changed, "2020-09-13T12:26:40Z");
	assert_non_null(a.rows[2].problem); /* timeCreated "yesterday" */
	assert_string_equal(a.rows[2].created, "");
	seen_free(&a);
}

static void bitwarden_csv_and_json(void **state)
{
	seen_all a;

	(void)state;
	read_ok(FX "bitwarden.csv", LT_SRC_BITWARDEN_CSV, &a);
	assert_int_equal(a.n, 2); /* the secure note is no account */
	assert_int_equal(a.rows[1].row, 3); /* rows as a spreadsheet counts them: row 2 has two lines */
	assert_string_equal(a.rows[1].title, "Shop, with comma");
	assert_string_equal(a.rows[1].password, "bw-pw-2");
	seen_free(&a);
	read_ok(FX "bitwarden.json", LT_SRC_BITWARDEN_JSON, &a);
	assert_int_equal(a.n, 2); /* item 2 is a note */
	assert_int_equal(a.rows[0].row, 1);
	assert_string_equal(a.rows[0].title, "京东 账户");
	assert_string_equal(a.rows[0].url, "https://passport.jd-x.test/new/login.aspx");
	assert_string_equal(a.rows[0].created, "2023-02-01T08:30:00Z");
	assert_string_equal(a.rows[0].changed, "");
	assert_int_equal(a.rows[1].row, 3);
	assert_null(a.rows[1].url); /* no uri */
	seen_free(&a);
}

static void keepassxc_and_1password(void **state)
{
	seen_all a;

	(void)state;
	read_ok(FX "keepassxc.csv", LT_SRC_KEEPASSXC_CSV, &a);
	assert_int_equal(a.n, 2);
	assert_string_equal(a.rows[0].title, "Bank \"Online\"");
	assert_string_equal(a.rows[0].created, "2021-06-15T09:00:00Z");
	assert_string_equal(a.rows[1].title, "微博");
	seen_free(&a);
	read_ok(FX "1password.csv", LT_SRC_ONEPASSWORD_CSV, &a);
	assert_int_equal(a.n, 2);
	assert_string_equal(a.rows[1].url, "http://old-shop.test");
	assert_string_equal(a.rows[1].username, "grace@mail.example");
	assert_null(a.rows[1].problem);
	seen_free(&a);
}

/* KeePassXC without its Group column is still KeePassXC (Created and Last
 * Modified are columns 1Password never writes), with its dates. */
static void keepassxc_without_group(void **state)
{
	seen_all a;

	(void)state;
	read_ok(FX "kp-nogroup.csv", LT_SRC_KEEPASSXC_CSV, &a);
	assert_int_equal(a.n, 1);
	assert_string_equal(a.rows[0].title, "Mail K");
	assert_string_equal(a.rows[0].username, "kim@mail.example");
	assert_string_equal(a.rows[0].created, "2020-03-04T05:06:07Z");
	seen_free(&a);
}

/* A Bitwarden login's several URIs: comma-joined in the CSV, an array in
 * the JSON (here with a byte order mark); all handed on, in order. */
static void bitwarden_several_uris(void **state)
{
	seen_all a;

	(void)state;
	read_ok(FX "bitwarden-uris.csv", LT_SRC_BITWARDEN_CSV, &a);
	assert_int_equal(a.n, 2);
	assert_string_equal(a.rows[0].url, "https://www.multi-a.test/login");
	assert_int_equal(a.rows[0].nalso, 3);
	assert_string_equal(a.rows[0].also[0], "https://multi-b.test/"); /* the space after the comma trimmed */
	assert_string_equal(a.rows[0].also[1], "https://accounts.multi-a.test/");
	assert_string_equal(a.rows[0].also[2], "androidapp://com.multi.app");
	assert_string_equal(a.rows[0].password, "bw-multi");
	assert_string_equal(a.rows[1].url, "androidapp://com.only.app");
	assert_int_equal(a.rows[1].nalso, 1);
	seen_free(&a);
	read_ok(FX "bitwarden.csv", LT_SRC_BITWARDEN_CSV, &a);
	assert_int_equal(a.rows[0].nalso, 0); /* one URI: nothing more */
	seen_free(&a);
	read_ok(FX "bitwarden-bom.json", LT_SRC_BITWARDEN_JSON, &a);
	assert_int_equal(a.n, 1);
	assert_string_equal(a.rows[0].url, "https://json-a.test/"); /* the null uri left out */
	assert_int_equal(a.rows[0].nalso, 2);
	assert_string_equal(a.rows[0].also[1], "https://json-b.test");
	assert_string_equal(a.rows[0].created, "2022-02-02T00:00:00Z");
	seen_free(&a);
}

/* CRLF rows in a second format: the last field (a time) has no CR left. */
static void firefox_crlf(void **state)
{
	seen_all a;

	(void)state;
	read_ok(FX "firefox-crlf.csv", LT_SRC_FIREFOX_CSV, &a);
	assert_int_equal(a.n, 1);
	assert_null(a.rows[0].problem);
	assert_string_equal(a.rows[0].created, "2024-05-03T00:00:00Z");
	assert_string_equal(a.rows[0].changed, "2020-09-13T12:26:40Z");
	seen_free(&a);
}

/* A bad file fails the whole read, naming the row. */
static void expect_bad(const char *path, lt_source_format f, const char *detail)
{
	seen_all a = {0};
	lt_err e = lt_source_read(path, f, collect, &a);

	assert_int_equal(e, LT_ERR_BAD_FILE);
	if (!strstr(lt_err_detail(), detail))
		print_error("%s: detail '%s' lacks '%s'\n", path, lt_err_detail(), detail);
	assert_non_null(strstr(lt_err_detail(), detail));
	seen_free(&a);
}

static void bad_files(void **state)
{
	lt_source_format f;

	(void)state;
	expect_bad(FX "bad-quote.csv", LT_SRC_CHROME_CSV, "row 2: broken quoting");
	expect_bad(FX "bad-fields.csv", LT_SRC_CHROME_CSV, "row 3: 3 fields, the header has 5");
	expect_bad(FX "chrome.csv", LT_SRC_FIREFOX_CSV, "row 1: the header has no column \"httpRealm\"");
	expect_bad(FX "bitwarden-encrypted.json", LT_SRC_BITWARDEN_JSON, "encrypted");
	expect_bad(FX "chrome.csv", LT_SRC_BITWARDEN_JSON, "not valid JSON");
	expect_bad(FX "firefox.csv", LT_SRC_BITWARDEN_CSV, "no column \"login_uri\"");
	assert_int_equal(lt_source_detect(FX "bad-header.csv", &f), LT_ERR_BAD_FILE);
	assert_int_equal(lt_source_detect("tests/fixtures/accounts", &f), LT_ERR_BAD_FILE); /* a folder */
	assert_int_equal(lt_source_detect(FX "none.csv", &f), LT_ERR_IO);
}

static void times(void **state)
{
	char t[LT_TIME_LEN];

	(void)state;
	assert_int_equal(lt_source_time_ms("1714694400999", t), LT_OK);
	assert_string_equal(t, "2024-05-03T00:00:00Z");
	assert_int_equal(lt_source_time_ms("-1", t), LT_ERR_BAD_TIME);
	assert_int_equal(lt_source_time_ms("12a", t), LT_ERR_BAD_TIME);
	assert_int_equal(lt_source_time_ms("", t), LT_ERR_BAD_TIME);
	assert_int_equal(lt_source_time_ms("99999999999999999999", t), LT_ERR_BAD_TIME);
	assert_int_equal(lt_source_time_iso("2021-06-15T09:00:00+08:00", t), LT_OK);
	assert_string_equal(t, "2021-06-15T01:00:00Z");
	assert_int_equal(lt_source_from_name("KeePassXC"), LT_SRC_KEEPASSXC_CSV);
	assert_int_equal(lt_source_from_name("lastpass"), LT_SRC_COUNT);
}

/* 10,000 rows in CRLF, every one with a quoted password: streamed in pieces. */
static void ten_thousand_rows(void **state)
{
	char path[] = "/tmp/lt-sources-XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");
	seen_all a;

	(void)state;
	assert_non_null(f);
	fputs("Group,Title,Username,Password,URL,Notes,TOTP,Icon,Last Modified,Created\r\n", f);
	for (int i = 1; i <= 10000; i++)
		fprintf(f, "Root,\"站点 %d\",user%d,\"p,\"\"%d\"\"\",https://s%d.test/,\"line\r\nbreak\",,0,,2020-01-01T00:00:00Z\r\n", i,
			i, i, i);
	fclose(f);
	read_ok(path, LT_SRC_KEEPASSXC_CSV, &a);
	assert_int_equal(a.count, 10000);
	assert_int_equal(a.rows[MAXROWS - 1].row, MAXROWS + 1);
	assert_string_equal(a.rows[2].password, "p,\"3\"");
	seen_free(&a);
	unlink(path);
}

static void signup_pages(void **state)
{
	static const char *const yes[][2] = {
		{"https://www.shop.test/register", NULL},        {"https://a.test/user/signup?next=/", NULL},
		{"https://a.test/join.html", NULL},              {"https://a.test/Registration", NULL},
		{"https://a.test/account/sign-up", NULL},        {"https://reg.163-x.test/", NULL},
		{"https://a.test/%E6%B3%A8%E5%86%8C", NULL},      {"https://a.test/member.php?mod=register", NULL},
		{"https://a.test/x", "Create an account - A"},   {"https://a.test/x", "免费注册 | 淘宝"},
		{"https://signup.live-x.test/", NULL},           {"https://a.test/reg.php", NULL},
	};
	static const char *const no[][2] = {
		{"https://a.test/products", "Products"},         {"https://a.test/join-the-discussion-about-x", NULL},
		{"https://a.test/regional", NULL},               {"https://a.test/login", "Sign in"},
		{"not a url", NULL},                             {"https://a.test/x?q=%ZZ", NULL},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof yes / sizeof *yes; i++) {
		if (!lt_signup_page(yes[i][0], yes[i][1]))
			print_error("not taken for a sign-up page: %s\n", yes[i][0]);
		assert_true(lt_signup_page(yes[i][0], yes[i][1]));
	}
	for (i = 0; i < sizeof no / sizeof *no; i++) {
		if (lt_signup_page(no[i][0], no[i][1]))
			print_error("taken for a sign-up page: %s\n", no[i][0]);
		assert_false(lt_signup_page(no[i][0], no[i][1]));
	}
}

/* A history database made from its fixture SQL (WAL mode, as browsers keep them). */
static void make_db(const char *sql_path, char *db_path)
{
	FILE *f = fopen(sql_path, "r");
	char *sql = calloc(1, 1 << 20);
	sqlite3 *db;
	int fd = mkstemp(db_path);

	assert_non_null(f);
	assert_true(fd >= 0);
	close(fd);
	fread(sql, 1, (1 << 20) - 1, f);
	fclose(f);
	assert_int_equal(sqlite3_open(db_path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	free(sql);
}

static void histories(void **state)
{
	char chromium[] = "/tmp/lt-history-c-XXXXXX", firefox[] = "/tmp/lt-history-f-XXXXXX";
	seen_all a;

	(void)state;
	make_db("tests/fixtures/history/chromium.sql", chromium);
	make_db("tests/fixtures/history/firefox.sql", firefox);
	read_ok(chromium, LT_SRC_CHROMIUM_HISTORY, &a);
	assert_int_equal(a.n, 6); /* the file: page still counts as a page; its site is refused later */
	assert_string_equal(a.rows[0].url, "file:///home/me/register.html"); /* oldest first */
	assert_string_equal(a.rows[1].url, "https://bbs.forum-x.test/member.php?mod=register");
	assert_string_equal(a.rows[1].created, "2019-07-01T00:00:00Z");
	assert_null(a.rows[1].username);
	assert_null(a.rows[1].password);
	assert_string_equal(a.rows[5].url, "https://www.shop-a.test/register");
	assert_string_equal(a.rows[5].created, "2024-05-03T00:00:00Z"); /* the first of its two visits */
	seen_free(&a);
	read_ok(firefox, LT_SRC_FIREFOX_HISTORY, &a);
	assert_int_equal(a.n, 6);
	assert_string_equal(a.rows[5].created, "2024-05-03T00:00:00Z");
	seen_free(&a);
	expect_bad(firefox, LT_SRC_CHROMIUM_HISTORY, "no visits table");
	expect_bad(FX "chrome.csv", LT_SRC_FIREFOX_HISTORY, "not an SQLite database");
	unlink(chromium);
	unlink(firefox);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(chrome_csv),      cmocka_unit_test(firefox_csv), cmocka_unit_test(bitwarden_csv_and_json),
		cmocka_unit_test(keepassxc_and_1password), cmocka_unit_test(keepassxc_without_group),
		cmocka_unit_test(bitwarden_several_uris), cmocka_unit_test(firefox_crlf), cmocka_unit_test(bad_files),
		cmocka_unit_test(times),
		cmocka_unit_test(ten_thousand_rows), cmocka_unit_test(signup_pages), cmocka_unit_test(histories),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
