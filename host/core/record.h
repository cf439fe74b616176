/* SPDX-License-Identifier: MIT */
/* record.h: the account record, what one site holds about a person.
 *
 * An account lives in one keyring item: the searchable attributes (site and
 * one normalised identifier per kind) and a versioned JSON secret with the
 * rest (record.c turns one into the other). The JSON shape is the ACCOUNT of
 * PROTOCOL.md, and is the same on the wire, in --json output and in the
 * keyring, so there is one serialiser. */
#ifndef LT_RECORD_H
#define LT_RECORD_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "error.h"
#include "ident.h"
#include "timefmt.h"

#define LT_RECORD_VERSION 1
#define LT_FP_LEN 16 /* hex digits of a password fingerprint kept (64 bits) */
#define LT_TEXT_MAX 1024 /* titles and notes */
#define LT_PAGES_MAX 8   /* later pages kept per account */

typedef enum {
	LT_CAPTURE_SIGNUP,
	LT_CAPTURE_LOGIN,
	LT_CAPTURE_OTP_LOGIN,
	LT_CAPTURE_NEWSLETTER,
	LT_CAPTURE_CHECKOUT,
	LT_CAPTURE_OTHER,
	LT_CAPTURE_MANUAL,
	LT_CAPTURE_IMPORT,
	LT_CAPTURE_COUNT
} lt_capture;

/* How sure the first-given time is (DESIGN.md: dates say how sure they are).
 * Only an exact time rules a site out in trace. The order is the order of
 * preference between two equal times. */
typedef enum {
	LT_CERTAINTY_EXACT,         /* seen by the extension, or stated by the person */
	LT_CERTAINTY_NO_LATER_THAN, /* the earliest evidence: a created date, a first signup visit */
	LT_CERTAINTY_UNKNOWN,       /* no date evidence; first_seen is when it was recorded */
	LT_CERTAINTY_COUNT
} lt_certainty;

typedef struct {
	char *value;      /* as typed */
	char *normalized; /* NULL when the kind is absent */
} lt_ident;

/* A later page where the identifier was given again (a login after the
 * signup): its own URL and title, how, and when it was first given there. */
typedef struct {
	char *url;   /* as lt_account.url; never NULL */
	char *title; /* may be NULL */
	lt_capture capture;
	char at[LT_TIME_LEN];
} lt_page;

typedef struct {
	char *site;
	/* The first page: where the identifier was first given (first_seen,
	 * capture); a later record never replaces it, unless it is earlier. */
	char *url;      /* query and fragment removed; may be NULL (recorded by host name) */
	char *title;    /* may be NULL */
	char *top_site; /* the top page's site when given in a frame; may be NULL */
	char *note;     /* may be NULL */
	lt_ident ids[LT_KIND_COUNT]; /* indexed by lt_kind; ids[LT_KIND_NONE] unused */
	lt_capture capture;          /* how it was first given */
	unsigned captures;           /* bit set of every lt_capture seen */
	char first_seen[LT_TIME_LEN];
	lt_certainty certainty;      /* of first_seen */
	char last_seen[LT_TIME_LEN];
	/* Other pages it was given on, oldest first: at most LT_PAGES_MAX, the
	 * most recent kept; none repeats the first page or another. */
	lt_page pages[LT_PAGES_MAX];
	size_t n_pages;
	/* Passwords are never kept: only a truncated keyed fingerprint (password.h). */
	char password_fp[LT_FP_LEN + 1];     /* "" when unknown */
	char password_seen[LT_TIME_LEN];     /* when this fingerprint was first seen */
	char password_changed[LT_TIME_LEN];  /* when a new fingerprint replaced the old; "" never */
	char compromised_at[LT_TIME_LEN];    /* a reported unauthorized login; "" none */
	char compromised_fp[LT_FP_LEN + 1];  /* the fingerprint it had then; "" unknown */
	char *compromised_note;
	char rotation_done[LT_TIME_LEN];     /* `rotate --done`; "" never */
	char *item_path; /* the keyring item's D-Bus path; not serialised */
} lt_account;

const char *lt_capture_name(lt_capture c);
/* LT_CAPTURE_COUNT when unknown. */
lt_capture lt_capture_from_name(const char *name);
/* "exact", "no-later-than", "unknown" / back (LT_CERTAINTY_COUNT when unknown). */
const char *lt_certainty_name(lt_certainty c);
lt_certainty lt_certainty_from_name(const char *name);

