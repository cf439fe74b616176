/* SPDX-License-Identifier: MIT */
/* imap_reply.h: what a scan reads out of the server's untagged responses
 * (imap_reply.c) -- capabilities, folders and the Junk folder, a folder's
 * UIDVALIDITY, UIDNEXT and size, and each FETCH as a message -- apart from
 * the connection, so that the fuzzer (tests/fuzz/fuzz_imap.c) runs them on
 * every response it makes up. Each reads only inside the response it is
 * given. */
#ifndef LT_IMAP_REPLY_H
#define LT_IMAP_REPLY_H

#include <stdint.h>

#include "imap.h"
#include "imap_parse.h"

#define LT_IMAP_FOLDERS_MAX 2000

typedef struct {
	char raw[LT_IMAP_FOLDER_MAX];  /* as the server names it (modified UTF-7) */
	char name[LT_IMAP_FOLDER_MAX]; /* decoded; raw when it is not modified UTF-7 */
	char delim;
	int noselect, junk, skip;
} lt_imap_folder;

typedef struct {
	lt_imap_folder *v;
	size_t n, cap;
	int special_use, list_extended, esearch; /* capabilities */
} lt_imap_folders;

/* lt_imap_untagged_fn's: ctx is an lt_imap_folders (CAPABILITY, LIST) or an
 * lt_imap_examine (EXAMINE). */
lt_err lt_imap_reply_capability(const lt_imap_response *r, void *folders);
lt_err lt_imap_reply_list(const lt_imap_response *r, void *folders);
void lt_imap_folders_clear(lt_imap_folders *fl);
/* Mark the Junk folder: the one marked \Junk, else the first whose name says
 * Junk (lt_mail_folder_is_junk); its decoded name into junk ("" none). */
void lt_imap_folders_find_junk(lt_imap_folders *fl, char junk[LT_IMAP_FOLDER_MAX], int *by_name);

typedef struct {
	uint64_t uidvalidity, uidnext, exists;
} lt_imap_examine;
lt_err lt_imap_reply_examine(const lt_imap_response *r, void *examine);
/* UID SEARCH RETURN (MIN): ctx is a uint64_t, the lowest UID found (left as it
 * was when the server found none). */
lt_err lt_imap_reply_esearch_min(const lt_imap_response *r, void *min_uid);

/* A FETCH response of folder f: 1 when it holds a header block (*m filled,
 * pointing into r), 0 when not (a flag update, UID FETCH * (UID)). *uid is
 * the UID it names (0: none). */
int lt_imap_reply_fetch(const lt_imap_response *r, const lt_imap_folder *f, uint32_t uidvalidity, lt_imap_message *m,
			uint64_t *uid);

#endif
