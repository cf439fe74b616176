/* SPDX-License-Identifier: MIT */
/* words.c: the one bilingual vocabulary of the data (words.h): the words for
 * machine names, and the stored English reasons read back in Chinese.
 *
 * Two sources of Chinese, each for its own kind of text. The words and the
 * reasons host/sources writes with their own slots (signatures, domains,
 * sites) are in the tables below, so that a report in either language can be
 * drawn whatever the locale. The reasons an import gives for a skipped row are
 * an error of error.c and its lt_fail detail, both already in the catalogue
 * (po/): they are read back through lt_tr, their format turned into a template
 * when the detail has values in it. tests/unit/test_words.c renders the
 * reasons the sources write, so the tables and the sources cannot drift apart. */
#include "words.h"

#include <ctype.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

#define N_(s) (s)

/* ---- words for machine names ---- */

typedef struct {
	const char *name, *en, *zh;
} word;

static const word kind_words[] = {
	{"email", "email address", "电子邮箱"}, {"phone", "phone number", "电话号码"},
	{"username", "username", "用户名"},     {"name", "name", "姓名"},
	{NULL, NULL, NULL},
};
static const word what_words[] = {
	{"email", "this address", "该邮箱地址"}, {"phone", "this number", "该号码"},
	{"username", "this username", "该用户名"}, {"name", "this name", "该姓名"},
	{NULL, NULL, NULL},
};
static const word match_words[] = {
	{"alias", "per-site alias", "专用别名"},
	{"exact", "exact match", "完全一致"},
	{"subaddress", "same mailbox, other +tag", "同一邮箱（不同的 + 标签）"},
	{"mailbox", "same mailbox, spelled otherwise", "同一邮箱（写法不同）"},
	{NULL, NULL, NULL},
};
static const word capture_words[] = {
	{"signup", "sign-up form", "注册表单"},   {"login", "login form", "登录表单"},
	{"otp-login", "one-time-code login", "验证码登录"}, {"newsletter", "newsletter", "订阅"},
	{"checkout", "checkout", "下单结账"},     {"other", "other form", "其他表单"},
	{"manual", "entered by hand", "手动记录"}, {"import", "imported", "导入"},
	{NULL, NULL, NULL},
};
static const word incident_words[] = {
	{"sms", "SMS", "短信"},   {"call", "call", "来电"},     {"email", "email", "邮件"},
	{"login", "login alert", "登录提醒"}, {"other", "other", "其他"},
	{NULL, NULL, NULL},
};
static const word outcome_words[] = {
	{"added", "added", "新增"}, {"merged", "merged", "合并"}, {"unchanged", "already here", "已有"},
	{NULL, NULL, NULL},
};
static const word verdict_words[] = {
	{"related", "related", "相关"},       {"leak", "leak", "泄露"},
	{"review", "to review", "待核实"},    {"spam", "spam", "垃圾邮件"},
	{"harassment", "harassment", "骚扰"}, {"commercial", "marketing", "营销"},
	{"unknown-company", "unknown company", "未知公司"}, {"bombing", "SMS bombing", "短信轰炸"},
	{NULL, NULL, NULL},
};

static const word *const sets[LT_WORDS_COUNT] = {
	[LT_WORDS_KIND] = kind_words,	      [LT_WORDS_WHAT] = what_words,
	[LT_WORDS_MATCH] = match_words,	      [LT_WORDS_CAPTURE] = capture_words,
	[LT_WORDS_INCIDENT] = incident_words, [LT_WORDS_OUTCOME] = outcome_words,
	[LT_WORDS_VERDICT] = verdict_words,
};

const char *lt_word(lt_word_set set, const char *name, lt_lang lang)
{
	const word *w;

	if (!name || (unsigned)set >= LT_WORDS_COUNT)
		return name;
	for (w = sets[set]; w->name; w++)
		if (strcmp(w->name, name) == 0)
			return lang == LT_LANG_ZH ? w->zh : w->en;
	return name;
}

