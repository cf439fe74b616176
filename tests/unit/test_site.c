/* SPDX-License-Identifier: MIT */
/* test_site.c: lt_site_from, lt_url_clean and lt_host_normalize, table-driven.
 * Each table row is one case a browser or a person could send; the error
 * rows also check that the failure detail never repeats the input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "site.h"

typedef struct {
	const char *in;
	const char *want;
} ok_case;

typedef struct {
	const char *in;
	lt_err want;
} err_case;

typedef lt_err (*norm_fn)(const char *, char **);

static void run_ok(norm_fn f, const ok_case *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *out = NULL;
		lt_err e = f(c[i].in, &out);
		if (e != LT_OK)
			print_error("case %zu: %s (%s)\n", i, lt_err_name(e), lt_err_detail());
		assert_int_equal(e, LT_OK);
		assert_string_equal(out, c[i].want);
		free(out);
	}
}

static void run_err(norm_fn f, const err_case *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *out = (char *)"untouched";
		lt_err e = f(c[i].in, &out);
		if (e != c[i].want)
			print_error("case %zu: got %s\n", i, lt_err_name(e));
		assert_int_equal(e, c[i].want);
		assert_null(out);
		assert_true(lt_err_detail()[0] != '\0');
		if (c[i].in && strlen(c[i].in) >= 6)
			assert_null(strstr(lt_err_detail(), c[i].in));
	}
}

#define RUN_OK(f, t) run_ok(f, t, sizeof t / sizeof t[0])
#define RUN_ERR(f, t) run_err(f, t, sizeof t / sizeof t[0])

static void site_registrable_domains(void **state)
{
	(void)state;
	static const ok_case t[] = {
		{"https://www.bbc.co.uk/x?y#z", "bbc.co.uk"},
		{"a.b.github.io", "b.github.io"},
		{"www.example.com", "example.com"},
		{"example.com/path?x=1", "example.com"},
		{"//example.com/x", "example.com"},
		{"HTTPS://Example.com", "example.com"},
		{"WWW.Example.COM.", "example.com"},
		{"https://user:pw@WWW.Example.COM.:8443/x", "example.com"},
		{"www.example.com:8080", "example.com"},
		{"my_host.example.co.uk", "example.co.uk"},
		{"a.b.c.d.e.blogspot.com", "e.blogspot.com"},
		/* IDNA2008 refuses hyphens in places 3-4; real hosts have them */
		{"r3---sn-4g5e6nez.googlevideo.com", "googlevideo.com"},
		/* the last '@' starts the host; '\' ends the authority, as in browsers */
		{"https://good.com@evil.com/", "evil.com"},
		{"https://evil.com\\@good.com/", "evil.com"},
	};
	RUN_OK(lt_site_from, t);
}

static void site_ip_and_single_label(void **state)
{
	(void)state;
	static const ok_case t[] = {
		{"127.0.0.1", "127.0.0.1"},
		{"http://127.0.0.1:8080/p", "127.0.0.1"},
		{"192.168.1.20:8443", "192.168.1.20"},
		{"http://[::1]:8080/", "::1"},
		{"[::1]:8080", "::1"},
		{"[::1]", "::1"},
		{"::1", "::1"},
		{"https://[2001:DB8:0:0::1]/x", "2001:db8::1"},
		{"localhost", "localhost"},
		{"http://localhost:3000", "localhost"},
		{"localhost:3000", "localhost"},
		{"LOCALHOST.", "localhost"},
		/* a bare public suffix is kept whole */
		{"co.uk", "co.uk"},
		{"github.io", "github.io"},
		{"https://com/", "com"},
		/* an IPv4 address written as IPv6 is that IPv4 site */
		{"::ffff:1.2.3.4", "1.2.3.4"},
		{"http://[::ffff:1.2.3.4]:8080/x", "1.2.3.4"},
		{"[::FFFF:0102:0304]", "1.2.3.4"},
	};
	RUN_OK(lt_site_from, t);
}

static void site_idn(void **state)
{
	(void)state;
	static const ok_case t[] = {
		{"例子.中国", "例子.中国"},
		{"xn--fsqu00a.xn--fiqs8s", "例子.中国"},
		{"www.例子.中国", "例子.中国"},
		{"https://WWW.XN--FSQU00A.xn--fiqs8s/a", "例子.中国"},
		{"例子。中国", "例子.中国"},        /* ideographic full stop */
		{"ｗｗｗ．例子．中国", "例子.中国"}, /* full-width letters and stops */
		/* the punycode in the brief decodes to 中国.中國, not 例子.中国 */
		{"xn--fiqs8s.xn--fiqz9s", "中国.中國"},
		{"BÜCHER.de", "bücher.de"},
		{"www.xn--bcher-kva.de", "bücher.de"},
		{"faß.de", "faß.de"}, /* non-transitional, as browsers */
		{"xn--ls8h.la", "💩.la"},
		{"россия.рф", "россия.рф"}, /* one script, no ASCII look-alike */
		/* labels that could pass for another site stay in their ASCII form */
		{"xn--80ak6aa92e.com", "xn--80ak6aa92e.com"},       /* аррӏе: Cyrillic, looks like apple */
		{"https://www.аррӏе.com/login", "xn--80ak6aa92e.com"},
		{"pаypal.com", "xn--pypal-4ve.com"},                /* Latin with one Cyrillic а */
		{"xn--80ak6aa92e.рф", "xn--80ak6aa92e.xn--p1ai"},   /* the whole host, as browsers */
	};
	RUN_OK(lt_site_from, t);
}

