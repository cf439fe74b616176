/* backup_file.c: reading and writing backup files (backup.h).
 *
 * Reading is bounded (LT_BACKUP_FILE_MAX) and takes regular files only, so a
 * FIFO or /dev/zero cannot make the import wait or grow without end. Writing
 * goes through a temporary file in the target's own folder (the only place
 * the rename is atomic), created 0600 by mkstemp with a name that says
 * nothing about its content; what it holds is the finished file itself. The
 * final step refuses to replace an existing file unless asked, atomically
 * (renameat2 RENAME_NOREPLACE, or link on file systems without it). */
#include "backup.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static lt_err read_all(int fd, unsigned char *buf, size_t want, size_t *got)
{
	ssize_t n;

	*got = 0;
	/* One byte more than the size, to notice a file that grew meanwhile. */
	while (*got <= want && (n = read(fd, buf + *got, want + 1 - *got)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return lt_fail(LT_ERR_IO, "cannot read the file: %s", strerror(errno));
		*got += (size_t)n;
	}
	return *got == want ? LT_OK : lt_fail(LT_ERR_IO, "the file changed while it was read");
}

lt_err lt_backup_read_file(const char *path, unsigned char **buf, size_t *len)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	unsigned char *data = NULL;
	lt_err e = LT_OK;

	*buf = NULL;
	*len = 0;
	if (fd < 0)
		return lt_fail(LT_ERR_IO, "cannot open the file: %s", strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
		e = lt_fail(LT_ERR_IO, "not a regular file");
	else if ((size_t)st.st_size > LT_BACKUP_FILE_MAX)
		e = lt_fail(LT_ERR_TOO_LARGE, "the file is over %zu MiB, the most a backup may be",
			    LT_BACKUP_FILE_MAX >> 20);
	else if (!(data = malloc((size_t)st.st_size + 2)))
		e = LT_ERR_NOMEM;
	else
		e = read_all(fd, data, (size_t)st.st_size, len);
	close(fd);
	if (e != LT_OK) {
		free(data);
		*len = 0;
		return e;
	}
	data[*len] = '\0';
	*buf = data;
	return LT_OK;
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
	if ((force ? rename(tmp, path) : rename_noreplace(tmp, path)) == 0)
		return LT_OK;
	if (errno == EEXIST)
		return lt_fail(LT_ERR_IO, "exists");
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

lt_err lt_backup_write_file(const char *path, const void *buf, size_t len, int force)
{
	char *copy = strdup(path), *dir = copy ? dirname(copy) : NULL, *tmp = NULL;
	int fd = -1;
	lt_err e = LT_OK;

	if (!copy || asprintf(&tmp, "%s/.leaktrace-XXXXXX", dir) < 0) {
		free(copy);
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
	free(copy);
	return e;
}
