/* SPDX-License-Identifier: MIT */
/* safeout.c: standard output that shows bidirectional controls escaped.
 *
 * Whatever a command prints -- a site's title, a username, a note, in a
 * table or as JSON -- passes through here, so no subcommand can forget it: a
 * right-to-left override from a web page cannot reorder the terminal. Each
 * control is written as "\u202E" (textsafe.h); in JSON output that is the
 * same string. stdout becomes a stdio stream of our own (fopencookie) over
 * file descriptor 1; a control cut at the end of one write is held until the
 * next. Write errors reach stdio, so main.c's check of the output sees them. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "textsafe.h"

typedef struct {
	char held[3]; /* the start of a control cut at the end of the last write */
	size_t nheld;
} safe_out;

static int put_all(const char *buf, size_t n)
{
	while (n > 0) {
		ssize_t w = write(STDOUT_FILENO, buf, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		buf += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Write buf[0..n), escaping controls; a cut one at the end is held in o. */
static int put_escaped(safe_out *o, const char *buf, size_t n)
{
	char esc[LT_BIDI_ESCAPE_LEN + 1];
	size_t i = 0, run = 0;

	while (i < n) {
		int len = lt_bidi_control_at(buf + i, n - i, esc);

		if (len == 0) {
			i++;
			continue;
		}
		if (put_all(buf + run, i - run) != 0)
			return -1;
		if (len < 0) {
			memcpy(o->held, buf + i, n - i);
			o->nheld = n - i;
			return 0;
		}
		if (put_all(esc, LT_BIDI_ESCAPE_LEN) != 0)
			return -1;
		i += (size_t)len;
		run = i;
	}
	return put_all(buf + run, n - run);
}

/* Bytes held from the last write come first: with at most the next two bytes
 * they either finish a control (escaped), stay cut (held again), or are
 * ordinary text (written as they are). Then the rest as usual. */
static int put_after_held(safe_out *o, const char **buf, size_t *n)
{
	char joined[5], esc[LT_BIDI_ESCAPE_LEN + 1];
	size_t had = o->nheld, take = *n < 2 ? *n : 2;
	int len;

	memcpy(joined, o->held, had);
	memcpy(joined + had, *buf, take);
	o->nheld = 0;
	len = lt_bidi_control_at(joined, had + take, esc);
	if (len < 0) {
		memcpy(o->held, joined, had + take);
		o->nheld = had + take;
		*buf += take;
		*n -= take;
		return 0;
	}
	if (len == 0)
		return put_all(joined, had);
	*buf += (size_t)len - had;
	*n -= (size_t)len - had;
	return put_all(esc, LT_BIDI_ESCAPE_LEN);
}

static ssize_t safe_write(void *cookie, const char *buf, size_t n)
{
	safe_out *o = cookie;
	size_t all = n;

	if (o->nheld && put_after_held(o, &buf, &n) != 0)
		return -1;
	return put_escaped(o, buf, n) == 0 ? (ssize_t)all : -1;
}

static int safe_close(void *cookie)
{
	safe_out *o = cookie;

	return o->nheld ? put_all(o->held, o->nheld) : 0;
}

int cli_safe_stdout(void)
{
	static safe_out state;
	cookie_io_functions_t io = {.write = safe_write, .close = safe_close};
	FILE *f;

	fflush(stdout);
	if (!(f = fopencookie(&state, "w", io)))
		return -1;
	setvbuf(f, NULL, _IOFBF, BUFSIZ);
	stdout = f;
	return 0;
}
