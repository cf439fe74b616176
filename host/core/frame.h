/* SPDX-License-Identifier: MIT */
/* frame.h: native messaging framing -- a 4-byte length in native byte order,
 * then that many bytes of UTF-8 JSON, in both directions.
 * The reader checks the announced length against the cap before allocating. */
#ifndef LT_FRAME_H
#define LT_FRAME_H

#include <stddef.h>
#include <stdio.h>

#include "error.h"

#define LT_FRAME_MAX_IN (1024 * 1024)      /* what the host accepts */
#define LT_FRAME_MAX_OUT (1024 * 1024 - 1) /* what the browser accepts from a host */

/* Read one frame. Returns LT_OK with *msg (malloc'd, NUL-terminated) and
 * *len; LT_ERR_IO with *eof=1 on a clean end of input before a frame;
 * LT_ERR_BAD_FRAME on a truncated frame or a length over LT_FRAME_MAX_IN
 * (the stream cannot be resynchronised after either). */
lt_err lt_frame_read(FILE *in, char **msg, size_t *len, int *eof);

/* Write one frame and flush. LT_ERR_TOO_LARGE over LT_FRAME_MAX_OUT. */
lt_err lt_frame_write(FILE *out, const char *msg, size_t len);

#endif
