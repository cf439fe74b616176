/* SPDX-License-Identifier: MIT */
/* test_proto.c: lt_proto_handle (host/core/proto.c, proto_actions.c) on every
 * bad request that is refused before the keyring is touched, table-driven.
 * D-Bus is disabled (DBUS_SESSION_BUS_ADDRESS=disabled:), so a request that
 * does reach the store answers keyring_unavailable instead of hanging.
 * Every error response must be JSON with ok:false, the right code and number,
 * the request's id (or null), a message, and never the identifier sent. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto.h"

static lt_proto proto;

static int setup(void **state)
{
	(void)state;
	setenv("DBUS_SESSION_BUS_ADDRESS", "disabled:", 1);
	unsetenv("LEAKTRACE_REGION");
	proto.store = lt_store_new();
	return proto.store ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	lt_store_free(proto.store);
	proto.store = NULL;
	return 0;
}

/* ---- helpers ---- */

typedef struct {
	const char *req;    /* the request text */
	const char *code;   /* expected error code */
	lt_err number;      /* and its number */
	const char *id;     /* expected id, as compact JSON */
	const char *secret; /* must not appear in the response; may be NULL */
} err_case;

/* The response to `msg` (len bytes), parsed; its text in *text. */
static cJSON *handle(const char *msg, size_t len, char **text)
{
	cJSON *resp;

	*text = lt_proto_handle(&proto, msg, len);
	assert_non_null(*text);
	resp = cJSON_Parse(*text);
	if (!resp)
		print_error("response is not JSON: %s\n", *text);
	assert_non_null(resp);
	assert_true(cJSON_IsObject(resp));
	return resp;
}

static void expect_id(const cJSON *resp, const char *want)
{
	char *got = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(resp, "id"));

	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

/* An error response to msg: ok false, code, number, id, message, no secret. */
static void expect_error_len(const char *msg, size_t len, const err_case *c)
{
	char *text;
	cJSON *resp = handle(msg, len, &text);
	const cJSON *err = cJSON_GetObjectItemCaseSensitive(resp, "error");
	const cJSON *code = cJSON_GetObjectItemCaseSensitive(err, "code");
	const cJSON *num = cJSON_GetObjectItemCaseSensitive(err, "number");
	const cJSON *message = cJSON_GetObjectItemCaseSensitive(err, "message");

	if (!cJSON_IsString(code) || strcmp(code->valuestring, c->code) != 0)
		print_error("want %s for %.80s\n got %s\n", c->code, msg, text);
	assert_true(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(resp, "ok")));
	assert_null(cJSON_GetObjectItemCaseSensitive(resp, "result"));
	assert_true(cJSON_IsString(code));
	assert_string_equal(code->valuestring, c->code);
	assert_true(cJSON_IsNumber(num));
	assert_int_equal(num->valueint, c->number);
	assert_true(cJSON_IsString(message));
	assert_true(message->valuestring[0] != '\0');
	expect_id(resp, c->id ? c->id : "null");
	if (c->secret)
		assert_null(strstr(text, c->secret));
	cJSON_Delete(resp);
	free(text);
}

static void run_errors(const err_case *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		expect_error_len(t[i].req, strlen(t[i].req), &t[i]);
}

#define RUN(t) run_errors(t, sizeof t / sizeof t[0])

/* A request text built with printf-style formatting (caller frees). */
static char *format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *format(const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;

	va_start(ap, fmt);
	assert_true(vasprintf(&s, fmt, ap) >= 0);
	va_end(ap);
	return s;
}

/* `n` copies of character c (caller frees). */
static char *repeat(char c, size_t n)
{
	char *s = malloc(n + 1);

	assert_non_null(s);
	memset(s, c, n);
	s[n] = '\0';
	return s;
}

/* ---- before the action: bytes, JSON, shape, id ---- */

