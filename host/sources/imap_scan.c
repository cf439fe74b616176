/* SPDX-License-Identifier: MIT */
/* imap_scan.c: reading the headers of a mailbox over IMAP (imap.h).
 *
 * The order of one scan: CAPABILITY, ID (163.com refuses to open folders
 * without it), LIST (with RETURN (SPECIAL-USE) where the server has it) to
 * find the folders and the Junk folder, then per folder EXAMINE (read-only)
 * and UID FETCH of BODY.PEEK[HEADER.FIELDS (...)] -- PEEK, so nothing is
 * marked read -- over windows of UIDs from the last UID seen to UIDNEXT - 1.
 * A window is 1000 UIDs; where UIDs are sparse it widens so that each
 * command asks for about 1000 messages. A changed UIDVALIDITY means the
 * folder's UIDs were renumbered: it is read again from the start. A folder
 * read from its start with a `since` begins at the first UID received since
 * (UID SEARCH RETURN (MIN), ESEARCH), so old mail is not fetched at all. */
#include "imap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imap_conn.h"
#include "imap_reply.h"

#define CHUNK 1000u
#define WINDOW_MAX 1000000u

const char *const lt_imap_default_fields[] = {
	"From", "Sender", "Reply-To", "To", "Cc", "Delivered-To", "X-Original-To", "Return-Path", "Date",
	"Subject", "Message-ID", "In-Reply-To", "Received", "Authentication-Results", "DKIM-Signature",
	"List-Unsubscribe", "List-Id", "X-Spam-Flag", "X-Spam-Status", "Content-Type", "Auto-Submitted",
	"X-Failed-Recipients", NULL,
};

typedef struct {
	const lt_imap_folder *f;
	uint32_t uidvalidity;
	const lt_imap_handler *h;
	lt_imap_stats *st;
	size_t got, total;
	uint64_t max_uid; /* UID FETCH *: the highest UID */
} fetch_state;

static lt_err on_fetch(const lt_imap_response *r, void *ctx)
{
	fetch_state *fs = ctx;
	lt_imap_message m;
	uint64_t uid;
	int whole = lt_imap_reply_fetch(r, fs->f, fs->uidvalidity, &m, &uid);

	if (uid > fs->max_uid && uid <= UINT32_MAX)
		fs->max_uid = uid;
	if (!whole)
		return LT_OK; /* a flag update the server sent unasked, or UID FETCH * (UID) */
	fs->got++;
	fs->st->messages++;
	if (fs->h->progress && fs->st->messages % 500 == 0)
		fs->h->progress(fs->st->messages, fs->total, fs->h->ctx);
	return fs->h->message(&m, fs->h->ctx);
}

/* The FETCH items, with the header fields. */
static lt_err fetch_items(const lt_imap_options *o, char *buf, size_t size)
{
	const char *const *f = o->fields ? o->fields : lt_imap_default_fields;
	size_t w = (size_t)snprintf(buf, size, "(UID FLAGS INTERNALDATE BODY.PEEK[HEADER.FIELDS (");

	for (; *f; f++) {
		if (w + strlen(*f) + 8 >= size || strcspn(*f, " ()[]\"\\\r\n") != strlen(*f))
			return lt_fail(LT_ERR_BAD_REQUEST, "a header field name that cannot be asked for");
		w += (size_t)snprintf(buf + w, size - w, "%s%s", f == (o->fields ? o->fields : lt_imap_default_fields) ? "" : " ", *f);
	}
	snprintf(buf + w, size - w, ")])");
	return LT_OK;
}

/* The highest UID in the folder, when EXAMINE named no UIDNEXT. */
static lt_err highest_uid(lt_imap_conn *c, fetch_state *fs, uint64_t *top)
{
	lt_err e = lt_imap_command(c, on_fetch, fs, NULL, "UID FETCH * (UID)");

	*top = fs->max_uid;
	return e;
}

/* The first UID of mail received since o->since, for a folder read from
 * its start: *start raised to it, or past top when there is none. Only where
 * the server has ESEARCH (one short answer, never a list of every UID); the
 * day before, as SINCE ignores the time and the zone: the scan itself
 * skips what is earlier to the second. */
static lt_err skip_to_since(lt_imap_conn *c, const lt_imap_options *o, const lt_imap_folders *fl, uint64_t top,
			    uint64_t *start)
{
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	time_t day = o->since - 86400;
	uint64_t min = 0;
	struct tm tm;
	lt_err e;

	if (o->since <= 0 || !fl->esearch || *start != 1 || !gmtime_r(&day, &tm))
		return LT_OK;
	e = lt_imap_command(c, lt_imap_reply_esearch_min, &min, NULL, "UID SEARCH RETURN (MIN) SINCE %d-%s-%d",
			    tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900);
	if (e == LT_OK)
		*start = min ? min : top + 1;
	return e;
}

