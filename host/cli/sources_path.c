/* SPDX-License-Identifier: MIT */
/* sources_path.c: where leaktrace-sources is -- the program that runs the
 * commands reading outside data (sources_exec.c says why it is apart):
 * beside this program (the build tree), else in LT_MODULE_DIR, where
 * `make install` puts it. One place for sources_exec.c and doctor. */
#include <stdio.h>
#include <unistd.h>

#include "cli.h"
#include "selfpath.h"

#ifndef LT_MODULE_DIR
#define LT_MODULE_DIR "/usr/local/lib/leaktrace"
#endif

int cli_sources_program(char *path, size_t size)
{
	if (lt_beside_exe(LT_SOURCES_PROGRAM, path, size) == LT_OK && access(path, X_OK) == 0)
		return 0;
	lt_err_clear();
	snprintf(path, size, "%s/%s", LT_MODULE_DIR, LT_SOURCES_PROGRAM);
	return access(path, X_OK);
}
