/* SPDX-License-Identifier: MIT */
/* imap_parse.c: IMAP responses out of a byte stream (imap_parse.h).
 *
 * Two passes over one buffer. Framing finds where a response ends: a line
 * that closes with {n} or {n+} is followed by n literal bytes and the line
 * goes on after them; framing remembers where it stopped, so bytes that come
 * in pieces are looked at once (a 10 MB literal costs no rescans).
 * Tokenizing then runs over the framed response only, pointing into the
 * buffer: quoted strings are unescaped in place, nothing else is copied. */
#include "imap_parse.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct lt_imap_reader {
	char *buf;
	size_t cap, start, end; /* unread bytes are [start, end) */
	size_t pos;             /* framing: the next byte to look at */
	size_t line_start;      /* framing: where the current line (outside literals) began */
	size_t lit_left;        /* framing: bytes of a literal still to come */
	size_t handed;          /* the end of the response handed out last, dropped at the next call */
	lt_imap_token *tok; /* grown as responses need, up to LT_IMAP_TOKENS_MAX */
	size_t ntok, tok_cap;
};

lt_imap_reader *lt_imap_reader_new(void)
{
	return calloc(1, sizeof(lt_imap_reader));
}

void lt_imap_reader_free(lt_imap_reader *r)
{
	if (!r)
		return;
	free(r->buf);
	free(r->tok);
	free(r);
}

/* Drop what was handed out and move the unread bytes to the front. */
static void compact(lt_imap_reader *r)
{
	size_t shift;

	if (r->handed) {
		r->start = r->handed;
		r->handed = 0;
	}
	shift = r->start;
	if (shift == 0)
		return;
	memmove(r->buf, r->buf + shift, r->end - shift);
	r->end -= shift;
	r->pos -= shift;
	r->line_start -= shift;
	r->start = 0;
}

lt_err lt_imap_reader_room(lt_imap_reader *r, size_t want, char **p, size_t *room)
{
	if (r->handed || (r->start > 0 && r->cap - r->end < want))
		compact(r);
	if (r->cap - r->end < want) {
		size_t cap = r->cap ? r->cap : 64 * 1024;
		char *b;

		while (cap - r->end < want)
			cap *= 2;
		if (cap > LT_IMAP_RESPONSE_MAX + 256 * 1024 && r->end + want > LT_IMAP_RESPONSE_MAX + 128 * 1024)
			return lt_fail(LT_ERR_PROTOCOL, "a server response over %u MiB", LT_IMAP_RESPONSE_MAX >> 20);
		if (!(b = realloc(r->buf, cap)))
			return LT_ERR_NOMEM;
		r->buf = b;
		r->cap = cap;
	}
	*p = r->buf + r->end;
	*room = r->cap - r->end;
	return LT_OK;
}

void lt_imap_reader_commit(lt_imap_reader *r, size_t n)
{
	r->end += n;
}

lt_err lt_imap_reader_feed(lt_imap_reader *r, const void *data, size_t len)
{
	char *p;
	size_t room;
	lt_err e = lt_imap_reader_room(r, len, &p, &room);

	if (e == LT_OK) {
		memcpy(p, data, len);
		lt_imap_reader_commit(r, len);
	}
	return e;
}

/* Does the line [b, e) (CR and LF gone) end with {n} or {n+}? Sets *n. */
static int literal_at_end(const char *b, const char *e, size_t *n)
{
	const char *d;
	size_t v = 0;

	if (e - b < 3 || e[-1] != '}')
		return 0;
	e--;
	if (e[-1] == '+')
		e--;
	for (d = e; d > b && d[-1] >= '0' && d[-1] <= '9'; d--)
		;
	if (d == e || d == b || d[-1] != '{' || e - d > 10)
		return 0;
	for (; d < e; d++)
		v = v * 10 + (size_t)(*d - '0');
	*n = v;
	return 1;
}

