/* SPDX-License-Identifier: MIT */
/* jsonfield.h: reading typed members of a JSON object, and writing nullable
 * strings -- the checks every parser of leaktrace JSON (requests, keyring
 * records, settings) shares. Each takes the error code to fail with, since a
 * bad request (the caller's fault) and a corrupt record (the keyring's) are
 * different errors. */
#ifndef LT_JSONFIELD_H
#define LT_JSONFIELD_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "error.h"
#include "timefmt.h"

/* A string member, borrowed (*out NULL when absent or null and not required).
 * Over `max` bytes fails with LT_ERR_TOO_LARGE. */
lt_err lt_json_string(const cJSON *o, const char *name, int required, size_t max, lt_err code, const char **out);
/* The same, copied (malloc'd) into *out. */
lt_err lt_json_dup(const cJSON *o, const char *name, int required, size_t max, lt_err code, char **out);
/* A required time member, normalised to UTC RFC 3339. */
lt_err lt_json_time(const cJSON *o, const char *name, lt_err code, char buf[LT_TIME_LEN]);
/* The object's "version": a whole number from 1 to INT_MAX, else 0 (absent,
 * not a number, or nothing a format could be). Each reader decides what it
 * accepts; this is the one place the member is read. */
int lt_json_version(const cJSON *o);
/* Add a string member, or null when v is NULL. */
void lt_json_add_nullable(cJSON *o, const char *name, const char *v);

/* Does the JSON text hold a string with an escaped NUL ("\u0000")? cJSON
 * would end that string there: "a@b.co\u0000@evil.co" would be read as
 * "a@b.co". Text of valid JSON only; escapes outside strings cannot occur. */
int lt_json_has_nul(const char *text, size_t len);

/* Does the array hold the string s (NULL or not an array: no)? */
int lt_json_array_has(const cJSON *arr, const char *s);

#endif
