/* SPDX-License-Identifier: MIT */
/* test_mail.c: the mail sources (mail_feed.h): kinds and the Junk folder's
 * names; header blocks as GMime reads them (mail_header.h) from the corpus in
 * tests/mail; the bounded block reader; the verdict rules (mail_verdict.h)
 * with a classifier of the test's own, each reason read back in Chinese
 * (words.h), so no rule can write a reason the reader cannot translate. The
 * whole scan against a keyring is tests/integration/t15-mail.sh. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "mail_feed.h"
#include "mail_header.h"
#include "mail_local.h"
#include "mail_verdict.h"
#include "words.h"

#define M "tests/mail/"

static void kinds(void **state)
{
	(void)state;
	for (int k = 0; k < LT_MAIL_KIND_COUNT; k++)
		assert_int_equal(lt_mail_kind_from_name(lt_mail_kind_name((lt_mail_kind)k)), k);
	assert_string_equal(lt_mail_kind_name(LT_MAIL_IMAP), "imap");
	assert_int_equal(lt_mail_kind_from_name("pop3"), LT_MAIL_KIND_COUNT);
	assert_int_equal(lt_mail_kind_from_name(NULL), LT_MAIL_KIND_COUNT);
}

static void junk_folders(void **state)
{
	(void)state;
	assert_true(lt_mail_folder_is_junk("Junk"));
	assert_true(lt_mail_folder_is_junk("INBOX.Junk"));
	assert_true(lt_mail_folder_is_junk("[Gmail]/Spam"));
	assert_true(lt_mail_folder_is_junk(".Junk"));
	assert_true(lt_mail_folder_is_junk("Junk E-mail"));
	assert_true(lt_mail_folder_is_junk("垃圾邮件"));
	assert_true(lt_mail_folder_is_junk("其他文件夹/垃圾箱"));
	assert_false(lt_mail_folder_is_junk("INBOX"));
	assert_false(lt_mail_folder_is_junk("Junkyard"));
	assert_false(lt_mail_folder_is_junk("Spam.reports/2024"));
	assert_false(lt_mail_folder_is_junk(""));
	assert_false(lt_mail_folder_is_junk(NULL));
}

/* The header block of a corpus file, parsed. */
static lt_err parse_file(const char *path, lt_mail_header *h)
{
	int fd = open(path, O_RDONLY), truncated;
	char *block;
	size_t len;
	lt_err e;

	assert_true(fd >= 0);
	assert_int_equal(lt_mail_read_block(fd, &block, &len, &truncated), LT_OK);
	close(fd);
	assert_false(truncated);
	e = lt_mail_header_parse(block, len, h);
	free(block);
	return e;
}

static void charsets(void **state)
{
	lt_mail_header h;

	(void)state;
	assert_int_equal(parse_file(M "related-gbk-raw.eml", &h), LT_OK);
	assert_string_equal(h.from_name, "淘宝网"); /* raw GBK bytes, read through GB18030 */
	assert_string_equal(h.subject, "您的订单已发货 淘宝");
	assert_string_equal(h.from_domain, "taobao.com");
	lt_mail_header_clear(&h);
	assert_int_equal(parse_file(M "welcome-rfc2047.eml", &h), LT_OK);
	assert_string_equal(h.from_name, "我们的论坛"); /* =?GB2312?B?...?= */
	assert_string_equal(h.subject, "欢迎注册 bbs-z 账号"); /* GB2312 and UTF-8 Q words side by side */
	assert_int_equal(h.n_rcpt, 1);
	assert_string_equal(h.rcpt[0], "me@mail.example");
	lt_mail_header_clear(&h);
}

