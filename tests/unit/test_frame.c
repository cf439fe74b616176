/* SPDX-License-Identifier: MIT */
/* test_frame.c: native messaging framing, lt_frame_read and lt_frame_write
 * (host/core/frame.c), on in-memory streams (fmemopen, open_memstream):
 * good frames, end of input at every point, the size caps in both
 * directions, and a write -> read round trip. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frame.h"

/* ---- helpers ---- */

/* A malloc'd buffer: `n` as a native 4-byte header, then `body_len` bytes of
 * body (copied from `body`, or 'a's when body is NULL). */
static char *frame_bytes(uint32_t n, const char *body, size_t body_len, size_t *total)
{
	char *buf = malloc(sizeof n + body_len + 1);

	assert_non_null(buf);
	memcpy(buf, &n, sizeof n);
	if (body)
		memcpy(buf + sizeof n, body, body_len);
	else
		memset(buf + sizeof n, 'a', body_len);
	*total = sizeof n + body_len;
	return buf;
}

/* A read stream over `len` bytes of `buf` (len may be 0). */
static FILE *reader(char *buf, size_t len)
{
	static char empty[1];
	FILE *f = len ? fmemopen(buf, len, "r") : fmemopen(empty, 1, "r");

	assert_non_null(f);
	if (!len)
		assert_int_equal(fgetc(f), 0); /* consume the one placeholder byte */
	return f;
}

/* Read one frame that must be good and hold exactly `want` (want_len bytes). */
static void expect_frame(FILE *in, const char *want, size_t want_len)
{
	char *msg = (char *)"untouched";
	size_t len = 99;
	int eof = 99;

	assert_int_equal(lt_frame_read(in, &msg, &len, &eof), LT_OK);
	assert_int_equal(eof, 0);
	assert_int_equal(len, want_len);
	assert_non_null(msg);
	assert_memory_equal(msg, want, want_len);
	assert_int_equal(msg[len], '\0');
	free(msg);
}

/* Read from `in` and expect a clean end of input. */
static void expect_eof(FILE *in)
{
	char *msg = (char *)"untouched";
	size_t len = 99;
	int eof = 0;

	assert_int_equal(lt_frame_read(in, &msg, &len, &eof), LT_ERR_IO);
	assert_int_equal(eof, 1);
	assert_null(msg);
	assert_int_equal(len, 0);
}

/* Read from `in` and expect LT_ERR_BAD_FRAME (not an end of input). */
static void expect_bad_frame(FILE *in)
{
	char *msg = (char *)"untouched";
	size_t len = 99;
	int eof = 99;

	assert_int_equal(lt_frame_read(in, &msg, &len, &eof), LT_ERR_BAD_FRAME);
	assert_int_equal(eof, 0);
	assert_null(msg);
	assert_int_equal(len, 0);
	assert_true(lt_err_detail()[0] != '\0');
}

/* ---- reading ---- */

static void read_good_frame(void **state)
{
	static const char body[] = "{\"action\":\"ping\",\"id\":1}";
	size_t total;
	char *buf = frame_bytes(sizeof body - 1, body, sizeof body - 1, &total);
	FILE *in = reader(buf, total);

	expect_frame(in, body, sizeof body - 1);
	expect_eof(in);
	fclose(in);
	free(buf);
	(void)state;
}

static void read_two_frames_back_to_back(void **state)
{
	static const char a[] = "{\"id\":1}", b[] = "{\"action\":\"list\",\"id\":\"two\"}";
	size_t la = sizeof a - 1, lb = sizeof b - 1, ta, tb;
	char *fa = frame_bytes((uint32_t)la, a, la, &ta), *fb = frame_bytes((uint32_t)lb, b, lb, &tb);
	char *both = malloc(ta + tb);
	FILE *in;

	assert_non_null(both);
	memcpy(both, fa, ta);
	memcpy(both + ta, fb, tb);
	in = reader(both, ta + tb);
	expect_frame(in, a, la);
	expect_frame(in, b, lb);
	expect_eof(in);
	fclose(in);
	free(both);
	free(fa);
	free(fb);
	(void)state;
}

static void read_clean_eof(void **state)
{
	FILE *in = reader(NULL, 0);

	expect_eof(in);
	fclose(in);
	(void)state;
}

static void read_eof_inside_header(void **state)
{
	char bytes[3] = {5, 0, 0};

	for (size_t n = 1; n <= 3; n++) {
		FILE *in = reader(bytes, n);

		expect_bad_frame(in);
		fclose(in);
	}
	(void)state;
}

static void read_eof_inside_body(void **state)
{
	size_t total;
	char *buf = frame_bytes(10, "{\"id\":", 6, &total); /* 10 announced, 6 sent */
	FILE *in = reader(buf, total);

	expect_bad_frame(in);
	fclose(in);
	free(buf);
	(void)state;
}

/* An announced length over the cap is refused from the header alone: the
 * reader must not go on to read (or allocate for) the body, so the stream
 * stays right after the 4 header bytes. */