/* Framing: 1 when [start, pos) is a whole response, 0 when more is needed. */
static lt_err frame(lt_imap_reader *r, int *whole)
{
	*whole = 0;
	while (r->pos < r->end) {
		const char *nl;
		size_t eol, e, n, ls;

		if (r->lit_left) {
			size_t take = r->end - r->pos < r->lit_left ? r->end - r->pos : r->lit_left;

			r->pos += take;
			r->lit_left -= take;
			if (r->lit_left)
				break;
			r->line_start = r->pos;
			continue;
		}
		nl = memchr(r->buf + r->pos, '\n', r->end - r->pos);
		if (!nl) {
			r->pos = r->end;
			if (r->end - r->line_start > LT_IMAP_LINE_MAX)
				return lt_fail(LT_ERR_PROTOCOL, "a server line over %u KiB", LT_IMAP_LINE_MAX >> 10);
			break;
		}
		eol = (size_t)(nl - r->buf);
		if (eol - r->line_start > LT_IMAP_LINE_MAX)
			return lt_fail(LT_ERR_PROTOCOL, "a server line over %u KiB", LT_IMAP_LINE_MAX >> 10);
		e = eol > r->line_start && r->buf[eol - 1] == '\r' ? eol - 1 : eol;
		ls = r->line_start;
		r->pos = eol + 1;
		r->line_start = r->pos;
		if (literal_at_end(r->buf + ls, r->buf + e, &n)) {
			if (n > LT_IMAP_LITERAL_MAX)
				return lt_fail(LT_ERR_PROTOCOL, "a literal of %zu bytes, over %u MiB", n,
					       LT_IMAP_LITERAL_MAX >> 20);
			if (r->pos - r->start + n > LT_IMAP_RESPONSE_MAX)
				return lt_fail(LT_ERR_PROTOCOL, "a server response over %u MiB",
					       LT_IMAP_RESPONSE_MAX >> 20);
			r->lit_left = n;
			continue;
		}
		*whole = 1;
		return LT_OK;
	}
	if (r->pos - r->start > LT_IMAP_RESPONSE_MAX)
		return lt_fail(LT_ERR_PROTOCOL, "a server response over %u MiB", LT_IMAP_RESPONSE_MAX >> 20);
	return LT_OK;
}

/* Tokenizing one framed response. */
typedef struct {
	lt_imap_reader *r;
	char *p, *e; /* the unread part of the response, e at its final CRLF */
	size_t open[LT_IMAP_DEPTH_MAX + 1];
	size_t depth;
} tokenizer;

static lt_err add(tokenizer *t, lt_imap_type type, char *s, size_t len)
{
	lt_imap_token *k;

	if (t->r->ntok >= LT_IMAP_TOKENS_MAX)
		return lt_fail(LT_ERR_PROTOCOL, "a server response of over %d items", LT_IMAP_TOKENS_MAX);
	if (t->r->ntok == t->r->tok_cap) {
		size_t cap = t->r->tok_cap ? t->r->tok_cap * 2 : 64;

		if (!(k = realloc(t->r->tok, cap * sizeof *k)))
			return LT_ERR_NOMEM;
		t->r->tok = k;
		t->r->tok_cap = cap;
	}
	k = &t->r->tok[t->r->ntok++];
	k->type = type;
	k->s = s;
	k->len = len;
	k->next = t->r->ntok;
	return LT_OK;
}

static lt_err open_list(tokenizer *t, lt_imap_type type)
{
	lt_err e;

	if (t->depth >= LT_IMAP_DEPTH_MAX)
		return lt_fail(LT_ERR_PROTOCOL, "lists nested over %d deep", LT_IMAP_DEPTH_MAX);
	if ((e = add(t, type, t->p, 0)) != LT_OK)
		return e;
	t->open[t->depth++] = t->r->ntok - 1;
	t->p++;
	return LT_OK;
}

static lt_err close_list(tokenizer *t, char closer)
{
	lt_imap_token *k;

	if (t->depth == 0)
		return lt_fail(LT_ERR_PROTOCOL, "a '%c' that closes nothing", closer);
	k = &t->r->tok[t->open[--t->depth]];
	if ((k->type == LT_IMAP_CODE) != (closer == ']'))
		return lt_fail(LT_ERR_PROTOCOL, "a '%c' that closes the wrong bracket", closer);
	k->next = t->r->ntok;
	k->len = (size_t)(t->p - k->s) + 1;
	t->p++;
	return LT_OK;
}

