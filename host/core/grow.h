/* SPDX-License-Identifier: MIT */
/* grow.h: room for one more element in an array that doubles as it fills. */
#ifndef LT_GROW_H
#define LT_GROW_H

#include <stddef.h>

#include "error.h"

/* Ensure *arrayp (an array of `size`-byte elements holding n, with room for *cap)
 * has room for n + 1: the first allocation holds `first`, each later one doubles.
 * On failure the array and *cap are left as they were. arrayp: the address of the
 * array pointer (T **). */
lt_err lt_grow(void *arrayp, size_t *cap, size_t n, size_t size, size_t first);

#endif
