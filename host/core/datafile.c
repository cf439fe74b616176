/* datafile.c: finding and reading the shipped data sets (datafile.h). The
 * build tree comes first so tests and `make demo` use the repository's copy;
 * the files are public data, not the person's, so plain files are right. */
#include "datafile.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef LT_DATA_DIR
#define LT_DATA_DIR "/usr/local/share/leaktrace"
#endif
#define DATA_MAX (8 * 1024 * 1024)

/* <dir of the executable>/../data/<name> (the build tree: build/ is beside data/). */
static int beside_exe(const char *name, char *path, size_t size)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	char *slash;

	if (n <= 0)
		return -1;
	exe[n] = '\0';
	if (!(slash = strrchr(exe, '/')))
		return -1;
	*slash = '\0';
	return snprintf(path, size, "%s/../data/%s", exe, name) < (int)size ? 0 : -1;
}

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
	char path[PATH_MAX];
	size_t len = 0;
	char *text = NULL;

	*out = NULL;
	if (beside_exe(name, path, sizeof path) == 0)
		text = slurp(path, &len);
	if (!text && snprintf(path, sizeof path, "%s/%s", LT_DATA_DIR, name) < (int)sizeof path)
		text = slurp(path, &len);
	if (!text)
		return lt_fail(LT_ERR_IO, "the data file %s is missing; reinstall leaktrace", name);
	*out = cJSON_ParseWithLength(text, len);
	free(text);
	return *out ? LT_OK : lt_fail(LT_ERR_CORRUPT_RECORD, "the data file %s is not JSON", name);
}
