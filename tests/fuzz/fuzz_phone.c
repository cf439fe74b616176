/* SPDX-License-Identifier: MIT */
/* fuzz_phone.c: libFuzzer on the phone-log XML path -- the surrogate
 * reference filter (xmlrefs.c) and the streamed SMS Backup & Restore reader
 * (phone_android.c) behind it. The input is handed over in pieces of varying
 * size, so references split across reads are exercised; every record the
 * reader hands out is checked for the bounds it promises. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "phone_log.h"

typedef struct {
	const uint8_t *data;
	size_t size, pos;
} mem;

static ssize_t read_mem(void *src, void *buf, size_t n)
{
	mem *m = src;
	size_t left = m->size - m->pos, step = 1 + (m->pos * 7919) % 97; /* uneven pieces */

	n = n < left ? n : left;
	n = n < step ? n : step;
	memcpy(buf, m->data + m->pos, n);
	m->pos += n;
	return (ssize_t)n;
}

static lt_err check(const lt_phone_rec *r, void *ctx)
{
	(void)ctx;
	if (!r->number || strlen(r->number) > LT_PHONE_FIELD_MAX || (r->text && strlen(r->text) > LT_PHONE_TEXT_MAX) ||
	    (r->call == LT_CALL_NONE && !r->text))
		abort();
	return LT_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mem m = {data, size, 0};
	char out[64];
	lt_xmlrefs *f = malloc(sizeof *f);
	size_t in = 0, got_total = 0;
	int got;

	/* The filter alone: its output is never longer than its input. */
	lt_xmlrefs_init(f, read_mem, &m);
	while ((got = lt_xmlrefs_read(f, out, (int)(1 + in++ % sizeof out))) > 0)
		got_total += (size_t)got;
	if (got < 0 || got_total > size)
		abort();
	free(f);
	m.pos = 0;
	lt_phone_read_android_from(read_mem, &m, size, check, NULL, NULL, NULL);
	lt_err_clear();
	return 0;
}
