/* SPDX-License-Identifier: MIT */
/* mail_local.h: the readers of mail stored on this machine (mail_local.c:
 * Maildir, mbox, one .eml; mail_thunderbird.c: Thunderbird profiles;
 * mail_desktop.c: folders of Maildirs, Evolution's and KMail's stores), each
 * handing header blocks to a scan (mail_feed.h). */
#ifndef LT_MAIL_LOCAL_H
#define LT_MAIL_LOCAL_H

#include "mail_feed.h"

/* The header block of the file open on fd, read from its start up to and
 * including its first empty line, at most LT_MAIL_HEADER_MAX bytes
 * (*truncated then set); *block is malloc'd. */
lt_err lt_mail_read_block(int fd, char **block, size_t *len, int *truncated);

/* One message file (.eml): its header block to the scan. */
lt_err lt_mail_read_eml(lt_mail_scan *scan, const lt_mail_source *src, const char *path);
/* A Maildir (with its Maildir++ subfolders); folder: the name its top is known by ("INBOX"). */
lt_err lt_mail_read_maildir(lt_mail_scan *scan, const lt_mail_source *src, const char *path, const char *folder,
			    lt_mail_progress prog, void *pctx);
/* One mbox file; folder: its name ("Junk" makes its mail spam). */
lt_err lt_mail_read_mbox(lt_mail_scan *scan, const lt_mail_source *src, const char *path, const char *folder,
			 lt_mail_progress prog, void *pctx);

/* Thunderbird: the profiles under $HOME (~/.thunderbird/<profile>, and the
 * snap's), as a NULL-terminated list of malloc'd paths. */
lt_err lt_thunderbird_profiles(char ***out);
void lt_thunderbird_profiles_free(char **list);
/* Every store of a profile: ImapMail/<server>/ and Mail/<account>/, mbox files
 * (subfolders in NAME.sbd/) or Maildir folders when the profile stores so. */
lt_err lt_mail_read_thunderbird(lt_mail_scan *scan, const lt_mail_source *src, const char *profile,
				lt_mail_progress prog, void *pctx);

/* mail_desktop.c: a `maildir` source's folder is a Maildir (with Maildir++
 * subfolders) or a folder holding Maildirs (mbsync, offlineimap, KMail),
 * walked; the check is for `mail add` (LT_ERR_BAD_FILE: none there). */
lt_err lt_mail_maildir_check(const char *path);
lt_err lt_mail_read_maildirs(lt_mail_scan *scan, const lt_mail_source *src, const char *path, lt_mail_progress prog,
			     void *pctx);
/* Where a desktop client ("evolution", "kmail") keeps its local Maildir
 * store, into buf: Evolution's $XDG_DATA_HOME/evolution/mail/local; KMail's
 * from its Maildir resource's settings, else $XDG_DATA_HOME/local-mail.
 * LT_ERR_NOT_FOUND when it is not there. */
lt_err lt_mail_desktop_store(const char *client, char *buf, size_t size);
/* The reader of a local source (maildir, mbox, thunderbird): an lt_mail_reader. */
lt_err lt_mail_read_local(lt_mail_scan *scan, const lt_mail_source *src, lt_mail_progress prog, void *pctx);

#endif