static void bad_utf8(void **state)
{
	static const err_case t[] = {
		{"{\"action\":\"ping\",\"x\":\"\xff\"}", "bad_utf8", LT_ERR_BAD_UTF8, NULL, NULL},
		{"{\"action\":\"ping\",\"x\":\"\xc0\xaf\"}", "bad_utf8", LT_ERR_BAD_UTF8, NULL, NULL},
		{"{\"action\":\"ping\",\"x\":\"\xed\xa0\x80\"}", "bad_utf8", LT_ERR_BAD_UTF8, NULL, NULL},
		{"{\"action\":\"ping\",\"id\":1,\"x\":\"\xe4\xb8\"}", "bad_utf8", LT_ERR_BAD_UTF8, NULL, NULL},
	};
	static const char nul[] = "{\"action\":\"ping\"}\0{}";
	static const err_case with_nul = {NULL, "bad_utf8", LT_ERR_BAD_UTF8, NULL, NULL};

	(void)state;
	RUN(t);
	expect_error_len(nul, sizeof nul - 1, &with_nul);
}

static void bad_json(void **state)
{
	static const err_case t[] = {
		{"", "bad_json", LT_ERR_BAD_JSON, NULL, NULL},
		{"   ", "bad_json", LT_ERR_BAD_JSON, NULL, NULL},
		{"{\"action\":\"ping\"", "bad_json", LT_ERR_BAD_JSON, NULL, NULL},
		{"{action:\"ping\"}", "bad_json", LT_ERR_BAD_JSON, NULL, NULL},
		{"{\"action\":\"ping\",}", "bad_json", LT_ERR_BAD_JSON, NULL, NULL},
		{"{'action':'ping'}", "bad_json", LT_ERR_BAD_JSON, NULL, NULL},
		{"{\"action\":\"ping\"} trailing", "bad_json", LT_ERR_BAD_JSON, NULL, NULL},
		{"{\"action\":\"ping\"}{\"action\":\"ping\"}", "bad_json", LT_ERR_BAD_JSON, NULL, NULL},
		{"{\"action\":\"ping\"}]]]]", "bad_json", LT_ERR_BAD_JSON, NULL, NULL},
	};
	(void)state;
	RUN(t);
}

/* A ping whose field "x" holds `arrays` nested arrays (caller frees). */
static char *ping_nested(size_t arrays)
{
	char *open = repeat('[', arrays), *close = repeat(']', arrays);
	char *req = format("{\"action\":\"ping\",\"x\":%s%s}", open, close);

	free(open);
	free(close);
	return req;
}

static void expect_ok(const char *req)
{
	char *text;
	cJSON *resp = handle(req, strlen(req), &text);

	if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(resp, "ok")))
		print_error("want ok for %.80s\n got %s\n", req, text);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(resp, "ok")));
	cJSON_Delete(resp);
	free(text);
}

static void too_deep(void **state)
{
	static const err_case c = {NULL, "bad_json", LT_ERR_BAD_JSON, NULL, NULL};
	char *arrays = repeat('[', 10000), *objects = repeat('{', 10000);
	/* the request object is one level: 31 arrays inside make 32, the limit */
	char *at_limit = ping_nested(LT_JSON_MAX_DEPTH - 1), *over = ping_nested(LT_JSON_MAX_DEPTH);

	(void)state;
	expect_error_len(arrays, strlen(arrays), &c);
	expect_error_len(objects, strlen(objects), &c);
	expect_error_len(over, strlen(over), &c);
	expect_ok(at_limit);
	free(arrays);
	free(objects);
	free(at_limit);
	free(over);
}

/* Brackets inside strings (escaped quotes too) are not nesting. */
static void brackets_in_strings_are_not_nesting(void **state)
{
	char *many = repeat('[', 200);
	char *req = format("{\"action\":\"ping\",\"a\":\"\\\"%s\",\"x\":\"\\\\\",\"y\":\"%s\"}", many, many);

	(void)state;
	expect_ok(req);
	free(req);
	free(many);
}