static void domains_and_auth(void **state)
{
	lt_mail_header h;

	(void)state;
	assert_int_equal(parse_file(M "related-dmarc-sendgrid.eml", &h), LT_OK);
	assert_true(h.has_auth && h.dmarc_pass && !h.dmarc_fail);
	assert_int_equal(h.verified.n, 1); /* header.i=@shop.example, the SPF mail-from's domain, header.from */
	assert_string_equal(h.verified.v[0], "shop.example");
	assert_true(lt_mail_domains_has(&h.dkim_d, "sendgrid.info") && lt_mail_domains_has(&h.dkim_d, "shop.example"));
	assert_true(lt_mail_domains_has(&h.claimed, "sendgrid.net")); /* Message-ID and List-Unsubscribe */
	assert_int_equal(h.received, 1793697302);                     /* the top Received: 2026-11-03T09:15:02Z */
	assert_int_equal(h.date, 1793697300);
	assert_string_equal(h.message_id, "abc123@geopod-ismtpd-1.sendgrid.net");
	assert_int_equal(strlen(h.sha256), 64);
	lt_mail_header_clear(&h);
	assert_int_equal(parse_file(M "leak-forged.eml", &h), LT_OK);
	assert_true(h.dmarc_fail && !h.dmarc_pass && h.verified.n == 0);
	lt_mail_header_clear(&h);
	assert_int_equal(parse_file(M "leak-bounce.eml", &h), LT_OK);
	assert_true(h.bounce);
	lt_mail_header_clear(&h);
	assert_int_equal(parse_file(M "spam-status-cc.eml", &h), LT_OK);
	assert_true(h.spam);
	assert_string_equal(h.rcpt[0], "me@mail.example"); /* Cc, lower-cased */
	lt_mail_header_clear(&h);
}

static void broken(void **state)
{
	lt_mail_header h;

	(void)state;
	assert_int_equal(parse_file(M "broken-binary.eml", &h), LT_ERR_BAD_FILE);
	lt_mail_header_clear(&h);
	assert_int_equal(parse_file(M "review-broken-header.eml", &h), LT_OK); /* read as far as it goes */
	assert_string_equal(h.from_domain, "weird-sender.example");
	assert_int_equal(h.date, 0);
	assert_null(h.message_id);
	lt_mail_header_clear(&h);
}

/* A header block with no end is cut at LT_MAIL_HEADER_MAX; a body is never read. */
static void bounded_blocks(void **state)
{
	char path[] = "/tmp/lt-mail-XXXXXX";
	int fd = mkstemp(path), truncated;
	char *block, line[80];
	size_t len;

	(void)state;
	assert_true(fd >= 0);
	memset(line, 'x', sizeof line);
	memcpy(line, "X-Pad: ", 7);
	line[sizeof line - 1] = '\n';
	for (int i = 0; i < 10000; i++) /* 800 KB of header */
		assert_int_equal(write(fd, line, sizeof line), (ssize_t)sizeof line);
	lseek(fd, 0, SEEK_SET);
	assert_int_equal(lt_mail_read_block(fd, &block, &len, &truncated), LT_OK);
	assert_true(truncated);
	assert_int_equal(len, LT_MAIL_HEADER_MAX);
	free(block);
	assert_int_equal(ftruncate(fd, 0), 0);
	lseek(fd, 0, SEEK_SET);
	assert_int_equal(write(fd, "Subject: a\r\n\r\nbody\r\n", 21), 21);
	lseek(fd, 0, SEEK_SET);
	assert_int_equal(lt_mail_read_block(fd, &block, &len, &truncated), LT_OK);
	assert_false(truncated);
	assert_int_equal(len, 14); /* up to and with the empty line */
	free(block);
	close(fd);
	unlink(path);
}

/* The test's classifier: shop.example is the site, esp.example sends for many,
 * pay.example is a platform, other.example is recorded, denied.example denied. */
static lt_dom_class classify(const char *d, void *ctx)
{
	(void)ctx;
	return strcmp(d, "shop.example") == 0	    ? LT_DOM_SITE
	       : strcmp(d, "esp.example") == 0	    ? LT_DOM_ESP
	       : strcmp(d, "pay.example") == 0	    ? LT_DOM_PLATFORM
	       : strcmp(d, "other.example") == 0    ? LT_DOM_OTHER_KNOWN
	       : strcmp(d, "denied.example") == 0   ? LT_DOM_DENIED
						    : LT_DOM_OTHER;
}

static void judge(const char *headers, int from_known, int alias_sent, lt_mail_judgement *j)
{
	lt_mail_header h;

	assert_int_equal(lt_mail_header_parse(headers, strlen(headers), &h), LT_OK);
	lt_mail_judge(&h, "shop.example", "Shop Example - sign up", classify, NULL, from_known, alias_sent, j);
	j->org = NULL; /* borrowed from h */
	lt_mail_header_clear(&h);
	assert_true(j->n_reasons > 0);
	for (size_t i = 0; i < j->n_reasons; i++) { /* every reason has its Chinese (words.c) */
		char *zh = lt_reason_text(j->reasons[i], LT_LANG_ZH);

		if (strcmp(zh, j->reasons[i]) == 0 || strchr(zh, '{'))
			fail_msg("no Chinese for the mail reason \"%s\"", j->reasons[i]);
		free(zh);
	}
}

