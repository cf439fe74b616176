/* SPDX-License-Identifier: MIT */
/* test_imap.c: the IMAP response reader (imap_parse.c) and the folder-name
 * decoding (imap_utf7.c): responses in any pieces, literals of odd sizes,
 * codes, quoting, and every bound refusing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "imap.h"
#include "imap_parse.h"
#include "imap_reply.h"
#include "imap_utf7.h"

/* Feed `in` in pieces of `piece` bytes; collect each response's summary into out:
 * kind letter, then each token as type letter and bytes, '|' between responses. */
static char *summarise(const char *in, size_t len, size_t piece, lt_err *err)
{
	lt_imap_reader *r = lt_imap_reader_new();
	size_t off = 0, used = 0, cap = 4 * len + 64;
	char *out = calloc(1, cap);
	lt_imap_response resp;
	int got;

	*err = LT_OK;
	assert_non_null(r);
	while (*err == LT_OK && off < len) {
		size_t n = len - off < piece ? len - off : piece;

		*err = lt_imap_reader_feed(r, in + off, n);
		off += n;
		while (*err == LT_OK && (*err = lt_imap_reader_next(r, &resp, &got)) == LT_OK && got) {
			size_t i;

			used += (size_t)snprintf(out + used, cap - used, "%c",
						 resp.kind == LT_IMAP_TAGGED ? 'T' : resp.kind == LT_IMAP_CONTINUE ? '+' : '*');
			for (i = 0; i < resp.ntok; i++) {
				const lt_imap_token *t = &resp.tok[i];
				char c = "ASNLC"[t->type];

				if (t->type == LT_IMAP_LIST || t->type == LT_IMAP_CODE)
					used += (size_t)snprintf(out + used, cap - used, " %c%zu", c, t->next - i - 1);
				else
					used += (size_t)snprintf(out + used, cap - used, " %c:%.*s", c, (int)t->len, t->s);
			}
			if (resp.text)
				used += (size_t)snprintf(out + used, cap - used, " text:%.*s", (int)resp.text_len, resp.text);
			used += (size_t)snprintf(out + used, cap - used, "|");
		}
	}
	lt_imap_reader_free(r);
	return out;
}

static void same_in_every_piece_size(const char *in, const char *want)
{
	size_t len = strlen(in), piece;

	for (piece = 1; piece <= len; piece++) {
		lt_err e;
		char *got = summarise(in, len, piece, &e);

		assert_int_equal(e, LT_OK);
		assert_string_equal(got, want);
		free(got);
	}
}

static void fetch_with_literals(void **state)
{
	(void)state;
	/* literals of 0, 1 and 14 bytes; the last holds CRLF, ')' and a fake literal */
	same_in_every_piece_size(
		"* 1 FETCH (UID 7 FLAGS (\\Seen $Junk) BODY[HEADER.FIELDS (FROM SUBJECT)] {0}\r\n)\r\n"
		"* 2 FETCH (UID 9 BODY[HEADER] {1}\r\nx INTERNALDATE \"17-Jul-1996 02:44:25 -0700\")\r\n"
		"* 3 FETCH (UID 10 BODY[] {14}\r\nA: {5}\r\n)x\r\n\r\n)\r\n"
		"a1 OK done\r\n",
		"* A:1 A:FETCH L8 A:UID A:7 A:FLAGS L2 A:\\Seen A:$Junk A:BODY[HEADER.FIELDS (FROM SUBJECT)] S:|"
		"* A:2 A:FETCH L6 A:UID A:9 A:BODY[HEADER] S:x A:INTERNALDATE S:17-Jul-1996 02:44:25 -0700|"
		"* A:3 A:FETCH L4 A:UID A:10 A:BODY[] S:A: {5}\r\n)x\r\n\r\n|"
		"T A:OK text:done|");
}

static void status_codes_and_continuations(void **state)
{
	(void)state;
	same_in_every_piece_size("* OK [UIDVALIDITY 3857529045] UIDs valid\r\n"
				 "* OK [PERMANENTFLAGS (\\Deleted \\*)] Limited\r\n"
				 "+ go ahead\r\n"
				 "a2 NO [AUTHENTICATIONFAILED] Authentication failed.\n"
				 "* BYE\r\n",
				 "* A:OK C2 A:UIDVALIDITY A:3857529045 text:UIDs valid|"
				 "* A:OK C4 A:PERMANENTFLAGS L2 A:\\Deleted A:\\* text:Limited|"
				 "+ text:go ahead|"
				 "T A:NO C1 A:AUTHENTICATIONFAILED text:Authentication failed.|"
				 "* A:BYE text:|");
}

static void list_quoting_and_nil(void **state)
{
	(void)state;
	same_in_every_piece_size("* LIST (\\HasNoChildren \\Junk) \"/\" \"a \\\"q\\\" \\\\ b\"\r\n"
				 "* LIST () NIL {4}\r\nJunk\r\n"
				 "* ID NIL\r\n",
				 "* A:LIST L2 A:\\HasNoChildren A:\\Junk S:/ S:a \"q\" \\ b|"
				 "* A:LIST L0 N:NIL S:Junk|"
				 "* A:ID N:NIL|");
}

