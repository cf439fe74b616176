/* SPDX-License-Identifier: MIT */
/* userdirs.h: where the desktop keeps the person's files and settings (userdirs.c). */
#ifndef LT_USERDIRS_H
#define LT_USERDIRS_H

#include <stddef.h>

#include "error.h"

/* The XDG base folders a path is relative to. */
typedef enum { LT_XDG_CONFIG, LT_XDG_DATA } lt_xdg_base;

/* base/rel into out (size bytes): $XDG_CONFIG_HOME or $XDG_DATA_HOME when
 * absolute (the XDG rule: a relative value is ignored), else ~/.config or
 * ~/.local/share. 0 when there is no HOME or the path does not fit. */
int lt_xdg_path(lt_xdg_base base, const char *rel, char *out, size_t size);

/* The Downloads folder, into out (size bytes): xdg-user-dirs' XDG_DOWNLOAD_DIR,
 * else $HOME/Downloads; made (0700) when it does not exist yet. LT_ERR_IO
 * with why when there is no HOME or the folder cannot be had. */
lt_err lt_downloads_dir(char *out, size_t size);

#endif
