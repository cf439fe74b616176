/* SPDX-License-Identifier: MIT */
/* proto.c: checking a request and dispatching it to the core (proto.h).
 *
 * Each action is a small handler in one table, like a git builtin: it reads
 * its fields from the request object and fills `result`, or returns an error.
 * Everything before the table (UTF-8, nesting depth, JSON, shape, id) is
 * checked once here, so handlers see only well-formed objects. */
#include "proto.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "frame.h"
#include "jsonfield.h"
#include "primitives.h"
#include "proto_actions.h"

#define ID_MAX 128
#define SAFE_INTEGER_MAX 9007199254740991.0 /* 2^53 - 1: every browser number up to it is exact */

typedef lt_err (*handler_fn)(lt_proto *p, const cJSON *req, cJSON *result);

static const struct {
	const char *name;
	handler_fn fn;
} actions[] = {
	{"ping", lt_action_ping}, {"record", lt_action_record}, {"site", lt_action_site},
	{"trace", lt_action_trace}, {"list", lt_action_list}, {"alias", lt_action_alias},
	{"report_login", lt_action_report_login}, {"rotate", lt_action_rotate},
	{"report_login_undo", lt_action_report_login_undo}, {"unlock", lt_action_unlock},
	{"incident", lt_action_incident}, {"alias_base", lt_action_alias_base},
	{"evidence", lt_action_evidence},
};

/* Deepest nesting of arrays and objects outside strings. */
static int json_depth(const char *s, size_t len)
{
	int depth = 0, max = 0, in_str = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		char c = s[i];

		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = 0;
		} else if (c == '"') {
			in_str = 1;
		} else if (c == '[' || c == '{') {
			if (++depth > max)
				max = depth;
		} else if (c == ']' || c == '}') {
			depth--;
		}
	}
	return max;
}

/* The JSON value that is the whole message: cJSON alone stops after the first
 * value and would accept trailing bytes ("{...} garbage", "{...}{...}"). */
static cJSON *parse_whole(const char *msg, size_t len)
{
	const char *end = NULL;
	cJSON *v = cJSON_ParseWithLengthOpts(msg, len, &end, 0);

	while (v && end < msg + len && strchr(" \t\r\n", *end) && *end)
		end++;
	if (v && end != msg + len) {
		cJSON_Delete(v);
		return NULL;
	}
	return v;
}

static cJSON *error_object(lt_err e)
{
	cJSON *o = cJSON_CreateObject();
	const char *detail = lt_err_detail();
	char *msg = detail[0] ? g_strdup_printf("%s: %s", lt_err_message(e), detail) : g_strdup(lt_err_message(e));

	cJSON_AddStringToObject(o, "code", lt_err_name(e));
	cJSON_AddNumberToObject(o, "number", e);
	cJSON_AddStringToObject(o, "message", msg);
	g_free(msg);
	return o;
}

/* Serialise a response; one over the browser's limit becomes a too_large error. */
static char *finish(cJSON *resp, const cJSON *id)
{
	char *text = cJSON_PrintUnformatted(resp);

	cJSON_Delete(resp);
	if (text && strlen(text) > LT_FRAME_MAX_OUT) {
		cJSON *small = cJSON_CreateObject();

		free(text);
		cJSON_AddItemToObject(small, "id", id ? cJSON_Duplicate(id, 1) : cJSON_CreateNull());
		cJSON_AddFalseToObject(small, "ok");
		lt_fail(LT_ERR_TOO_LARGE, "the answer is over the browser's 1 MB limit; ask for fewer (limit, offset)");
		cJSON_AddItemToObject(small, "error", error_object(LT_ERR_TOO_LARGE));
		text = cJSON_PrintUnformatted(small);
		cJSON_Delete(small);
	}
	return text;
}

static char *respond(const cJSON *id, lt_err e, cJSON *result)
{
	cJSON *resp = cJSON_CreateObject();

	cJSON_AddItemToObject(resp, "id", id ? cJSON_Duplicate(id, 1) : cJSON_CreateNull());
	cJSON_AddBoolToObject(resp, "ok", e == LT_OK);
	if (e == LT_OK) {
		cJSON_AddItemToObject(resp, "result", result);
	} else {
		cJSON_Delete(result);
		cJSON_AddItemToObject(resp, "error", error_object(e));
	}
	return finish(resp, id);
}

char *lt_proto_error_response(lt_err e)
{
	return respond(NULL, e, NULL);
}

/* The request's id when it is a string of at most ID_MAX bytes or a safe
 * integer (whole, |id| <= 2^53 - 1, so it comes back exactly as sent), else NULL. */
static const cJSON *request_id(const cJSON *req, lt_err *e)
{
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(req, "id");
	double v = cJSON_IsNumber(id) ? id->valuedouble : 0;

	if (!id || cJSON_IsNull(id))
		return NULL;
	if ((cJSON_IsNumber(id) && v >= -SAFE_INTEGER_MAX && v <= SAFE_INTEGER_MAX && v == (double)(long long)v) ||
	    (cJSON_IsString(id) && strlen(id->valuestring) <= ID_MAX))
		return id;
	*e = lt_fail(LT_ERR_BAD_REQUEST, "id must be a string of at most %d bytes or a whole number of at most 2^53 - 1",
		     ID_MAX);
	return NULL;
}

static lt_err dispatch(lt_proto *p, const cJSON *req, cJSON *result)
{
	const cJSON *action = cJSON_GetObjectItemCaseSensitive(req, "action");
	size_t i;

	if (!cJSON_IsString(action))
		return lt_fail(LT_ERR_BAD_REQUEST, "field action is missing or not a string");
	for (i = 0; i < sizeof actions / sizeof actions[0]; i++)
		if (strcmp(actions[i].name, action->valuestring) == 0)
			return actions[i].fn(p, req, result);
	return lt_fail(LT_ERR_UNKNOWN_ACTION, "known actions: ping, record, site, trace, list, alias, report_login, rotate");
}

/* A password the action did not consume (an error before it) is wiped too. */
static void wipe_password(cJSON *req)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(req, "password");

	if (cJSON_IsString(v))
		lt_wipe(v->valuestring, strlen(v->valuestring));
}

char *lt_proto_handle(lt_proto *p, const char *msg, size_t len)
{
	cJSON *req, *result;
	const cJSON *id;
	lt_err e = LT_OK;
	char *out;

	lt_err_clear();
	if (!g_utf8_validate_len(msg, len, NULL))
		return respond(NULL, LT_ERR_BAD_UTF8, NULL);
	if (json_depth(msg, len) > LT_JSON_MAX_DEPTH)
		return respond(NULL, lt_fail(LT_ERR_BAD_JSON, "nested deeper than %d", LT_JSON_MAX_DEPTH), NULL);
	req = parse_whole(msg, len);
	if (!req)
		return respond(NULL, LT_ERR_BAD_JSON, NULL);
	if (lt_json_has_nul(msg, len)) {
		cJSON_Delete(req);
		return respond(NULL, lt_fail(LT_ERR_BAD_REQUEST, "a string holds a NUL character (\\u0000)"), NULL);
	}
	if (!cJSON_IsObject(req)) {
		cJSON_Delete(req);
		return respond(NULL, lt_fail(LT_ERR_BAD_REQUEST, "a request is a JSON object"), NULL);
	}
	id = request_id(req, &e);
	result = cJSON_CreateObject();
	if (e == LT_OK)
		e = dispatch(p, req, result);
	out = respond(id, e, result);
	wipe_password(req);
	cJSON_Delete(req);
	return out;
}