/* "..." with \" and \\ escapes, unescaped in place. */
static lt_err quoted(tokenizer *t)
{
	char *s = ++t->p, *w = s;

	for (; t->p < t->e; t->p++) {
		char c = *t->p;

		if (c == '"') {
			t->p++;
			return add(t, LT_IMAP_STRING, s, (size_t)(w - s));
		}
		if (c == '\r' || c == '\n')
			break;
		if (c == '\\' && t->p + 1 < t->e && (t->p[1] == '"' || t->p[1] == '\\'))
			c = *++t->p;
		*w++ = c;
	}
	return lt_fail(LT_ERR_PROTOCOL, "a quoted string without its closing quote");
}

/* {n}CRLF then n bytes (framing saw them; counted again here). */
static lt_err literal(tokenizer *t)
{
	char *p = t->p + 1;
	size_t n = 0, digits = 0;

	for (; p < t->e && *p >= '0' && *p <= '9' && digits < 10; p++, digits++)
		n = n * 10 + (size_t)(*p - '0');
	if (p < t->e && *p == '+')
		p++;
	if (!digits || p >= t->e || *p != '}')
		return lt_fail(LT_ERR_PROTOCOL, "a broken literal");
	p++;
	if (p < t->e && *p == '\r')
		p++;
	if (p >= t->e || *p != '\n' || (size_t)(t->e - p - 1) < n)
		return lt_fail(LT_ERR_PROTOCOL, "a literal cut short");
	t->p = p + 1 + n;
	return add(t, LT_IMAP_STRING, p + 1, n);
}

/* An atom; a '[' inside takes everything to its matching ']' (BODY[HEADER.FIELDS (FROM)]). */
static lt_err atom(tokenizer *t, int in_code)
{
	char *s = t->p;
	int bracket = 0;

	for (; t->p < t->e; t->p++) {
		char c = *t->p;

		if (c == '\r' || c == '\n')
			break;
		if (bracket) {
			bracket += c == '[' ? 1 : c == ']' ? -1 : 0;
			continue;
		}
		if (c == ' ' || c == '(' || c == ')' || c == '"' || (c == ']' && in_code))
			break;
		if (c == '[')
			bracket = 1;
	}
	if (bracket)
		return lt_fail(LT_ERR_PROTOCOL, "a '[' without its ']'");
	if (t->p - s == 3 && strncasecmp(s, "NIL", 3) == 0)
		return add(t, LT_IMAP_NIL, s, 3);
	return add(t, LT_IMAP_ATOM, s, (size_t)(t->p - s));
}

static int in_code(const tokenizer *t)
{
	return t->depth > 0 && t->r->tok[t->open[t->depth - 1]].type == LT_IMAP_CODE;
}

/* Tokens until the end of the response, or (stop_at_code_end) until the code's ']' closes. */
static lt_err tokens(tokenizer *t, int stop_at_code_end)
{
	size_t base = t->depth;
	lt_err e = LT_OK;

	while (e == LT_OK) {
		while (t->p < t->e && *t->p == ' ')
			t->p++;
		if (t->p >= t->e || *t->p == '\r' || *t->p == '\n')
			break;
		switch (*t->p) {
		case '(':
			e = open_list(t, LT_IMAP_LIST);
			break;
		case '[':
			e = atom(t, in_code(t));
			break;
		case ')':
		case ']':
			if (*t->p == ']' && !in_code(t))
				e = atom(t, 0);
			else
				e = close_list(t, *t->p);
			if (e == LT_OK && stop_at_code_end && t->depth < base)
				return LT_OK;
			break;
		case '"':
			e = quoted(t);
			break;
		case '{':
			e = literal(t);
			break;
		default:
			e = atom(t, in_code(t));
		}
	}
	if (e == LT_OK && t->depth > (stop_at_code_end ? base - 1 : 0))
		e = lt_fail(LT_ERR_PROTOCOL, "a list without its closing parenthesis");
	return e;
}

