/* SPDX-License-Identifier: MIT */
/* trace.h: "which site leaked this?" -- from what a spam message shows to the
 * accounts that received it, ranked, each with its reason.
 *
 * The query is normalised exactly as records are, then found by exact
 * attribute search. Emails are also searched by mailbox key, which finds the
 * weaker matches: the same mailbox under another "+tag" (subaddress) or with
 * other Gmail dots (mailbox); and an email that is one of our per-site
 * aliases names its site for certain (alias.h), even if that account record
 * is gone. The cutoff is `since` when given, else the earliest incident
 * logged on the identifier: sites that received it only after the cutoff, by
 * an exact date, are ruled out; the rest rank by how close before the cutoff
 * they received it, then those whose earliest evidence is after it
 * (no-later-than), then those whose date is unknown: neither is ever ruled
 * out. The verdict says the answer in one line. */
#ifndef LT_TRACE_H
#define LT_TRACE_H

#include <time.h>

#include "incident.h"
#include "record.h"
#include "store.h"

typedef enum { LT_MATCH_ALIAS, LT_MATCH_EXACT, LT_MATCH_SUBADDRESS, LT_MATCH_MAILBOX } lt_match_kind;

typedef enum {
	LT_REASON_ALIAS,   /* the alias was made for this site alone: certain */
	LT_REASON_BEFORE,  /* received it before the cutoff (seconds_before says how long) */
	LT_REASON_NO_TIME, /* no cutoff known: ranked by match, then oldest first */
	LT_REASON_AFTER,   /* ruled out: received it only after the cutoff */
	LT_REASON_EVIDENCE_AFTER, /* no-later-than a date after the cutoff: may have had it before */
	LT_REASON_DATE_UNKNOWN,   /* no date evidence: never ruled out */
} lt_reason;

typedef enum { LT_VERDICT_CERTAIN, LT_VERDICT_LIKELY, LT_VERDICT_NONE } lt_verdict;

typedef enum { LT_CUTOFF_NONE, LT_CUTOFF_SINCE, LT_CUTOFF_INCIDENT } lt_cutoff_source;

typedef struct {
	lt_account account;
	lt_match_kind match;
	int ruled_out;
	int rank;           /* 1 = first to check: an alias, else the closest before the cutoff */
	lt_reason reason;
	long seconds_before; /* cutoff - first_seen, when there is a cutoff */
	int record_lost;    /* an alias match whose account record is gone */
	char *exposed_in;   /* breaches at this site that exposed this kind of identifier, ", "-separated; NULL none */
} lt_match;

typedef struct {
	char *query;
	lt_kind kind;
	char *normalized;
	lt_match *matches; /* in rank order */
	size_t n;
	lt_cutoff_source cutoff_source;
	char cutoff[LT_TIME_LEN]; /* "" when none */
	lt_incident *incidents;  /* on this identifier, oldest first */
	size_t n_incidents;
	lt_unreadable unreadable; /* matching items that hold no readable record */
} lt_trace_result;

const char *lt_match_name(lt_match_kind m);
/* "alias", "before", "no_time", "after", "evidence_after", "date_unknown" */
const char *lt_reason_name(lt_reason r);
const char *lt_verdict_name(lt_verdict v); /* "certain", "most_likely", "none" */
const char *lt_cutoff_source_name(lt_cutoff_source c); /* "none", "since", "incident" */
/* One English line saying why a match is where it is (malloc'd). */
char *lt_match_reason_text(const lt_trace_result *r, const lt_match *m);
/* The same line in the reader's language (lt_tr), for people. */
char *lt_match_reason_local(const lt_trace_result *r, const lt_match *m);

/* The answer: the best-ranked match unless it is ruled out (*best, NULL for
 * none) and how sure it is. */
lt_verdict lt_trace_verdict(const lt_trace_result *r, const lt_match **best);
/* The answer in one English line (malloc'd), e.g. "Suspect, by time alone:
 * insure-d.cn — had it 3 days before the first call." It claims no more than
 * the data: "Certain" only for an alias; otherwise the first-ranked site (the
 * closest before the cutoff) is a suspect, the time its only ground. The
 * JSON code stays "most_likely" (PROTOCOL.md) for the programs that read it. */
char *lt_trace_verdict_text(const lt_trace_result *r);
/* The same line in the reader's language (lt_tr), for people. */
char *lt_trace_verdict_local(const lt_trace_result *r);

/* kind LT_KIND_NONE: detect it from the query. since: NULL for none. */
lt_err lt_trace(lt_store *s, const char *query, lt_kind kind, const char *region, const time_t *since,
		lt_trace_result *out);
void lt_trace_result_clear(lt_trace_result *r);
/* The result as JSON, added to `into` (a new object when NULL): query, kind,
 * normalized, cutoff, verdict, certainty (of the suspect's date; null for
 * none), suspect (site or null), verdict_text, unreadable (how many matching
 * items hold no readable record), matches (each an ACCOUNT plus match,
 * identifier, rank, reason, reason_code, ruled_out). */
cJSON *lt_trace_to_json(const lt_trace_result *r, cJSON *into);

#endif
