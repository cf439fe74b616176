/* SPDX-License-Identifier: MIT */
/* imap_parse.h: IMAP server responses (RFC 3501) read from a byte stream.
 *
 * The reader is given bytes as they arrive (in any pieces) and hands back
 * one whole response at a time: a line, the literals ({n}\r\n followed by n
 * bytes) inside it and the lines that continue after them, as tokens. It
 * never reads a socket and never allocates per token, so it can be fuzzed
 * alone (tests/fuzz/fuzz_imap.c) and is fast on 50,000 FETCH responses.
 *
 * Bounds: a line outside literals LT_IMAP_LINE_MAX, one literal
 * LT_IMAP_LITERAL_MAX, a response with its literals LT_IMAP_RESPONSE_MAX,
 * LT_IMAP_TOKENS_MAX tokens, lists nested LT_IMAP_DEPTH_MAX deep. Over a
 * bound, or bytes that are no response: LT_ERR_PROTOCOL (the connection is
 * then of no further use). */
#ifndef LT_IMAP_PARSE_H
#define LT_IMAP_PARSE_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define LT_IMAP_LINE_MAX (64u * 1024)
#define LT_IMAP_LITERAL_MAX (8u << 20)
#define LT_IMAP_RESPONSE_MAX (16u << 20)
#define LT_IMAP_TOKENS_MAX 16384
#define LT_IMAP_DEPTH_MAX 16

typedef enum {
	LT_IMAP_ATOM,   /* an atom or number; BODY[HEADER.FIELDS (FROM)] is one atom */
	LT_IMAP_STRING, /* a quoted string (unescaped) or a literal */
	LT_IMAP_NIL,
	LT_IMAP_LIST, /* ( ... ): its children follow it, up to `next` */
	LT_IMAP_CODE, /* a response code [ ... ] of a status response: children as a list */
} lt_imap_type;

typedef struct {
	lt_imap_type type;
	const char *s; /* atoms and strings: the bytes, not NUL-terminated */
	size_t len;
	size_t next; /* the index of the token after this one (after a list's children) */
} lt_imap_token;

typedef enum {
	LT_IMAP_UNTAGGED, /* "* ..." */
	LT_IMAP_CONTINUE, /* "+ ..." */
	LT_IMAP_TAGGED,
} lt_imap_kind;

typedef struct {
	lt_imap_kind kind;
	const char *tag; /* tagged: the tag */
	size_t tag_len;
	const lt_imap_token *tok; /* the response after "*" or the tag */
	size_t ntok;
	/* Status responses (OK, NO, BAD, BYE, PREAUTH): tok[0] is the status, a
	 * code is tok[1] (LT_IMAP_CODE) and the rest of the line is text. */
	const char *text;
	size_t text_len;
} lt_imap_response;

typedef struct lt_imap_reader lt_imap_reader;

lt_imap_reader *lt_imap_reader_new(void);
void lt_imap_reader_free(lt_imap_reader *r);

/* Room for at least `want` more bytes at *p (*room says how many fit); the
 * caller receives into it and then says how many came with commit. */
lt_err lt_imap_reader_room(lt_imap_reader *r, size_t want, char **p, size_t *room);
void lt_imap_reader_commit(lt_imap_reader *r, size_t n);
/* Copy bytes in (room + commit). */
lt_err lt_imap_reader_feed(lt_imap_reader *r, const void *data, size_t len);

/* The next whole response: *got = 1 and *resp (valid until the next call),
 * or *got = 0 when more bytes are needed. */
lt_err lt_imap_reader_next(lt_imap_reader *r, lt_imap_response *resp, int *got);

/* Token helpers. */
int lt_imap_is(const lt_imap_token *t, const char *atom); /* an atom equal to `atom`, case aside */
int lt_imap_number(const lt_imap_token *t, uint64_t *out); /* an atom of digits (at most 2^63) */

#endif