static void refuse_length(uint32_t n)
{
	size_t total;
	char *buf = frame_bytes(n, NULL, 16, &total);
	FILE *in = reader(buf, total);

	expect_bad_frame(in);
	assert_int_equal(ftell(in), 4);
	assert_non_null(strstr(lt_err_detail(), "limit"));
	fclose(in);
	free(buf);
}

static void read_refuses_length_over_cap(void **state)
{
	refuse_length(0xFFFFFFFFu);
	refuse_length(0x80000000u);
	refuse_length(LT_FRAME_MAX_IN + 1);
	(void)state;
}

static void read_accepts_exactly_cap(void **state)
{
	size_t total;
	char *buf = frame_bytes(LT_FRAME_MAX_IN, NULL, LT_FRAME_MAX_IN, &total);
	FILE *in = reader(buf, total);
	char *msg = NULL;
	size_t len = 0;
	int eof = 0;

	assert_int_equal(lt_frame_read(in, &msg, &len, &eof), LT_OK);
	assert_int_equal(len, LT_FRAME_MAX_IN);
	assert_int_equal(msg[0], 'a');
	assert_int_equal(msg[LT_FRAME_MAX_IN - 1], 'a');
	assert_int_equal(msg[LT_FRAME_MAX_IN], '\0');
	free(msg);
	expect_eof(in);
	fclose(in);
	free(buf);
	(void)state;
}

static void read_zero_length_frame(void **state)
{
	size_t total;
	char *buf = frame_bytes(0, NULL, 0, &total);
	FILE *in = reader(buf, total);

	expect_frame(in, "", 0);
	expect_eof(in);
	fclose(in);
	free(buf);
	(void)state;
}

/* ---- writing ---- */

static void write_good_frame(void **state)
{
	static const char body[] = "{\"id\":7,\"ok\":true}";
	char *out = NULL;
	size_t out_len = 0;
	FILE *f = open_memstream(&out, &out_len);
	uint32_t n;

	assert_non_null(f);
	assert_int_equal(lt_frame_write(f, body, sizeof body - 1), LT_OK);
	/* lt_frame_write flushes: the bytes are there before fclose */
	assert_int_equal(out_len, 4 + sizeof body - 1);
	memcpy(&n, out, sizeof n);
	assert_int_equal(n, sizeof body - 1);
	assert_memory_equal(out + 4, body, sizeof body - 1);
	fclose(f);
	free(out);
	(void)state;
}

static void write_refuses_over_cap(void **state)
{
	char *big = malloc(LT_FRAME_MAX_OUT + 1);
	char *out = NULL;
	size_t out_len = 0;
	FILE *f = open_memstream(&out, &out_len);

	assert_non_null(big);
	assert_non_null(f);
	memset(big, 'x', LT_FRAME_MAX_OUT + 1);
	assert_int_equal(lt_frame_write(f, big, LT_FRAME_MAX_OUT + 1), LT_ERR_TOO_LARGE);
	assert_true(lt_err_detail()[0] != '\0');
	assert_int_equal(fflush(f), 0);
	assert_int_equal(out_len, 0); /* nothing at all was written */
	assert_int_equal(lt_frame_write(f, big, LT_FRAME_MAX_OUT), LT_OK);
	assert_int_equal(out_len, 4 + LT_FRAME_MAX_OUT);
	fclose(f);
	free(out);
	free(big);
	(void)state;
}

static void write_to_full_stream_fails(void **state)
{
	char small[8], body[64];
	FILE *f = fmemopen(small, sizeof small, "w");

	assert_non_null(f);
	memset(body, 'y', sizeof body);
	assert_int_equal(lt_frame_write(f, body, sizeof body), LT_ERR_IO);
	fclose(f);
	(void)state;
}

static void round_trip(void **state)
{
	static const char *const msgs[] = {"{\"id\":1,\"ok\":true}", "", "{\"title\":\"注册 – 例子\"}"};
	char *out = NULL;
	size_t out_len = 0, i;
	FILE *f = open_memstream(&out, &out_len), *in;

	assert_non_null(f);
	for (i = 0; i < 3; i++)
		assert_int_equal(lt_frame_write(f, msgs[i], strlen(msgs[i])), LT_OK);
	fclose(f);
	in = reader(out, out_len);
	for (i = 0; i < 3; i++)
		expect_frame(in, msgs[i], strlen(msgs[i]));
	expect_eof(in);
	fclose(in);
	free(out);
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(read_good_frame),
		cmocka_unit_test(read_two_frames_back_to_back),
		cmocka_unit_test(read_clean_eof),
		cmocka_unit_test(read_eof_inside_header),
		cmocka_unit_test(read_eof_inside_body),
		cmocka_unit_test(read_refuses_length_over_cap),
		cmocka_unit_test(read_accepts_exactly_cap),
		cmocka_unit_test(read_zero_length_frame),
		cmocka_unit_test(write_good_frame),
		cmocka_unit_test(write_refuses_over_cap),
		cmocka_unit_test(write_to_full_stream_fails),
		cmocka_unit_test(round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
