/* SPDX-License-Identifier: MIT */
/* test_words.c: the bilingual vocabulary (host/core/words.h) -- machine names
 * in words (every name the core and the sources define has one), templates
 * filled, and stored English reasons read back in Chinese:
 * the sources' own templates (every mail reason is also rendered from the
 * real judge in test_mail.c), and a skipped import row's "MESSAGE: DETAIL"
 * through the catalogue (here a small translator standing in for gettext). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "error.h"
#include "incident.h"
#include "mail_verdict.h"
#include "record.h"
#include "trace.h"
#include "words.h"

static void words(void **state)
{
	(void)state;
	assert_string_equal(lt_word(LT_WORDS_KIND, "phone", LT_LANG_ZH), "电话号码");
	assert_string_equal(lt_word(LT_WORDS_KIND, "phone", LT_LANG_EN), "phone number");
	assert_string_equal(lt_word(LT_WORDS_MATCH, "exact", LT_LANG_ZH), "完全一致");
	assert_string_equal(lt_word(LT_WORDS_CAPTURE, "manual", LT_LANG_ZH), "手动记录");
	assert_string_equal(lt_word(LT_WORDS_CAPTURE, "otp-login", LT_LANG_ZH), "验证码登录");
	assert_string_equal(lt_word(LT_WORDS_INCIDENT, "call", LT_LANG_ZH), "来电");
	assert_string_equal(lt_word(LT_WORDS_OUTCOME, "added", LT_LANG_ZH), "新增");
	assert_string_equal(lt_word(LT_WORDS_OUTCOME, "merged", LT_LANG_ZH), "合并");
	assert_string_equal(lt_word(LT_WORDS_VERDICT, "leak", LT_LANG_ZH), "泄露");
	assert_string_equal(lt_word(LT_WORDS_VERDICT, "review", LT_LANG_ZH), "待核实");
	/* the same name in two sets has each set's word */
	assert_string_equal(lt_word(LT_WORDS_INCIDENT, "email", LT_LANG_ZH), "邮件");
	assert_string_equal(lt_word(LT_WORDS_KIND, "email", LT_LANG_ZH), "电子邮箱");
	/* unknown names and sets are shown as they are */
	assert_string_equal(lt_word(LT_WORDS_KIND, "fax", LT_LANG_ZH), "fax");
	assert_string_equal(lt_word(LT_WORDS_COUNT, "phone", LT_LANG_ZH), "phone");
	assert_null(lt_word(LT_WORDS_KIND, NULL, LT_LANG_ZH));
}

/* Every machine name the core and the sources define has its Chinese word. */
static void has_zh(lt_word_set set, const char *name)
{
	const char *zh = lt_word(set, name, LT_LANG_ZH);

	if (!zh || strcmp(zh, name) == 0)
		fail_msg("no Chinese word for \"%s\" (set %d)", name, (int)set);
}

static void every_name(void **state)
{
	(void)state;
	for (int k = LT_KIND_NONE + 1; k < LT_KIND_COUNT; k++) {
		has_zh(LT_WORDS_KIND, lt_kind_name((lt_kind)k));
		has_zh(LT_WORDS_WHAT, lt_kind_name((lt_kind)k));
	}
	for (int c = 0; c < LT_CAPTURE_COUNT; c++)
		has_zh(LT_WORDS_CAPTURE, lt_capture_name((lt_capture)c));
	for (int m = LT_MATCH_ALIAS; m <= LT_MATCH_MAILBOX; m++)
		has_zh(LT_WORDS_MATCH, lt_match_name((lt_match_kind)m));
	for (int i = 0; i < LT_INCIDENT_KIND_COUNT; i++)
		has_zh(LT_WORDS_INCIDENT, lt_incident_kind_name((lt_incident_kind)i));
	for (int v = LT_IV_NONE + 1; v < LT_IV_COUNT; v++)
		has_zh(LT_WORDS_VERDICT, lt_incident_verdict_name((lt_incident_verdict)v));
	for (int v = LT_MV_RELATED; v <= LT_MV_REVIEW; v++)
		has_zh(LT_WORDS_VERDICT, lt_mail_verdict_name((lt_mail_verdict)v));
}

