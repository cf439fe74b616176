/* SPDX-License-Identifier: MIT */
/* imap_reply.c: responses read into folders, folder states and messages
 * (imap_reply.h). Every index into a response's tokens is checked against its
 * count and its lists' ends: the server is not trusted. */
#include "imap_reply.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "imap_utf7.h"
#include "mail_feed.h"

lt_err lt_imap_reply_capability(const lt_imap_response *r, void *ctx)
{
	lt_imap_folders *fl = ctx;
	size_t i;

	if (r->ntok == 0 || !lt_imap_is(&r->tok[0], "CAPABILITY"))
		return LT_OK;
	for (i = 1; i < r->ntok; i++) {
		fl->special_use |= lt_imap_is(&r->tok[i], "SPECIAL-USE");
		fl->list_extended |= lt_imap_is(&r->tok[i], "LIST-EXTENDED");
		fl->esearch |= lt_imap_is(&r->tok[i], "ESEARCH");
	}
	return LT_OK;
}

static const char *last_part(const lt_imap_folder *f)
{
	const char *p = f->delim ? strrchr(f->name, f->delim) : NULL;

	return p ? p + 1 : f->name;
}

void lt_imap_folders_clear(lt_imap_folders *fl)
{
	free(fl->v);
	memset(fl, 0, sizeof *fl);
}

static lt_imap_folder *new_folder(lt_imap_folders *fl)
{
	if (fl->n == fl->cap) {
		size_t cap = fl->cap ? fl->cap * 2 : 16;
		lt_imap_folder *v = realloc(fl->v, cap * sizeof *v);

		if (!v)
			return NULL;
		fl->v = v;
		fl->cap = cap;
	}
	memset(&fl->v[fl->n], 0, sizeof fl->v[fl->n]);
	return &fl->v[fl->n++];
}

lt_err lt_imap_reply_list(const lt_imap_response *r, void *ctx)
{
	lt_imap_folders *fl = ctx;
	const lt_imap_token *attrs, *delim, *name;
	lt_imap_folder *f;
	size_t i;

	if (r->ntok < 4 || !lt_imap_is(&r->tok[0], "LIST") || r->tok[1].type != LT_IMAP_LIST)
		return LT_OK;
	attrs = &r->tok[1];
	if (attrs->next + 1 >= r->ntok || r->tok[attrs->next].next >= r->ntok)
		return LT_OK; /* no delimiter and name after the attributes */
	delim = &r->tok[attrs->next];
	name = &r->tok[delim->next];
	if ((name->type != LT_IMAP_STRING && name->type != LT_IMAP_ATOM) || name->len == 0 ||
	    name->len >= LT_IMAP_FOLDER_MAX || memchr(name->s, '\0', name->len))
		return LT_OK; /* a name leaktrace cannot hold is not scanned */
	if (fl->n >= LT_IMAP_FOLDERS_MAX)
		return lt_fail(LT_ERR_TOO_LARGE, "over %d folders", LT_IMAP_FOLDERS_MAX);
	if (!(f = new_folder(fl)))
		return LT_ERR_NOMEM;
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

void lt_imap_folders_find_junk(lt_imap_folders *fl, char junk[LT_IMAP_FOLDER_MAX], int *by_name)
{
	size_t i;

	junk[0] = '\0';
	*by_name = 0;
	for (i = 0; i < fl->n; i++)
		if (fl->v[i].junk && !fl->v[i].noselect)
			goto found;
	for (i = 0; i < fl->n; i++)
		if (!fl->v[i].noselect && lt_mail_folder_is_junk(last_part(&fl->v[i]))) {
			fl->v[i].junk = 1;
			*by_name = 1;
			goto found;
		}
	return;
found:
	fl->v[i].skip = 0;
	snprintf(junk, LT_IMAP_FOLDER_MAX, "%s", fl->v[i].name);
	for (i = i + 1; i < fl->n; i++) /* one Junk folder */
		fl->v[i].junk = 0;
}

lt_err lt_imap_reply_examine(const lt_imap_response *r, void *ctx)
{
	lt_imap_examine *x = ctx;
	uint64_t v;

	if (r->ntok >= 2 && lt_imap_is(&r->tok[1], "EXISTS") && lt_imap_number(&r->tok[0], &v))
		x->exists = v;
	if (r->ntok >= 4 && lt_imap_is(&r->tok[0], "OK") && r->tok[1].type == LT_IMAP_CODE && r->tok[1].next >= 4 &&
	    lt_imap_number(&r->tok[3], &v)) {
		if (lt_imap_is(&r->tok[2], "UIDVALIDITY"))
			x->uidvalidity = v;
		else if (lt_imap_is(&r->tok[2], "UIDNEXT"))
			x->uidnext = v;
	}
	return LT_OK;
}

lt_err lt_imap_reply_esearch_min(const lt_imap_response *r, void *ctx)
{
	uint64_t *min = ctx, v;

	if (r->ntok == 0 || !lt_imap_is(&r->tok[0], "ESEARCH"))
		return LT_OK;
	/* ESEARCH [(TAG "A5")] [UID] MIN n: lists are passed over whole */
	for (size_t i = 1; i < r->ntok; i = r->tok[i].next > i ? r->tok[i].next : i + 1)
		if (lt_imap_is(&r->tok[i], "MIN") && r->tok[i].next < r->ntok &&
		    lt_imap_number(&r->tok[r->tok[i].next], &v) && v > 0 && v <= UINT32_MAX)
			*min = v;
	return LT_OK;
}

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
	    (sign != '+' && sign != '-') || strlen(mon) != 3 || !(m = strstr(months, mon)) || (m - months) % 3 ||
	    y < 1970 || d < 1 || d > 31 || hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 60 || off < 0 ||
	    off % 100 > 59 || off > 1400)
		return 0;
	tm.tm_year = y - 1900;
	tm.tm_mon = (int)(m - months) / 3;
	tm.tm_mday = d;
	tm.tm_hour = hh;
	tm.tm_min = mm;
	tm.tm_sec = ss;
	return timegm(&tm) - (sign == '-' ? -1 : 1) * ((off / 100) * 3600 + (off % 100) * 60);
}

