/* SPDX-License-Identifier: MIT */
/* grow.c: the one place arrays that fill one element at a time are grown
 * (doubling, overflow-checked, the capacity changed only once realloc succeeded). */
#include "grow.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

lt_err lt_grow(void *arrayp, size_t *cap, size_t n, size_t size, size_t first)
{
	size_t want = *cap ? *cap * 2 : first;
	void *array, *grown;

	if (n < *cap)
		return LT_OK;
	if (want < n + 1 || want < *cap)
		want = n + 1;
	memcpy(&array, arrayp, sizeof array);
	if (size == 0 || want > SIZE_MAX / size || !(grown = realloc(array, want * size)))
		return LT_ERR_NOMEM;
	memcpy(arrayp, &grown, sizeof grown);
	*cap = want;
	return LT_OK;
}
