/* SPDX-License-Identifier: MIT */
/* backup_file.c: reading backup files (backup.h); writing one is outfile.c's.
 *
 * Reading is bounded (LT_BACKUP_FILE_MAX) and takes regular files only, so a
 * FIFO or /dev/zero cannot make the import wait or grow without end. */
#include "backup.h"

#include <errno.h>
#include <fcntl.h>
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
