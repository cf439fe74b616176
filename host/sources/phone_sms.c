/* SPDX-License-Identifier: MIT */
/* phone_sms.c: what an SMS or a call is (phone_log.h). The rules follow the
 * Chinese rules for commercial SMS (2015): a 【signature】 naming the sender,
 * enterprise ports 106..., service numbers 95xxx, and an opt-out in every
 * commercial message. A verification code is checked first: codes come signed
 * and from the same ports, yet they answer something the person (or someone
 * bombing them) asked for. */
#include "phone_log.h"

#include <ctype.h>
#include <string.h>

#define OPEN "\xe3\x80\x90"  /* 【 */
#define CLOSE "\xe3\x80\x91" /* 】 */
#define BR 3                 /* bytes of either bracket */

static int is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

static int copy_sig(const char *from, size_t len, char *sig, size_t size)
{
	if (len == 0 || len >= size || memmem(from, len, OPEN, BR) || memmem(from, len, CLOSE, BR))
		return 0;
	memcpy(sig, from, len);
	sig[len] = '\0';
	return 1;
}

int lt_sms_signature(const char *text, char *sig, size_t size)
{
	const char *start, *end, *close, *open;

	if (!text)
		return 0;
	for (start = text; is_space((unsigned char)*start); start++)
		;
	for (end = start + strlen(start); end > start && is_space((unsigned char)end[-1]); end--)
		;
	if (end - start > 2 * BR && strncmp(start, OPEN, BR) == 0 &&
	    (close = memmem(start + BR, (size_t)(end - start - BR), CLOSE, BR)))
		return copy_sig(start + BR, (size_t)(close - start - BR), sig, size);
	if (end - start > 2 * BR && memcmp(end - BR, CLOSE, BR) == 0) {
		for (open = end - 2 * BR; open >= start && memcmp(open, OPEN, BR) != 0; open--)
			;
		if (open >= start)
			return copy_sig(open + BR, (size_t)(end - BR - open - BR), sig, size);
	}
	return 0;
}

/* A run of 4 to 8 digits: what a code looks like. */
static int has_code_digits(const char *t)
{
	size_t run = 0;

	for (;; t++) {
		if (isdigit((unsigned char)*t)) {
			run++;
			continue;
		}
		if (run >= 4 && run <= 8)
			return 1;
		run = 0;
		if (!*t)
			return 0;
	}
}

static int is_code(const char *t)
{
	static const char *const words[] = {"验证码", "校验码", "动态码", "动态密码", "确认码", "verification code", "code"};
	size_t i;

	for (i = 0; i < sizeof words / sizeof *words; i++)
		if (strcasestr(t, words[i]))
			return has_code_digits(t);
	return 0;
}

static const char *opt_out(const char *t)
{
	static const char *const phrases[] = {"回T退订", "退订回T", "拒收请回复R", "回TD退订", "退订回TD", "回N退订",
					      "回复T退订", "回复TD退订", "退订请回", "reply stop", "stop to opt out"};
	size_t i;

	for (i = 0; i < sizeof phrases / sizeof *phrases; i++)
		if (strcasestr(t, phrases[i]))
			return "has an opt-out phrase";
	return NULL;
}

lt_sms_class lt_sms_classify(const char *sender, const char *text, const char **why)
{
	char key[LT_PHONE_FIELD_MAX], sig[LT_PHONE_FIELD_MAX];
	const char *w = NULL;
	size_t n;

	text = text ? text : "";
	if (is_code(text))
		return LT_SMS_CODE;
	lt_phone_sender_key(sender ? sender : "", key, sizeof key);
	n = strlen(key);
	if (lt_sms_signature(text, sig, sizeof sig))
		w = "signed with a company's 【signature】";
	else if (strncmp(key, "106", 3) == 0 && n >= 8)
		w = "sent from an enterprise SMS port (106...)";
	else if (strncmp(key, "95", 2) == 0 && n >= 5 && n <= 8 && strspn(key, "0123456789") == n)
		w = "sent from a 95xxx service number";
	else
		w = opt_out(text);
	if (why)
		*why = w;
	return w ? LT_SMS_COMMERCIAL : LT_SMS_PLAIN;
}

int lt_call_is_unwanted(lt_call_type t)
{
	return t == LT_CALL_MISSED || t == LT_CALL_REJECTED || t == LT_CALL_BLOCKED;
}

void lt_phone_sender_key(const char *number, char *out, size_t size)
{
	size_t n = 0;
	const char *p = number;

	if (size == 0)
		return;
	while (is_space((unsigned char)*p))
		p++;
	if (*p == '+' && size > 1)
		out[n++] = '+';
	for (; *p && n + 1 < size; p++)
		if (isalnum((unsigned char)*p))
			out[n++] = (char)toupper((unsigned char)*p);
	out[n] = '\0';
	if (strncmp(out, "+86", 3) == 0)
		memmove(out, out + 3, n - 2);
	else if (strncmp(out, "0086", 4) == 0)
		memmove(out, out + 4, n - 3);
	else if (n == 13 && strncmp(out, "861", 3) == 0)
		memmove(out, out + 2, n - 1);
}
