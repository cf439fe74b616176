/* SPDX-License-Identifier: MIT */
/* userdirs.c: the XDG base folders (userdirs.h), and the person's Downloads
 * folder as the desktop names it in $XDG_CONFIG_HOME/user-dirs.dirs
 * (xdg-user-dirs: a line XDG_DOWNLOAD_DIR="$HOME/Downloads", the value
 * "$HOME/..." or absolute, localised on a Chinese desktop as "$HOME/下载"),
 * else ~/Downloads. */
#include "userdirs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int lt_xdg_path(lt_xdg_base base, const char *rel, char *out, size_t size)
{
	const char *xdg = getenv(base == LT_XDG_DATA ? "XDG_DATA_HOME" : "XDG_CONFIG_HOME"), *home = getenv("HOME");
	int n;

	if (xdg && xdg[0] == '/')
		n = snprintf(out, size, "%s/%s", xdg, rel);
	else if (home && *home)
		n = snprintf(out, size, "%s/%s/%s", home, base == LT_XDG_DATA ? ".local/share" : ".config", rel);
	else
		return 0;
	return n >= 0 && (size_t)n < size;
}

/* The value of XDG_DOWNLOAD_DIR in the user-dirs file, expanded, into out; 0 when none. */
static int configured(const char *home, char *out, size_t size)
{
	char path[4096], line[4200];
	FILE *f;
	int got = 0;

	if (!lt_xdg_path(LT_XDG_CONFIG, "user-dirs.dirs", path, sizeof path) || !(f = fopen(path, "re")))
		return 0;
	while (!got && fgets(line, sizeof line, f)) {
		char *v, *end;

		if (strncmp(line, "XDG_DOWNLOAD_DIR=\"", 18) != 0 || !(end = strrchr(line + 18, '"')))
			continue;
		v = line + 18;
		*end = '\0';
		if (strncmp(v, "$HOME/", 6) == 0)
			got = snprintf(out, size, "%s/%s", home, v + 6) < (int)size;
		else if (v[0] == '/')
			got = snprintf(out, size, "%s", v) < (int)size;
	}
	fclose(f);
	return got;
}

lt_err lt_downloads_dir(char *out, size_t size)
{
	const char *home = getenv("HOME");
	struct stat st;

	if (!home || home[0] != '/')
		return lt_fail(LT_ERR_IO, "no home folder (HOME) to find the Downloads folder in");
	if (!configured(home, out, size) && snprintf(out, size, "%s/Downloads", home) >= (int)size)
		return lt_fail(LT_ERR_IO, "the Downloads folder's path is too long");
	if (stat(out, &st) == 0)
		return S_ISDIR(st.st_mode) ? LT_OK : lt_fail(LT_ERR_IO, "the Downloads folder is not a folder");
	if (errno != ENOENT || mkdir(out, 0700) != 0)
		return lt_fail(LT_ERR_IO, "cannot make the Downloads folder: %s", strerror(errno));
	return LT_OK;
}
