/* SPDX-License-Identifier: MIT */
/* mail_feed.h: the one door every mail transport feeds -- Maildir and mbox
 * files (mail_maildir.c, mail_mbox.c), Thunderbird profiles (mail_tb.c) and
 * IMAP (imap*.c) -- and the contract they share.
 *
 * A transport finds messages and hands over each one's raw header block with
 * what it knows about the message (folder, junk flags, a stable key, its
 * arrival time). It never reads a body and never judges: the feed parses the
 * header block (GMime, mail_header.c), judges it (mail_verdict.c) and keeps
 * what becomes incidents, learned senders and proposed accounts; they are
 * stored once, at lt_mail_scan_finish, through the core's one incident store
 * (incident.h), so keyring writes follow identifiers, never messages.
 *
 * A scan:
 *     lt_mail_scan *scan;
 *     lt_mail_scan_new(store, &opts, &scan);          reads accounts, aliases, senders once
 *     for each source: for each folder:
 *         lt_mail_scan_position(scan, src, folder, &pos);     where the last scan stopped
 *         for each message after pos: lt_mail_scan_message(scan, src, &msg);
 *         lt_mail_scan_set_position(scan, src, folder, newpos);
 *     lt_mail_scan_finish(scan, &result);             stores (unless opts.dry_run)
 *     lt_mail_scan_free(scan);
 *
 * Rescanning is always safe: an incident's id is a keyed hash of the
 * Message-ID (else of the header block), so a message fed twice adds nothing.
 * Positions only make rescans fast: they are opaque strings a transport
 * writes and reads back (IMAP: "UIDVALIDITY:LASTUID"), stored in the keyring
 * with the source at finish, never when the scan failed or was a dry run.
 *
 * Bounds: a header block over LT_MAIL_HEADER_MAX is cut there by the
 * transport (header_truncated set); the feed judges what it got. Strings are
 * borrowed for the call. Nothing here prints, and no identifier, site or
 * address goes to logs or error details. */
#ifndef LT_MAIL_FEED_H
#define LT_MAIL_FEED_H

#include <stddef.h>
#include <time.h>

#include "error.h"
#include "incident.h"
#include "keyring.h"

#define LT_MAIL_HEADER_MAX (256 * 1024) /* bytes of a header block read at most */
#define LT_MAIL_KEY_MAX 1024            /* a message key, a folder name, a position */

/* One message as a transport hands it over. */
typedef struct {
	const char *header;  /* the raw header block: from the first header line up
	                        to and including the empty line that ends it (or
	                        what there is, when truncated); CRLF or LF */
	size_t header_len;
	int header_truncated;/* the block was longer than LT_MAIL_HEADER_MAX */
	const char *folder;  /* its folder, as people know it, UTF-8 (IMAP: decoded from
	                        modified UTF-7; Maildir: ".Junk" -> "Junk"); NULL: none */
	int folder_junk;     /* the folder is the Junk folder (IMAP SPECIAL-USE \Junk, else
	                        lt_mail_folder_is_junk on its name) */
	int flag_junk;       /* the message has the $Junk / Junk keyword (IMAP FLAGS,
	                        Thunderbird's junkscore) */
	const char *key;     /* stable within its source: "UIDVALIDITY/UID", a Maildir file's
	                        unique part, "mbox-path@offset"; for progress and errors,
	                        never stored in clear */
	time_t arrived;      /* IMAP INTERNALDATE; 0: unknown. The top Received header
	                        comes first (a migrated or synced copy has a later
	                        INTERNALDATE or file time), then this, then Date */
} lt_mail_msg;

/* A configured mail source (`leaktrace mail add`), as stored in the keyring. */
typedef enum {
	LT_MAIL_MAILDIR,
	LT_MAIL_MBOX,
	LT_MAIL_THUNDERBIRD, /* a profile folder: every store under ImapMail/ and Mail/ */
	LT_MAIL_IMAP,
	LT_MAIL_KIND_COUNT
} lt_mail_kind;

typedef struct {
	char *name;     /* unique, given by `mail add` ("maildir-1", or --name) */
	lt_mail_kind kind;
	char *location; /* a path; IMAP: "imaps://host[:port]" */
	char *user;     /* IMAP login; NULL otherwise */
} lt_mail_source;

const char *lt_mail_kind_name(lt_mail_kind k); /* "maildir", "mbox", "thunderbird", "imap" */
lt_mail_kind lt_mail_kind_from_name(const char *name); /* LT_MAIL_KIND_COUNT when unknown */