/* ---- templates ---- */

static void fill(GString *out, const char *tmpl, const lt_slot *slots, size_t n)
{
	const char *p = tmpl, *open, *close;

	while ((open = strchr(p, '{')) && (close = strchr(open, '}'))) {
		size_t len = (size_t)(close - open - 1), i;

		g_string_append_len(out, p, open - p);
		for (i = 0; i < n; i++)
			if (strlen(slots[i].name) == len && memcmp(slots[i].name, open + 1, len) == 0)
				break;
		if (i < n && slots[i].value)
			g_string_append(out, slots[i].value);
		else if (i == n)
			g_string_append_len(out, open, (gssize)len + 2);
		p = close + 1;
	}
	g_string_append(out, p);
}

char *lt_template_fill(const char *tmpl, const lt_slot *slots, size_t n)
{
	GString *out = g_string_new(NULL);

	fill(out, tmpl, slots, n);
	return g_string_free(out, FALSE);
}

#define REASON_SLOTS 4

typedef struct {
	lt_slot slot[REASON_SLOTS];
	size_t n;
} captures;

static void captures_clear(captures *c)
{
	for (size_t i = 0; i < c->n; i++) {
		g_free((char *)c->slot[i].name);
		g_free((char *)c->slot[i].value);
	}
	c->n = 0;
}

/* Does s read as the template t? Each "{name}" takes the shortest non-empty
 * text up to what follows it in t (the rest of s when nothing follows). */
static int template_match(const char *t, const char *s, captures *c)
{
	while (*t) {
		const char *open = strchr(t, '{'), *close = open ? strchr(open, '}') : NULL, *next, *at;
		size_t lit = open && close ? (size_t)(open - t) : strlen(t), tail;

		if (strncmp(t, s, lit) != 0)
			return 0;
		s += lit;
		if (!open || !close)
			return *s == '\0';
		if (c->n == REASON_SLOTS)
			return 0;
		next = close + 1;
		tail = strchr(next, '{') ? (size_t)(strchr(next, '{') - next) : strlen(next);
		if (!tail)
			at = s + strlen(s);
		else
			for (at = s + 1; *at && strncmp(at, next, tail) != 0; at++)
				;
		if (at == s || (tail && !*at))
			return 0;
		c->slot[c->n].name = g_strndup(open + 1, (size_t)(close - open - 1));
		c->slot[c->n].value = g_strndup(s, (size_t)(at - s));
		c->n++;
		s = at;
		t = next;
	}
	return *s == '\0';
}

/* ---- reasons with slots, written by host/sources ---- */

/* The reasons host/sources writes in English: phone logs (phone_import.c,
 * phone_sms.c, phone_map.c) and mail (mail_verdict.c, mail_feed.c,
 * mail_store.c). A slot's text is itself looked up again (the "how" of a
 * map). Where one template begins another, the longer comes first. */
