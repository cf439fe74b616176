/* SPDX-License-Identifier: MIT */
/* fuzz_imap: libFuzzer target for what an IMAP server can send -- the
 * response reader (imap_parse.c) fed the input in uneven pieces (the first
 * byte picks their sizes), every response tokenised and its tokens walked;
 * the folder-name decoder (imap_utf7.c) on every string and atom; and what a
 * scan reads out of responses (imap_reply.c: capabilities, folders and the
 * Junk folder, EXAMINE's numbers, FETCH as a message) on every response. A
 * reader that reports a whole response must have tokens that stay inside it,
 * and a message's header block must lie inside its response. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "imap_parse.h"
#include "imap_reply.h"
#include "imap_utf7.h"

static void walk(const lt_imap_response *resp)
{
	size_t i;
	char name[512];

	for (i = 0; i < resp->ntok; i++) {
		const lt_imap_token *t = &resp->tok[i];
		uint64_t v;

		if (t->next <= i || t->next > resp->ntok)
			abort(); /* a list's end must lie after it, inside the response */
		if (t->type == LT_IMAP_ATOM || t->type == LT_IMAP_STRING) {
			volatile char sink = t->len ? t->s[t->len - 1] : 0; /* ASan: inside the buffer */
			(void)sink;
			(void)lt_imap_number(t, &v);
			(void)lt_imap_utf7_decode(t->s, t->len, name, sizeof name);
		}
	}
	if (resp->text && resp->text_len) {
		volatile char sink = resp->text[resp->text_len - 1];
		(void)sink;
	}
}

/* What a scan reads out of the response. */
static void read_replies(const lt_imap_response *resp, lt_imap_folders *fl)
{
	static const lt_imap_folder f = {.raw = "INBOX", .name = "INBOX"};
	lt_imap_examine x = {0};
	lt_imap_message m;
	uint64_t uid, min = 0;

	(void)lt_imap_reply_capability(resp, fl);
	(void)lt_imap_reply_list(resp, fl);
	(void)lt_imap_reply_examine(resp, &x);
	(void)lt_imap_reply_esearch_min(resp, &min);
	if (min > UINT32_MAX)
		abort(); /* a UID fits 32 bits */
	if (lt_imap_reply_fetch(resp, &f, 7, &m, &uid)) {
		if (!m.header || m.uid == 0)
			abort(); /* a message always has its block and its UID */
		if (m.header_len) {
			volatile char sink = m.header[m.header_len - 1];
			(void)sink;
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lt_imap_reader *r;
	lt_imap_folders fl = {0};
	char junk[LT_IMAP_FOLDER_MAX];
	int by_name;
	size_t off = 1, piece;
	lt_imap_response resp;
	int got;

	if (size < 1)
		return 0;
	piece = (size_t)data[0] % 61 + 1;
	if (!(r = lt_imap_reader_new()))
		return 0;
	while (off < size) {
		size_t n = size - off < piece ? size - off : piece;
		lt_err e = lt_imap_reader_feed(r, data + off, n);

		off += n;
		piece = piece * 7 % 61 + 1;
		while (e == LT_OK && (e = lt_imap_reader_next(r, &resp, &got)) == LT_OK && got) {
			walk(&resp);
			read_replies(&resp, &fl);
		}
		if (e != LT_OK)
			break;
	}
	lt_imap_folders_find_junk(&fl, junk, &by_name);
	lt_imap_folders_clear(&fl);
	lt_imap_reader_free(r);
	return 0;
}
