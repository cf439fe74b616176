/* SPDX-License-Identifier: MIT */
/* deadline.c: the watchdog behind deadline.h. One thread per process, started
 * on first use, sleeps on a condition variable until the armed call's
 * deadline and cancels it then; arming and disarming only take a mutex, so a
 * call that answers in time costs no thread start and no extra wake-up. */
#include "deadline.h"

#include <errno.h>
#include <stdlib.h>

static struct {
	GMutex mutex;
	GCond cond;
	GCancellable *armed; /* the call being watched, or NULL */
	gint64 deadline;     /* monotonic microseconds */
	int fired;
} wd;

lt_err lt_deadline_seconds(int *seconds)
{
	const char *v = getenv("LEAKTRACE_KEYRING_TIMEOUT");
	char *end;
	long n;

	*seconds = LT_DEADLINE_DEFAULT_S;
	if (!v || !*v)
		return LT_OK;
	errno = 0;
	n = strtol(v, &end, 10);
	if (!g_ascii_isdigit(*v) || errno || *end || n < 1 || n > LT_DEADLINE_MAX_S)
		return lt_fail(LT_ERR_BAD_SETTING, "LEAKTRACE_KEYRING_TIMEOUT must be whole seconds from 1 to %d",
			       LT_DEADLINE_MAX_S);
	*seconds = (int)n;
	return LT_OK;
}

static gpointer watchdog(gpointer unused)
{
	(void)unused;
	g_mutex_lock(&wd.mutex);
	for (;;) {
		if (!wd.armed)
			g_cond_wait(&wd.cond, &wd.mutex);
		else if (!g_cond_wait_until(&wd.cond, &wd.mutex, wd.deadline) && wd.armed &&
			 g_get_monotonic_time() >= wd.deadline) {
			g_cancellable_cancel(wd.armed);
			wd.fired = 1;
			g_clear_object(&wd.armed);
		}
	}
	return NULL;
}

static gpointer start_watchdog(gpointer unused)
{
	(void)unused;
	g_thread_unref(g_thread_new("lt-deadline", watchdog, NULL));
	return NULL;
}

GCancellable *lt_deadline_arm(int seconds)
{
	static GOnce once = G_ONCE_INIT;
	GCancellable *c = g_cancellable_new();

	g_once(&once, start_watchdog, NULL);
	g_mutex_lock(&wd.mutex);
	g_clear_object(&wd.armed);
	wd.armed = g_object_ref(c);
	wd.deadline = g_get_monotonic_time() + (gint64)seconds * G_USEC_PER_SEC;
	wd.fired = 0;
	g_cond_signal(&wd.cond);
	g_mutex_unlock(&wd.mutex);
	return c;
}

int lt_deadline_disarm(GCancellable *c)
{
	int fired;

	g_mutex_lock(&wd.mutex);
	fired = wd.fired || g_cancellable_is_cancelled(c);
	if (wd.armed == c)
		g_clear_object(&wd.armed);
	wd.fired = 0;
	g_mutex_unlock(&wd.mutex);
	g_object_unref(c);
	return fired;
}
