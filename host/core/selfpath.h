/* SPDX-License-Identifier: MIT */
/* selfpath.h: paths beside the running program. The programs find what they
 * ship with (the phone module, the data files, leaktrace-host) relative to
 * their own executable first, so the build tree works without installing. */
#ifndef LT_SELFPATH_H
#define LT_SELFPATH_H

#include <stddef.h>

#include "error.h"

/* "<directory of /proc/self/exe>/<relative>" into out (size bytes).
 * LT_ERR_IO when the executable's path cannot be read or does not fit. */
lt_err lt_beside_exe(const char *relative, char *out, size_t size);

#endif