static int status_word(const lt_imap_token *k)
{
	return lt_imap_is(k, "OK") || lt_imap_is(k, "NO") || lt_imap_is(k, "BAD") || lt_imap_is(k, "BYE") ||
	       lt_imap_is(k, "PREAUTH");
}

/* After a status word: an optional [code], then free text to the end. */
static lt_err status_rest(tokenizer *t, lt_imap_response *resp)
{
	lt_err e;

	if (t->p < t->e && *t->p == ' ')
		t->p++;
	if (t->p < t->e && *t->p == '[') {
		if ((e = open_list(t, LT_IMAP_CODE)) != LT_OK || (e = tokens(t, 1)) != LT_OK)
			return e;
		if (t->p < t->e && *t->p == ' ')
			t->p++;
	}
	resp->text = t->p;
	resp->text_len = (size_t)(t->e - t->p);
	return LT_OK;
}

static lt_err tokenize(lt_imap_reader *r, char *b, char *e, lt_imap_response *resp)
{
	tokenizer t = {.r = r, .p = b, .e = e};
	lt_err err;

	memset(resp, 0, sizeof *resp);
	r->ntok = 0;
	if (t.p < t.e && *t.p == '+') {
		resp->kind = LT_IMAP_CONTINUE;
		t.p++;
		if (t.p < t.e && *t.p == ' ')
			t.p++;
		resp->text = t.p;
		resp->text_len = (size_t)(t.e - t.p);
		return LT_OK;
	}
	if (t.p + 1 < t.e && t.p[0] == '*' && t.p[1] == ' ') {
		resp->kind = LT_IMAP_UNTAGGED;
		t.p += 2;
	} else {
		char *sp = memchr(t.p, ' ', (size_t)(t.e - t.p));

		if (!sp || sp == t.p)
			return lt_fail(LT_ERR_PROTOCOL, "a server line that is no response");
		resp->kind = LT_IMAP_TAGGED;
		resp->tag = t.p;
		resp->tag_len = (size_t)(sp - t.p);
		t.p = sp + 1;
	}
	while (t.p < t.e && *t.p == ' ')
		t.p++;
	if (t.p < t.e && *t.p != '(' && *t.p != '"' && *t.p != '{' && (err = atom(&t, 0)) != LT_OK)
		return err;
	if (r->ntok == 1 && status_word(&r->tok[0]))
		err = status_rest(&t, resp);
	else
		err = tokens(&t, 0);
	if (err == LT_OK && r->ntok == 0)
		err = lt_fail(LT_ERR_PROTOCOL, "an empty server response");
	resp->tok = r->tok; /* after the tokens grew */
	resp->ntok = r->ntok;
	return err;
}

lt_err lt_imap_reader_next(lt_imap_reader *r, lt_imap_response *resp, int *got)
{
	int whole;
	lt_err e;
	char *b, *end;

	*got = 0;
	if (r->handed) {
		r->start = r->handed;
		r->handed = 0;
	}
	if ((e = frame(r, &whole)) != LT_OK || !whole)
		return e;
	b = r->buf + r->start;
	end = r->buf + r->pos;
	r->handed = r->pos;
	/* the final line end goes: CRLF or a bare LF */
	end--;
	if (end > b && end[-1] == '\r')
		end--;
	if ((e = tokenize(r, b, end, resp)) == LT_OK)
		*got = 1;
	return e;
}

int lt_imap_is(const lt_imap_token *t, const char *atom)
{
	size_t n = strlen(atom);

	return t->type == LT_IMAP_ATOM && t->len == n && strncasecmp(t->s, atom, n) == 0;
}

int lt_imap_number(const lt_imap_token *t, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (t->type != LT_IMAP_ATOM || t->len == 0 || t->len > 19)
		return 0;
	for (i = 0; i < t->len; i++) {
		if (t->s[i] < '0' || t->s[i] > '9')
			return 0;
		v = v * 10 + (uint64_t)(t->s[i] - '0');
	}
	*out = v;
	return 1;
}
