/* trace.h: "which site leaked this?" -- from what a spam message shows to the
 * accounts that received it.
 *
 * The query is normalised exactly as records are, then found by exact
 * attribute search. Emails are also searched by mailbox key, which finds the
 * weaker matches: the same mailbox under another "+tag" (subaddress) or with
 * other Gmail dots (mailbox). With a `since` time (when the spam started),
 * sites that received the identifier only afterwards are marked ruled out. */
#ifndef LT_TRACE_H
#define LT_TRACE_H

#include <time.h>

#include "record.h"
#include "store.h"

typedef enum { LT_MATCH_EXACT, LT_MATCH_SUBADDRESS, LT_MATCH_MAILBOX } lt_match_kind;

typedef struct {
	lt_account account;
	lt_match_kind match;
	int ruled_out;
} lt_match;

typedef struct {
	char *query;
	lt_kind kind;
	char *normalized;
	lt_match *matches; /* exact first, then weaker; in each, kept before ruled out, then by first_seen */
	size_t n;
} lt_trace_result;

const char *lt_match_name(lt_match_kind m);

/* kind LT_KIND_NONE: detect it from the query. since: NULL for none. */
lt_err lt_trace(lt_store *s, const char *query, lt_kind kind, const char *region, const time_t *since,
		lt_trace_result *out);
void lt_trace_result_clear(lt_trace_result *r);
/* The result as JSON, added to `into` (a new object when NULL). */
cJSON *lt_trace_to_json(const lt_trace_result *r, cJSON *into);

#endif
