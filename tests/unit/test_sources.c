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
#include "sources.h"

#define FX "tests/fixtures/accounts/"
#define MAXROWS 16

typedef struct {
	size_t row;
	char *url, *title, *username, *password, *problem;
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
	memcpy(s->created, e->created, LT_TIME_LEN);
	memcpy(s->changed, e->password_changed, LT_TIME_LEN);
	return LT_OK;
}

static void seen_free(seen_all *all)
{
	for (size_t i = 0; i < all->n; i++) {
		seen *s = &all->rows[i];

		free(s->url), free(s->title), free(s->username), free(s->password), free(s->problem);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(chrome_csv),      cmocka_unit_test(firefox_csv), cmocka_unit_test(bitwarden_csv_and_json),
		cmocka_unit_test(keepassxc_and_1password), cmocka_unit_test(bad_files), cmocka_unit_test(times),
		cmocka_unit_test(ten_thousand_rows),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