/* Whitespace around the one JSON value is fine; anything else after it is not. */
static void whitespace_around_json(void **state)
{
	(void)state;
	expect_ok(" \t{\"action\":\"ping\"}\r\n ");
	expect_ok("{ \"action\" : \"ping\" }");
}

static void not_an_object(void **state)
{
	static const err_case t[] = {
		{"[{\"action\":\"ping\"}]", "bad_request", LT_ERR_BAD_REQUEST, NULL, NULL},
		{"\"ping\"", "bad_request", LT_ERR_BAD_REQUEST, NULL, NULL},
		{"42", "bad_request", LT_ERR_BAD_REQUEST, NULL, NULL},
		{"null", "bad_request", LT_ERR_BAD_REQUEST, NULL, NULL},
		{"true", "bad_request", LT_ERR_BAD_REQUEST, NULL, NULL},
	};
	(void)state;
	RUN(t);
}

static void bad_action(void **state)
{
	static const err_case t[] = {
		{"{}", "bad_request", LT_ERR_BAD_REQUEST, NULL, NULL},
		{"{\"id\":1}", "bad_request", LT_ERR_BAD_REQUEST, "1", NULL},
		{"{\"id\":\"a\",\"action\":5}", "bad_request", LT_ERR_BAD_REQUEST, "\"a\"", NULL},
		{"{\"id\":2,\"action\":null}", "bad_request", LT_ERR_BAD_REQUEST, "2", NULL},
		{"{\"id\":3,\"action\":[\"ping\"]}", "bad_request", LT_ERR_BAD_REQUEST, "3", NULL},
		{"{\"id\":7,\"action\":\"delete\"}", "unknown_action", LT_ERR_UNKNOWN_ACTION, "7", NULL},
		{"{\"id\":8,\"action\":\"PING\"}", "unknown_action", LT_ERR_UNKNOWN_ACTION, "8", NULL},
		{"{\"id\":9,\"action\":\"\"}", "unknown_action", LT_ERR_UNKNOWN_ACTION, "9", NULL},
	};
	(void)state;
	RUN(t);
}

static void id_echoed(void **state)
{
	static const err_case t[] = {
		{"{\"id\":\"req-1\",\"action\":\"nope\"}", "unknown_action", LT_ERR_UNKNOWN_ACTION, "\"req-1\"", NULL},
		{"{\"id\":\"\",\"action\":\"nope\"}", "unknown_action", LT_ERR_UNKNOWN_ACTION, "\"\"", NULL},
		{"{\"id\":\"例子\",\"action\":\"nope\"}", "unknown_action", LT_ERR_UNKNOWN_ACTION, "\"例子\"", NULL},
		{"{\"id\":42,\"action\":\"nope\"}", "unknown_action", LT_ERR_UNKNOWN_ACTION, "42", NULL},
		{"{\"id\":-3,\"action\":\"nope\"}", "unknown_action", LT_ERR_UNKNOWN_ACTION, "-3", NULL},
		{"{\"id\":null,\"action\":\"nope\"}", "unknown_action", LT_ERR_UNKNOWN_ACTION, NULL, NULL},
	};
	char *id128 = repeat('i', 128), *req = format("{\"id\":\"%s\",\"action\":\"nope\"}", id128);
	char *want = format("\"%s\"", id128);
	err_case c = {NULL, "unknown_action", LT_ERR_UNKNOWN_ACTION, want, NULL};

	(void)state;
	RUN(t);
	expect_error_len(req, strlen(req), &c);
	free(id128);
	free(req);
	free(want);
}