static lt_err first_error(const char *in, size_t len)
{
	lt_err e;
	char *out = summarise(in, len, len, &e);

	free(out);
	return e;
}

static void bounds_and_broken_input(void **state)
{
	char *big;
	size_t i;

	(void)state;
	assert_int_equal(first_error("* 1 FETCH (UID 1\r\n", 18), LT_ERR_PROTOCOL);
	assert_int_equal(first_error("* 1 FETCH UID 1)\r\n", 18), LT_ERR_PROTOCOL);
	assert_int_equal(first_error("* LIST \"abc\r\n", 13), LT_ERR_PROTOCOL);
	assert_int_equal(first_error("nospace\r\n", 9), LT_ERR_PROTOCOL);
	assert_int_equal(first_error("* OK [READ-ONLY\r\n", 17), LT_ERR_PROTOCOL);
	assert_int_equal(first_error("* X BODY[HEADER\r\n", 17), LT_ERR_PROTOCOL);
	assert_int_equal(first_error("* X {99999999999}\r\n", 19), LT_ERR_PROTOCOL);
	assert_int_equal(first_error("* X {16777216}\r\n", 16), LT_ERR_PROTOCOL);
	/* nested too deep */
	big = malloc(LT_IMAP_LINE_MAX + 64);
	strcpy(big, "* X ");
	for (i = 0; i < LT_IMAP_DEPTH_MAX + 1; i++)
		strcat(big, "(");
	for (i = 0; i < LT_IMAP_DEPTH_MAX + 1; i++)
		strcat(big, ")");
	strcat(big, "\r\n");
	assert_int_equal(first_error(big, strlen(big)), LT_ERR_PROTOCOL);
	/* a line over the bound, without its end yet */
	memset(big, 'a', LT_IMAP_LINE_MAX + 2);
	assert_int_equal(first_error(big, LT_IMAP_LINE_MAX + 2), LT_ERR_PROTOCOL);
	free(big);
	/* too many tokens */
	big = malloc(3 * LT_IMAP_TOKENS_MAX + 16);
	strcpy(big, "* X");
	for (i = 0; i < LT_IMAP_TOKENS_MAX; i++)
		strcat(big + 3 + 2 * i, " a");
	strcat(big, "\r\n");
	assert_int_equal(first_error(big, strlen(big)), LT_ERR_PROTOCOL);
	free(big);
}

static void a_big_literal_in_pieces(void **state)
{
	size_t n = 3u << 20, len;
	char *in = malloc(n + 64);
	lt_err e;
	char *out;

	(void)state;
	len = (size_t)sprintf(in, "* 1 FETCH (BODY[] {%zu}\r\n", n);
	memset(in + len, 'h', n);
	len += n;
	len += (size_t)sprintf(in + len, ")\r\n");
	out = summarise(in, len, 4096, &e);
	assert_int_equal(e, LT_OK);
	assert_int_equal(strncmp(out, "* A:1 A:FETCH L2 A:BODY[] S:hhh", 31), 0);
	free(out);
	free(in);
}

static void numbers(void **state)
{
	lt_imap_token t = {.type = LT_IMAP_ATOM, .s = "4294967295", .len = 10};
	uint64_t v;

	(void)state;
	assert_true(lt_imap_number(&t, &v));
	assert_true(v == 4294967295u);
	t.s = "12a";
	t.len = 3;
	assert_false(lt_imap_number(&t, &v));
	t.type = LT_IMAP_STRING;
	t.s = "1";
	t.len = 1;
	assert_false(lt_imap_number(&t, &v));
}

/* The lowest UID of UID SEARCH RETURN (MIN) out of one response line. */
static uint64_t esearch_min(const char *line)
{
	lt_imap_reader *r = lt_imap_reader_new();
	lt_imap_response resp;
	uint64_t min = 0;
	int got;

	assert_int_equal(lt_imap_reader_feed(r, line, strlen(line)), LT_OK);
	assert_int_equal(lt_imap_reader_next(r, &resp, &got), LT_OK);
	assert_true(got);
	assert_int_equal(lt_imap_reply_esearch_min(&resp, &min), LT_OK);
	lt_imap_reader_free(r);
	return min;
}

static void esearch(void **state)
{
	(void)state;
	assert_true(esearch_min("* ESEARCH (TAG \"A7\") UID MIN 4017\r\n") == 4017);
	assert_true(esearch_min("* ESEARCH UID MIN 9\r\n") == 9);
	assert_true(esearch_min("* ESEARCH (TAG \"A7\") UID\r\n") == 0);           /* none found */
	assert_true(esearch_min("* ESEARCH (TAG \"A7\") UID MIN 0\r\n") == 0);     /* no UID is 0 */
	assert_true(esearch_min("* ESEARCH (TAG \"A7\") UID MIN 4294967296\r\n") == 0);
	assert_true(esearch_min("* ESEARCH (TAG \"A7\") UID MIN\r\n") == 0);       /* cut short */
	assert_true(esearch_min("* ESEARCH (MIN 5) UID COUNT 3\r\n") == 0);          /* MIN inside a list is not one */
	assert_true(esearch_min("* SEARCH 1 2 3\r\n") == 0);
}

