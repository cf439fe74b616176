/* SPDX-License-Identifier: MIT */
/* test_deadline.c: the bound on a keyring call (host/core/deadline.c): a call
 * that returns in time is left alone, one that does not is cancelled once the
 * limit has passed (and only then), the watchdog serves call after call, and
 * LEAKTRACE_KEYRING_TIMEOUT is read or refused with the reason; the lock is
 * reentrant within the process (host/core/lock.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "deadline.h"
#include "lock.h"

static void in_time_is_not_cancelled(void **state)
{
	(void)state;
	for (int i = 0; i < 100; i++) {
		GCancellable *c = lt_deadline_arm(1);

		assert_false(g_cancellable_is_cancelled(c));
		assert_int_equal(lt_deadline_disarm(c), 0);
	}
}

static void late_is_cancelled_after_the_limit(void **state)
{
	GCancellable *c;
	gint64 t0 = g_get_monotonic_time();
	int waited_ms = 0;

	(void)state;
	c = lt_deadline_arm(1);
	g_object_ref(c);
	while (!g_cancellable_is_cancelled(c) && waited_ms < 5000) {
		g_usleep(10000);
		waited_ms += 10;
	}
	assert_true(g_cancellable_is_cancelled(c));
	assert_true(g_get_monotonic_time() - t0 >= G_USEC_PER_SEC);
	assert_int_equal(lt_deadline_disarm(c), 1);
	g_object_unref(c);
	/* the next call starts afresh */
	c = lt_deadline_arm(1);
	assert_false(g_cancellable_is_cancelled(c));
	assert_int_equal(lt_deadline_disarm(c), 0);
}

static void timeout_from_the_environment(void **state)
{
	static const char *const bad[] = {"0", "-1", "301", "5s", "1.5", " 5", "x"};
	int s = 0;

	(void)state;
	unsetenv("LEAKTRACE_KEYRING_TIMEOUT");
	assert_int_equal(lt_deadline_seconds(&s), LT_OK);
	assert_int_equal(s, LT_DEADLINE_DEFAULT_S);
	setenv("LEAKTRACE_KEYRING_TIMEOUT", "12", 1);
	assert_int_equal(lt_deadline_seconds(&s), LT_OK);
	assert_int_equal(s, 12);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		setenv("LEAKTRACE_KEYRING_TIMEOUT", bad[i], 1);
		assert_int_equal(lt_deadline_seconds(&s), LT_ERR_BAD_SETTING);
		assert_non_null(strstr(lt_err_detail(), "LEAKTRACE_KEYRING_TIMEOUT"));
	}
	unsetenv("LEAKTRACE_KEYRING_TIMEOUT");
}

static void lock_is_reentrant(void **state)
{
	char dir[] = "/tmp/lt-lock-XXXXXX";
	int outer, inner, again;

	(void)state;
	assert_non_null(mkdtemp(dir));
	setenv("XDG_RUNTIME_DIR", dir, 1);
	assert_int_equal(lt_lock_take(&outer), LT_OK);
	assert_int_equal(lt_lock_take(&inner), LT_OK); /* would wait 10 s and fail if not reentrant */
	assert_int_equal(inner, outer);
	lt_lock_release(inner);
	lt_lock_release(outer);
	assert_int_equal(lt_lock_take(&again), LT_OK);
	lt_lock_release(again);
	g_autofree char *path = g_build_filename(dir, "leaktrace.lock", NULL);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(in_time_is_not_cancelled),
		cmocka_unit_test(late_is_cancelled_after_the_limit),
		cmocka_unit_test(timeout_from_the_environment),
		cmocka_unit_test(lock_is_reentrant),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
