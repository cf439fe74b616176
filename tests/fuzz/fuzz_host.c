/* SPDX-License-Identifier: MIT */
/* fuzz_host: libFuzzer target for what the browser can send -- the frame
 * reader and the request dispatcher, end to end as leaktrace-host runs them.
 * The input is read as a stream of frames (fmemopen), each frame handled by
 * lt_proto_handle; the raw input is also handled as one request. The keyring
 * is made unreachable (DBUS_SESSION_BUS_ADDRESS=disabled:) so every path up
 * to the store runs and the store answers at once with keyring_unavailable. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frame.h"
#include "proto.h"

static lt_proto proto;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setenv("DBUS_SESSION_BUS_ADDRESS", "disabled:", 1);
	proto.store = lt_store_new();
	return 0;
}

static void handle(const char *msg, size_t len)
{
	char *resp = lt_proto_handle(&proto, msg, len);

	if (!resp || resp[0] != '{')
		abort(); /* every request gets a JSON object back */
	free(resp);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *in;
	char *msg;
	size_t len;
	int eof, frames = 0;

	handle((const char *)data, size);
	if (size == 0 || !(in = fmemopen((void *)data, size, "rb")))
		return 0;
	while (frames++ < 64 && lt_frame_read(in, &msg, &len, &eof) == LT_OK) {
		handle(msg, len);
		free(msg);
	}
	fclose(in);
	return 0;
}
