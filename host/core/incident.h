/* SPDX-License-Identifier: MIT */
/* incident.h: the incident log -- a harassing call or SMS, a spam email, a
 * login alert that arrived on one of the person's identifiers.
 *
 * One keyring item per identifier (schema org.leaktrace.Incident), found by
 * the normalised identifier; its secret is the JSON array of the incidents
 * that arrived on it, each a versioned record. Writes happen under lock.h's
 * lock. Times are stored in UTC. */
#ifndef LT_INCIDENT_H
#define LT_INCIDENT_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "ident.h"
#include "keyring.h"
#include "primitives.h" /* LT_SHA256_HEX */
#include "timefmt.h"

#define LT_INCIDENT_VERSION 1
#define LT_INCIDENT_ID_LEN 12 /* hex digits */
#define LT_INCIDENT_REASONS 4  /* reasons kept for a verdict */

typedef enum {
	LT_INCIDENT_SMS,
	LT_INCIDENT_CALL,
	LT_INCIDENT_EMAIL,
	LT_INCIDENT_LOGIN,
	LT_INCIDENT_OTHER,
	LT_INCIDENT_KIND_COUNT
} lt_incident_kind;

/* What an imported incident was judged to be (NONE for one typed by hand). */
typedef enum {
	LT_IV_NONE,
	LT_IV_HARASSMENT,      /* a missed, rejected or blocked call from a stranger */
	LT_IV_COMMERCIAL,      /* a commercial SMS without a signature to name its sender */
	LT_IV_LEAK,            /* signed by a company that never got this number */
	LT_IV_UNKNOWN_COMPANY, /* signed by a company not in the records */
	LT_IV_BOMBING,         /* a burst of verification codes from many senders */
	LT_IV_SPAM,            /* mail the provider or the person marked as spam, on a recorded address */
	LT_IV_REVIEW,          /* mail to an alias from a sender the person has yet to settle (mail allow|deny) */
	LT_IV_COUNT
} lt_incident_verdict;

typedef struct {
	char id[LT_INCIDENT_ID_LEN + 1];
	lt_incident_kind kind;
	lt_kind ident_kind;
	char *value;      /* the identifier it arrived on, as typed */
	char *normalized;
	char *from;       /* the caller's number or sender's address, as typed; may be NULL */
	char *note;       /* may be NULL */
	char at[LT_TIME_LEN];       /* when it arrived (UTC) */
	char recorded[LT_TIME_LEN]; /* when it was logged */
	/* Imported incidents (host/sources) say where they came from and why. */
	char *source;     /* the format read ("android-xml", "ios-sms-db", "csv"); NULL when typed */
	char *signature;  /* the 【signature】 of an SMS, without brackets; may be NULL */
	char *site;       /* the site the signature names; may be NULL */
	char *text;       /* the SMS text, only when the person asked to keep it; may be NULL */
	char text_sha256[LT_SHA256_HEX]; /* of the first message's text; "" none */
	unsigned count;   /* calls or messages it stands for (1 when typed) */
	lt_incident_verdict verdict;
	int certain;      /* the verdict is certain (a leak named by its signature) */
	char *reasons[LT_INCIDENT_REASONS]; /* why, in words; NULL-terminated when fewer */
	/* Mail (host/sources/mail_*): sender_domains, auth (Authentication-Results),
	 * message_id, header_sha256, subject (leaks only) and messages (keyed hashes
	 * of the messages counted: a merge is their union, so a rescan never counts
	 * one twice); NULL for other incidents. Owned. */
	cJSON *mail;
	char *item_path; /* the log item it was read from; not serialised */
} lt_incident;

const char *lt_incident_kind_name(lt_incident_kind k);
/* LT_INCIDENT_KIND_COUNT when unknown. */
lt_incident_kind lt_incident_kind_from_name(const char *name);
/* "sms, call, email, login or other": every kind, for messages. */
const char *lt_incident_kind_names_text(void);

const char *lt_incident_verdict_name(lt_incident_verdict v); /* "", "harassment", "commercial", "leak", ... */
/* LT_IV_COUNT when unknown. */
lt_incident_verdict lt_incident_verdict_from_name(const char *name);

void lt_incident_clear(lt_incident *inc);
void lt_incidents_free(lt_incident *list, size_t n);

/* Build an incident from what a person typed. `at` may be NULL (now); it is
 * parsed by lt_time_parse (local time by default). Nothing is stored. */
lt_err lt_incident_make(lt_incident *inc, const char *identifier, lt_kind kind, const char *region,
			lt_incident_kind ikind, const char *from, const char *at, const char *note);

/* For an incident read from a file that may have been edited (a backup): its
 * normalised identifier derived again from its value (lt_ident_rederive);
 * LT_ERR_CORRUPT_RECORD when the two name different identifiers. */
lt_err lt_incident_rederive(lt_incident *inc);

cJSON *lt_incident_to_json(const lt_incident *inc);
lt_err lt_incident_from_string(const char *s, size_t len, lt_incident *inc);

/* The id of an imported incident: a keyed hash (key purpose "incident") of
 * the fields that make it one, so importing the same log twice adds nothing. */
lt_err lt_incident_keyed_id(const unsigned char key[32], const char *fields, char out[LT_INCIDENT_ID_LEN + 1]);
/* Add a reason (copied); the ones over LT_INCIDENT_REASONS are dropped. */
lt_err lt_incident_add_reason(lt_incident *inc, const char *reason);

/* Add it to its identifier's log; an incident whose id is there already is not added twice. */
lt_err lt_incident_add(lt_store *s, lt_incident *inc);
/* Add many at once, one read and at most one write per identifier, under one
 * lock: an incident whose id is there already is merged into it (the larger
 * count, the earlier time), never added twice. *added counts the new ones,
 * *changed the merged ones that grew (either may be NULL). Keyring writes are
 * proportional to the identifiers touched, never to the incidents. */
lt_err lt_incident_add_many(lt_store *s, lt_incident *list, size_t n, size_t *added, size_t *changed);
/* Incidents on one identifier (kind + normalised value), or every one when
 * normalized is NULL; sorted by time of arrival. */
lt_err lt_incident_list(lt_store *s, lt_kind kind, const char *normalized, lt_incident **out, size_t *n);
/* The search lt_incident_list(kind, normalized) makes, for lt_keyring_prefetch
 * (attrs: room for it; normalized not NULL). */
lt_keyring_query lt_incident_query(lt_kind kind, const char *normalized, const char *attrs[3]);
/* What a reviser decided for one stored incident. */
typedef enum { LT_REVISE_KEEP, LT_REVISE_CHANGED, LT_REVISE_DROP } lt_revise;
typedef lt_err (*lt_incident_reviser)(lt_incident *inc, void *ctx, lt_revise *what);
/* Under the lock, hand every stored incident to fn (which may change it in
 * place), then write back, once each, the logs of the identifiers where one
 * changed or was dropped (a log left empty is deleted). *changed and
 * *dropped (either may be NULL) count them. Nothing is written when fn fails. */
lt_err lt_incident_revise(lt_store *s, lt_incident_reviser fn, void *ctx, size_t *changed, size_t *dropped);
/* Delete by id; LT_ERR_NOT_FOUND when there is none. */
lt_err lt_incident_forget(lt_store *s, const char *id);

#endif
