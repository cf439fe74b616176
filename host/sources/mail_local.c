/* SPDX-License-Identifier: MIT */
/* mail_local.c: mail stored on this machine -- Maildir folders, mbox files,
 * Thunderbird profiles, one .eml -- read into a scan (mail_feed.h).
 *
 * Only header blocks are read, each bounded by LT_MAIL_HEADER_MAX: a Maildir
 * file is read up to its first empty line; an mbox is streamed through a
 * fixed buffer, body lines looked at only for the next "From " line (a
 * 10 MB message costs a pass over its bytes, never 10 MB of memory).
 * mbox rules: a message starts at a "From " line at the start of the file or
 * after an empty line; Thunderbird's X-Mozilla-Status expunged flag (0x0008)
 * marks a message deleted but not yet compacted away: skipped.
 * Positions (kept per folder by the scan) make a rescan of an unchanged
 * folder cheap: a Maildir's position is its new/ and cur/ directories'
 * modification times (any delivery, move or flag change touches them); an
 * mbox's is its inode and the offset after the last message read, used when
 * the file still starts a message there (Thunderbird's compaction rewrites
 * the file: a new inode, read again whole). Reading again is always safe:
 * the scan counts each message once. */
#include "mail_local.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define LINE_MAX_READ 8192

/* ---- one header block ---- */

/* The end of the header block in buf[0..n): the offset after its empty line; 0 when not there. */
static size_t block_end(const char *buf, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++) {
		if (buf[i] != '\n')
			continue;
		if (buf[i + 1] == '\n')
			return i + 2;
		if (buf[i + 1] == '\r' && i + 2 < n && buf[i + 2] == '\n')
			return i + 3;
	}
	return 0;
}

lt_err lt_mail_read_block(int fd, char **block, size_t *len, int *truncated)
{
	size_t cap = 16384, n = 0, end = 0;
	char *buf = malloc(cap);
	ssize_t got;

	*truncated = 0;
	*block = NULL;
	*len = 0;
	if (!buf)
		return LT_ERR_NOMEM;
	for (;;) {
		if (n == cap) {
			char *grown;

			if (cap >= LT_MAIL_HEADER_MAX) {
				*truncated = 1;
				break;
			}
			cap = cap * 4 > LT_MAIL_HEADER_MAX ? LT_MAIL_HEADER_MAX : cap * 4;
			if (!(grown = realloc(buf, cap))) {
				free(buf);
				return LT_ERR_NOMEM;
			}
			buf = grown;
		}
		got = read(fd, buf + n, cap - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			free(buf);
			return lt_fail(LT_ERR_IO, "cannot read a mail file: %s", strerror(errno));
		}
		if (got == 0)
			break;
		end = block_end(buf, n + (size_t)got);
		n += (size_t)got;
		if (end)
			break;
	}
	*block = buf;
	*len = end ? end : n;
	return LT_OK;
}

static lt_err feed_block(lt_mail_scan *scan, const lt_mail_source *src, const char *block, size_t len, int truncated,
			 const char *folder, int junk, const char *key, time_t arrived)
{
	lt_mail_msg m = {.header = block,
			 .header_len = len,
			 .header_truncated = truncated,
			 .folder = folder,
			 .folder_junk = junk,
			 .key = key,
			 .arrived = arrived};

	return lt_mail_scan_message(scan, src, &m);
}

lt_err lt_mail_read_eml(lt_mail_scan *scan, const lt_mail_source *src, const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	char *block;
	size_t len;
	int truncated;
	lt_err e;

	if (fd < 0)
		return lt_fail(LT_ERR_IO, "cannot open the mail file: %s", strerror(errno));
	e = lt_mail_read_block(fd, &block, &len, &truncated);
	close(fd);
	if (e == LT_OK)
		e = feed_block(scan, src, block, len, truncated, NULL, 0, path, 0);
	free(block);
	return e;
}

