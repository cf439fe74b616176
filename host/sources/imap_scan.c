/* imap_scan.c: reading the headers of a mailbox over IMAP (imap.h).
 *
 * The order of one scan: CAPABILITY, ID (163.com refuses to open folders
 * without it), LIST (with RETURN (SPECIAL-USE) where the server has it) to
 * find the folders and the Junk folder, then per folder EXAMINE (read-only)
 * and UID FETCH of BODY.PEEK[HEADER.FIELDS (...)] -- PEEK, so nothing is
 * marked read -- over windows of UIDs from the last UID seen to UIDNEXT - 1.
 * A window is 1000 UIDs; where UIDs are sparse it widens so that each
 * command asks for about 1000 messages. A changed UIDVALIDITY means the
 * folder's UIDs were renumbered: it is read again from the start. */
#include "imap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "imap_conn.h"
#include "imap_utf7.h"
#include "mail_feed.h"

#define CHUNK 1000u
#define WINDOW_MAX 1000000u
#define FOLDERS_MAX 2000

const char *const lt_imap_default_fields[] = {
	"From", "Sender", "Reply-To", "To", "Cc", "Delivered-To", "X-Original-To", "Return-Path", "Date",
	"Subject", "Message-ID", "In-Reply-To", "Received", "Authentication-Results", "DKIM-Signature",
	"List-Unsubscribe", "List-Id", "X-Spam-Flag", "X-Spam-Status", "Content-Type", "Auto-Submitted",
	"X-Failed-Recipients", NULL,
};

typedef struct {
	char raw[LT_IMAP_FOLDER_MAX];
	char name[LT_IMAP_FOLDER_MAX]; /* decoded */
	char delim;
	int noselect, junk, skip;
} folder;

typedef struct {
	folder *v;
	size_t n, cap;
	int special_use, list_extended;
} folder_list;

/* --- CAPABILITY ------------------------------------------------------- */

static lt_err on_capability(const lt_imap_response *r, void *ctx)
{
	folder_list *fl = ctx;
	size_t i;

	if (r->ntok == 0 || !lt_imap_is(&r->tok[0], "CAPABILITY"))
		return LT_OK;
	for (i = 1; i < r->ntok; i++) {
		fl->special_use |= lt_imap_is(&r->tok[i], "SPECIAL-USE");
		fl->list_extended |= lt_imap_is(&r->tok[i], "LIST-EXTENDED");
	}
	return LT_OK;
}

/* --- LIST ------------------------------------------------------------- */

static const char *last_part(const folder *f)
{
	const char *p = f->delim ? strrchr(f->name, f->delim) : NULL;

	return p ? p + 1 : f->name;
}

static lt_err on_list(const lt_imap_response *r, void *ctx)
{
	folder_list *fl = ctx;
	const lt_imap_token *attrs, *delim, *name;
	folder *f;
	size_t i;

	if (r->ntok < 4 || !lt_imap_is(&r->tok[0], "LIST") || r->tok[1].type != LT_IMAP_LIST)
		return LT_OK;
	attrs = &r->tok[1];
	if (attrs->next + 1 >= r->ntok || r->tok[attrs->next].next >= r->ntok)
		return LT_OK; /* no delimiter and name after the attributes */
	delim = &r->tok[attrs->next];
	name = &r->tok[delim->next];
	if ((name->type != LT_IMAP_STRING && name->type != LT_IMAP_ATOM) || name->len == 0 ||
	    name->len >= LT_IMAP_FOLDER_MAX)
		return LT_OK; /* a name leaktrace cannot hold is not scanned */
	if (fl->n >= FOLDERS_MAX)
		return lt_fail(LT_ERR_TOO_LARGE, "over %d folders", FOLDERS_MAX);
	if (fl->n == fl->cap) {
		size_t cap = fl->cap ? fl->cap * 2 : 16;
		folder *v = realloc(fl->v, cap * sizeof *v);

		if (!v)
			return LT_ERR_NOMEM;
		fl->v = v;
		fl->cap = cap;
	}
	f = &fl->v[fl->n++];
	memset(f, 0, sizeof *f);
	memcpy(f->raw, name->s, name->len);
	f->delim = delim->type == LT_IMAP_STRING && delim->len == 1 ? delim->s[0] : 0;
	if (lt_imap_utf7_decode(f->raw, name->len, f->name, sizeof f->name) != LT_OK)
		memcpy(f->name, f->raw, name->len + 1);
	for (i = 2; i < attrs->next; i++) {
		const lt_imap_token *a = &r->tok[i];

		f->noselect |= lt_imap_is(a, "\\Noselect") || lt_imap_is(a, "\\NonExistent");
		f->junk |= lt_imap_is(a, "\\Junk");
		/* views of mail that lives in other folders too (Gmail's All Mail, Starred, Important) */
		f->skip |= lt_imap_is(a, "\\All") || lt_imap_is(a, "\\Flagged") || lt_imap_is(a, "\\Important");
	}
	return LT_OK;
}