static void bad_id(void **state)
{
	static const err_case t[] = {
		{"{\"id\":{},\"action\":\"ping\"}", "bad_request", LT_ERR_BAD_REQUEST, NULL, NULL},
		{"{\"id\":[1],\"action\":\"ping\"}", "bad_request", LT_ERR_BAD_REQUEST, NULL, NULL},
		{"{\"id\":true,\"action\":\"ping\"}", "bad_request", LT_ERR_BAD_REQUEST, NULL, NULL},
	};
	char *id129 = repeat('i', 129), *req = format("{\"id\":\"%s\",\"action\":\"ping\"}", id129);
	err_case c = {NULL, "bad_request", LT_ERR_BAD_REQUEST, NULL, id129};

	(void)state;
	RUN(t);
	expect_error_len(req, strlen(req), &c);
	free(id129);
	free(req);
}

/* ---- record ---- */

#define URL "\"url\":\"https://www.example.com/signup\""
#define EMAIL(v) "{\"kind\":\"email\",\"value\":\"" v "\"}"
#define PHONE(v) "{\"kind\":\"phone\",\"value\":\"" v "\"}"
#define USER(v) "{\"kind\":\"username\",\"value\":\"" v "\"}"
#define REC(fields) "{\"action\":\"record\",\"id\":5," fields "}"

static void record_bad_fields(void **state)
{
	static const err_case t[] = {
		{REC("\"identifiers\":[" EMAIL("alice.secret@example.com") "]"), "bad_request", LT_ERR_BAD_REQUEST,
		 "5", "alice.secret"},
		{REC("\"url\":42,\"identifiers\":[" EMAIL("alice.secret@example.com") "]"), "bad_request",
		 LT_ERR_BAD_REQUEST, "5", "alice.secret"},
		{REC("\"url\":[\"https://example.com\"],\"identifiers\":[" EMAIL("a@example.com") "]"), "bad_request",
		 LT_ERR_BAD_REQUEST, "5", NULL},
		{REC("\"url\":\"javascript:alert(1)\",\"identifiers\":[" EMAIL("alice.secret@example.com") "]"),
		 "bad_site", LT_ERR_BAD_SITE, "5", "alice.secret"},
		{REC("\"url\":\"\",\"identifiers\":[" EMAIL("alice.secret@example.com") "]"), "bad_site",
		 LT_ERR_BAD_SITE, "5", "alice.secret"},
		{REC(URL), "bad_request", LT_ERR_BAD_REQUEST, "5", NULL},
		{REC(URL ",\"identifiers\":null"), "bad_request", LT_ERR_BAD_REQUEST, "5", NULL},
		{REC(URL ",\"identifiers\":[]"), "no_identifier", LT_ERR_NO_IDENTIFIER, "5", NULL},
		{REC(URL ",\"identifiers\":" EMAIL("alice.secret@example.com")), "bad_request", LT_ERR_BAD_REQUEST,
		 "5", "alice.secret"},
		{REC(URL ",\"identifiers\":\"alice.secret@example.com\""), "bad_request", LT_ERR_BAD_REQUEST, "5",
		 "alice.secret"},
		{REC(URL ",\"identifiers\":[\"alice.secret@example.com\"]"), "bad_request", LT_ERR_BAD_REQUEST, "5",
		 "alice.secret"},
		{REC(URL ",\"identifiers\":[{\"kind\":\"email\"}]"), "bad_request", LT_ERR_BAD_REQUEST, "5", NULL},
		{REC(URL ",\"identifiers\":[{\"value\":\"alice.secret\"}]"), "bad_request", LT_ERR_BAD_REQUEST, "5",
		 "alice.secret"},
		{REC(URL ",\"identifiers\":[{\"kind\":\"email\",\"value\":7}]"), "bad_request", LT_ERR_BAD_REQUEST,
		 "5", NULL},
		{REC(URL ",\"identifiers\":[{\"kind\":1,\"value\":\"alice.secret\"}]"), "bad_request",
		 LT_ERR_BAD_REQUEST, "5", "alice.secret"},
	};
	(void)state;
	RUN(t);
}

