/* SPDX-License-Identifier: MIT */
/* jsonfield.c: typed JSON members (jsonfield.h). */
#include "jsonfield.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

lt_err lt_json_string(const cJSON *o, const char *name, int required, size_t max, lt_err code, const char **out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	*out = NULL;
	if (!v || cJSON_IsNull(v))
		return required ? lt_fail(code, "field %s is missing", name) : LT_OK;
	if (!cJSON_IsString(v))
		return lt_fail(code, "field %s must be a string", name);
	if (strlen(v->valuestring) > max)
		return lt_fail(LT_ERR_TOO_LARGE, "field %s is over %zu bytes", name, max);
	*out = v->valuestring;
	return LT_OK;
}

lt_err lt_json_dup(const cJSON *o, const char *name, int required, size_t max, lt_err code, char **out)
{
	const char *s;
	lt_err e = lt_json_string(o, name, required, max, code, &s);

	*out = NULL;
	if (e != LT_OK || !s)
		return e;
	*out = strdup(s);
	return *out ? LT_OK : LT_ERR_NOMEM;
}

lt_err lt_json_time(const cJSON *o, const char *name, lt_err code, char buf[LT_TIME_LEN])
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	time_t t;

	if (!cJSON_IsString(v) || lt_time_parse(v->valuestring, &t) != LT_OK)
		return lt_fail(code, "field %s is not a time", name);
	lt_time_format(t, buf);
	return LT_OK;
}

void lt_json_add_nullable(cJSON *o, const char *name, const char *v)
{
	if (v)
		cJSON_AddStringToObject(o, name, v);
	else
		cJSON_AddNullToObject(o, name);
}

int lt_json_version(const cJSON *o)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "version");

	if (!cJSON_IsNumber(v) || !(v->valuedouble >= 1 && v->valuedouble <= INT_MAX) ||
	    v->valuedouble != (int)v->valuedouble)
		return 0;
	return (int)v->valuedouble;
}

int lt_json_has_nul(const char *s, size_t len)
{
	size_t i;
	int in_str = 0;

	for (i = 0; i < len; i++) {
		if (!in_str) {
			in_str = s[i] == '"';
		} else if (s[i] == '"') {
			in_str = 0;
		} else if (s[i] == '\\' && i + 1 < len) {
			if (s[i + 1] == 'u' && i + 5 < len && strncmp(s + i + 2, "0000", 4) == 0)
				return 1;
			i++; /* the escaped character, a backslash or quote included */
		}
	}
	return 0;
}

int lt_json_array_has(const cJSON *arr, const char *s)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, arr)
		if (cJSON_IsString(it) && strcmp(it->valuestring, s) == 0)
			return 1;
	return 0;
}
