/* SPDX-License-Identifier: MIT */
/* phone_csv.c: the reader of leaktrace's documented phone-log CSV
 * (phone_log.h), for every phone whose export is none of the others and for
 * the decrypted "harassment interception" logs of Chinese phones:
 *
 *   time,direction,number,kind,text[,contact]
 *
 * a header row, then one row per SMS or call: time in RFC 3339 or local
 * "YYYY-MM-DD HH:MM[:SS]"; direction "in" or "out"; kind "sms", "call"
 * (answered), "missed", "rejected", "blocked" or "voicemail"; text for an SMS;
 * contact, optional, the contact's name when the number is one. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csvfile.h"
#include "phone_log.h"

typedef struct {
	lt_phone_sink sink;
	void *ctx;
} csv_reader;

static const char *const header[] = {"time", "direction", "number", "kind", "text"};

static int kind_of(const char *k, lt_call_type *t)
{
	static const struct {
		const char *name;
		lt_call_type t;
	} kinds[] = {{"sms", LT_CALL_NONE},       {"call", LT_CALL_ANSWERED},   {"missed", LT_CALL_MISSED},
		     {"rejected", LT_CALL_REJECTED}, {"blocked", LT_CALL_BLOCKED}, {"voicemail", LT_CALL_VOICEMAIL}};
	size_t i;

	for (i = 0; i < sizeof kinds / sizeof *kinds; i++)
		if (strcasecmp(k, kinds[i].name) == 0) {
			*t = kinds[i].t;
			return 1;
		}
	return 0;
}

static lt_err check_header(char *const *f, size_t n)
{
	size_t i;

	for (i = 0; i < 5; i++)
		if (i >= n || strcasecmp(f[i], header[i]) != 0)
			return lt_fail(LT_ERR_BAD_FILE, "the header is not time,direction,number,kind,text[,contact]");
	return LT_OK;
}

static lt_err row(char *const *f, size_t n, size_t line, void *ctx, int *stop)
{
	csv_reader *c = ctx;
	lt_phone_rec r = {0};

	(void)stop;
	if (line == 1)
		return check_header(f, n);
	if (n == 1 && f[0][0] == '\0')
		return LT_OK; /* an empty line */
	if (n < 5)
		return lt_fail(LT_ERR_BAD_FILE, "row %zu has %zu fields, not 5 or 6", line, n);
	if (lt_time_parse(f[0], &r.at) != LT_OK)
		return lt_fail(LT_ERR_BAD_FILE, "row %zu: the time is not RFC 3339 or YYYY-MM-DD HH:MM", line);
	if (strcasecmp(f[1], "in") != 0 && strcasecmp(f[1], "out") != 0)
		return lt_fail(LT_ERR_BAD_FILE, "row %zu: direction is in or out", line);
	if (!kind_of(f[3], &r.call))
		return lt_fail(LT_ERR_BAD_FILE, "row %zu: kind is sms, call, missed, rejected, blocked or voicemail", line);
	lt_err_clear();
	r.dir = strcasecmp(f[1], "in") == 0 ? LT_PHONE_IN : LT_PHONE_OUT;
	if (r.call && r.dir == LT_PHONE_OUT)
		r.call = LT_CALL_OUTGOING;
	r.number = f[2];
	r.text = r.call ? NULL : f[4];
	r.contact = n > 5 && f[5][0];
	if (strlen(r.number) > LT_PHONE_FIELD_MAX)
		return lt_fail(LT_ERR_TOO_LARGE, "row %zu: the number is over %d bytes", line, LT_PHONE_FIELD_MAX);
	return c->sink(&r, c->ctx);
}

lt_err lt_phone_read_csv(const char *path, lt_phone_sink sink, void *ctx, lt_phone_progress prog, void *pctx)
{
	csv_reader c = {sink, ctx};

	return lt_csv_each(path, LT_PHONE_TEXT_MAX, row, &c, prog, pctx, NULL);
}
