/* SPDX-License-Identifier: MIT */
/* outfile.h: writing a file the user named (a backup, an evidence report)
 * so that nothing is half-written and nothing else is replaced.
 *
 * The content goes to a temporary file in the target's own folder, mode 0600,
 * synced, then renamed into place. An existing target is refused unless
 * `force`; even with force only a regular file is replaced -- never a
 * symlink, a device node, a FIFO or a folder. */
#ifndef LT_OUTFILE_H
#define LT_OUTFILE_H

#include <stddef.h>

#include "error.h"

/* Can `path` be written (before any work is done)? LT_ERR_IO with detail
 * "exists" when it exists and !force, "not a regular file" when it is
 * anything but one, or why its folder cannot take a file. */
lt_err lt_outfile_check(const char *path, int force);

/* Write `len` bytes to `path` as above. Fails like lt_outfile_check (the
 * same details), or LT_ERR_IO with why. Nothing is left behind on failure. */
lt_err lt_outfile_write(const char *path, const void *buf, size_t len, int force);
/* Write a new file in dir named stem.ext, else stem-2.ext ... stem-99.ext,
 * the first that does not exist (nothing is ever replaced); its path into
 * out (size bytes). */
lt_err lt_outfile_write_new(const char *dir, const char *stem, const char *ext, const void *buf, size_t len,
			    char *out, size_t size);

#endif
