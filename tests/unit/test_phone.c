/* SPDX-License-Identifier: MIT */
/* test_phone.c: the phone-log classifiers (host/sources/phone_sms.c) and the
 * surrogate reference filter in front of libxml2 (host/sources/xmlrefs.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "phone_log.h"
#include "xmlrefs.h"

static void signature_at_start_or_end(void **state)
{
	char sig[64];

	(void)state;
	assert_true(lt_sms_signature("【某某商城】会员日 回T退订", sig, sizeof sig));
	assert_string_equal(sig, "某某商城");
	assert_true(lt_sms_signature("  您的快递已到，请取件。【顺风】\n", sig, sizeof sig));
	assert_string_equal(sig, "顺风");
	assert_false(lt_sms_signature("中间【不算】的签名", sig, sizeof sig));
	assert_false(lt_sms_signature("【】空的", sig, sizeof sig));
	assert_false(lt_sms_signature("【没有结尾", sig, sizeof sig));
	assert_false(lt_sms_signature("【太长的签名放不下】", sig, 4));
	assert_false(lt_sms_signature(NULL, sig, sizeof sig));
}

static void codes_commercial_plain(void **state)
{
	const char *why = NULL;

	(void)state;
	assert_int_equal(lt_sms_classify("106900001111", "【优选App】您的验证码是482913", NULL), LT_SMS_CODE);
	assert_int_equal(lt_sms_classify("+1 555 0100", "Your verification code is 1234", NULL), LT_SMS_CODE);
	assert_int_equal(lt_sms_classify("12345", "Use code SAVE to save", &why), LT_SMS_PLAIN);
	assert_int_equal(lt_sms_classify("17012345678", "【陌生贷款】急用钱", &why), LT_SMS_COMMERCIAL);
	assert_string_equal(why, "signed with a company's 【signature】");
	assert_int_equal(lt_sms_classify("1069 0000 1111", "双11大促", &why), LT_SMS_COMMERCIAL);
	assert_string_equal(why, "sent from an enterprise SMS port (106...)");
	assert_int_equal(lt_sms_classify("95588", "积分即将过期", &why), LT_SMS_COMMERCIAL);
	assert_string_equal(why, "sent from a 95xxx service number");
	assert_int_equal(lt_sms_classify("13700000001", "最新优惠 拒收请回复R", &why), LT_SMS_COMMERCIAL);
	assert_int_equal(lt_sms_classify("13700000001", "退订回T", NULL), LT_SMS_COMMERCIAL);
	assert_int_equal(lt_sms_classify("13700000001", "晚上吃饭吗", NULL), LT_SMS_PLAIN);
	assert_int_equal(lt_sms_classify("9551", "short numbers are no 95xxx", NULL), LT_SMS_PLAIN);
	assert_int_equal(lt_sms_classify(NULL, NULL, NULL), LT_SMS_PLAIN);
}

static void calls_and_sender_keys(void **state)
{
	char key[64];

	(void)state;
	assert_true(lt_call_is_unwanted(LT_CALL_MISSED));
	assert_true(lt_call_is_unwanted(LT_CALL_REJECTED));
	assert_true(lt_call_is_unwanted(LT_CALL_BLOCKED));
	assert_false(lt_call_is_unwanted(LT_CALL_ANSWERED));
	assert_false(lt_call_is_unwanted(LT_CALL_VOICEMAIL));
	lt_phone_sender_key("+86 139-1234-5678", key, sizeof key);
	assert_string_equal(key, "13912345678");
	lt_phone_sender_key("008613912345678", key, sizeof key);
	assert_string_equal(key, "13912345678");
	lt_phone_sender_key("8613912345678", key, sizeof key);
	assert_string_equal(key, "13912345678");
	lt_phone_sender_key("+1 (555) 010-0100", key, sizeof key);
	assert_string_equal(key, "+15550100100");
	lt_phone_sender_key("Amazon", key, sizeof key);
	assert_string_equal(key, "AMAZON");
	lt_phone_sender_key("12345678901234", key, 5);
	assert_string_equal(key, "1234");
}

/* A source that hands out its bytes `step` at a time, to split references across reads. */
typedef struct {
	const char *s;
	size_t pos, step;
} chunks;

static ssize_t read_chunks(void *src, void *buf, size_t n)
{
	chunks *c = src;
	size_t left = strlen(c->s) - c->pos, k = left < c->step ? left : c->step;

	k = k < n ? k : n;
	memcpy(buf, c->s + c->pos, k);
	c->pos += k;
	return (ssize_t)k;
}

static void filtered(const char *in, size_t step, int want, char *out, size_t size)
{
	chunks c = {in, 0, step};
	lt_xmlrefs *f = malloc(sizeof *f);
	size_t n = 0;
	int got;

	lt_xmlrefs_init(f, read_chunks, &c);
	while ((got = lt_xmlrefs_read(f, out + n, want)) > 0 && n + (size_t)got < size)
		n += (size_t)got;
	out[n] = '\0';
	free(f);
}

static void surrogate_references(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"a&#55357;&#56838;b", "a&#128518;b"},
		{"&#xD83D;&#xDE0A;", "&#128522;"},
		{"lone &#55357; high", "lone &#65533; high"},
		{"lone &#56838; low", "lone &#65533; low"},
		{"&#55357;&#55357;&#56838;", "&#65533;&#128518;"},
		{"&amp; &#20013; &#x4e2d; & &# &#;", "&amp; &#20013; &#x4e2d; & &# &#;"},
		{"cut &#5535", "cut &#5535"},
		{"【商城】&#55357;&#56838;", "【商城】&#128518;"},
	};
	size_t i, step;
	char out[256];

	(void)state;
	for (i = 0; i < sizeof cases / sizeof *cases; i++)
		for (step = 1; step <= 40; step += 3) {
			filtered(cases[i].in, step, 4000, out, sizeof out);
			assert_string_equal(out, cases[i].out);
		}
	filtered("a&#55357;&#56838;b", 100, 3, out, sizeof out); /* a reader asking for tiny reads */
	assert_string_equal(out, "a&#55357;&#56838;b");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(signature_at_start_or_end),
		cmocka_unit_test(codes_commercial_plain),
		cmocka_unit_test(calls_and_sender_keys),
		cmocka_unit_test(surrogate_references),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