static void site_both_forms(void **state)
{
	static const char *const t[][3] = {
		{"xn--80ak6aa92e.com", "xn--80ak6aa92e.com", "аррӏе.com"},
		{"例子.中国", "xn--fsqu00a.xn--fiqs8s", "例子.中国"},
		{"1.2.3.4", "1.2.3.4", "1.2.3.4"},
	};
	char *a = NULL, *u = NULL;

	(void)state;
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		assert_int_equal(lt_site_forms(t[i][0], &a, &u), LT_OK);
		assert_string_equal(a, t[i][1]);
		assert_string_equal(u, t[i][2]);
		free(a);
		free(u);
	}
	assert_int_equal(lt_site_forms("", &a, &u), LT_ERR_BAD_SITE);
	assert_null(a);
	assert_null(u);
}

static char *repeat(char c, size_t n, const char *suffix)
{
	char *s = malloc(n + strlen(suffix) + 1);
	memset(s, c, n);
	strcpy(s + n, suffix);
	return s;
}

static void site_length_limits(void **state)
{
	(void)state;
	char *label63 = repeat('a', 63, ".com"), *label64 = repeat('a', 64, ".com");
	char *out = NULL;
	assert_int_equal(lt_site_from(label63, &out), LT_OK);
	assert_string_equal(out, label63);
	free(out);
	assert_int_equal(lt_site_from(label64, &out), LT_ERR_BAD_SITE);
	/* 126 labels "a." + "com" = 255 bytes > 253; 125 labels = 253 bytes */
	char host[300] = "";
	for (int i = 0; i < 125; i++)
		strcat(host, "a.");
	strcat(host, "com");
	assert_int_equal(lt_site_from(host, &out), LT_OK);
	assert_string_equal(out, "a.com");
	free(out);
	memmove(host + 2, host, strlen(host) + 1);
	memcpy(host, "a.", 2);
	assert_int_equal(lt_site_from(host, &out), LT_ERR_BAD_SITE);
	char *huge = repeat('a', LT_URL_MAX + 1, "");
	assert_int_equal(lt_site_from(huge, &out), LT_ERR_TOO_LARGE);
	assert_int_equal(lt_url_clean(huge, &out), LT_ERR_TOO_LARGE);
	assert_int_equal(lt_host_normalize(huge, &out), LT_ERR_TOO_LARGE);
	free(label63);
	free(label64);
	free(huge);
}

static void site_bad_input(void **state)
{
	(void)state;
	static const err_case t[] = {
		{"", LT_ERR_BAD_SITE},
		{"   ", LT_ERR_BAD_SITE},
		{"exa mple.com", LT_ERR_BAD_SITE},
		{"example.com\t", LT_ERR_BAD_SITE},
		{" example.com", LT_ERR_BAD_SITE},
		{"exa\x01mple.com", LT_ERR_BAD_SITE},
		{"example.com\x7f", LT_ERR_BAD_SITE},
		{"exa\u3000mple.com", LT_ERR_BAD_SITE},
		{"javascript:alert(1)", LT_ERR_BAD_SITE},
		{"JavaScript:alert(1)", LT_ERR_BAD_SITE},
		{"javascript:1", LT_ERR_BAD_SITE},
		{"file:///etc", LT_ERR_BAD_SITE},
		{"data:text/html,hi", LT_ERR_BAD_SITE},
		{"data:", LT_ERR_BAD_SITE},
		{"about:blank", LT_ERR_BAD_SITE},
		{"mailto:me@example.com", LT_ERR_BAD_SITE},
		{"ftp://example.com/", LT_ERR_BAD_SITE},
		{"chrome-extension://abcdef/", LT_ERR_BAD_SITE},
		{"http:example.com", LT_ERR_BAD_SITE},
		{"https://", LT_ERR_BAD_SITE},
		{"http://:80/", LT_ERR_BAD_SITE},
		{"http://user@/", LT_ERR_BAD_SITE},
		{"a..b.com", LT_ERR_BAD_SITE},
		{".", LT_ERR_BAD_SITE},
		{"example.com..", LT_ERR_BAD_SITE},
		{"xn--zz.com", LT_ERR_BAD_SITE},      /* invalid punycode */
		{"xn--fsqu00a-.com", LT_ERR_BAD_SITE}, /* invalid punycode */
		{"xn--a.com", LT_ERR_BAD_SITE},
		{"a<b.com", LT_ERR_BAD_SITE},
		{"exa%6dple.com", LT_ERR_BAD_SITE},
		{"http://[::1/", LT_ERR_BAD_SITE},
		{"http://[zz::1]/", LT_ERR_BAD_SITE},
		{"http://[::1]x/", LT_ERR_BAD_SITE},
		{"http://example.com:99999/", LT_ERR_BAD_SITE},
		{"http://example.com:8o/", LT_ERR_BAD_SITE},
		{"1.2.3.256", LT_ERR_BAD_SITE},
		{"http://1.2.3/", LT_ERR_BAD_SITE},
		{"999", LT_ERR_BAD_SITE},
		{"\xff.com", LT_ERR_BAD_UTF8},
		{"exa\xc3mple.com", LT_ERR_BAD_UTF8},
		{"https://example.com/\xed\xa0\x80", LT_ERR_BAD_UTF8}, /* a surrogate */
	};
	RUN_ERR(lt_site_from, t);
	char *out = (char *)"untouched";
	assert_int_equal(lt_site_from(NULL, &out), LT_ERR_BAD_SITE);
	assert_null(out);
}

