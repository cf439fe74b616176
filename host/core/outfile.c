/* SPDX-License-Identifier: MIT */
/* outfile.c: writing a file the user named, whole or not at all (outfile.h).
 *
 * The temporary file lives in the target's own folder (the only place the
 * rename is atomic), created 0600 by mkstemp with a name that says nothing
 * about its content; what it holds is the finished file itself. The final
 * step refuses to replace an existing file unless asked, atomically
 * (renameat2 RENAME_NOREPLACE, or link on file systems without it). With
 * force, the target is looked at with lstat first: rename would replace a
 * symlink or a device node's name as readily as a file, and a person who
 * typed `-o /dev/sda` or followed a planted link meant neither. */
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The folder path names (malloc'd copy, NULL when out of memory). */
static char *folder_of(const char *path)
{
	char *copy = strdup(path), *dir;

	if (!copy)
		return NULL;
	dir = strdup(dirname(copy));
	free(copy);
	return dir;
}

/* What is at path now: LT_OK when nothing is, or a regular file with force. */
static lt_err check_existing(const char *path, int force)
{
	struct stat st;

	if (lstat(path, &st) != 0)
		return errno == ENOENT ? LT_OK : lt_fail(LT_ERR_IO, "cannot look at the file: %s", strerror(errno));
	if (!S_ISREG(st.st_mode))
		return lt_fail(LT_ERR_IO, "not a regular file");
	return force ? LT_OK : lt_fail(LT_ERR_IO, "exists");
}

lt_err lt_outfile_check(const char *path, int force)
{
	char *dir;
	lt_err e;

	if ((e = check_existing(path, force)) != LT_OK)
		return e;
	if (!(dir = folder_of(path)))
		return LT_ERR_NOMEM;
	if (access(dir, W_OK | X_OK) != 0)
		e = lt_fail(LT_ERR_IO, "cannot create a file in the target folder: %s", strerror(errno));
	free(dir);
	return e;
}

static lt_err write_all(int fd, const unsigned char *buf, size_t len)
{
	ssize_t n;

	while (len > 0) {
		if ((n = write(fd, buf, len)) < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return lt_fail(LT_ERR_IO, "cannot write the file: %s", n < 0 ? strerror(errno) : "short write");
		buf += n;
		len -= (size_t)n;
	}
	return fsync(fd) == 0 ? LT_OK : lt_fail(LT_ERR_IO, "cannot write the file: %s", strerror(errno));
}

/* Move tmp to path without replacing an existing file. */
static int rename_noreplace(const char *tmp, const char *path)
{
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP)
		return -1;
	if (link(tmp, path) != 0)
		return -1;
	unlink(tmp);
	return 0;
}

static lt_err place(const char *tmp, const char *path, int force)
{
	lt_err e;

	if (force && (e = check_existing(path, force)) != LT_OK)
		return e;
	if ((force ? rename(tmp, path) : rename_noreplace(tmp, path)) == 0)
		return LT_OK;
	if (errno == EEXIST)
		return check_existing(path, 0);
	return lt_fail(LT_ERR_IO, "cannot put the file in place: %s", strerror(errno));
}

/* Make the rename itself durable. */
static void sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

lt_err lt_outfile_write(const char *path, const void *buf, size_t len, int force)
{
	char *dir = folder_of(path), *tmp = NULL;
	int fd = -1;
	lt_err e = LT_OK;

	if (!dir || asprintf(&tmp, "%s/.leaktrace-XXXXXX", dir) < 0) {
		free(dir);
		return LT_ERR_NOMEM;
	}
	if ((fd = mkstemp(tmp)) < 0)
		e = lt_fail(LT_ERR_IO, "cannot create a file in the target folder: %s", strerror(errno));
	else if (fchmod(fd, 0600) != 0)
		e = lt_fail(LT_ERR_IO, "cannot make the file private: %s", strerror(errno));
	else
		e = write_all(fd, buf, len);
	if (fd >= 0 && close(fd) != 0 && e == LT_OK)
		e = lt_fail(LT_ERR_IO, "cannot write the file: %s", strerror(errno));
	if (e == LT_OK && (e = place(tmp, path, force)) == LT_OK)
		sync_dir(dir);
	if (e != LT_OK && fd >= 0)
		unlink(tmp);
	free(tmp);
	free(dir);
	return e;
}

lt_err lt_outfile_write_new(const char *dir, const char *stem, const char *ext, const void *buf, size_t len,
			    char *out, size_t size)
{
	lt_err e = LT_ERR_IO;

	for (int n = 1; n < 100; n++) {
		int w = n == 1 ? snprintf(out, size, "%s/%s.%s", dir, stem, ext)
			       : snprintf(out, size, "%s/%s-%d.%s", dir, stem, n, ext);

		if (w < 0 || (size_t)w >= size)
			return lt_fail(LT_ERR_IO, "the file's path is too long");
		e = lt_outfile_write(out, buf, len, 0);
		if (e != LT_ERR_IO || strcmp(lt_err_detail(), "exists") != 0)
			return e;
	}
	return lt_fail(LT_ERR_IO, "too many files of that name already");
}