static const struct {
	const char *en, *zh;
} reason_words[] = {
	/* phone logs */
	{"a company not in your records: 【{sig}】", "记录中没有的公司：【{sig}】"},
	{"【{sig}】 texted a number you never gave it", "【{sig}】向一个你从未提供给它的号码发了短信"},
	{"【{sig}】 is {site}: {how}", "【{sig}】即 {site}：{how}"},
	{"it names no company in your records", "记录中没有它对应的公司"},
	{"you said you deal with it outside the web", "你说明过与它的往来不经网站"},
	{"your own map (leaktrace phone map)", "你自己的对应（leaktrace phone map）"},
	{"it sent a verification code when you signed up there with this number", "你用这个号码在该网站注册时，它发来了验证码"},
	{"it appears in the title of a page you gave an identifier on", "它出现在你提供过标识的网页标题中"},
	{"it is the site's name", "它就是该网站的名称"},
	{"signed with a company's 【signature】", "带有公司【签名】"},
	{"sent from an enterprise SMS port (106...)", "由企业短信端口（106…）发出"},
	{"sent from a 95xxx service number", "由 95xxx 服务号码发出"},
	{"has an opt-out phrase", "含退订提示"},
	{"a missed call from a number not in your contacts", "未接来电，号码不在通讯录中"},
	{"a call you rejected from a number not in your contacts", "拒接的来电，号码不在通讯录中"},
	{"a call your phone blocked", "被手机拦截的来电"},
	{"SMS bombing: {n} verification codes from {m} senders within {t} minutes",
	 "短信轰炸：{t} 分钟内收到来自 {m} 个发送方的 {n} 条验证码"},
	/* mail */
	{"{d} is {site}'s own domain, verified by your provider", "{d} 是 {site} 自己的域名，已由你的邮箱服务商验证"},
	{"you wrote to this sender from {site}'s alias", "你曾用 {site} 的别名给这个发件方写过信"},
	{"you said {org} has nothing to do with {site}", "你说明过 {org} 与 {site} 无关"},
	{"From claims {d} but DMARC fails: someone forged {site} and knew its alias",
	 "邮件头“From”自称是 {d}，但 DMARC 验证失败：有人冒充 {site}，而且知道它的别名"},
	{"a bounce of mail you never sent from {site}'s alias: someone else used it",
	 "一封退信，而你从未用 {site} 的别名发过信：别人用了这个别名"},
	{"the alias made for {site} got mail from {d}, another site in your records",
	 "专为 {site} 生成的别名收到了 {d} 的邮件，而 {d} 是你记录中的另一个网站"},
	{"the alias made for {site} got mail from {d}", "专为 {site} 生成的别名收到了 {d} 的邮件"},
	{"{d} is verified by your provider; no domain of {site} appears anywhere in the mail",
	 "{d} 已由你的邮箱服务商验证；邮件中没有任何 {site} 的域名"},
	{"sent through {name} ({d}), a platform that sends for sites, and it names {site}",
	 "经 {name}（{d}）发出，这是替网站发信的平台，且邮件提到了 {site}"},
	{"From and DKIM d= agree on {d}, but nothing was verified", "“From”和 DKIM 的 d= 都是 {d}，但没有任何一项通过验证"},
	{"your provider added no Authentication-Results: nothing is verified",
	 "你的邮箱服务商没有加上“Authentication-Results”邮件头：没有任何一项经过验证"},
	{"only a mail service that sends for many sites ({d}) is verified", "只有替许多网站发信的邮件服务（{d}）通过了验证"},
	{"sent through a platform that does not name {site}", "经一个没有提到 {site} 的平台发出"},
	{"a sender {site} has not been seen with before", "以前没见过 {site} 用这个发件方发信"},
	{"settle it once: leaktrace mail allow|deny {site} {org}", "确认一次即可：leaktrace mail allow|deny {site} {org}"},
	{"marked as spam by your provider's filter, on an address in your records",
	 "被你的邮箱服务商的过滤器标为垃圾邮件，收件地址在你的记录中"},
	{"marked as spam, on an address in your records", "被标为垃圾邮件，收件地址在你的记录中"},
};

static void reason_words_in(GString *out, const char *reason, int depth);

/* Append reason i's Chinese with the captures, each read again. */
static int reason_translated(GString *out, const char *reason, size_t i, int depth)
{
	captures c = {0};
	int ok = template_match(reason_words[i].en, reason, &c);

	for (size_t k = 0; ok && k < c.n; k++) {
		GString *w = g_string_new(NULL);

		reason_words_in(w, c.slot[k].value, depth + 1);
		g_free((char *)c.slot[k].value);
		c.slot[k].value = g_string_free(w, FALSE);
	}
	if (ok)
		fill(out, reason_words[i].zh, c.slot, c.n);
	captures_clear(&c);
	return ok;
}

