/* SPDX-License-Identifier: MIT */
/* mail_local.h: the readers of mail stored on this machine (mail_local.c:
 * Maildir, mbox, one .eml; mail_thunderbird.c: Thunderbird profiles), each
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

/* The reader of a local source (maildir, mbox, thunderbird): an lt_mail_reader. */
lt_err lt_mail_read_local(lt_mail_scan *scan, const lt_mail_source *src, lt_mail_progress prog, void *pctx);

#endif