/* Is a folder of this name (UTF-8, any case, any path: "INBOX.Junk", "[Gmail]/Spam")
 * the Junk folder: Junk, Spam, Junk E-mail, Bulk Mail, 垃圾邮件, 垃圾箱? For
 * transports that have no SPECIAL-USE to ask. */
int lt_mail_folder_is_junk(const char *folder);

typedef struct {
	int dry_run;        /* judge and count, store nothing */
	time_t since;       /* messages that arrived before it are skipped (0: all) */
	int check;          /* `mail check`: as dry_run, and no key is made for incident ids */
} lt_mail_scan_opts;

/* The verdict on one message to an alias or a recorded address (for `mail
 * check`, and --json): its strings are the result's. */
typedef struct {
	const char *verdict;   /* "related", "leak", "review", "spam" */
	int certain;
	char *address;         /* the alias or recorded address it came to */
	char *site;            /* the alias's site; NULL for spam on a recorded address */
	char *org;             /* the sender organisation; NULL unknown */
	char *reasons[LT_INCIDENT_REASONS]; /* NULL-terminated when fewer */
	char at[LT_TIME_LEN];  /* arrival, UTC RFC 3339; "" unknown */
} lt_mail_note;

/* What a scan found and did. */
typedef struct {
	size_t messages;    /* fed */
	size_t skipped;     /* before --since, or not to any recorded address */
	size_t broken;      /* header blocks that could not be read as mail (counted, not fatal) */
	size_t related;     /* mail to an alias from its own site */
	size_t leaks;       /* certain leaks */
	size_t review;      /* mail waiting for `mail review` */
	size_t spam;        /* spam on a recorded address */
	size_t proposed;    /* accounts found in welcome and confirmation mail */
	size_t incidents;   /* incidents made (before dedup against the store) */
	size_t added, merged; /* stored: new incidents, ones that grew */
	lt_incident *made;    /* the incidents the scan made, oldest first */
	size_t n_made;
	lt_mail_note *notes; /* every judged message, in the order fed */
	size_t n_notes;
} lt_mail_result;
void lt_mail_result_clear(lt_mail_result *r);

typedef struct lt_mail_scan lt_mail_scan;

/* Start a scan: read the accounts, aliases and mail settings once. */
lt_err lt_mail_scan_new(lt_store *s, const lt_mail_scan_opts *o, lt_mail_scan **out);
/* Messages fed so far, in every source (for progress). */
size_t lt_mail_scan_count(const lt_mail_scan *scan);
/* The scan's --since (0: none), for transports that can skip old mail themselves. */
time_t lt_mail_scan_since(const lt_mail_scan *scan);
/* Judge one message of source `src` (its name keys positions and learned
 * senders). Messages of one source may come in any order. Bad mail is
 * counted in result.broken, never an error; errors are LT_ERR_NOMEM and
 * LT_ERR_BAD_REQUEST (a msg of the wrong shape: no header, an over-long key). */
lt_err lt_mail_scan_message(lt_mail_scan *scan, const lt_mail_source *src, const lt_mail_msg *msg);
/* The position stored for (src, folder) by the last scan (*pos borrowed, valid
 * until the scan is freed); NULL when none. */
lt_err lt_mail_scan_position(lt_mail_scan *scan, const lt_mail_source *src, const char *folder, const char **pos);
/* Set the position for (src, folder) to store at finish. */
lt_err lt_mail_scan_set_position(lt_mail_scan *scan, const lt_mail_source *src, const char *folder,
				 const char *pos);
/* Store the incidents, learned senders, proposed accounts and positions
 * (nothing when dry_run), fill *out (may be NULL). */
lt_err lt_mail_scan_finish(lt_mail_scan *scan, lt_mail_result *out);
void lt_mail_scan_free(lt_mail_scan *scan);

/* Progress of a transport, for the CLI's progress bar: messages done of total
 * (total 0: unknown; done: lt_mail_scan_count). Called every few hundred messages. */
typedef void (*lt_mail_progress)(size_t done, size_t total, void *ctx);

/* A transport's reader: every message of src that is new since its stored
 * positions goes to lt_mail_scan_message. The IMAP one is lt_imap_read (imap.h). */
typedef lt_err (*lt_mail_reader)(lt_mail_scan *scan, const lt_mail_source *src, lt_mail_progress prog,
				 void *pctx);

#endif
