/* SPDX-License-Identifier: MIT */
/* mail_verdict.h: the verdict on one mail to a site's alias, with its reasons.
 *
 * Every domain a mail shows is put in one class, relative to the alias's
 * site S: SITE (S, its shared-credentials group, a domain the person allowed
 * for S or leaktrace learned), ESP (a shipped list of mail services that send
 * for others: data/mail-esp/domains.json), PLATFORM (payments, help desks,
 * shop platforms from the same file: neutral unless the mail names S),
 * OTHER-KNOWN (another recorded site) or OTHER. The rules, in order:
 *   - a verified SITE domain (or the sender is an address the person wrote
 *     to from the alias)                                   -> related;
 *   - a sender the person denied for S                     -> leak, certain;
 *   - From claims S but DMARC fails                        -> leak, certain;
 *   - a bounce, and the person never sent mail from the alias -> leak, certain;
 *   - a verified OTHER or OTHER-KNOWN domain, no SITE domain anywhere, and
 *     S's name in neither display name nor subject         -> leak, certain;
 *   - a verified PLATFORM that names S                     -> related;
 *   - everything else                                      -> review, by
 *     (S, sender organisation), settled by `mail allow|deny`.
 * Learning (the first three sender organisations after the alias was given,
 * the addresses written to) happens in the scan (mail_feed.c); it reaches
 * the verdicts through the classifier. */
#ifndef LT_MAIL_VERDICT_H
#define LT_MAIL_VERDICT_H

#include "mail_header.h"

typedef enum { LT_DOM_SITE, LT_DOM_ESP, LT_DOM_PLATFORM, LT_DOM_OTHER_KNOWN, LT_DOM_OTHER, LT_DOM_DENIED } lt_dom_class;

typedef enum { LT_MV_RELATED, LT_MV_LEAK, LT_MV_REVIEW } lt_mail_verdict;

/* The class of registrable domain d for the alias's site (the caller's lists). */
typedef lt_dom_class (*lt_dom_classifier)(const char *d, void *ctx);

#define LT_MAIL_REASON_MAX 200
typedef struct {
	lt_mail_verdict verdict;
	int certain;
	const char *org; /* the sender organisation (borrowed from the header); NULL unknown */
	char reasons[LT_INCIDENT_REASONS][LT_MAIL_REASON_MAX];
	size_t n_reasons;
} lt_mail_judgement;

/* The ESP and PLATFORM lists (data/mail-esp/domains.json), loaded once.
 * LT_DOM_ESP, LT_DOM_PLATFORM or LT_DOM_OTHER; *name (may be NULL) gets the
 * provider's name. */
lt_dom_class lt_mail_service_class(const char *d, const char **name);
/* The loading's error (LT_OK when the file was read). */
lt_err lt_mail_services_load(void);

/* The sender organisation of a mail: its first verified domain that is no
 * ESP, else its From domain; NULL when it has none. */
const char *lt_mail_sender_org(const lt_mail_header *h);

/* Does the display name or subject name the site (its first label, 3 letters
 * or more, or its title as recorded)? */
int lt_mail_names_site(const lt_mail_header *h, const char *site, const char *title);

/* Judge mail h to the alias of `site` (title: the account's page title, may
 * be NULL). from_known: the sender is an address the person wrote to from the
 * alias; alias_sent: the person sent mail from the alias. */
void lt_mail_judge(const lt_mail_header *h, const char *site, const char *title, lt_dom_classifier cls, void *ctx,
		   int from_known, int alias_sent, lt_mail_judgement *j);

const char *lt_mail_verdict_name(lt_mail_verdict v); /* "related", "leak", "review" */

#endif
