/* SPDX-License-Identifier: MIT */
/* imap_utf7.h: folder names as IMAP sends them (modified UTF-7, RFC 3501
 * 5.1.3: "&V4NXPpCuTvY-" is 垃圾邮件) decoded to UTF-8 for matching and display;
 * the raw name is what goes back to the server. */
#ifndef LT_IMAP_UTF7_H
#define LT_IMAP_UTF7_H

#include <stddef.h>

#include "error.h"

/* Decode name[0..len) into out (NUL-terminated). LT_ERR_BAD_UTF8 when it is
 * not modified UTF-7, LT_ERR_TOO_LARGE when out is too small. */
lt_err lt_imap_utf7_decode(const char *name, size_t len, char *out, size_t size);

#endif