static void record_bad_identifiers(void **state)
{
	static const err_case t[] = {
		{REC(URL ",\"identifiers\":[" EMAIL("alice.secret@example.com") "," PHONE("+86 138 0013 8000") "," USER(
			 "alicesecret") "," EMAIL("bob.secret@example.com") "]"),
		 "bad_request", LT_ERR_BAD_REQUEST, "5", "alice.secret"},
		{REC(URL ",\"identifiers\":[" EMAIL("alice.secret@example.com") "," EMAIL("bob.secret@example.com") "]"),
		 "bad_request", LT_ERR_BAD_REQUEST, "5", "bob.secret"},
		{REC(URL ",\"identifiers\":[" PHONE("+86 138 0013 8000") "," PHONE("+86 139 0013 8000") "]"),
		 "bad_request", LT_ERR_BAD_REQUEST, "5", "13900138000"},
		{REC(URL ",\"identifiers\":[{\"kind\":\"fax\",\"value\":\"+86 138 0013 8000\"}]"), "bad_request",
		 LT_ERR_BAD_REQUEST, "5", "13800138000"},
		{REC(URL ",\"identifiers\":[{\"kind\":\"Email\",\"value\":\"alice.secret@example.com\"}]"),
		 "bad_request", LT_ERR_BAD_REQUEST, "5", "alice.secret"},
		{REC(URL ",\"identifiers\":[" EMAIL("alice.secret.at.example.com") "]"), "bad_identifier",
		 LT_ERR_BAD_IDENTIFIER, "5", "alice.secret"},
		{REC(URL ",\"identifiers\":[" EMAIL("alice.secret@@example.com") "]"), "bad_identifier",
		 LT_ERR_BAD_IDENTIFIER, "5", "alice.secret"},
		{REC(URL ",\"identifiers\":[" PHONE("+86 138 0013 8000 0000 0000") "]"), "bad_identifier",
		 LT_ERR_BAD_IDENTIFIER, "5", "13800138000"},
		{REC(URL ",\"identifiers\":[" PHONE("13800138000 phone me") "]"), "bad_identifier",
		 LT_ERR_BAD_IDENTIFIER, "5", "13800138000"},
		{REC(URL ",\"identifiers\":[" PHONE("138 0013 8000") "],\"region\":\"ZZ\""), "bad_region",
		 LT_ERR_BAD_REGION, "5", "13800138000"},
		{REC(URL ",\"identifiers\":[" USER("\\u0001secretname") "]"), "bad_identifier", LT_ERR_BAD_IDENTIFIER,
		 "5", "secretname"},
	};
	(void)state;
	RUN(t);
}

static void record_value_too_long(void **state)
{
	char *local = repeat('s', 250);
	char *req = format(REC(URL ",\"identifiers\":[" EMAIL("%s@example.com") "]"), local);
	err_case c = {NULL, "too_large", LT_ERR_TOO_LARGE, "5", local};

	(void)state;
	expect_error_len(req, strlen(req), &c);
	free(req);
	free(local);
}

static void record_bad_options(void **state)
{
	static const err_case t[] = {
		{REC(URL ",\"capture\":\"phishing\",\"identifiers\":[" PHONE("+86 138 0013 8000") "]"), "bad_request",
		 LT_ERR_BAD_REQUEST, "5", "13800138000"},
		{REC(URL ",\"capture\":1,\"identifiers\":[" PHONE("+86 138 0013 8000") "]"), "bad_request",
		 LT_ERR_BAD_REQUEST, "5", "13800138000"},
		{REC(URL ",\"region\":\"China\",\"identifiers\":[" PHONE("138 0013 8000") "]"), "bad_region",
		 LT_ERR_BAD_REGION, "5", "13800138000"},
		{REC(URL ",\"region\":\"1\",\"identifiers\":[" PHONE("138 0013 8000") "]"), "bad_region",
		 LT_ERR_BAD_REGION, "5", "13800138000"},
		{REC(URL ",\"region\":\"C1\",\"identifiers\":[" PHONE("138 0013 8000") "]"), "bad_region",
		 LT_ERR_BAD_REGION, "5", "13800138000"},
		{REC(URL ",\"region\":86,\"identifiers\":[" PHONE("138 0013 8000") "]"), "bad_request",
		 LT_ERR_BAD_REQUEST, "5", "13800138000"},
		{REC(URL ",\"title\":[],\"identifiers\":[" PHONE("+86 138 0013 8000") "]"), "bad_request",
		 LT_ERR_BAD_REQUEST, "5", "13800138000"},
		{REC(URL ",\"top_url\":\"javascript:void(0)\",\"identifiers\":[" PHONE("+86 138 0013 8000") "]"),
		 "bad_site", LT_ERR_BAD_SITE, "5", "13800138000"},
	};
	(void)state;
	RUN(t);
}

