/* SPDX-License-Identifier: MIT */
/* lock.c: flock(2) on one file in the user's runtime directory (lock.h).
 * The file holds nothing and names nothing; only its lock matters. It lives
 * in $XDG_RUNTIME_DIR (per user, tmpfs, mode 0700). When that is unset (a
 * terminal over ssh, a cron job) the folder it would have named is used,
 * /run/user/UID, so such a writer still shares the lock with a browser's
 * host started in the desktop session; without that folder, the user's cache
 * folder. When it is set to a folder that does not exist, the error says so:
 * a lock taken elsewhere would not be shared. We poll with LOCK_NB so a stuck
 * writer turns into a clear error instead of a browser that hangs. The lock
 * is reentrant within the process (a depth count on the one descriptor): a
 * writer holding it may call a step that takes it too, such as making the
 * attribute key. The file's mtime is the time of the last keyring write made
 * under the lock whose consequences (KeePassXC's save) have not yet been seen
 * to pass, or the epoch when none is pending (lt_lock_mark_write,
 * lt_lock_mark_settled), so that writers in other processes can pace
 * themselves after it (pace.c). A change of that mtime is also progress:
 * the 10 s wait for the lock counts from the last one, so writers queued
 * behind a paced provider wait their turn while a stuck writer (no write,
 * no settling) still turns into an error after 10 s. */
#include "lock.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <string.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define LOCK_WAIT_MS 10000

/* The folder of the lock file (g_free it), as said above. */
static lt_err lock_folder(char **dir)
{
	const char *runtime = getenv("XDG_RUNTIME_DIR");
	char systemd[64];
	struct stat st;

	if (runtime && *runtime) {
		if (stat(runtime, &st) != 0)
			return lt_fail(LT_ERR_IO, "the runtime folder %s (XDG_RUNTIME_DIR) cannot be used: %s; "
				       "fix or unset XDG_RUNTIME_DIR", runtime, strerror(errno));
		if (!S_ISDIR(st.st_mode))
			return lt_fail(LT_ERR_IO, "the runtime folder %s (XDG_RUNTIME_DIR) is not a folder; "
				       "fix or unset XDG_RUNTIME_DIR", runtime);
		*dir = g_strdup(runtime);
		return LT_OK;
	}
	snprintf(systemd, sizeof systemd, "/run/user/%u", (unsigned)getuid());
	if (stat(systemd, &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == getuid()) {
		*dir = g_strdup(systemd);
		return LT_OK;
	}
	*dir = g_strdup(g_get_user_cache_dir());
	if (g_mkdir_with_parents(*dir, 0700) != 0) {
		lt_err e = lt_fail(LT_ERR_IO, "cannot make the folder %s for the lock file: %s", *dir, strerror(errno));

		g_free(*dir);
		return e;
	}
	return LT_OK;
}

static int held_fd = -1;
static unsigned held_depth;

static lt_err lock_file(int *fd);

lt_err lt_lock_take(int *fd)
{
	lt_err e;

	if (held_depth > 0) {
		held_depth++;
		*fd = held_fd;
		return LT_OK;
	}
	if ((e = lock_file(fd)) == LT_OK) {
		held_fd = *fd;
		held_depth = 1;
	}
	return e;
}

static lt_err lock_file(int *fd)
{
	char *dir = NULL, *path;
	int f, waited = 0;
	struct timespec seen = {0, 0};
	lt_err e = lock_folder(&dir);

	if (e != LT_OK)
		return e;
	path = g_build_filename(dir, "leaktrace.lock", NULL);
	f = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	g_free(path);
	g_free(dir);
	if (f < 0)
		return lt_fail(LT_ERR_LOCK, "cannot open the lock file in the runtime directory: %s", strerror(errno));
	while (flock(f, LOCK_EX | LOCK_NB) != 0) {
		struct timespec ts = {0, 5 * 1000 * 1000};
		struct stat st;

		if (fstat(f, &st) == 0 && (st.st_mtim.tv_sec != seen.tv_sec || st.st_mtim.tv_nsec != seen.tv_nsec)) {
			if (seen.tv_sec || seen.tv_nsec)
				waited = 0; /* the holder made progress */
			seen = st.st_mtim;
		}

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
	if (fd < 0 || fd != held_fd || --held_depth > 0)
		return;
	held_fd = -1;
	flock(fd, LOCK_UN);
	close(fd);
}

void lt_lock_mark_write(void)
{
	if (held_fd >= 0)
		futimens(held_fd, NULL);
}

int64_t lt_lock_last_write_ms(void)
{
	struct stat st;

	if (held_fd < 0 || fstat(held_fd, &st) != 0)
		return 0;
	return (int64_t)st.st_mtim.tv_sec * 1000 + st.st_mtim.tv_nsec / 1000000;
}

void lt_lock_mark_settled(void)
{
	struct timespec epoch[2] = {{0, UTIME_OMIT}, {0, 0}};

	if (held_fd >= 0)
		futimens(held_fd, epoch);
}
