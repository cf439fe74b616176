/* test_mail.c: the mail sources (mail_feed.h): kinds and the Junk folder's names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "mail_feed.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kinds),
		cmocka_unit_test(junk_folders),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
