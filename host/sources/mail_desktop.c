/* SPDX-License-Identifier: MIT */
/* mail_desktop.c: Maildir stores as desktop mail clients and sync tools lay
 * them out (mail_local.h) -- a folder that holds Maildirs rather than being
 * one, walked; and where Evolution and KMail keep their local mail.
 *
 * Layouts read:
 *   a Maildir, with Maildir++ subfolders (".Junk"), as Evolution's local
 *     store and Dovecot keep it: read by lt_mail_read_maildir;
 *   a folder of Maildirs, one per folder (mbsync "SubFolders Verbatim",
 *     offlineimap: Mail/ACCOUNT/INBOX, Mail/ACCOUNT/[Gmail].Spam);
 *   KMail's: inbox/, sent-mail/, ... each a Maildir, the subfolders of inbox
 *     in .inbox.directory/NAME (deeper: .NAME.directory/...).
 * A folder's name is its path under the top, KMail's ".X.directory" read as
 * "X" ("inbox/Junk"), so the Junk folder is found by its name as anywhere.
 * The walk never follows a symbolic link and stops LT_MAIL_TREE_DEPTH deep. */
#include "mail_local.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "userdirs.h"

#define LT_MAIL_TREE_DEPTH 8

static int is_dir(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int maildir_at(const char *path)
{
	char cur[4200];

	snprintf(cur, sizeof cur, "%s/cur", path);
	return is_dir(cur);
}

/* The name an entry gives its folder: KMail's ".X.directory" is X; a hidden
 * entry of any other kind, and a Maildir's own cur/new/tmp, are no folder (NULL). */
static const char *folder_part(const char *entry, char *buf, size_t size)
{
	size_t n = strlen(entry), suffix = strlen(".directory");

	if (strcmp(entry, "cur") == 0 || strcmp(entry, "new") == 0 || strcmp(entry, "tmp") == 0)
		return NULL;
	if (entry[0] != '.')
		return entry;
	if (n > suffix + 1 && strcmp(entry + n - suffix, ".directory") == 0) {
		snprintf(buf, size, "%.*s", (int)(n - suffix - 1), entry + 1);
		return buf;
	}
	return NULL;
}

/* Every Maildir under dir (not dir itself); *found counts them. */
static lt_err walk(lt_mail_scan *scan, const lt_mail_source *src, const char *dir, const char *prefix, int depth,
		   lt_mail_progress prog, void *pctx, size_t *found)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	lt_err e = LT_OK;

	if (!d)
		return errno == ENOENT ? LT_OK : lt_fail(LT_ERR_IO, "cannot read a mail folder: %s", strerror(errno));
	while (e == LT_OK && (de = readdir(d))) {
		char path[4096], folder[1024], part[256];
		const char *name = folder_part(de->d_name, part, sizeof part);

		if (!name || strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		if (!is_dir(path))
			continue;
		snprintf(folder, sizeof folder, "%s%s%s", prefix, *prefix ? "/" : "", name);
		if (maildir_at(path)) {
			++*found;
			if (scan)
				e = lt_mail_read_maildir(scan, src, path, folder, prog, pctx);
		} else if (depth < LT_MAIL_TREE_DEPTH) {
			e = walk(scan, src, path, folder, depth + 1, prog, pctx, found);
		}
		/* A KMail folder X and its subfolders .X.directory share the name X: both are read. */
	}
	closedir(d);
	return e;
}

/* Every Maildir under path; LT_ERR_BAD_FILE when there is none. */
static lt_err walk_top(lt_mail_scan *scan, const lt_mail_source *src, const char *path, lt_mail_progress prog,
		       void *pctx)
{
	size_t found = 0;
	lt_err e = walk(scan, src, path, "", 0, prog, pctx, &found);

	if (e == LT_OK && !found)
		e = lt_fail(LT_ERR_BAD_FILE, "no Maildir here (a folder with cur/, new/ and tmp/) nor under it");
	return e;
}

lt_err lt_mail_maildir_check(const char *path)
{
	if (maildir_at(path))
		return LT_OK;
	if (!is_dir(path))
		return lt_fail(LT_ERR_BAD_FILE, "not a folder");
	return walk_top(NULL, NULL, path, NULL, NULL);
}

lt_err lt_mail_read_maildirs(lt_mail_scan *scan, const lt_mail_source *src, const char *path, lt_mail_progress prog,
			     void *pctx)
{
	if (maildir_at(path))
		return lt_mail_read_maildir(scan, src, path, "INBOX", prog, pctx);
	return walk_top(scan, src, path, prog, pctx);
}

/* The folder KMail's first Maildir resource names in its settings
 * ($XDG_CONFIG_HOME/akonadi_maildir_resource_0rc, "Path=..."), into buf. */
static int kmail_configured(char *buf, size_t size)
{
	char rc[4096], line[4200];
	FILE *f;
	int got = 0;

	if (!lt_xdg_path(LT_XDG_CONFIG, "akonadi_maildir_resource_0rc", rc, sizeof rc))
		return 0;
	if (!(f = fopen(rc, "re")))
		return 0;
	while (!got && fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (strncmp(line, "Path=", 5) == 0 && line[5] == '/') {
			snprintf(buf, size, "%s", line + 5);
			got = 1;
		}
	}
	fclose(f);
	return got;
}

lt_err lt_mail_desktop_store(const char *client, char *buf, size_t size)
{
	int known;

	if (strcmp(client, "evolution") == 0)
		known = lt_xdg_path(LT_XDG_DATA, "evolution/mail/local", buf, size);
	else if (strcmp(client, "kmail") == 0)
		known = kmail_configured(buf, size) || lt_xdg_path(LT_XDG_DATA, "local-mail", buf, size);
	else
		return lt_fail(LT_ERR_BAD_REQUEST, "no such mail client");
	if (!known || !is_dir(buf))
		return lt_fail(LT_ERR_NOT_FOUND, "no local mail where %s keeps it: give its folder",
			       strcmp(client, "kmail") == 0 ? "KMail" : "Evolution");
	return LT_OK;
}