static void folder_names(void **state)
{
	char out[256];

	(void)state;
	assert_int_equal(lt_imap_utf7_decode("&V4NXPpCuTvY-", 13, out, sizeof out), LT_OK);
	assert_string_equal(out, "垃圾邮件");
	assert_int_equal(lt_imap_utf7_decode("INBOX", 5, out, sizeof out), LT_OK);
	assert_string_equal(out, "INBOX");
	assert_int_equal(lt_imap_utf7_decode("A&-B", 4, out, sizeof out), LT_OK);
	assert_string_equal(out, "A&B");
	assert_int_equal(lt_imap_utf7_decode("Entw&APw-rfe", 12, out, sizeof out), LT_OK);
	assert_string_equal(out, "Entwürfe");
	/* a surrogate pair: U+1F600 */
	assert_int_equal(lt_imap_utf7_decode("&2D3eAA-", 8, out, sizeof out), LT_OK);
	assert_string_equal(out, "\xF0\x9F\x98\x80");
	/* broken: no '-', a lone surrogate, bits left over, 8-bit bytes, too small a buffer */
	assert_int_equal(lt_imap_utf7_decode("&V4NX", 5, out, sizeof out), LT_ERR_BAD_UTF8);
	assert_int_equal(lt_imap_utf7_decode("&2D0-", 5, out, sizeof out), LT_ERR_BAD_UTF8);
	assert_int_equal(lt_imap_utf7_decode("&V4NXP-", 7, out, sizeof out), LT_ERR_BAD_UTF8);
	assert_int_equal(lt_imap_utf7_decode("\xe5\x9e\x83", 3, out, sizeof out), LT_ERR_BAD_UTF8);
	assert_int_equal(lt_imap_utf7_decode("&V4NXPpCuTvY-", 13, out, 8), LT_ERR_TOO_LARGE);
}

static void urls(void **state)
{
	lt_imap_url u;
	char *s;

	(void)state;
	assert_int_equal(lt_imap_url_parse("imaps://alice%40163.com@imap.163.com", &u), LT_OK);
	assert_string_equal(u.user, "alice@163.com");
	assert_string_equal(u.host, "imap.163.com");
	assert_int_equal(u.port, 993);
	assert_true(u.tls);
	assert_int_equal(lt_imap_url_location(&u, &s), LT_OK);
	assert_string_equal(s, "imaps://imap.163.com:993");
	free(s);
	lt_imap_url_clear(&u);
	/* the last '@' ends the user; imap:// is STARTTLS on 143 */
	assert_int_equal(lt_imap_url_parse("imap://bob@example.com@[::1]:10143/", &u), LT_OK);
	assert_string_equal(u.user, "bob@example.com");
	assert_string_equal(u.host, "[::1]");
	assert_int_equal(u.port, 10143);
	assert_false(u.tls);
	lt_imap_url_clear(&u);
	assert_int_equal(lt_imap_url_join("imaps://imap.example.com:993", "a b@c:d%", &s), LT_OK);
	assert_string_equal(s, "imaps://a%20b%40c%3Ad%25@imap.example.com:993");
	assert_int_equal(lt_imap_url_parse(s, &u), LT_OK);
	assert_string_equal(u.user, "a b@c:d%");
	lt_imap_url_clear(&u);
	free(s);
	assert_int_equal(lt_imap_url_parse("https://a@b", &u), LT_ERR_BAD_SITE);
	assert_int_equal(lt_imap_url_parse("imaps://host.example", &u), LT_ERR_BAD_SITE);
	assert_int_equal(lt_imap_url_parse("imaps://a@host:0", &u), LT_ERR_BAD_SITE);
	assert_int_equal(lt_imap_url_parse("imaps://a@host:65536", &u), LT_ERR_BAD_SITE);
	assert_int_equal(lt_imap_url_parse("imaps://a@host/INBOX", &u), LT_ERR_BAD_SITE);
	assert_int_equal(lt_imap_url_parse("imaps://a%0d@host", &u), LT_ERR_BAD_SITE);
	assert_int_equal(lt_imap_url_parse("imaps://a%4@host", &u), LT_ERR_BAD_SITE);
	assert_int_equal(lt_imap_url_parse("imaps://a@ho st", &u), LT_ERR_BAD_SITE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fetch_with_literals),
		cmocka_unit_test(status_codes_and_continuations),
		cmocka_unit_test(list_quoting_and_nil),
		cmocka_unit_test(bounds_and_broken_input),
		cmocka_unit_test(a_big_literal_in_pieces),
		cmocka_unit_test(numbers),
		cmocka_unit_test(esearch),
		cmocka_unit_test(folder_names),
		cmocka_unit_test(urls),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