/* ---- Maildir ---- */

typedef struct {
	lt_mail_scan *scan;
	lt_mail_progress prog;
	void *pctx;
} progress;

static void step(progress *p)
{
	size_t done = lt_mail_scan_count(p->scan);

	if (done % 500 == 0 && p->prog)
		p->prog(done, 0, p->pctx);
}

static int is_maildir(const char *path)
{
	char sub[4400];
	struct stat st;

	snprintf(sub, sizeof sub, "%s/cur", path);
	return stat(sub, &st) == 0 && S_ISDIR(st.st_mode);
}

static long long dir_mtime(const char *path, const char *sub)
{
	char p[4400];
	struct stat st;

	snprintf(p, sizeof p, "%s/%s", path, sub);
	return stat(p, &st) == 0 ? (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec : -1;
}

static lt_err read_maildir_sub(lt_mail_scan *scan, const lt_mail_source *src, const char *path, const char *sub,
			       const char *folder, int junk, progress *p)
{
	char dirp[4400];
	DIR *d;
	struct dirent *de;
	lt_err e = LT_OK;
	int dfd;

	snprintf(dirp, sizeof dirp, "%s/%s", path, sub);
	if (!(d = opendir(dirp)))
		return errno == ENOENT ? LT_OK : lt_fail(LT_ERR_IO, "cannot read a Maildir folder: %s", strerror(errno));
	dfd = dirfd(d);
	while (e == LT_OK && (de = readdir(d))) {
		char *block;
		size_t len;
		int truncated, fd;

		if (de->d_name[0] == '.')
			continue;
		if ((fd = openat(dfd, de->d_name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0)
			continue; /* gone since the listing (moved by the mail client): read next time */
		e = lt_mail_read_block(fd, &block, &len, &truncated);
		close(fd);
		/* No arrival time from the unique name: a sync tool (mbsync, offlineimap)
		 * names files by the time it copied them, not when the mail came. */
		if (e == LT_OK)
			e = feed_block(scan, src, block, len, truncated, folder, junk, de->d_name, 0);
		free(block);
		step(p);
	}
	closedir(d);
	return e;
}

/* One Maildir folder (cur/ and new/), unless its position says it has not changed. */
static lt_err read_maildir_folder(lt_mail_scan *scan, const lt_mail_source *src, const char *path, const char *folder,
				  progress *p)
{
	char pos[64];
	const char *was = NULL;
	int junk = lt_mail_folder_is_junk(folder);
	lt_err e;

	snprintf(pos, sizeof pos, "%lld:%lld", dir_mtime(path, "new"), dir_mtime(path, "cur"));
	if ((e = lt_mail_scan_position(scan, src, folder, &was)) != LT_OK)
		return e;
	if (was && strcmp(was, pos) == 0)
		return LT_OK;
	if ((e = read_maildir_sub(scan, src, path, "new", folder, junk, p)) == LT_OK &&
	    (e = read_maildir_sub(scan, src, path, "cur", folder, junk, p)) == LT_OK)
		e = lt_mail_scan_set_position(scan, src, folder, pos);
	return e;
}

/* A Maildir and its Maildir++ subfolders (".Junk", ".Sent", ".Archive.2024"). */
lt_err lt_mail_read_maildir(lt_mail_scan *scan, const lt_mail_source *src, const char *path, const char *folder,
			    lt_mail_progress prog, void *pctx)
{
	progress p = {scan, prog, pctx};
	DIR *d;
	struct dirent *de;
	lt_err e;

	if (!is_maildir(path))
		return lt_fail(LT_ERR_BAD_FILE, "not a Maildir (no cur/ folder)");
	if ((e = read_maildir_folder(scan, src, path, folder, &p)) != LT_OK || !(d = opendir(path)))
		return e;
	while (e == LT_OK && (de = readdir(d))) {
		char sub[4096 + 256];

		if (de->d_name[0] != '.' || strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(sub, sizeof sub, "%s/%s", path, de->d_name);
		if (is_maildir(sub))
			e = read_maildir_folder(scan, src, sub, de->d_name + 1, &p);
	}
	closedir(d);
	return e;
}

/* ---- mbox ---- */

/* The mbox read through one buffer of our own: lines found with memchr, the
 * file offset of each kept by counting (ftello costs a system call a line,
 * which made the mbox reader half as fast as the Maildir one). */
#define MBOX_BUF (1 << 16)

typedef struct {
	int fd;
	char buf[MBOX_BUF];
	size_t start, end; /* the unread bytes: buf[start..end) */
	off_t base;        /* file offset of buf[0] */
	int eof, failed;
	const char *line;  /* the current line or piece, in buf */
	size_t len;        /* of line */
	int whole;         /* line ends with '\n' (else a piece of a longer line) */
	int at_start;      /* line starts a line of the file */
	off_t off;         /* file offset of line */
} mbox_in;

static void mbox_seek(mbox_in *in, off_t off)
{
	in->start = in->end = 0;
	in->base = lseek(in->fd, off, SEEK_SET) == off ? off : 0;
	if (in->base != off)
		lseek(in->fd, 0, SEEK_SET);
	in->eof = 0;
	in->whole = 1;
}

/* Move the unread bytes to the front and read more after them. */
static void refill(mbox_in *in)
{
	ssize_t got;

	if (in->start > 0) {
		memmove(in->buf, in->buf + in->start, in->end - in->start);
		in->base += (off_t)in->start;
		in->end -= in->start;
		in->start = 0;
	}
	do
		got = read(in->fd, in->buf + in->end, MBOX_BUF - in->end);
	while (got < 0 && errno == EINTR);
	if (got < 0)
		in->failed = 1;
	if (got <= 0)
		in->eof = 1;
	else
		in->end += (size_t)got;
}

/* The next line or piece of one (at most LINE_MAX_READ bytes); 0 at the end of the file. */
static int next_line(mbox_in *in)
{
	const char *nl = NULL;
	size_t avail;

	in->at_start = in->whole;
	for (;;) {
		avail = in->end - in->start;
		nl = memchr(in->buf + in->start, '\n', avail < LINE_MAX_READ ? avail : LINE_MAX_READ);
		if (nl || avail >= LINE_MAX_READ || in->eof)
			break;
		refill(in);
	}
	if (avail == 0)
		return 0;
	in->line = in->buf + in->start;
	in->len = nl ? (size_t)(nl - in->line) + 1 : (avail < LINE_MAX_READ ? avail : LINE_MAX_READ);
	in->whole = nl != NULL;
	in->off = in->base + (off_t)in->start;
	in->start += in->len;
	return 1;
}

static int is_from_line(const mbox_in *in)
{
	return in->at_start && in->len >= 5 && memcmp(in->line, "From ", 5) == 0;
}

static int blank(const mbox_in *in)
{
	return in->at_start && ((in->len == 1 && in->line[0] == '\n') ||
				(in->len == 2 && in->line[0] == '\r' && in->line[1] == '\n'));
}

/* Thunderbird's X-Mozilla-Status: 0x0008 is "expunged". */
static int expunged(const char *block, size_t len)
{
	const char *p = len > 17 && strncmp(block, "X-Mozilla-Status:", 17) == 0
				? block - 1
				: g_strstr_len(block, (gssize)len, "\nX-Mozilla-Status:");

	return p && (strtoul(p + 18, NULL, 16) & 0x0008u);
}

/* Thunderbird's keywords: "junk" among them. */
static int junk_keyword(const char *block, size_t len)
{
	const char *p = g_strstr_len(block, (gssize)len, "\nX-Mozilla-Keys:");
	const char *eol = p ? memchr(p + 1, '\n', len - (size_t)(p + 1 - block)) : NULL;
	char keys[512];
	size_t n;

	if (!p || !eol || (n = (size_t)(eol - p - 16)) >= sizeof keys)
		return 0;
	memcpy(keys, p + 16, n);
	keys[n] = '\0';
	return strcasestr(keys, "junk") != NULL;
}

/* Read one message's header block, the From_ line already read; stop at the next From_ line. */
static lt_err mbox_message(mbox_in *in, lt_mail_scan *scan, const lt_mail_source *src, const char *path,
			   const char *folder, int junk, off_t start, int *more)
{
	GString *b = g_string_sized_new(4096);
	int truncated = 0, in_header = 1, prev_blank = 0;
	char key[LT_MAIL_KEY_MAX];
	lt_err e = LT_OK;

	*more = 0;
	while (next_line(in)) {
		if (in_header) {
			if (blank(in))
				in_header = 0;
			if (b->len + in->len <= LT_MAIL_HEADER_MAX)
				g_string_append_len(b, in->line, (gssize)in->len);
			else
				truncated = 1;
			prev_blank = !in_header;
			continue;
		}
		if (prev_blank && is_from_line(in)) {
			*more = 1;
			break;
		}
		if (in->at_start || in->whole)
			prev_blank = blank(in);
	}
	snprintf(key, sizeof key, "%.900s@%lld", path, (long long)start);
	if (!expunged(b->str, b->len))
		e = feed_block(scan, src, b->str, b->len, truncated, folder, junk || junk_keyword(b->str, b->len), key, 0);
	g_string_free(b, TRUE);
	return e;
}

lt_err lt_mail_read_mbox(lt_mail_scan *scan, const lt_mail_source *src, const char *path, const char *folder,
			 lt_mail_progress prog, void *pctx)
{
	progress p = {scan, prog, pctx};
	mbox_in *in = calloc(1, sizeof *in);
	struct stat st;
	char pos[64];
	const char *was = NULL;
	long long ino, off;
	int more = 0, resumed = 0;
	lt_err e;

	if (!in)
		return LT_ERR_NOMEM;
	if ((in->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		free(in);
		return lt_fail(LT_ERR_IO, "cannot open the mbox: %s", strerror(errno));
	}
	if (fstat(in->fd, &st) != 0 || !S_ISREG(st.st_mode))
		e = lt_fail(LT_ERR_BAD_FILE, "the mbox is not a regular file");
	else
		e = lt_mail_scan_position(scan, src, folder, &was);
	mbox_seek(in, 0);
	/* Where the last scan stopped, when the file is the same one and still starts a message there. */
	if (e == LT_OK && was && sscanf(was, "%lld:%lld", &ino, &off) == 2 && ino == (long long)st.st_ino &&
	    off <= st.st_size && off > 0) {
		mbox_seek(in, off == st.st_size ? 0 : off);
		/* The message that starts there (after the empty lines that ended the last one). */
		while (off < st.st_size && (more = next_line(in)) && blank(in))
			;
		if (off == st.st_size)
			more = 0, resumed = 1; /* nothing new */
		else if (more && is_from_line(in))
			resumed = 1;
		else
			mbox_seek(in, 0);
	}
	if (e == LT_OK && !resumed && (more = next_line(in)) && !is_from_line(in))
		e = lt_fail(LT_ERR_BAD_FILE, "not an mbox (it does not start with a From line)");
	while (e == LT_OK && more) {
		e = mbox_message(in, scan, src, path, folder, lt_mail_folder_is_junk(folder), in->off, &more);
		step(&p);
	}
	if (e == LT_OK && in->failed)
		e = lt_fail(LT_ERR_IO, "cannot read the mbox");
	close(in->fd);
	free(in);
	snprintf(pos, sizeof pos, "%lld:%lld", (long long)st.st_ino, (long long)st.st_size);
	return e == LT_OK ? lt_mail_scan_set_position(scan, src, folder, pos) : e;
}