void lt_account_clear(lt_account *a);
/* Free an array of n accounts and the array itself. */
void lt_accounts_free(lt_account *list, size_t n);

/* What a record request gives, from the browser or the command line. */
typedef struct {
	const char *url;     /* page URL or bare host; required */
	const char *title;   /* optional */
	const char *top_url; /* optional: the top page when given in a frame */
	const char *note;    /* optional */
	const char *region;  /* optional: default region for phone numbers */
	/* From the browser: phones placed by lt_phone_place() with these hints
	 * (the browser language's regions), not lt_ident_normalize(). */
	bool place_phone;
	const char *hints[LT_REGION_HINTS_MAX];
	size_t n_hints;
	lt_capture capture;
	const char *ids[LT_KIND_COUNT]; /* as typed, indexed by kind; NULL when absent */
	const char *given;      /* optional: when first given (lt_time_parse forms); NULL: now */
	lt_certainty certainty; /* of `given` (LT_CERTAINTY_UNKNOWN ignores it) */
} lt_record_input;

/* Build and check a whole record from a request; nothing is stored. */
lt_err lt_account_from_input(const lt_record_input *in, lt_account *a);

/* Start a new record for what was given at `url_or_host` now: site, clean
 * URL (NULL for a bare host), capture, first/last seen. The one way both the
 * browser's and the terminal's records begin. */
lt_err lt_account_begin(lt_account *a, const char *url_or_host, lt_capture c);
/* Date the first giving: `when` (a time lt_time_parse reads) with certainty
 * c; with LT_CERTAINTY_UNKNOWN, `when` is ignored and first_seen stays the
 * time of recording. A time after now is LT_ERR_BAD_TIME. */
lt_err lt_account_set_given(lt_account *a, const char *when, lt_certainty c);
/* Set the top page of a frame (its site is kept, not its URL). */
lt_err lt_account_set_top(lt_account *a, const char *top_url);
/* Set a bounded free-text field (title, note): LT_ERR_TOO_LARGE over
 * LT_TEXT_MAX, LT_ERR_BAD_UTF8 for invalid UTF-8. */
lt_err lt_account_set_text(char **field, const char *text);

/* Set identifier `k` (value as typed; normalised with `region`). */
lt_err lt_account_set_ident(lt_account *a, lt_kind k, const char *value, const char *region);
/* Does the account have at least one identifier? */
int lt_account_has_ident(const lt_account *a);

/* Can `add` be merged into `into`: the same site, at least one identifier in
 * common, and no kind where both have different values? */
int lt_account_mergeable(const lt_account *into, const lt_account *add);
/* Merge `add` into `into`: union of identifiers and captures, the earliest
 * first-given time with its certainty (an unknown one counts as its time of
 * recording; at equal times the surer wins), its capture and its first page
 * (url, title, top_site); latest last_seen, newer note when given; any other
 * page goes to `pages` with the time it was first given there
 * (lt_account_note_page); a password fingerprint other than the one kept
 * is a change of password (its time is kept), unless it was seen before the
 * kept one (an old export). Returns 1 when the searchable attributes changed (a new identifier
 * kind), else 0. */
int lt_account_merge(lt_account *into, const lt_account *add);

/* Add a later page given at `at` (url NULL: nothing to add). The same URL as
 * the first page or a kept one is not repeated: the earliest time is kept. When
 * LT_PAGES_MAX are kept, the oldest goes. */
void lt_account_note_page(lt_account *a, const char *url, const char *title, lt_capture c, const char *at);
/* For a record read from a file that may have been edited (a backup): derive
 * again what its fields derive from -- the site from the URL (or from the site
 * given when there is no URL), the URL cleaned, the top site, every normalised
 * identifier from its value -- and keep the results, so the record is found
 * by trace, list --site and forget like one recorded here. Fields that
 * contradict each other (a site that is not the URL's, a value and a
 * normalised form naming different identifiers) fail with
 * LT_ERR_CORRUPT_RECORD, the detail saying which field. */
lt_err lt_account_rederive(lt_account *a);

cJSON *lt_account_to_json(const lt_account *a);
/* Strict: every required field present and of the right type. */
lt_err lt_account_from_json(const cJSON *j, lt_account *a);
/* Serialise compactly (caller frees) / parse a keyring secret. */
char *lt_account_to_string(const lt_account *a);
lt_err lt_account_from_string(const char *s, size_t len, lt_account *a);

#endif