static void record_title_too_long(void **state)
{
	char *title = repeat('t', 1025), *ok_title = repeat('t', 1024);
	char *req = format(REC(URL ",\"title\":\"%s\",\"identifiers\":[" PHONE("+86 138 0013 8000") "]"), title);
	char *req_ok = format(REC(URL ",\"title\":\"%s\",\"identifiers\":[" PHONE("+86 138 0013 8000") "]"), ok_title);
	err_case c = {NULL, "too_large", LT_ERR_TOO_LARGE, "5", "13800138000"};
	/* 1024 bytes pass the checks and reach the (disabled) keyring */
	err_case c_ok = {NULL, "keyring_unavailable", LT_ERR_KEYRING_UNAVAILABLE, "5", "13800138000"};

	(void)state;
	expect_error_len(req, strlen(req), &c);
	expect_error_len(req_ok, strlen(req_ok), &c_ok);
	free(req);
	free(req_ok);
	free(title);
	free(ok_title);
}

/* A valid record reaches the store, which has no D-Bus: keyring_unavailable,
 * and still no identifier in the answer. "8000x" is read by libphonenumber
 * as the number with an empty extension, so it is valid too. */
static void record_valid_without_keyring(void **state)
{
	static const err_case t[] = {
		{REC("\"url\":\"https://www.example.com/signup?token=abc\",\"capture\":\"signup\",\"title\":\"注册\","
		     "\"identifiers\":[" PHONE("+86 138 0013 8000") "," EMAIL("alice.secret@example.com") "]"),
		 "keyring_unavailable", LT_ERR_KEYRING_UNAVAILABLE, "5", "13800138000"},
		{REC(URL ",\"identifiers\":[" PHONE("+86 138 0013 8000x") "]"), "keyring_unavailable",
		 LT_ERR_KEYRING_UNAVAILABLE, "5", "13800138000"},
		{REC(URL ",\"region\":\"cn\",\"identifiers\":[" PHONE("138 0013 8000") "]"), "keyring_unavailable",
		 LT_ERR_KEYRING_UNAVAILABLE, "5", "13800138000"},
		{REC("\"url\":\"example.com\",\"identifiers\":[" USER("secretname") "],\"unknown\":1"),
		 "keyring_unavailable", LT_ERR_KEYRING_UNAVAILABLE, "5", "secretname"},
	};
	(void)state;
	RUN(t);
}

/* ---- trace, site, list ---- */

