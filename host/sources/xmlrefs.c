/* SPDX-License-Identifier: MIT */
/* xmlrefs.c: the surrogate reference filter (xmlrefs.h). It keeps a window
 * of the source with at least LOOK bytes ahead of the cursor, enough to see a
 * reference and the one right after it, so pairs split across reads join. */
#include "xmlrefs.h"

#include <stdio.h>
#include <string.h>

#define LOOK 32     /* two references of at most 12 bytes, with room */
#define REF_MAX 12  /* "&#x" or "&#", at most 8 digits, ";" */

void lt_xmlrefs_init(lt_xmlrefs *f, lt_xmlrefs_source read, void *src)
{
	memset(f, 0, sizeof *f);
	f->read = read;
	f->src = src;
}

static void refill(lt_xmlrefs *f)
{
	ssize_t got;

	if (f->pos > 0) {
		memmove(f->buf, f->buf + f->pos, f->len - f->pos);
		f->len -= f->pos;
		f->pos = 0;
	}
	while (!f->eof && !f->failed && f->len < sizeof f->buf) {
		got = f->read(f->src, f->buf + f->len, sizeof f->buf - f->len);
		if (got < 0)
			f->failed = 1;
		else if (got == 0)
			f->eof = 1;
		else {
			f->len += (size_t)got;
			f->consumed += (unsigned long long)got;
			if (f->len - f->pos >= LOOK)
				break;
		}
	}
}

/* A numeric character reference at p (n bytes available): its value and
 * length, or 0 when p does not start one. */
static size_t parse_ref(const unsigned char *p, size_t n, unsigned long *value)
{
	size_t i = 2, start;
	int hex;
	unsigned long v = 0;

	if (n < 4 || p[0] != '&' || p[1] != '#')
		return 0;
	hex = p[2] == 'x' || p[2] == 'X';
	i += hex;
	for (start = i; i < n && i - start < 8; i++) {
		unsigned c = p[i];

		if (c >= '0' && c <= '9')
			v = v * (hex ? 16 : 10) + (c - '0');
		else if (hex && ((c | 0x20) >= 'a' && (c | 0x20) <= 'f'))
			v = v * 16 + ((c | 0x20) - 'a' + 10);
		else
			break;
	}
	if (i == start || i >= n || p[i] != ';')
		return 0;
	*value = v;
	return i + 1;
}

static int is_high(unsigned long v) { return v >= 0xD800 && v <= 0xDBFF; }
static int is_low(unsigned long v) { return v >= 0xDC00 && v <= 0xDFFF; }

/* The reference at the cursor, mended into rep; returns the bytes of input
 * it stands for (0: not a reference to mend, copy the '&' as is). */
static size_t mend(const lt_xmlrefs *f, char rep[REF_MAX + 1])
{
	const unsigned char *p = f->buf + f->pos;
	size_t n = f->len - f->pos, l1, l2;
	unsigned long v1, v2;

	if (!(l1 = parse_ref(p, n, &v1)) || !(is_high(v1) || is_low(v1)))
		return 0;
	if (is_high(v1) && (l2 = parse_ref(p + l1, n - l1, &v2)) && is_low(v2)) {
		snprintf(rep, REF_MAX + 1, "&#%lu;", 0x10000 + ((v1 - 0xD800) << 10) + (v2 - 0xDC00));
		return l1 + l2;
	}
	snprintf(rep, REF_MAX + 1, "&#65533;");
	return l1;
}

int lt_xmlrefs_read(void *ctx, char *out, int len)
{
	lt_xmlrefs *f = ctx;
	size_t n = 0, want = len > 0 ? (size_t)len : 0, run, used;
	char rep[REF_MAX + 1];
	const unsigned char *amp;

	while (n < want) {
		if (f->len - f->pos < LOOK)
			refill(f);
		if (f->failed)
			return -1;
		if (f->pos == f->len)
			break;
		amp = memchr(f->buf + f->pos, '&', f->len - f->pos);
		run = amp ? (size_t)(amp - (f->buf + f->pos)) : f->len - f->pos;
		if (run > 0) { /* plain bytes up to the next '&' */
			run = run < want - n ? run : want - n;
			memcpy(out + n, f->buf + f->pos, run);
			n += run;
			f->pos += run;
			continue;
		}
		if ((used = mend(f, rep)) == 0) {
			out[n++] = '&';
			f->pos++;
			continue;
		}
		if (strlen(rep) > want - n) {
			if (n > 0)
				break;
			out[n++] = '&'; /* a reader asking for less than a reference: pass it unmended */
			f->pos++;
			continue;
		}
		memcpy(out + n, rep, strlen(rep));
		n += strlen(rep);
		f->pos += used;
	}
	return (int)n;
}