static void url_clean_keeps_scheme_host_path(void **state)
{
	(void)state;
	static const ok_case t[] = {
		{"https://user:pw@WWW.Example.com:8443/path/a?token=1#frag", "https://www.example.com:8443/path/a"},
		{"http://example.com", "http://example.com/"},
		{"http://example.com:80/x", "http://example.com/x"},
		{"https://example.com:443?x=1", "https://example.com/"},
		{"https://example.com:443#f", "https://example.com/"},
		{"https://example.com:80/", "https://example.com:80/"},
		{"http://example.com:443/", "http://example.com:443/"},
		{"https://example.com:8080", "https://example.com:8080/"},
		{"https://example.com:/a", "https://example.com/a"},
		{"HTTPS://Example.COM./Path/Case", "https://example.com/Path/Case"},
		{"http://[::1]:8080/p", "http://[::1]:8080/p"},
		{"http://127.0.0.1:80/", "http://127.0.0.1/"},
		{"https://www.xn--fsqu00a.xn--fiqs8s/a", "https://www.例子.中国/a"},
		{"https://evil.com\\@good.com/", "https://evil.com\\@good.com/"},
	};
	RUN_OK(lt_url_clean, t);
}

static void url_clean_refuses(void **state)
{
	(void)state;
	static const err_case t[] = {
		{"", LT_ERR_BAD_SITE},
		{"example.com/x", LT_ERR_BAD_SITE},
		{"localhost:3000", LT_ERR_BAD_SITE},
		{"ftp://example.com/", LT_ERR_BAD_SITE},
		{"javascript:alert(1)", LT_ERR_BAD_SITE},
		{"file:///etc", LT_ERR_BAD_SITE},
		{"data:text/plain,x", LT_ERR_BAD_SITE},
		{"https://exa mple.com/", LT_ERR_BAD_SITE},
		{"https://example.com/a b", LT_ERR_BAD_SITE},
		{"https://example.com/\n", LT_ERR_BAD_SITE},
		{"https://xn--zz.com/", LT_ERR_BAD_SITE},
		{"https://\xff/", LT_ERR_BAD_UTF8},
	};
	RUN_ERR(lt_url_clean, t);
}

static void host_normalize_for_email_domains(void **state)
{
	(void)state;
	static const ok_case ok[] = {
		{"WWW.Example.COM.", "www.example.com"},
		{"xn--fsqu00a.xn--fiqs8s", "例子.中国"},
		{"mail.例子.中国", "mail.例子.中国"},
		{"localhost", "localhost"},
	};
	static const err_case bad[] = {
		{"127.0.0.1", LT_ERR_BAD_SITE},
		{"[::1]", LT_ERR_BAD_SITE},
		{"example.com:80", LT_ERR_BAD_SITE},
		{"https://example.com", LT_ERR_BAD_SITE},
		{"user@example.com", LT_ERR_BAD_SITE},
		{"", LT_ERR_BAD_SITE},
		{"\xc3", LT_ERR_BAD_UTF8},
	};
	RUN_OK(lt_host_normalize, ok);
	RUN_ERR(lt_host_normalize, bad);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(site_registrable_domains),
		cmocka_unit_test(site_ip_and_single_label),
		cmocka_unit_test(site_idn),
		cmocka_unit_test(site_both_forms),
		cmocka_unit_test(site_length_limits),
		cmocka_unit_test(site_bad_input),
		cmocka_unit_test(url_clean_keeps_scheme_host_path),
		cmocka_unit_test(url_clean_refuses),
		cmocka_unit_test(host_normalize_for_email_domains),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