int lt_imap_reply_fetch(const lt_imap_response *r, const lt_imap_folder *f, uint32_t uidvalidity, lt_imap_message *m,
			uint64_t *uid)
{
	const lt_imap_token *list;
	int have_body = 0;
	size_t i;

	*uid = 0;
	memset(m, 0, sizeof *m);
	if (r->ntok < 3 || !lt_imap_is(&r->tok[1], "FETCH") || r->tok[2].type != LT_IMAP_LIST)
		return 0;
	m->folder = f->name;
	m->junk_folder = f->junk;
	m->uidvalidity = uidvalidity;
	list = &r->tok[2];
	/* name value pairs: i the name, k->next its value, the value's next the next name */
	for (i = 3; i < list->next;) {
		const lt_imap_token *k = &r->tok[i], *v;

		if (k->next >= list->next)
			break;
		v = &r->tok[k->next];
		if (lt_imap_is(k, "UID")) {
			lt_imap_number(v, uid);
		} else if (lt_imap_is(k, "FLAGS") && v->type == LT_IMAP_LIST) {
			size_t j;

			for (j = k->next + 1; j < v->next; j++) {
				m->seen |= lt_imap_is(&r->tok[j], "\\Seen");
				m->junk_keyword |= lt_imap_is(&r->tok[j], "$Junk") || lt_imap_is(&r->tok[j], "Junk");
			}
		} else if (lt_imap_is(k, "INTERNALDATE")) {
			m->arrived = internaldate(v);
		} else if (k->type == LT_IMAP_ATOM && k->len > 5 && strncasecmp(k->s, "BODY[", 5) == 0) {
			have_body = 1;
			m->header = v->type == LT_IMAP_STRING ? v->s : "";
			m->header_len = v->type == LT_IMAP_STRING ? v->len : 0;
		}
		i = v->next;
	}
	if (!have_body || *uid == 0 || *uid > UINT32_MAX)
		return 0;
	m->uid = (uint32_t)*uid;
	snprintf(m->key, sizeof m->key, "%u/%u", m->uidvalidity, m->uid);
	return 1;
}
