/* SPDX-License-Identifier: MIT */
/* error.c: names, messages and the per-thread detail of lt_err codes, and
 * the hook through which the core's texts reach people in their language.
 * One table: the enum in error.h and this table are the whole error vocabulary.
 * A detail is kept twice, English and, when the CLI has set a translator, in
 * the reader's language (its format translated, the same arguments). */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>

/* Messages are marked for xgettext (po/leaktrace.pot); the core never prints,
 * the CLI translates them by msgid (host/cli/i18n.c). */
#define N_(s) (s)

static const struct {
	const char *name;
	const char *message;
} lt_err_table[LT_ERR_COUNT] = {
	[LT_OK] = {"ok", N_("success")},
	[LT_ERR_NOMEM] = {"out_of_memory", N_("out of memory")},
	[LT_ERR_BAD_FRAME] = {"bad_frame", N_("the message frame is truncated or over the size limit")},
	[LT_ERR_TOO_LARGE] = {"too_large", N_("larger than allowed")},
	[LT_ERR_BAD_UTF8] = {"bad_utf8", N_("the input is not valid UTF-8")},
	[LT_ERR_BAD_JSON] = {"bad_json", N_("the message is not valid JSON")},
	[LT_ERR_BAD_REQUEST] = {"bad_request", N_("the request is missing a field or has one of the wrong type")},
	[LT_ERR_UNKNOWN_ACTION] = {"unknown_action", N_("unknown action")},
	[LT_ERR_FORBIDDEN_CALLER] = {"forbidden_caller", N_("this extension is not allowed to use leaktrace")},
	[LT_ERR_BAD_SITE] = {"bad_site", N_("not a web address or host name")},
	[LT_ERR_BAD_IDENTIFIER] = {"bad_identifier", N_("not a valid email address, phone number, username or name")},
	[LT_ERR_NO_IDENTIFIER] = {"no_identifier", N_("give at least one identifier (email, phone, username or name)")},
	[LT_ERR_BAD_REGION] = {"bad_region", N_("not a two-letter region code such as CN or US")},
	[LT_ERR_BAD_TIME] = {"bad_time", N_("not a date or time leaktrace can use")},
	[LT_ERR_NOT_FOUND] = {"not_found", N_("nothing recorded matches")},
	[LT_ERR_KEYRING_UNAVAILABLE] = {"keyring_unavailable", N_("the system keyring (Secret Service) is not reachable")},
	[LT_ERR_KEYRING_LOCKED] = {"keyring_locked", N_("the system keyring is locked")},
	[LT_ERR_KEYRING] = {"keyring_error", N_("the system keyring refused the operation")},
	[LT_ERR_LOCK] = {"lock_failed", N_("could not take the leaktrace lock file")},
	[LT_ERR_CORRUPT_RECORD] = {"corrupt_record", N_("a keyring item holds a record leaktrace cannot read")},
	[LT_ERR_IO] = {"io_error", N_("input/output error")},
	[LT_ERR_BAD_FILE] = {"bad_file", N_("the file is broken or not in the format it claims; nothing was imported")},
	[LT_ERR_NETWORK] = {"network_error", N_("the mail server could not be reached, or the connection broke")},
	[LT_ERR_TLS] = {"tls_error", N_("the mail server's certificate is not trusted, or it offers no TLS")},
	[LT_ERR_AUTH] = {"login_refused", N_("the mail server refused the login")},
	[LT_ERR_PROTOCOL] = {"protocol_error", N_("the mail server answered something leaktrace does not understand, or refused")},
	[LT_ERR_BAD_SETTING] = {"bad_setting", N_("a leaktrace setting in the environment is not valid")},
};

static _Thread_local char lt_detail[512];
static _Thread_local char lt_detail_local[512]; /* the same, translated; "" when no translator */
static lt_translator translator;

const char *lt_err_name(lt_err e)
{
	if ((unsigned)e >= LT_ERR_COUNT)
		return "unknown_error";
	return lt_err_table[e].name;
}

const char *lt_err_message(lt_err e)
{
	if ((unsigned)e >= LT_ERR_COUNT)
		return "unknown error";
	return lt_err_table[e].message;
}

const char *lt_err_detail(void)
{
	return lt_detail;
}

const char *lt_err_detail_text(void)
{
	return translator && lt_detail[0] ? lt_detail_local : lt_detail;
}

void lt_err_clear(void)
{
	lt_detail[0] = '\0';
	lt_detail_local[0] = '\0';
}

void lt_set_translator(lt_translator tr)
{
	translator = tr;
}

const char *lt_tr(const char *msgid)
{
	return translator ? translator(msgid, NULL, 0) : msgid;
}

const char *lt_trn(const char *msgid, const char *plural, unsigned long n)
{
	return translator ? translator(msgid, plural, n) : n == 1 ? msgid : plural;
}

const char *lt_names_text(const char *const *names, size_t n, char *buf, size_t size)
{
	size_t used = 0, i;

	buf[0] = '\0';
	for (i = 0; i < n && used < size; i++)
		used += (size_t)snprintf(buf + used, size - used, "%s%s", i == 0 ? "" : i + 1 == n ? lt_tr(" or ") : lt_tr(", "),
					 names[i]);
	return buf;
}

lt_err lt_fail(lt_err e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (translator) {
		va_list again;

		va_copy(again, ap);
		vsnprintf(lt_detail_local, sizeof lt_detail_local, translator(fmt, NULL, 0), again);
		va_end(again);
	}
	vsnprintf(lt_detail, sizeof lt_detail, fmt, ap);
	va_end(ap);
	return e;
}