static void trace_bad_fields(void **state)
{
	static const err_case t[] = {
		{"{\"action\":\"trace\",\"id\":6}", "bad_request", LT_ERR_BAD_REQUEST, "6", NULL},
		{"{\"action\":\"trace\",\"id\":6,\"query\":13800138000}", "bad_request", LT_ERR_BAD_REQUEST, "6",
		 "13800138000"},
		{"{\"action\":\"trace\",\"id\":6,\"query\":\"+86 138 0013 8000\",\"kind\":\"fax\"}", "bad_request",
		 LT_ERR_BAD_REQUEST, "6", "13800138000"},
		{"{\"action\":\"trace\",\"id\":6,\"query\":\"+86 138 0013 8000\",\"kind\":2}", "bad_request",
		 LT_ERR_BAD_REQUEST, "6", "13800138000"},
		{"{\"action\":\"trace\",\"id\":6,\"query\":\"alice.secret@example.com\",\"since\":\"yesterday\"}",
		 "bad_time", LT_ERR_BAD_TIME, "6", "alice.secret"},
		{"{\"action\":\"trace\",\"id\":6,\"query\":\"alice.secret@example.com\",\"since\":\"2026-13-01\"}",
		 "bad_time", LT_ERR_BAD_TIME, "6", "alice.secret"},
		{"{\"action\":\"trace\",\"id\":6,\"query\":\"alice.secret@example.com\",\"since\":1700000000}",
		 "bad_request", LT_ERR_BAD_REQUEST, "6", "alice.secret"},
		{"{\"action\":\"trace\",\"id\":6,\"query\":\"138 0013 8000\",\"region\":\"China\"}", "bad_region",
		 LT_ERR_BAD_REGION, "6", "13800138000"},
		{"{\"action\":\"trace\",\"id\":6,\"query\":\"alice.secret@example.com\",\"since\":\"2026-11-20\"}",
		 "keyring_unavailable", LT_ERR_KEYRING_UNAVAILABLE, "6", "alice.secret"},
	};
	(void)state;
	RUN(t);
}

static void site_bad_fields(void **state)
{
	static const err_case t[] = {
		{"{\"action\":\"site\",\"id\":4}", "bad_request", LT_ERR_BAD_REQUEST, "4", NULL},
		{"{\"action\":\"site\",\"id\":4,\"site\":4}", "bad_request", LT_ERR_BAD_REQUEST, "4", NULL},
		{"{\"action\":\"site\",\"id\":4,\"site\":\"example.com\"}", "keyring_unavailable",
		 LT_ERR_KEYRING_UNAVAILABLE, "4", NULL},
	};
	(void)state;
	RUN(t);
}

static void list_bad_fields(void **state)
{
	static const err_case t[] = {
		{"{\"action\":\"list\",\"id\":3,\"limit\":0}", "bad_request", LT_ERR_BAD_REQUEST, "3", NULL},
		{"{\"action\":\"list\",\"id\":3,\"limit\":1001}", "bad_request", LT_ERR_BAD_REQUEST, "3", NULL},
		{"{\"action\":\"list\",\"id\":3,\"limit\":-1}", "bad_request", LT_ERR_BAD_REQUEST, "3", NULL},
		{"{\"action\":\"list\",\"id\":3,\"limit\":1.5}", "bad_request", LT_ERR_BAD_REQUEST, "3", NULL},
		{"{\"action\":\"list\",\"id\":3,\"limit\":\"10\"}", "bad_request", LT_ERR_BAD_REQUEST, "3", NULL},
		{"{\"action\":\"list\",\"id\":3,\"limit\":1e10}", "bad_request", LT_ERR_BAD_REQUEST, "3", NULL},
		{"{\"action\":\"list\",\"id\":3,\"limit\":-1e300}", "bad_request", LT_ERR_BAD_REQUEST, "3", NULL},
		{"{\"action\":\"list\",\"id\":3,\"limit\":1e999}", "bad_request", LT_ERR_BAD_REQUEST, "3", NULL},
		{"{\"action\":\"list\",\"id\":3,\"offset\":-1}", "bad_request", LT_ERR_BAD_REQUEST, "3", NULL},
		{"{\"action\":\"list\",\"id\":3,\"offset\":0.5}", "bad_request", LT_ERR_BAD_REQUEST, "3", NULL},
		{"{\"action\":\"list\",\"id\":3,\"offset\":1e20}", "bad_request", LT_ERR_BAD_REQUEST, "3", NULL},
		{"{\"action\":\"list\",\"id\":3,\"site\":[]}", "bad_request", LT_ERR_BAD_REQUEST, "3", NULL},
		{"{\"action\":\"list\",\"id\":3,\"limit\":1000,\"offset\":0}", "keyring_unavailable",
		 LT_ERR_KEYRING_UNAVAILABLE, "3", NULL},
	};
	(void)state;
	RUN(t);
}

