/* SPDX-License-Identifier: MIT */
/* test_alias.c: alias tags (core/alias.c) -- deterministic per site, distinct
 * across many sites, readable, and dependent on the secret key. */
#include <openssl/rand.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "alias.h"

#define SITES 10000

static int cmp_tags(const void *a, const void *b)
{
	return strcmp(a, b);
}

static void tags_are_deterministic(void **state)
{
	unsigned char key[LT_KEY_LEN];
	char a[LT_TAG_LEN + 1], b[LT_TAG_LEN + 1];

	(void)state;
	assert_int_equal(RAND_bytes(key, sizeof key), 1);
	lt_alias_tag(key, "shop.example", a);
	lt_alias_tag(key, "shop.example", b);
	assert_string_equal(a, b);
	lt_alias_tag(key, "shop.example.cn", b);
	assert_string_not_equal(a, b);
}

static void tags_are_readable(void **state)
{
	unsigned char key[LT_KEY_LEN];
	char tag[LT_TAG_LEN + 1];
	int i;

	(void)state;
	assert_int_equal(RAND_bytes(key, sizeof key), 1);
	lt_alias_tag(key, "例子.中国", tag);
	assert_int_equal(strlen(tag), LT_TAG_LEN);
	for (i = 0; i < LT_TAG_LEN; i++) {
		assert_non_null(strchr("abcdefghjkmnpqrstuvwxyz23456789", tag[i]));
		assert_null(strchr("0o1li", tag[i]));
	}
}

static void tags_differ_across_10000_sites(void **state)
{
	unsigned char key[LT_KEY_LEN];
	char (*tags)[LT_TAG_LEN + 1] = calloc(SITES, sizeof *tags), site[64];
	int i;

	(void)state;
	assert_non_null(tags);
	/* A fixed key keeps the check repeatable: a random key would collide in
	 * about 1 run of 17,000 (31^8 tags, birthday bound). */
	memset(key, 0x5a, sizeof key);
	for (i = 0; i < SITES; i++) {
		snprintf(site, sizeof site, "site%d.example", i);
		lt_alias_tag(key, site, tags[i]);
	}
	qsort(tags, SITES, sizeof *tags, cmp_tags);
	for (i = 1; i < SITES; i++)
		assert_string_not_equal(tags[i - 1], tags[i]);
	free(tags);
}

static void tags_depend_on_the_key(void **state)
{
	unsigned char k1[LT_KEY_LEN], k2[LT_KEY_LEN];
	char a[LT_TAG_LEN + 1], b[LT_TAG_LEN + 1];

	(void)state;
	memset(k1, 1, sizeof k1);
	memset(k2, 2, sizeof k2);
	lt_alias_tag(k1, "shop.example", a);
	lt_alias_tag(k2, "shop.example", b);
	assert_string_not_equal(a, b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tags_are_deterministic),
		cmocka_unit_test(tags_are_readable),
		cmocka_unit_test(tags_differ_across_10000_sites),
		cmocka_unit_test(tags_depend_on_the_key),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
