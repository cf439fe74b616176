/* SPDX-License-Identifier: MIT */
/* i18n.c: the language of `leaktrace`'s messages. This file owns the one
 * place where the locale is set and the catalogue found: the locale follows
 * LC_ALL / LC_MESSAGES / LANG, --lang overrides; the catalogue (leaktrace.mo)
 * is read from build/locale beside a build-tree program, else from the
 * installed LT_LOCALE_DIR. The core returns English messages and never prints:
 * its error table, its failure details (lt_fail) and its texts for people
 * (lt_tr) are marked for xgettext and translated through the translator set
 * here, by msgid lookup -- the one place that maps them. JSON output is never
 * translated. */
#include <libintl.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "evidence.h"
#include "selfpath.h"

#ifndef LT_LOCALE_DIR
#define LT_LOCALE_DIR "/usr/local/share/locale"
#endif
#define DOMAIN "leaktrace"

/* build/locale when this program runs from the build tree, else the installed folder. */
static const char *locale_dir(char *buf, size_t size)
{
	if (lt_beside_exe("locale/zh_CN/LC_MESSAGES/" DOMAIN ".mo", buf, size) == LT_OK && access(buf, R_OK) == 0 &&
	    lt_beside_exe("locale", buf, size) == LT_OK)
		return buf;
	return LT_LOCALE_DIR;
}

/* Messages in `lang`: Chinese through LANGUAGE (which gettext honours unless
 * the message locale is plain "C"), English as the untranslated source. */
static void use_lang(lt_lang lang)
{
	const char *cur;

	if (lang == LT_LANG_EN) {
		unsetenv("LANGUAGE");
		setlocale(LC_MESSAGES, "C.UTF-8");
		return;
	}
	setenv("LANGUAGE", "zh_CN", 1);
	if (setlocale(LC_MESSAGES, "zh_CN.UTF-8"))
		return;
	cur = setlocale(LC_MESSAGES, NULL);
	if (!cur || strcmp(cur, "C") == 0 || strcmp(cur, "POSIX") == 0)
		setlocale(LC_MESSAGES, "C.UTF-8");
}

/* The core's texts for people (error.h's translator): the catalogue's. */
static const char *translate(const char *msgid, const char *plural, unsigned long n)
{
	if (!msgid[0])
		return msgid; /* gettext("") is the catalogue's header */
	return plural ? ngettext(msgid, plural, n) : gettext(msgid);
}

int cli_i18n_init(const char *lang_name)
{
	char dir[4096];
	lt_lang lang;
	int rc = 0;

	if (!setlocale(LC_ALL, "")) {
		/* The named locale is not generated here: keep its language for messages. */
		setlocale(LC_ALL, "C.UTF-8");
		if (lt_lang_default() == LT_LANG_ZH)
			use_lang(LT_LANG_ZH);
	}
	if (lang_name) {
		if (lt_lang_from_name(lang_name, &lang) == LT_OK)
			use_lang(lang);
		else
			rc = -1;
	}
	bindtextdomain(DOMAIN, locale_dir(dir, sizeof dir));
	bind_textdomain_codeset(DOMAIN, "UTF-8");
	textdomain(DOMAIN);
	lt_set_translator(translate);
	return rc;
}

lt_lang cli_lang(void)
{
	/* The catalogue's header names its language; no catalogue is English. */
	const char *header = gettext("");

	return strstr(header, "Language: zh") ? LT_LANG_ZH : LT_LANG_EN;
}

const char *cli_err_text(lt_err e)
{
	/* The table's words for these speak of the wire ("the message", "the
	 * request"); at the terminal the same codes concern a file or a value. */
	switch (e) {
	case LT_ERR_BAD_FRAME: return _("the data is cut short or over the size limit");
	case LT_ERR_BAD_JSON: return _("not valid JSON");
	case LT_ERR_BAD_REQUEST: return _("a field is missing or has the wrong type");
	default: return _(lt_err_message(e));
	}
}
