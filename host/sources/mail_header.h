/* SPDX-License-Identifier: MIT */
/* mail_header.h: what a mail's header block says, as the verdicts need it.
 *
 * GMime 3 reads the block (it has no header-only mode, so transports read the
 * block themselves, bounded, and hand over only that): it unfolds lines,
 * decodes RFC 2047 words and raw 8-bit text through the fallback charsets
 * UTF-8 then GB18030 (raw GBK headers are common in Chinese mail), and parses
 * address lists. This file then keeps, per message: the claimed sender
 * domains (From, Sender, Return-Path, DKIM-Signature d=, List-Unsubscribe,
 * Message-ID), what the top-most Authentication-Results -- the one the
 * person's own provider added; lower ones may come from anyone -- verified,
 * the recipients, the arrival time and the spam and bounce marks. Domains
 * are registrable domains (site.h, libpsl), never looked up in DNS. */
#ifndef LT_MAIL_HEADER_H
#define LT_MAIL_HEADER_H

#include <stddef.h>
#include <time.h>

#include "error.h"
#include "incident.h"

#define LT_MAIL_DOMAINS 6 /* domains kept per kind of claim */
#define LT_MAIL_RCPTS 16  /* recipients kept */

typedef struct {
	char *v[LT_MAIL_DOMAINS];
	size_t n;
} lt_mail_domains;

typedef struct {
	/* Claimed: anyone can write these. */
	char *from_addr;        /* lower-cased addr-spec; NULL when From has none */
	char *from_name;        /* decoded display name; NULL when none */
	char *from_domain;      /* registrable domain of from_addr */
	lt_mail_domains claimed; /* every claimed domain, From's first, each once */
	lt_mail_domains dkim_d; /* DKIM-Signature d= */
	char *message_id;       /* without <>; NULL when none */
	char *subject;          /* decoded; NULL when none */
	/* Verified by the person's provider (top-most Authentication-Results). */
	int has_auth;
	char *auth;             /* that header's value, unfolded, at most 512 bytes */
	lt_mail_domains verified; /* dkim=pass header.d, spf=pass smtp.mailfrom, dmarc=pass header.from */
	int dmarc_pass, dmarc_fail;
	/* Recipients: Delivered-To, X-Original-To, To, Cc, normalised (ident.h). */
	char *rcpt[LT_MAIL_RCPTS];
	size_t n_rcpt;
	time_t received;        /* the top Received header's date; 0 none */
	time_t date;            /* Date; 0 none */
	int spam;               /* X-Spam-Flag: YES or X-Spam-Status: Yes */
	int bounce;             /* a delivery report: Return-Path <>, MAILER-DAEMON, multipart/report */
	char sha256[LT_SHA256_HEX]; /* of the raw header block */
} lt_mail_header;

/* Parse a raw header block (len bytes; need not be NUL-terminated).
 * LT_ERR_BAD_FILE when it is not a mail header at all (no header field). */
lt_err lt_mail_header_parse(const char *block, size_t len, lt_mail_header *h);
void lt_mail_header_clear(lt_mail_header *h);

/* Is d (a registrable domain) in the list? */
int lt_mail_domains_has(const lt_mail_domains *l, const char *d);
/* The registrable domain of an address's or host's domain part (malloc'd);
 * NULL when it names none. */
char *lt_mail_domain_of(const char *addr_or_host);

#endif
