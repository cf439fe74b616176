/* SPDX-License-Identifier: MIT */
/* deadline.h: a bound on how long one keyring call may block.
 *
 * libsecret's synchronous calls take no timeout (GDBus waits 25 s by default,
 * and for ever on a bus that accepts and never answers), but they all take a
 * GCancellable. lt_deadline_arm returns one that a watchdog thread cancels
 * when the call has not returned within the limit; lt_deadline_disarm says
 * whether that happened. One call at a time per process (the core is single
 * threaded). The limit is LEAKTRACE_KEYRING_TIMEOUT seconds (1 to 300),
 * LT_DEADLINE_DEFAULT_S when unset. */
#ifndef LT_DEADLINE_H
#define LT_DEADLINE_H

#include <gio/gio.h>

#include "error.h"

#define LT_DEADLINE_DEFAULT_S 5
#define LT_DEADLINE_MAX_S 300

/* The limit in seconds; LT_ERR_BAD_REQUEST (with the reason) for a bad
 * LEAKTRACE_KEYRING_TIMEOUT. */
lt_err lt_deadline_seconds(int *seconds);

/* A cancellable that fires `seconds` from now (caller passes it to one call). */
GCancellable *lt_deadline_arm(int seconds);
/* Stop the watchdog for c and release c; 1 when the deadline had passed. */
int lt_deadline_disarm(GCancellable *c);

#endif
