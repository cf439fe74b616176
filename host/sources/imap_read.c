/* SPDX-License-Identifier: MIT */
/* imap_read.c: an IMAP source read into a mail scan (imap.h's lt_imap_read):
 * its login from the keyring (imap_secret.h), an OAuth2 token when it uses
 * one, positions as the scan keeps them ("UIDVALIDITY:LASTUID" per folder),
 * and each message handed to lt_mail_scan_message as mail_feed.h asks. */
#include "imap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imap_secret.h"

typedef struct {
	lt_mail_scan *scan;
	const lt_mail_source *src;
	lt_mail_progress prog;
	void *pctx;
} reading;

static lt_err on_message(const lt_imap_message *m, void *ctx)
{
	reading *r = ctx;
	lt_mail_msg msg = {
		.header = m->header,
		.header_len = m->header_len,
		.folder = m->folder,
		.folder_junk = m->junk_folder,
		.flag_junk = m->junk_keyword,
		.key = m->key,
		.arrived = m->arrived,
	};

	if (msg.header_len > LT_MAIL_HEADER_MAX) {
		msg.header_len = LT_MAIL_HEADER_MAX;
		msg.header_truncated = 1;
	}
	return lt_mail_scan_message(r->scan, r->src, &msg);
}

static lt_err get_position(const char *folder, uint32_t *uidvalidity, uint32_t *last_uid, void *ctx)
{
	reading *r = ctx;
	const char *pos = NULL;
	unsigned long uv, last;
	char tail;
	lt_err e = lt_mail_scan_position(r->scan, r->src, folder, &pos);

	*uidvalidity = *last_uid = 0;
	/* a position of another shape is no position: the folder is read again, which is safe */
	if (e == LT_OK && pos && sscanf(pos, "%lu:%lu%c", &uv, &last, &tail) == 2 && uv <= UINT32_MAX &&
	    last <= UINT32_MAX) {
		*uidvalidity = (uint32_t)uv;
		*last_uid = (uint32_t)last;
	}
	return e;
}

static lt_err set_position(const char *folder, uint32_t uidvalidity, uint32_t last_uid, void *ctx)
{
	reading *r = ctx;
	char pos[32];

	snprintf(pos, sizeof pos, "%u:%u", uidvalidity, last_uid);
	return lt_mail_scan_set_position(r->scan, r->src, folder, pos);
}

/* done counts every source's messages (lt_mail_scan_count); total, this
 * source's so far and the rest of the folder being read, on top of it. */
static void on_progress(size_t done, size_t total, void *ctx)
{
	reading *r = ctx;
	size_t all = lt_mail_scan_count(r->scan);

	if (r->prog)
		r->prog(all, total > done ? all + (total - done) : all, r->pctx);
}

lt_err lt_imap_read(lt_mail_scan *scan, const lt_mail_source *src, lt_mail_progress prog, void *pctx)
{
	reading r = {.scan = scan, .src = src, .prog = prog, .pctx = pctx};
	lt_imap_handler h = {.message = on_message, .position = get_position, .set_position = set_position,
			     .progress = on_progress, .ctx = &r};
	lt_imap_options o = {0};
	lt_imap_secret sec;
	lt_imap_stats st;
	lt_store *store = lt_store_new();
	char *url = NULL, *token = NULL;
	lt_err e;

	if (!store)
		return LT_ERR_NOMEM;
	e = lt_imap_secret_get(store, src->name, &sec);
	lt_store_free(store);
	if (e != LT_OK)
		return e;
	if ((e = lt_imap_url_join(src->location, src->user, &url)) == LT_OK && sec.oauth2_command)
		e = lt_imap_oauth2_token(sec.oauth2_command, &token);
	if (e == LT_OK) {
		o.url = url;
		o.password = sec.password;
		o.oauth2_token = token;
		o.ca_file = sec.ca_file;
		o.since = lt_mail_scan_since(scan);
		e = lt_imap_scan(&o, &h, &st);
	}
	lt_imap_wipe_free(token);
	lt_imap_secret_clear(&sec);
	free(url);
	return e;
}
