/* SPDX-License-Identifier: MIT */
/* mail_thunderbird.c: Thunderbird profiles, found and read (mail_local.h).
 *
 * A profile keeps mail per account under ImapMail/<server>/ (IMAP accounts,
 * kept offline by default, so most people need no credentials) and
 * Mail/<account>/ (POP and Local Folders). In each, a folder is an mbox file
 * named as the folder ("INBOX", "Junk", "Sent"), its subfolders in a
 * directory NAME.sbd/; when the account stores Maildir, a folder is a
 * directory with cur/. Index files (.msf), filters and other files are no
 * mail and are passed over by their names. */
#include "mail_local.h"

#include <dirent.h>
#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const not_mail[] = {".msf", ".dat", ".json", ".html", ".sqlite", ".txt", ".rdf", ".js", ".mab"};

static int mail_file_name(const char *name)
{
	size_t n = strlen(name);

	if (name[0] == '.')
		return 0;
	for (size_t i = 0; i < sizeof not_mail / sizeof *not_mail; i++) {
		size_t k = strlen(not_mail[i]);

		if (n > k && strcmp(name + n - k, not_mail[i]) == 0)
			return 0;
	}
	return 1;
}

/* Every folder under dir (mbox files, Maildir folders, NAME.sbd subfolders). */
static lt_err read_store(lt_mail_scan *scan, const lt_mail_source *src, const char *dir, const char *prefix,
			 lt_mail_progress prog, void *pctx, int depth)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	lt_err e = LT_OK;

	if (!d)
		return LT_OK; /* an account without offline mail */
	while (e == LT_OK && (de = readdir(d))) {
		char path[4096], folder[1024], cur[4200];
		struct stat st;
		size_t n = strlen(de->d_name);

		if (!mail_file_name(de->d_name))
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		if (stat(path, &st) != 0)
			continue;
		snprintf(folder, sizeof folder, "%s%s%.*s", prefix, *prefix ? "/" : "", (int)(n > 4 && strcmp(de->d_name + n - 4, ".sbd") == 0 ? n - 4 : n), de->d_name);
		snprintf(cur, sizeof cur, "%s/cur", path);
		if (S_ISREG(st.st_mode) && st.st_size > 0)
			e = lt_mail_read_mbox(scan, src, path, folder, prog, pctx);
		else if (S_ISDIR(st.st_mode) && stat(cur, &st) == 0)
			e = lt_mail_read_maildir(scan, src, path, folder, prog, pctx);
		else if (S_ISDIR(st.st_mode) && n > 4 && strcmp(de->d_name + n - 4, ".sbd") == 0 && depth < 16)
			e = read_store(scan, src, path, folder, prog, pctx, depth + 1);
		if (e == LT_ERR_BAD_FILE) /* a file that is no mbox in a store: passed over */
			e = LT_OK;
	}
	closedir(d);
	return e;
}

lt_err lt_mail_read_thunderbird(lt_mail_scan *scan, const lt_mail_source *src, const char *profile,
				lt_mail_progress prog, void *pctx)
{
	static const char *const roots[] = {"ImapMail", "Mail"};
	lt_err e = LT_OK;

	for (size_t r = 0; e == LT_OK && r < 2; r++) {
		char root[4096];
		DIR *d;
		struct dirent *de;

		snprintf(root, sizeof root, "%s/%s", profile, roots[r]);
		if (!(d = opendir(root)))
			continue;
		while (e == LT_OK && (de = readdir(d))) {
			char acc[4096 + 256];

			if (de->d_name[0] == '.')
				continue;
			snprintf(acc, sizeof acc, "%s/%s", root, de->d_name);
			e = read_store(scan, src, acc, "", prog, pctx, 0);
		}
		closedir(d);
	}
	return e;
}

lt_err lt_thunderbird_profiles(char ***out)
{
	static const char *const patterns[] = {"%s/.thunderbird/*/", "%s/snap/thunderbird/common/.thunderbird/*/"};
	const char *home = getenv("HOME");
	char **list = calloc(1, sizeof *list);
	size_t n = 0;

	*out = NULL;
	if (!list)
		return LT_ERR_NOMEM;
	for (size_t i = 0; home && i < 2; i++) {
		char pat[4096];
		glob_t g;

		snprintf(pat, sizeof pat, patterns[i], home);
		if (glob(pat, GLOB_ONLYDIR, NULL, &g) != 0)
			continue;
		for (size_t j = 0; j < g.gl_pathc; j++) {
			char probe[4200], **grown;
			struct stat st;
			size_t len = strlen(g.gl_pathv[j]);

			snprintf(probe, sizeof probe, "%sprefs.js", g.gl_pathv[j]);
			if (stat(probe, &st) != 0 || !(grown = realloc(list, (n + 2) * sizeof *list)))
				continue;
			list = grown;
			list[n] = strndup(g.gl_pathv[j], len > 1 ? len - 1 : len); /* without the trailing '/' */
			list[++n] = NULL;
		}
		globfree(&g);
	}
	*out = list;
	return LT_OK;
}

void lt_thunderbird_profiles_free(char **list)
{
	for (size_t i = 0; list && list[i]; i++)
		free(list[i]);
	free(list);
}

lt_err lt_mail_read_local(lt_mail_scan *scan, const lt_mail_source *src, lt_mail_progress prog, void *pctx)
{
	switch (src->kind) {
	case LT_MAIL_MAILDIR:
		return lt_mail_read_maildirs(scan, src, src->location, prog, pctx);
	case LT_MAIL_MBOX: {
		const char *slash = strrchr(src->location, '/');

		return lt_mail_read_mbox(scan, src, src->location, slash ? slash + 1 : src->location, prog, pctx);
	}
	case LT_MAIL_THUNDERBIRD:
		return lt_mail_read_thunderbird(scan, src, src->location, prog, pctx);
	default:
		return lt_fail(LT_ERR_BAD_REQUEST, "not a local mail source");
	}
}
