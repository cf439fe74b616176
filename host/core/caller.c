/* SPDX-License-Identifier: MIT */
/* caller.c: the caller check (caller.h). The list is short and read once per
 * start, so a linear scan of a comma-separated string is all it needs. */
#include "caller.h"

#include <stdlib.h>
#include <string.h>

#define ORIGIN_PREFIX "chrome-extension://"

/* Is id (of length n) an element of the comma-separated list? */
static int in_list(const char *list, const char *id, size_t n)
{
	while (list && *list) {
		const char *end = strchr(list, ',');
		size_t len = end ? (size_t)(end - list) : strlen(list);

		if (len == n && strncmp(list, id, n) == 0)
			return 1;
		list = end ? end + 1 : NULL;
	}
	return 0;
}

static int allowed(const char *id, size_t n)
{
	return in_list(LT_CHROMIUM_ID "," LT_FIREFOX_ID, id, n) ||
	       in_list(getenv("LEAKTRACE_ALLOWED_EXTENSIONS"), id, n);
}

lt_err lt_caller_check(int argc, char **argv)
{
	const char *id;
	size_t n;

	if (argc >= 2 && strncmp(argv[1], ORIGIN_PREFIX, strlen(ORIGIN_PREFIX)) == 0) {
		id = argv[1] + strlen(ORIGIN_PREFIX);
		n = strcspn(id, "/");
	} else if (argc >= 3) {
		id = argv[2];
		n = strlen(id);
	} else {
		return lt_fail(LT_ERR_FORBIDDEN_CALLER,
			       "leaktrace-host is started by the browser; no extension origin was given");
	}
	if (n == 0 || !allowed(id, n))
		return lt_fail(LT_ERR_FORBIDDEN_CALLER, "extension %.*s is not allowed to use leaktrace",
			       (int)(n > 64 ? 64 : n), id);
	return LT_OK;
}
