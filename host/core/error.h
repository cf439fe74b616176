/* SPDX-License-Identifier: MIT */
/* error.h: the one list of leaktrace error codes.
 *
 * Every core function returns an lt_err. Each code has a stable number and a
 * stable machine-readable name (used on the wire and in --json output) and a
 * default human message. The number and the name of a code never change once
 * released; new codes are appended. A failing call may also leave a detail
 * string (lt_err_detail) that says *why*, never naming an identifier or site. */
#ifndef LT_ERROR_H
#define LT_ERROR_H

#include <stddef.h>

typedef enum {
	LT_OK = 0,
	LT_ERR_NOMEM = 1,
	LT_ERR_BAD_FRAME = 2,          /* truncated frame or length over the cap */
	LT_ERR_TOO_LARGE = 3,          /* a message or field over its size bound */
	LT_ERR_BAD_UTF8 = 4,
	LT_ERR_BAD_JSON = 5,
	LT_ERR_BAD_REQUEST = 6,        /* JSON of the wrong shape, missing/mistyped field */
	LT_ERR_UNKNOWN_ACTION = 7,
	LT_ERR_FORBIDDEN_CALLER = 8,
	LT_ERR_BAD_SITE = 9,           /* not a URL or host we can name a site for */
	LT_ERR_BAD_IDENTIFIER = 10,    /* an email, phone or username that cannot be normalised */
	LT_ERR_NO_IDENTIFIER = 11,     /* a record without any identifier */
	LT_ERR_BAD_REGION = 12,
	LT_ERR_BAD_TIME = 13,
	LT_ERR_NOT_FOUND = 14,
	LT_ERR_KEYRING_UNAVAILABLE = 15, /* no D-Bus session, no Secret Service, daemon gone */
	LT_ERR_KEYRING_LOCKED = 16,
	LT_ERR_KEYRING = 17,           /* any other Secret Service failure */
	LT_ERR_LOCK = 18,              /* the advisory lock file could not be taken */
	LT_ERR_CORRUPT_RECORD = 19,    /* a keyring item whose secret is not a valid record */
	LT_ERR_IO = 20,
	LT_ERR_BAD_FILE = 21,          /* an imported file that is broken or not in the format it claims */
	LT_ERR_NETWORK = 22,           /* a mail server could not be reached, or the connection broke */
	LT_ERR_TLS = 23,               /* a server's certificate was not trusted, or it offered no TLS */
	LT_ERR_AUTH = 24,              /* a server refused the login */
	LT_ERR_PROTOCOL = 25,          /* a server answered outside its protocol, or refused a command */
	LT_ERR_BAD_SETTING = 26,       /* a LEAKTRACE_* environment setting that is not valid */
	LT_ERR_COUNT
} lt_err;

/* "keyring_locked" and so on; "unknown_error" for an out-of-range value. */
const char *lt_err_name(lt_err e);
/* A one-line English message for people. */
const char *lt_err_message(lt_err e);

/* Detail of the last failure in this thread ("" when none), in English: for
 * the wire, JSON and logs. */
const char *lt_err_detail(void);
/* The same detail for people: in their language when a translator is set. */
const char *lt_err_detail_text(void);

/* People read the core's texts in their language: the CLI sets a translator
 * (gettext); leaktrace-host never does, so the wire and JSON stay English.
 * Texts are marked with lt_tr/lt_trn (and lt_fail's format) for xgettext. */
typedef const char *(*lt_translator)(const char *msgid, const char *plural, unsigned long n);
void lt_set_translator(lt_translator tr);
/* msgid in the reader's language (msgid itself when no translator is set). */
const char *lt_tr(const char *msgid);
/* The singular or plural form for n, in the reader's language. */
const char *lt_trn(const char *msgid, const char *plural, unsigned long n);
/* Set the detail (printf-style) and return e, so that `return lt_fail(E, ...)` reads well. */
lt_err lt_fail(lt_err e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void lt_err_clear(void);
/* "a, b or c" from n names (for messages that say which values exist), into
 * buf; the joining words in the reader's language (lt_tr). */
const char *lt_names_text(const char *const *names, size_t n, char *buf, size_t size);

#endif
