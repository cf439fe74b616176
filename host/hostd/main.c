/* SPDX-License-Identifier: MIT */
/* leaktrace-host: the native messaging host the browser starts.
 *
 * It only checks the caller, frames and dispatches: every request goes to
 * lt_proto_handle (core/proto.c). Standard output carries frames and nothing
 * else, so at start the real stdout is moved to a private descriptor and fd 1
 * is pointed at stderr: a stray printf anywhere (ours or a library's) lands
 * in the browser's log instead of corrupting the stream. Log lines name error
 * codes, never a site or an identifier. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "caller.h"
#include "frame.h"
#include "primitives.h"
#include "proto.h"

static FILE *frames_out(void)
{
	int fd = dup(STDOUT_FILENO);

	if (fd < 0 || dup2(STDERR_FILENO, STDOUT_FILENO) < 0)
		return NULL;
	return fdopen(fd, "wb");
}

static void log_error(const char *what, lt_err e)
{
	fprintf(stderr, "leaktrace-host: %s: %s: %s\n", what, lt_err_name(e), lt_err_detail());
}

/* Answer one request with a lone error, for a stream we will not serve. */
static int refuse(FILE *out, lt_err e, const char *what)
{
	char *resp = lt_proto_error_response(e);

	log_error(what, e);
	if (resp)
		lt_frame_write(out, resp, strlen(resp));
	free(resp);
	return 1;
}

static int serve(FILE *in, FILE *out)
{
	lt_proto p = {lt_store_new()};
	int status = 0;

	for (;;) {
		char *msg, *resp;
		size_t len;
		int eof;
		lt_err e = lt_frame_read(in, &msg, &len, &eof);

		if (eof)
			break;
		if (e != LT_OK) {
			status = refuse(out, e, "unreadable frame, closing");
			break;
		}
		resp = lt_proto_handle(&p, msg, len);
		lt_wipe(msg, len); /* it may have carried a password */
		free(msg);
		if (!resp || lt_frame_write(out, resp, strlen(resp)) != LT_OK) {
			free(resp);
			log_error("cannot answer the browser", LT_ERR_IO);
			status = 1;
			break;
		}
		free(resp);
	}
	lt_store_free(p.store);
	return status;
}

int main(int argc, char **argv)
{
	FILE *out;
	lt_err e;

	signal(SIGPIPE, SIG_IGN);
	out = frames_out();
	if (!out)
		return 1;
	if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
		fprintf(stderr, "leaktrace-host %s\n", LT_VERSION);
		return 0;
	}
	e = lt_caller_check(argc, argv);
	if (e != LT_OK)
		return refuse(out, e, "refused");
	return serve(stdin, out);
}