/* ---- answers that succeed without a keyring ---- */

static void ping_without_keyring(void **state)
{
	static const char req[] = "{\"action\":\"ping\",\"id\":\"p1\",\"extra\":{\"ignored\":true}}";
	char *text;
	cJSON *resp = handle(req, sizeof req - 1, &text);
	const cJSON *result = cJSON_GetObjectItemCaseSensitive(resp, "result");
	const cJSON *keyring = cJSON_GetObjectItemCaseSensitive(result, "keyring");
	const cJSON *detail = cJSON_GetObjectItemCaseSensitive(result, "keyring_detail");
	const cJSON *version = cJSON_GetObjectItemCaseSensitive(result, "version");
	const cJSON *protocol = cJSON_GetObjectItemCaseSensitive(result, "protocol");

	(void)state;
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(resp, "ok")));
	assert_null(cJSON_GetObjectItemCaseSensitive(resp, "error"));
	expect_id(resp, "\"p1\"");
	assert_true(cJSON_IsString(keyring));
	assert_string_equal(keyring->valuestring, "unavailable");
	assert_true(cJSON_IsString(detail));
	assert_non_null(strstr(detail->valuestring, "DBUS_SESSION_BUS_ADDRESS"));
	assert_true(cJSON_IsString(version));
	assert_string_equal(version->valuestring, LT_VERSION);
	assert_true(cJSON_IsNumber(protocol));
	assert_int_equal(protocol->valueint, LT_PROTOCOL_VERSION);
	cJSON_Delete(resp);
	free(text);
}

static void ping_number_id(void **state)
{
	static const char req[] = "{\"id\":12345,\"action\":\"ping\"}";
	char *text;
	cJSON *resp = handle(req, sizeof req - 1, &text);

	(void)state;
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(resp, "ok")));
	expect_id(resp, "12345");
	cJSON_Delete(resp);
	free(text);
}

static void error_response_outside_request(void **state)
{
	char *text = lt_proto_error_response(LT_ERR_BAD_FRAME);
	cJSON *resp = cJSON_Parse(text);
	const cJSON *err = cJSON_GetObjectItemCaseSensitive(resp, "error");

	(void)state;
	assert_non_null(resp);
	assert_true(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(resp, "ok")));
	expect_id(resp, "null");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(err, "code")->valuestring, "bad_frame");
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(err, "number")->valueint, LT_ERR_BAD_FRAME);
	cJSON_Delete(resp);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bad_utf8),
		cmocka_unit_test(bad_json),
		cmocka_unit_test(too_deep),
		cmocka_unit_test(brackets_in_strings_are_not_nesting),
		cmocka_unit_test(whitespace_around_json),
		cmocka_unit_test(not_an_object),
		cmocka_unit_test(bad_action),
		cmocka_unit_test(id_echoed),
		cmocka_unit_test(bad_id),
		cmocka_unit_test(record_bad_fields),
		cmocka_unit_test(record_bad_identifiers),
		cmocka_unit_test(record_value_too_long),
		cmocka_unit_test(record_bad_options),
		cmocka_unit_test(record_title_too_long),
		cmocka_unit_test(record_valid_without_keyring),
		cmocka_unit_test(trace_bad_fields),
		cmocka_unit_test(site_bad_fields),
		cmocka_unit_test(list_bad_fields),
		cmocka_unit_test(ping_without_keyring),
		cmocka_unit_test(ping_number_id),
		cmocka_unit_test(error_response_outside_request),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
