/* SPDX-License-Identifier: MIT */
/* primitives.h: wiping secrets, random bytes and SHA-256, for every program.
 * They come from glibc, the kernel and GLib, which every program loads anyway,
 * so that only the backup's sealing (backup_seal.c) needs OpenSSL and the
 * programs without it start without libcrypto. */
#ifndef LT_PRIMITIVES_H
#define LT_PRIMITIVES_H

#include <stddef.h>

#include "error.h"

#define LT_SHA256_HEX 65 /* 64 hex digits and NUL */

/* Zero n bytes at p in a way the compiler keeps. */
void lt_wipe(void *p, size_t n);
/* n bytes from the kernel's random source (getrandom). */
lt_err lt_random(void *buf, size_t n);
/* SHA-256 of data in lowercase hex, NUL-terminated. */
void lt_sha256_hex(const void *data, size_t len, char out[LT_SHA256_HEX]);

#endif
