/* SPDX-License-Identifier: MIT */
/* benchclock.h: the clock and the sort every bench helper uses (header-only:
 * each helper is one file built by scripts/bench). */
#ifndef LT_BENCHCLOCK_H
#define LT_BENCHCLOCK_H

#include <time.h>

/* Milliseconds on the monotonic clock. */
static inline double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* For qsort over doubles (medians, percentiles). */
static inline int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

#endif
