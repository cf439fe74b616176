/* SPDX-License-Identifier: MIT */
/* userdirs.h: where the desktop keeps the person's files (userdirs.c). */
#ifndef LT_USERDIRS_H
#define LT_USERDIRS_H

#include <stddef.h>

#include "error.h"

/* The Downloads folder, into out (size bytes): xdg-user-dirs' XDG_DOWNLOAD_DIR,
 * else $HOME/Downloads; made (0700) when it does not exist yet. LT_ERR_IO
 * with why when there is no HOME or the folder cannot be had. */
lt_err lt_downloads_dir(char *out, size_t size);

#endif
