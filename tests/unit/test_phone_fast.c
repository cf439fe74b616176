/* SPDX-License-Identifier: MIT */
/* test_phone_fast.c: the phone fast path (phone_fast.c, no module) against
 * libphonenumber itself (phone_bridge.cc, linked in) on every line of the
 * corpus phone-meta-gen makes from libphonenumber's example numbers
 * (build/tests/phone-corpus.txt: each example in E.164, international and
 * national form, bare, with a digit less or more, behind 00/011 and its calling
 * code, read in its own region and in others): the same E.164 or the same
 * refusal, the same validity and the same region for every one; and how often
 * the fast path had to defer to the module. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "phone.h"
#include "phone_fast.h"

typedef struct {
	size_t lines, regions, decided, parsed, valid, deferred_plain;
} tally;

/* The corpus beside this test's binary. */
static FILE *open_corpus(void)
{
	char exe[PATH_MAX], path[PATH_MAX + 32];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);

	assert_true(n > 0);
	exe[n] = '\0';
	snprintf(path, sizeof path, "%s/phone-corpus.txt", dirname(exe));
	FILE *f = fopen(path, "r");
	if (!f)
		fail_msg("no phone corpus at %s (make builds it with phone-meta-gen)", path);
	return f;
}

/* The same answers for what an E.164 number is: valid, and its region. */
static void same_about(const char *e164, const char *text, const char *region, tally *t)
{
	char r_fast[3] = "", r_lib[3] = "";
	int v_fast = lt_phonefast_is_valid(e164), v_lib = lt_phone_is_valid(e164);
	int g_fast = lt_phonefast_region_of(e164, r_fast), g_lib = lt_phone_region_of(e164, r_lib);

	if (v_fast != LT_PHONE_DEFER && v_fast != v_lib)
		fail_msg("validity of %s (from '%s' in %s): fast %d, libphonenumber %d", e164, text, region, v_fast, v_lib);
	if (g_fast != LT_PHONE_DEFER && (g_fast != g_lib || (g_lib == 0 && strcmp(r_fast, r_lib) != 0)))
		fail_msg("region of %s: fast %d %s, libphonenumber %d %s", e164, g_fast, r_fast, g_lib, r_lib);
	assert_int_not_equal(v_fast, LT_PHONE_DEFER);
	assert_int_not_equal(g_fast, LT_PHONE_DEFER);
	t->valid += v_lib == 1;
}

/* Shapes people paste: digits, spaces, - . ( ) / and a leading '+' only. */
static int plain(const char *s)
{
	return strspn(s, "0123456789 -.()/+") == strlen(s) && !strchr(s + 1, '+');
}

static void check_line(const char *region, const char *text, tally *t)
{
	char *fast = NULL, *lib = NULL;
	const char *r = strcmp(region, "-") == 0 ? NULL : region;
	int rc_fast = lt_phonefast_to_e164(text, r, &fast), rc_lib = lt_phone_to_e164(text, r, &lib);

	t->lines++;
	if (rc_fast == LT_PHONE_DEFER) {
		t->deferred_plain += plain(text);
		if (plain(text))
			print_message("deferred: '%s' in %s\n", text, region);
	} else {
		t->decided++;
		if (rc_fast != rc_lib || (rc_lib == 0 && strcmp(fast, lib) != 0))
			fail_msg("'%s' in %s: fast %d %s, libphonenumber %d %s", text, region, rc_fast, fast ? fast : "-",
				 rc_lib, lib ? lib : "-");
	}
	if (rc_lib == 0) {
		t->parsed++;
		same_about(lib, text, region, t);
	}
	free(fast);
	free(lib);
}

static void test_corpus_same_as_libphonenumber(void **state)
{
	(void)state;
	FILE *f = open_corpus();
	char line[512], seen[4096] = " ", key[8];
	tally t = {0};

	while (fgets(line, sizeof line, f)) {
		char *tab = strchr(line, '\t');

		line[strcspn(line, "\n")] = '\0';
		assert_non_null(tab);
		*tab = '\0';
		snprintf(key, sizeof key, " %.5s ", line); /* seen holds " CN US ... ": each region counted once */
		if (strcmp(line, "-") != 0 && !strstr(seen, key) && strlen(seen) + strlen(key) < sizeof seen) {
			strcat(seen, key + 1);
			t.regions++;
		}
		check_line(line, tab + 1, &t);
	}
	fclose(f);
	print_message("phone corpus: %zu numbers over %zu regions; fast path decided %zu, %zu parse, %zu valid\n",
		      t.lines, t.regions, t.decided, t.parsed, t.valid);
	assert_true(t.lines >= 1000);
	assert_true(t.regions >= 30);
	assert_true(t.valid >= 500);
	assert_int_equal(t.deferred_plain, 0); /* every shape people paste is settled without the module */
}

/* Shapes that go to the module, and what the fast path refuses on its own. */
static void test_defers_and_refusals(void **state)
{
	(void)state;
	char *out = NULL;

	assert_int_equal(lt_phonefast_to_e164("+86 138 0013 8000 ext. 12", NULL, &out), LT_PHONE_DEFER);
	assert_int_equal(lt_phonefast_to_e164("1-800-FLOWERS", "US", &out), LT_PHONE_DEFER);
	assert_int_equal(lt_phonefast_to_e164("\xef\xbc\x91\xef\xbc\x93\xef\xbc\x98", "CN", &out), LT_PHONE_DEFER);
	assert_int_equal(lt_phonefast_to_e164("13800138000", NULL, &out), -1); /* no region: only +country reads */
	assert_int_equal(lt_phonefast_to_e164("no digits", "CN", &out), LT_PHONE_DEFER);
	assert_int_equal(lt_phonefast_to_e164("()", "CN", &out), -1);
	assert_int_equal(lt_phonefast_to_e164("13800138000", "CN", &out), 0);
	assert_string_equal(out, "+8613800138000");
	free(out);
	assert_int_equal(lt_phonefast_to_e164("1380013800", "CN", &out), 0); /* possible... */
	assert_int_equal(lt_phonefast_is_valid(out), 0);                     /* ...not valid */
	free(out);
	assert_true(lt_phonefast_patterns_compile());
	assert_int_equal(lt_phonefast_region_known("cn"), 1);
	assert_int_equal(lt_phonefast_region_known("ZZ"), 0);
	assert_int_equal(lt_phonefast_region_known("001"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus_same_as_libphonenumber),
		cmocka_unit_test(test_defers_and_refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
