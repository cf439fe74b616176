/* SPDX-License-Identifier: MIT */
/* datafile.c: finding and reading the shipped data sets (datafile.h). The
 * build tree comes first so tests and `make demo` use the repository's copy;
 * the files are public data, not the person's, so plain files are right. */
#include "datafile.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "selfpath.h"

#ifndef LT_DATA_DIR
#define LT_DATA_DIR "/usr/local/share/leaktrace"
#endif
#define DATA_MAX (8 * 1024 * 1024)

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;

	if (!f)
		return NULL;
	if (!(buf = malloc(DATA_MAX + 1)) || (*len = fread(buf, 1, DATA_MAX + 1, f)) > DATA_MAX) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

lt_err lt_datafile_json(const char *name, cJSON **out)
{
	char path[PATH_MAX], rel[512];
	size_t len = 0;
	char *text = NULL;

	*out = NULL;
	snprintf(rel, sizeof rel, "../data/%s", name); /* the build tree: build/ is beside data/ */
	if (lt_beside_exe(rel, path, sizeof path) == LT_OK)
		text = slurp(path, &len);
	lt_err_clear();
	if (!text && snprintf(path, sizeof path, "%s/%s", LT_DATA_DIR, name) < (int)sizeof path)
		text = slurp(path, &len);
	if (!text)
		return lt_fail(LT_ERR_IO, "the data file %s is missing; reinstall leaktrace", name);
	*out = cJSON_ParseWithLength(text, len);
	free(text);
	return *out ? LT_OK : lt_fail(LT_ERR_CORRUPT_RECORD, "the data file %s is not JSON", name);
}
