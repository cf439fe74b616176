/* SPDX-License-Identifier: MIT */
/* safeout.c: standard output and error that show bidirectional controls escaped.
 *
 * Whatever a command prints -- a site's title, a username, a note, in a
 * table or as JSON -- passes through here, so no subcommand can forget it: a
 * right-to-left override from a web page cannot reorder the terminal. Each
 * control is written as "\u202E" (textsafe.h); in JSON output that is the
 * same string. Messages on stderr echo what the person typed (an unknown
 * command, a file name) and pass through here too. stdout and stderr become
 * stdio streams of our own (fopencookie) over descriptors 1 and 2; a control
 * cut at the end of one write is held until the next. Write errors reach
 * stdio, so main.c's check of the output sees them. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "textsafe.h"

typedef struct {
	int fd;
	char held[3]; /* the start of a control cut at the end of the last write */
	size_t nheld;
} safe_out;

static int put_all(const safe_out *o, const char *buf, size_t n)
{
	while (n > 0) {
		ssize_t w = write(o->fd, buf, n);

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
		if (put_all(o, buf + run, i - run) != 0)
			return -1;
		if (len < 0) {
			memcpy(o->held, buf + i, n - i);
			o->nheld = n - i;
			return 0;
		}
		if (put_all(o, esc, LT_BIDI_ESCAPE_LEN) != 0)
			return -1;
		i += (size_t)len;
		run = i;
	}
	return put_all(o, buf + run, n - run);
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
		return put_all(o, joined, had);
	*buf += (size_t)len - had;
	*n -= (size_t)len - had;
	return put_all(o, esc, LT_BIDI_ESCAPE_LEN);
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

	return o->nheld ? put_all(o, o->held, o->nheld) : 0;
}

/* A stream over fd that escapes controls; NULL when out of memory. */
static FILE *safe_stream(safe_out *state, int fd, int mode)
{
	cookie_io_functions_t io = {.write = safe_write, .close = safe_close};
	FILE *f;

	state->fd = fd;
	if (!(f = fopencookie(state, "w", io)))
		return NULL;
	setvbuf(f, NULL, mode, mode == _IONBF ? 0 : BUFSIZ);
	return f;
}

int cli_safe_streams(void)
{
	static safe_out out_state, err_state;
	FILE *out, *err;

	fflush(stdout);
	fflush(stderr);
	if (!(out = safe_stream(&out_state, STDOUT_FILENO, _IOFBF)))
		return -1;
	if (!(err = safe_stream(&err_state, STDERR_FILENO, _IONBF))) {
		fclose(out);
		return -1;
	}
	stdout = out;
	stderr = err;
	return 0;
}