static lt_err scan_folder(lt_imap_conn *c, const char *items, const lt_imap_options *o, const lt_imap_folders *fl,
			  const lt_imap_folder *f, const lt_imap_handler *h, lt_imap_stats *st)
{
	char quoted[2 * LT_IMAP_FOLDER_MAX + 3];
	lt_imap_examine x = {0};
	fetch_state fs = {.f = f, .h = h, .st = st};
	uint32_t was_validity = 0, was_last = 0;
	uint64_t start = 1, top, window = CHUNK;
	lt_err e;

	if (lt_imap_quote(f->raw, quoted, sizeof quoted) != LT_OK)
		return LT_OK; /* a name that cannot be quoted is left out */
	if ((e = h->position(f->raw, &was_validity, &was_last, h->ctx)) != LT_OK ||
	    (e = lt_imap_command(c, lt_imap_reply_examine, &x, NULL, "EXAMINE %s", quoted)) != LT_OK)
		return e;
	if (x.uidvalidity == 0 || x.uidvalidity > UINT32_MAX)
		return lt_fail(LT_ERR_PROTOCOL, "the server gave a folder no UIDVALIDITY");
	st->folders++;
	fs.uidvalidity = (uint32_t)x.uidvalidity;
	fs.total = st->messages + x.exists;
	if (was_validity == fs.uidvalidity)
		start = (uint64_t)was_last + 1;
	else if (was_validity)
		st->refetched++;
	if (x.exists == 0)
		return h->set_position(f->raw, fs.uidvalidity, start - 1 > UINT32_MAX ? UINT32_MAX : (uint32_t)(start - 1),
				       h->ctx);
	if (x.uidnext > 1 && x.uidnext <= (uint64_t)UINT32_MAX + 1)
		top = x.uidnext - 1;
	else if ((e = highest_uid(c, &fs, &top)) != LT_OK)
		return e;
	if ((e = skip_to_since(c, o, fl, top, &start)) != LT_OK)
		return e;
	if (start > top)
		return h->set_position(f->raw, fs.uidvalidity, top > UINT32_MAX ? UINT32_MAX : (uint32_t)top, h->ctx);
	while (start <= top) {
		uint64_t end = start + window - 1 < top ? start + window - 1 : top;

		fs.got = 0;
		if ((e = lt_imap_command(c, on_fetch, &fs, NULL, "UID FETCH %llu:%llu %s", (unsigned long long)start,
					 (unsigned long long)end, items)) != LT_OK ||
		    (e = h->set_position(f->raw, fs.uidvalidity, (uint32_t)end, h->ctx)) != LT_OK)
			return e;
		/* about CHUNK messages a command: wider where UIDs are sparse, narrower where dense */
		window = fs.got ? window * CHUNK / fs.got : window * 16;
		window = window < CHUNK ? CHUNK : window > WINDOW_MAX ? WINDOW_MAX : window;
		start = end + 1;
	}
	return LT_OK;
}

lt_err lt_imap_scan(const lt_imap_options *o, const lt_imap_handler *h, lt_imap_stats *st)
{
	lt_imap_conn *c;
	lt_imap_folders fl = {0};
	char items[2048];
	size_t i;
	lt_err e;

	memset(st, 0, sizeof *st);
	if ((e = fetch_items(o, items, sizeof items)) != LT_OK || (e = lt_imap_connect(o, &c)) != LT_OK)
		return e;
	e = lt_imap_command(c, lt_imap_reply_capability, &fl, NULL, "CAPABILITY");
	if (e == LT_OK) {
		int refused;
		/* some providers (163.com) open no folder for a client that did not say who it is */
		e = lt_imap_command(c, NULL, NULL, &refused, "ID (\"name\" \"leaktrace\" \"version\" \"%s\")", LT_VERSION);
		if (e != LT_OK && refused)
			e = LT_OK;
	}
	if (e == LT_OK)
		e = fl.special_use && fl.list_extended
			    ? lt_imap_command(c, lt_imap_reply_list, &fl, NULL, "LIST \"\" \"*\" RETURN (SPECIAL-USE)")
			    : lt_imap_command(c, lt_imap_reply_list, &fl, NULL, "LIST \"\" \"*\"");
	if (e == LT_OK)
		lt_imap_folders_find_junk(&fl, st->junk, &st->junk_by_name);
	for (i = 0; e == LT_OK && i < fl.n; i++)
		if (!fl.v[i].noselect && !fl.v[i].skip)
			e = scan_folder(c, items, o, &fl, &fl.v[i], h, st);
	if (e == LT_OK && h->progress)
		h->progress(st->messages, st->messages, h->ctx);
	lt_imap_close(c);
	lt_imap_folders_clear(&fl);
	return e;
}

lt_err lt_imap_login_check(const lt_imap_options *o)
{
	lt_imap_conn *c;
	lt_err e = lt_imap_connect(o, &c);

	if (e == LT_OK)
		lt_imap_close(c);
	return e;
}
