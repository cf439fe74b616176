/* SPDX-License-Identifier: MIT */
/* caller.h: which extension started the host, and may it?
 * Chromium-family browsers pass "chrome-extension://ID/" as the first
 * argument; Firefox passes the manifest path and the add-on ID. */
#ifndef LT_CALLER_H
#define LT_CALLER_H

#include "error.h"

#define LT_CHROMIUM_ID "mfbhmookfccdhiccgdjdakbinbdgblde"
#define LT_FIREFOX_ID "leaktrace@leaktrace"

/* LT_OK when the caller named by argv is one of the built-in extension IDs
 * or one listed (comma-separated) in $LEAKTRACE_ALLOWED_EXTENSIONS;
 * LT_ERR_FORBIDDEN_CALLER otherwise, with the reason in the detail. */
lt_err lt_caller_check(int argc, char **argv);

#endif
