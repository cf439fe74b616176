/* SPDX-License-Identifier: MIT */
/* imap.h: mail headers read from an IMAP server, read only.
 *
 * The connection, TLS (verified; STARTTLS for imap://) and the login
 * (LOGIN, PLAIN or XOAUTH2) are libcurl's (CURLOPT_CONNECT_ONLY); after it
 * leaktrace speaks IMAP itself (imap_conn.c over imap_parse.c): ID, LIST to
 * find the folders and the Junk folder, EXAMINE (never SELECT), and
 * UID FETCH (UID FLAGS INTERNALDATE BODY.PEEK[HEADER.FIELDS (...)]) in
 * chunks, so nothing is marked read. Each message's header block goes to a
 * sink; the folders' positions (UIDVALIDITY and the last UID seen) make the
 * next scan fetch only what is new.
 *
 * Nothing here prints, and no error detail names the user or the password. */
#ifndef LT_IMAP_H
#define LT_IMAP_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "error.h"
#include "mail_feed.h"

#define LT_IMAP_FOLDER_MAX 512 /* a folder's name, raw or decoded */

/* imaps://user@host[:port] (TLS from the start, port 993) or
 * imap://user@host[:port] (STARTTLS required, port 143); the user may hold
 * '@' (the last one ends it) and %-escapes. */
typedef struct {
	int tls;        /* imaps */
	char *user;     /* decoded */
	char *host;     /* as given ([v6] keeps its brackets) */
	unsigned port;
} lt_imap_url;

lt_err lt_imap_url_parse(const char *url, lt_imap_url *out);
void lt_imap_url_clear(lt_imap_url *u);

typedef struct {
	const char *url;
	const char *password;     /* or NULL */
	const char *oauth2_token; /* or NULL: XOAUTH2 with this bearer token */
	const char *ca_file;      /* NULL: the system's trusted certificates */
	int timeout_s;            /* for connecting and for each answer; 0: 60 */
	const char *const *fields; /* header fields to fetch; NULL: lt_imap_default_fields */
	time_t since;             /* a folder read from its start skips mail the server received
	                             before this day (UID SEARCH RETURN (MIN) SINCE, where the
	                             server has ESEARCH); 0: all */
} lt_imap_options;

/* The fields fetched when none are given: what the verdicts read. */
extern const char *const lt_imap_default_fields[];

typedef struct {
	const char *folder;     /* decoded to UTF-8 (raw when it is not modified UTF-7) */
	int junk_folder;        /* the folder is the Junk folder */
	int junk_keyword;       /* flagged $Junk or Junk */
	int seen;               /* flagged \Seen (as it was: nothing changes it) */
	uint32_t uidvalidity, uid;
	char key[32];           /* stable within the folder: "UIDVALIDITY/UID" */
	time_t arrived;         /* INTERNALDATE; 0 when the server sent none */
	const char *header;     /* the header block as fetched (the chosen fields, then an empty line) */
	size_t header_len;
} lt_imap_message;

/* What a scan hands on and asks. A non-OK return stops the scan with it. */
typedef struct {
	lt_err (*message)(const lt_imap_message *m, void *ctx);
	/* Where the last scan of the folder (raw name) stopped: 0, 0 when never. */
	lt_err (*position)(const char *folder, uint32_t *uidvalidity, uint32_t *last_uid, void *ctx);
	/* Every message up to last_uid has been handed on. */
	lt_err (*set_position)(const char *folder, uint32_t uidvalidity, uint32_t last_uid, void *ctx);
	/* Messages handed on so far, of about `total` (may be NULL). */
	void (*progress)(size_t done, size_t total, void *ctx);
	void *ctx;
} lt_imap_handler;

typedef struct {
	size_t folders;       /* folders examined */
	size_t messages;      /* messages given to the sink */
	size_t refetched;     /* folders read again from the start: their UIDVALIDITY changed */
	char junk[LT_IMAP_FOLDER_MAX]; /* the Junk folder found (decoded), "" none */
	int junk_by_name;     /* found by its name, not by SPECIAL-USE \Junk */
} lt_imap_stats;

/* Scan every folder (all selectable ones but the \All, \Flagged and
 * \Important views of mail kept elsewhere too; Sent included: what the person
 * wrote from an alias teaches the verdicts) from where the handler says the
 * last scan stopped. */
lt_err lt_imap_scan(const lt_imap_options *o, const lt_imap_handler *h, lt_imap_stats *stats);

/* Connect and log in, then log out: is the login right? (mail add imap) */
lt_err lt_imap_login_check(const lt_imap_options *o);

/* The mail transport (mail_feed.h's lt_mail_reader): every message of IMAP
 * source src that is new since its stored positions goes to the scan; its
 * login is the one stored for it (imap_secret.h). A header block over
 * LT_MAIL_HEADER_MAX is cut there. Positions are "UIDVALIDITY:LASTUID". */
lt_err lt_imap_read(lt_mail_scan *scan, const lt_mail_source *src, lt_mail_progress prog, void *pctx);

/* "imaps://host:port" (a source's location) and its user as one URL
 * (malloc'd), the user %-escaped where it must be. */
lt_err lt_imap_url_join(const char *location, const char *user, char **url);
/* The location of a parsed URL: "imaps://host:port" (malloc'd). */
lt_err lt_imap_url_location(const lt_imap_url *u, char **location);

#endif
