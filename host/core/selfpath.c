/* SPDX-License-Identifier: MIT */
/* selfpath.c: paths beside the running program (selfpath.h). */
#include "selfpath.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

lt_err lt_beside_exe(const char *relative, char *out, size_t size)
{
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	char *slash;

	if (n <= 0)
		return lt_fail(LT_ERR_IO, "cannot read /proc/self/exe");
	exe[n] = '\0';
	if (!(slash = strrchr(exe, '/')))
		return lt_fail(LT_ERR_IO, "/proc/self/exe is not an absolute path");
	*slash = '\0';
	if ((size_t)snprintf(out, size, "%s/%s", exe, relative) >= size)
		return lt_fail(LT_ERR_IO, "the path beside the program is too long");
	return LT_OK;
}