#define AR "Authentication-Results: mx.mail.example; "
#define TO "To: me+shop@mail.example\n"

static void rules(void **state)
{
	lt_mail_judgement j;

	(void)state;
	judge(AR "dmarc=pass header.from=shop.example\nFrom: a@shop.example\n" TO "\n", 0, 0, &j);
	assert_int_equal(j.verdict, LT_MV_RELATED);
	judge(AR "dmarc=fail header.from=shop.example\nFrom: a@shop.example\n" TO "\n", 0, 0, &j);
	assert_true(j.verdict == LT_MV_LEAK && j.certain);
	assert_non_null(strstr(j.reasons[0], "forged"));
	judge("Return-Path: <>\nFrom: MAILER-DAEMON@mx.mail.example\n" TO "\n", 0, 0, &j);
	assert_true(j.verdict == LT_MV_LEAK && j.certain);
	judge("Return-Path: <>\nFrom: MAILER-DAEMON@mx.mail.example\n" TO "\n", 0, 1, &j); /* you did send from it */
	assert_int_equal(j.verdict, LT_MV_REVIEW);
	judge(AR "dkim=pass header.d=other.example\nFrom: a@other.example\n" TO "\n", 0, 0, &j);
	assert_true(j.verdict == LT_MV_LEAK && j.certain);
	assert_non_null(strstr(j.reasons[0], "another site in your records"));
	/* the same, but the site's name in the display name or a SITE domain anywhere: review */
	judge(AR "dkim=pass header.d=x.example\nFrom: \"Shop deals\" <a@x.example>\n" TO "\n", 0, 0, &j);
	assert_int_equal(j.verdict, LT_MV_REVIEW);
	judge(AR "dkim=pass header.d=x.example\nFrom: a@x.example\nSubject: news\n" TO
		 "List-Unsubscribe: <https://shop.example/u>\n\n", 0, 0, &j);
	assert_int_equal(j.verdict, LT_MV_REVIEW);
	/* a platform is neutral unless the mail names the site */
	judge(AR "dkim=pass header.d=pay.example\nFrom: a@pay.example\nSubject: Your Shop receipt\n" TO "\n", 0, 0, &j);
	assert_int_equal(j.verdict, LT_MV_RELATED);
	judge(AR "dkim=pass header.d=pay.example\nFrom: a@pay.example\nSubject: A receipt\n" TO "\n", 0, 0, &j);
	assert_int_equal(j.verdict, LT_MV_REVIEW);
	/* nothing verified, From and DKIM d= agree on a stranger */
	judge("DKIM-Signature: v=1; d=x.example; s=a\nFrom: a@x.example\n" TO "\n", 0, 0, &j);
	assert_int_equal(j.verdict, LT_MV_REVIEW);
	assert_non_null(strstr(j.reasons[0], "agree on x.example"));
	/* someone you wrote to from the alias; a sender you denied */
	judge(AR "dkim=pass header.d=x.example\nFrom: a@x.example\n" TO "\n", 1, 0, &j);
	assert_int_equal(j.verdict, LT_MV_RELATED);
	/* the same stranger, never written to: a leak, from a site not in the records */
	judge(AR "dkim=pass header.d=x.example\nFrom: a@x.example\n" TO "\n", 0, 0, &j);
	assert_true(j.verdict == LT_MV_LEAK && j.certain);
	assert_string_equal(j.reasons[0], "the alias made for shop.example got mail from x.example");
	judge("From: a@denied.example\n" TO "\n", 0, 0, &j);
	assert_true(j.verdict == LT_MV_LEAK && j.certain);
	/* only a mail service is verified */
	judge(AR "dkim=pass header.d=esp.example\nFrom: a@shop.example\n" TO "\n", 0, 0, &j);
	assert_int_equal(j.verdict, LT_MV_REVIEW);
	assert_true(j.n_reasons >= 2 && strstr(j.reasons[j.n_reasons - 1], "leaktrace mail allow|deny shop.example"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kinds),	    cmocka_unit_test(junk_folders),   cmocka_unit_test(charsets),
		cmocka_unit_test(domains_and_auth), cmocka_unit_test(broken),	      cmocka_unit_test(bounded_blocks),
		cmocka_unit_test(rules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