/* Which folder is Junk: the one marked \Junk, else the first with a Junk name. */
static void find_junk(folder_list *fl, lt_imap_stats *st)
{
	size_t i;

	for (i = 0; i < fl->n; i++)
		if (fl->v[i].junk && !fl->v[i].noselect)
			goto found;
	for (i = 0; i < fl->n; i++)
		if (!fl->v[i].noselect && lt_mail_folder_is_junk(last_part(&fl->v[i]))) {
			fl->v[i].junk = 1;
			st->junk_by_name = 1;
			goto found;
		}
	return;
found:
	fl->v[i].skip = 0;
	snprintf(st->junk, sizeof st->junk, "%s", fl->v[i].name);
	for (i = i + 1; i < fl->n; i++) /* one Junk folder */
		fl->v[i].junk = 0;
}

/* --- EXAMINE ---------------------------------------------------------- */

typedef struct {
	uint64_t uidvalidity, uidnext, exists;
} examine_info;

static lt_err on_examine(const lt_imap_response *r, void *ctx)
{
	examine_info *x = ctx;
	uint64_t v;

	if (r->ntok >= 2 && lt_imap_is(&r->tok[1], "EXISTS") && lt_imap_number(&r->tok[0], &v))
		x->exists = v;
	if (r->ntok >= 4 && lt_imap_is(&r->tok[0], "OK") && r->tok[1].type == LT_IMAP_CODE &&
	    lt_imap_number(&r->tok[3], &v)) {
		if (lt_imap_is(&r->tok[2], "UIDVALIDITY"))
			x->uidvalidity = v;
		else if (lt_imap_is(&r->tok[2], "UIDNEXT"))
			x->uidnext = v;
	}
	return LT_OK;
}

/* --- FETCH ------------------------------------------------------------ */

typedef struct {
	const folder *f;
	uint32_t uidvalidity;
	const lt_imap_handler *h;
	lt_imap_stats *st;
	size_t got, total;
	uint64_t max_uid; /* UID FETCH *: the highest UID */
} fetch_state;

/* "17-Jul-1996 02:44:25 -0700" as a time; 0 when it is not one. */
static time_t internaldate(const lt_imap_token *t)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	char s[40], mon[4];
	int d, y, hh, mm, ss, off;
	char sign;
	struct tm tm = {0};
	const char *m;

	if (t->type != LT_IMAP_STRING || t->len >= sizeof s)
		return 0;
	memcpy(s, t->s, t->len);
	s[t->len] = '\0';
	if (sscanf(s, "%2d-%3s-%4d %2d:%2d:%2d %c%4d", &d, mon, &y, &hh, &mm, &ss, &sign, &off) != 8 ||
	    (sign != '+' && sign != '-') || !(m = strstr(months, mon)) || (m - months) % 3 || y < 1970 || d < 1 ||
	    d > 31 || hh > 23 || mm > 59 || ss > 60 || off % 100 > 59 || off > 1400)
		return 0;
	tm.tm_year = y - 1900;
	tm.tm_mon = (int)(m - months) / 3;
	tm.tm_mday = d;
	tm.tm_hour = hh;
	tm.tm_min = mm;
	tm.tm_sec = ss;
	return timegm(&tm) - (sign == '-' ? -1 : 1) * ((off / 100) * 3600 + (off % 100) * 60);
}