/* 1 when the table knows reason (appended in Chinese), else 0 (depth < 2). */
static int table_reason(GString *out, const char *reason, int depth)
{
	for (size_t i = 0; depth < 2 && i < sizeof reason_words / sizeof *reason_words; i++)
		if (reason_translated(out, reason, i, depth))
			return 1;
	return 0;
}

static void reason_words_in(GString *out, const char *reason, int depth)
{
	if (!table_reason(out, reason, depth))
		g_string_append(out, reason);
}

/* ---- a skipped row's "MESSAGE: DETAIL", through the catalogue ---- */

/* The lt_fail details an import can give a row that carry values (or that are
 * no msgid of their own, as a reader's `problem`): matched through their
 * format. A detail without values is found by its msgid alone. */
static const char *const detail_formats[] = {
	N_("give at least one of %s"),
	N_("identifier over %d bytes"),
	N_("email local part over %d bytes"),
	N_("site or URL over %d bytes"),
	N_("a host name label over %d bytes"),
	N_("a host name over %d bytes"),
	N_("text over %d bytes"),
	N_("not a valid international host name: %s"),
	N_("its date is not one this format writes"),
};

/* A printf format as a template: its n-th conversion (or "%n$") is "{n}". */
static char *format_template(const char *fmt)
{
	GString *t = g_string_new(NULL);
	int next = 1;

	for (const char *p = fmt; *p; p++) {
		const char *q = p + 1;
		char *end;
		long pos = 0;

		if (*p != '%' || p[1] == '%') {
			g_string_append_c(t, *p);
			p += *p == '%';
			continue;
		}
		if (isdigit((unsigned char)*q) && (pos = strtol(q, &end, 10)) > 0 && *end == '$')
			q = end + 1;
		else
			pos = 0;
		q += strspn(q, "-+ #0'123456789.*hlLqjzt");
		if (!*q)
			break;
		g_string_append_printf(t, "{%ld}", pos ? pos : next);
		next++;
		p = q;
	}
	return g_string_free(t, FALSE);
}

/* Append detail in the reader's language: its msgid's translation, else a
 * format's with the values it read; 0 when neither knows it. */
static int detail_text(GString *out, const char *detail)
{
	const char *tr = lt_tr(detail);

	if (tr != detail && strcmp(tr, detail) != 0) {
		g_string_append(out, tr);
		return 1;
	}
	for (size_t i = 0; i < sizeof detail_formats / sizeof *detail_formats; i++) {
		char *en = format_template(detail_formats[i]), *zh;
		captures c = {0};
		int ok = template_match(en, detail, &c);

		if (ok) {
			zh = format_template(lt_tr(detail_formats[i]));
			fill(out, zh, c.slot, c.n);
			g_free(zh);
		}
		captures_clear(&c);
		g_free(en);
		if (ok)
			return 1;
	}
	return 0;
}

/* "MESSAGE" or "MESSAGE: DETAIL" with MESSAGE one of error.c's: 1 when
 * appended in the reader's language. */
static int error_reason(GString *out, const char *reason)
{
	for (lt_err e = LT_OK + 1; e < LT_ERR_COUNT; e++) {
		const char *msg = lt_err_message(e);
		size_t n = strlen(msg);

		if (strncmp(reason, msg, n) != 0 || (reason[n] && strncmp(reason + n, ": ", 2) != 0))
			continue;
		g_string_append(out, lt_tr(msg));
		if (!reason[n])
			return 1;
		g_string_append(out, lt_tr(": "));
		if (!detail_text(out, reason + n + 2))
			g_string_append(out, reason + n + 2);
		return 1;
	}
	return 0;
}

char *lt_reason_text(const char *reason, lt_lang lang)
{
	GString *out = g_string_new(NULL);

	if (!reason)
		reason = "";
	if (lang != LT_LANG_ZH || (!table_reason(out, reason, 0) && !error_reason(out, reason) && !detail_text(out, reason)))
		g_string_append(out, reason);
	return g_string_free(out, FALSE);
}