static void templates(void **state)
{
	lt_slot s[] = {{"x", "1"}, {"y", "{x}"}, {"none", NULL}};
	char *t;

	(void)state;
	t = lt_template_fill("第 {x} 页 / 共 {y} 页{none}{other}", s, 3);
	assert_string_equal(t, "第 1 页 / 共 {x} 页{other}"); /* values are not expanded again */
	free(t);
}

static void check_reason(const char *en, const char *zh)
{
	char *t = lt_reason_text(en, LT_LANG_ZH);

	assert_non_null(t);
	assert_string_equal(t, zh);
	free(t);
	t = lt_reason_text(en, LT_LANG_EN);
	assert_string_equal(t, en);
	free(t);
}

/* The reasons the sources write outside the judge (mail_feed.c's spam,
 * mail_store.c's settled sender) and a phone map's nested one. */
static void source_reasons(void **state)
{
	(void)state;
	check_reason("marked as spam by your provider's filter, on an address in your records",
		     "被你的邮箱服务商的过滤器标为垃圾邮件，收件地址在你的记录中");
	check_reason("marked as spam, on an address in your records", "被标为垃圾邮件，收件地址在你的记录中");
	check_reason("you said spam.example has nothing to do with shop.example", "你说明过 spam.example 与 shop.example 无关");
	check_reason("the alias made for shop.example got mail from x.example, another site in your records",
		     "专为 shop.example 生成的别名收到了 x.example 的邮件，而 x.example 是你记录中的另一个网站");
	check_reason("the alias made for shop.example got mail from x.example", "专为 shop.example 生成的别名收到了 x.example 的邮件");
	check_reason("【京东】 is jd.com: your own map (leaktrace phone map)", "【京东】即 jd.com：你自己的对应（leaktrace phone map）");
	check_reason("a reason no table knows", "a reason no table knows");
}

/* A stand-in for the catalogue: the msgids a skipped row's reason is made of. */
static const char *fake_catalogue(const char *msgid, const char *plural, unsigned long n)
{
	static const char *const map[][2] = {
		{"give at least one identifier (email, phone, username or name)", "至少要给出一项身份信息（邮箱、手机号、用户名或姓名）"},
		{"no username", "没有用户名"},
		{": ", "："},
		{"not a valid email address, phone number, username or name", "不是有效的邮箱地址、手机号码、用户名或姓名"},
		{"email local part over %d bytes", "邮箱地址 @ 前的部分超过 %d 字节"},
		{"not a date or time leaktrace can use", "不是 leaktrace 能用的日期或时间"},
		{"its date is not one this format writes", "日期不是该格式应有的写法"},
		{"not a web address or host name", "不是网址或主机名"},
		{"not a valid international host name: %s", "不是有效的国际化主机名：%1$s"},
	};

	(void)plural;
	(void)n;
	for (size_t i = 0; i < sizeof map / sizeof *map; i++)
		if (strcmp(map[i][0], msgid) == 0)
			return map[i][1];
	return msgid;
}

static void row_reasons(void **state)
{
	(void)state;
	lt_set_translator(fake_catalogue);
	check_reason("give at least one identifier (email, phone, username or name): no username",
		     "至少要给出一项身份信息（邮箱、手机号、用户名或姓名）：没有用户名");
	check_reason("not a valid email address, phone number, username or name: email local part over 64 bytes",
		     "不是有效的邮箱地址、手机号码、用户名或姓名：邮箱地址 @ 前的部分超过 64 字节");
	check_reason("not a date or time leaktrace can use: its date is not one this format writes",
		     "不是 leaktrace 能用的日期或时间：日期不是该格式应有的写法");
	check_reason("not a web address or host name: not a valid international host name: string has forbidden bi-di",
		     "不是网址或主机名：不是有效的国际化主机名：string has forbidden bi-di");
	/* a message alone; a detail no catalogue knows stays as it is */
	check_reason("not a web address or host name", "不是网址或主机名");
	check_reason("not a web address or host name: something new", "不是网址或主机名：something new");
	/* a message that only begins the reason is no message */
	check_reason("not a web address or host names", "not a web address or host names");
	lt_set_translator(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(words),
		cmocka_unit_test(every_name),
		cmocka_unit_test(templates),
		cmocka_unit_test(source_reasons),
		cmocka_unit_test(row_reasons),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