static lt_err on_fetch(const lt_imap_response *r, void *ctx)
{
	fetch_state *fs = ctx;
	lt_imap_message m = {.folder = fs->f->name, .junk_folder = fs->f->junk, .uidvalidity = fs->uidvalidity};
	const lt_imap_token *list;
	uint64_t uid = 0;
	int have_body = 0;
	size_t i;

	if (r->ntok < 3 || !lt_imap_is(&r->tok[1], "FETCH") || r->tok[2].type != LT_IMAP_LIST)
		return LT_OK;
	list = &r->tok[2];
	for (i = 3; i < list->next; i = r->tok[i].next) {
		const lt_imap_token *k = &r->tok[i], *v;

		if (k->next >= list->next)
			break;
		v = &r->tok[k->next];
		if (lt_imap_is(k, "UID")) {
			lt_imap_number(v, &uid);
		} else if (lt_imap_is(k, "FLAGS") && v->type == LT_IMAP_LIST) {
			size_t j;

			for (j = k->next + 1; j < v->next; j++) {
				m.seen |= lt_imap_is(&r->tok[j], "\\Seen");
				m.junk_keyword |= lt_imap_is(&r->tok[j], "$Junk") || lt_imap_is(&r->tok[j], "Junk");
			}
		} else if (lt_imap_is(k, "INTERNALDATE")) {
			m.arrived = internaldate(v);
		} else if (k->type == LT_IMAP_ATOM && k->len > 5 && strncasecmp(k->s, "BODY[", 5) == 0) {
			have_body = 1;
			m.header = v->type == LT_IMAP_STRING ? v->s : "";
			m.header_len = v->type == LT_IMAP_STRING ? v->len : 0;
		}
		i = k->next;
	}
	if (uid > fs->max_uid && uid <= UINT32_MAX)
		fs->max_uid = uid;
	if (!have_body || uid == 0 || uid > UINT32_MAX)
		return LT_OK; /* a flag update the server sent unasked, or UID FETCH * (UID) */
	m.uid = (uint32_t)uid;
	snprintf(m.key, sizeof m.key, "%u/%u", m.uidvalidity, m.uid);
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

static lt_err scan_folder(lt_imap_conn *c, const char *items, const folder *f, const lt_imap_handler *h,
			  lt_imap_stats *st)
{
	char quoted[2 * LT_IMAP_FOLDER_MAX + 3];
	examine_info x = {0};
	fetch_state fs = {.f = f, .h = h, .st = st};
	uint32_t was_validity = 0, was_last = 0;
	uint64_t start = 1, top, window = CHUNK;
	lt_err e;

	if (lt_imap_quote(f->raw, quoted, sizeof quoted) != LT_OK)
		return LT_OK; /* a name that cannot be quoted is left out */
	if ((e = h->position(f->raw, &was_validity, &was_last, h->ctx)) != LT_OK ||
	    (e = lt_imap_command(c, on_examine, &x, NULL, "EXAMINE %s", quoted)) != LT_OK)
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
	folder_list fl = {0};
	char items[2048];
	size_t i;
	lt_err e;

	memset(st, 0, sizeof *st);
	if ((e = fetch_items(o, items, sizeof items)) != LT_OK || (e = lt_imap_connect(o, &c)) != LT_OK)
		return e;
	e = lt_imap_command(c, on_capability, &fl, NULL, "CAPABILITY");
	if (e == LT_OK) {
		int refused;
		/* some providers (163.com) open no folder for a client that did not say who it is */
		e = lt_imap_command(c, NULL, NULL, &refused, "ID (\"name\" \"leaktrace\" \"version\" \"%s\")", LT_VERSION);
		if (e != LT_OK && refused)
			e = LT_OK;
	}
	if (e == LT_OK)
		e = fl.special_use && fl.list_extended
			    ? lt_imap_command(c, on_list, &fl, NULL, "LIST \"\" \"*\" RETURN (SPECIAL-USE)")
			    : lt_imap_command(c, on_list, &fl, NULL, "LIST \"\" \"*\"");
	if (e == LT_OK)
		find_junk(&fl, st);
	for (i = 0; e == LT_OK && i < fl.n; i++)
		if (!fl.v[i].noselect && !fl.v[i].skip)
			e = scan_folder(c, items, &fl.v[i], h, st);
	if (e == LT_OK && h->progress)
		h->progress(st->messages, st->messages, h->ctx);
	lt_imap_close(c);
	free(fl.v);
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
