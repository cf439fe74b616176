/* SPDX-License-Identifier: MIT */
/* frame.c: reading and writing native messaging frames (frame.h). */
#include "frame.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

lt_err lt_frame_read(FILE *in, char **msg, size_t *len, int *eof)
{
	uint32_t n;
	size_t got = fread(&n, 1, sizeof n, in);
	char *buf;

	*msg = NULL;
	*len = 0;
	*eof = 0;
	if (got == 0 && feof(in)) {
		*eof = 1;
		return LT_ERR_IO;
	}
	if (got != sizeof n)
		return lt_fail(LT_ERR_BAD_FRAME, "the input ended inside a frame header");
	if (n > LT_FRAME_MAX_IN)
		return lt_fail(LT_ERR_BAD_FRAME, "a frame announced %lu bytes; the limit is %d",
			       (unsigned long)n, LT_FRAME_MAX_IN);
	buf = malloc((size_t)n + 1);
	if (!buf)
		return LT_ERR_NOMEM;
	if (fread(buf, 1, n, in) != n) {
		free(buf);
		return lt_fail(LT_ERR_BAD_FRAME, "the input ended inside a frame");
	}
	buf[n] = '\0';
	*msg = buf;
	*len = n;
	return LT_OK;
}

lt_err lt_frame_write(FILE *out, const char *msg, size_t len)
{
	uint32_t n = (uint32_t)len;

	if (len > LT_FRAME_MAX_OUT)
		return lt_fail(LT_ERR_TOO_LARGE, "a response of %zu bytes is over the browser's limit", len);
	if (fwrite(&n, 1, sizeof n, out) != sizeof n || fwrite(msg, 1, len, out) != len || fflush(out) != 0)
		return lt_fail(LT_ERR_IO, "writing to the browser failed");
	return LT_OK;
}
