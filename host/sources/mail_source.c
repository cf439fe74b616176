/* SPDX-License-Identifier: MIT */
/* mail_source.c: the kinds of mail source (mail_feed.h) and what every
 * transport asks the same way: is this folder the Junk folder. */
#include "mail_feed.h"

#include <string.h>
#include <strings.h>

static const char *const kind_names[LT_MAIL_KIND_COUNT] = {"maildir", "mbox", "thunderbird", "imap"};

const char *lt_mail_kind_name(lt_mail_kind k)
{
	return (unsigned)k < LT_MAIL_KIND_COUNT ? kind_names[k] : "";
}

lt_mail_kind lt_mail_kind_from_name(const char *name)
{
	for (int k = 0; name && k < LT_MAIL_KIND_COUNT; k++)
		if (strcmp(name, kind_names[k]) == 0)
			return (lt_mail_kind)k;
	return LT_MAIL_KIND_COUNT;
}

/* The names providers and clients give the Junk folder: English ones in any
 * case, the Chinese ones of 163/126/QQ/Sina/Aliyun mail. */
static const char *const junk_names[] = {
	"junk", "spam", "junk e-mail", "junk email", "junk mail", "bulk mail", "垃圾邮件", "垃圾箱",
};

int lt_mail_folder_is_junk(const char *folder)
{
	const char *leaf;

	if (!folder || !*folder)
		return 0;
	/* The last part of a hierarchical name: "INBOX.Junk", "[Gmail]/Spam", Maildir++ ".Junk". */
	leaf = folder;
	for (const char *p = folder; *p; p++)
		if ((*p == '/' || *p == '.' || *p == '\\') && p[1])
			leaf = p + 1;
	for (size_t i = 0; i < sizeof junk_names / sizeof *junk_names; i++)
		if (strcasecmp(leaf, junk_names[i]) == 0)
			return 1;
	return 0;
}
