/* lock.c: flock(2) on one file in the user's runtime directory (lock.h).
 * The file holds nothing and names nothing; only its lock matters. It lives
 * in $XDG_RUNTIME_DIR (per user, tmpfs, mode 0700), falling back to GLib's
 * choice when that is unset. We poll with LOCK_NB so a stuck writer turns
 * into a clear error instead of a browser that hangs. */
#include "lock.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#define LOCK_WAIT_MS 10000

lt_err lt_lock_take(int *fd)
{
	char *path = g_build_filename(g_get_user_runtime_dir(), "leaktrace.lock", NULL);
	int f = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	int waited = 0;

	g_free(path);
	if (f < 0)
		return lt_fail(LT_ERR_LOCK, "cannot open the lock file in the runtime directory: %s", strerror(errno));
	while (flock(f, LOCK_EX | LOCK_NB) != 0) {
		struct timespec ts = {0, 5 * 1000 * 1000};

		if ((errno != EWOULDBLOCK && errno != EINTR) || waited >= LOCK_WAIT_MS) {
			int err = errno;

			close(f);
			return lt_fail(LT_ERR_LOCK, "the lock file stayed busy: %s", strerror(err));
		}
		nanosleep(&ts, NULL);
		waited += 5;
	}
	*fd = f;
	return LT_OK;
}

void lt_lock_release(int fd)
{
	if (fd >= 0) {
		flock(fd, LOCK_UN);
		close(fd);
	}
}
