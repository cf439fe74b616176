/* SPDX-License-Identifier: MIT */
/* accounts_import.h: past accounts from an export file into the keyring.
 *
 * The whole file is read first (sources.h); only when it is what it claims
 * is anything written. Each entry becomes a record through
 * lt_account_from_input, like one from the browser or `leaktrace record`:
 * capture "import", its username classified as a form field would be (an
 * email, a phone number read with the region, else a username: digits alone
 * that are no valid number in the region, a QQ number, are a username),
 * dated no-later-than its created date, or unknown; one record on each site
 * its web addresses name (a Bitwarden login may have several). An entry of
 * an app (android://) or with a bare word for its address names no web site:
 * an issue of its row. A password is turned into its
 * keyed fingerprint (password.h), as the extension's are, and wiped; it is
 * never stored. Then the records go through account_batch.h, so the same file
 * imported twice adds nothing.
 *
 * A browser history names no account: the first visit to a site's sign-up
 * page dates the accounts already recorded on that site no later than that
 * visit (when it is earlier than what they have); sites with a sign-up visit
 * but no account are reported, so the person can record them. */
#ifndef LT_ACCOUNTS_IMPORT_H
#define LT_ACCOUNTS_IMPORT_H

#include "account_batch.h"
#include "sources.h"

typedef struct {
	size_t row;
	char *message; /* what is wrong with the row, never its content */
} lt_import_issue;

typedef struct {
	char *site;
	char first_visit[LT_TIME_LEN]; /* the first visit to one of its sign-up pages */
	size_t accounts;               /* accounts of the site recorded here */
} lt_signup_site;

typedef struct {
	lt_source_format format;
	size_t entries;        /* accounts read from the file */
	size_t added, merged, unchanged;
	size_t dated;          /* with a no-later-than date; the rest are unknown */
	size_t passwords;      /* fingerprinted, then wiped */
	lt_account *accounts;  /* the records, in file order (identifiers, site, date) */
	lt_batch_outcome *outcome; /* of each record */
	size_t n;
	lt_import_issue *issues; /* rows skipped, in file order */
	size_t nissues;
	lt_signup_site *sites;   /* a history: the sites with a sign-up visit, by name */
	size_t nsites;
} lt_import_result;

/* Called after each record is stored (or, in a dry run, weighed). */
typedef void (*lt_import_progress)(size_t done, size_t total, void *ctx);

typedef struct {
	lt_source_format format; /* LT_SRC_COUNT: detect it */
	const char *region;      /* for phone numbers without a country code; NULL: default */
	int dry_run;             /* say what would change, write nothing (passwords are not read) */
	lt_import_progress progress;
	void *ctx;
} lt_import_options;

lt_err lt_accounts_import(lt_store *s, const char *path, const lt_import_options *o, lt_import_result *r);
void lt_import_result_clear(lt_import_result *r);

#endif
