/* SPDX-License-Identifier: MIT */
/* phone_log.h: the phone's own logs of SMS and calls, read from the exports
 * people have, and turned into incidents on the person's numbers.
 *
 * Each format has its reader (phone_android.c: SMS Backup & Restore XML,
 * phone_ios.c: an iOS backup's sms.db, phone_csv.c: the documented CSV),
 * which hands every record it reads to a sink and keeps nothing. The sink of
 * an import (phone_import.c) judges each record with the classifiers of
 * phone_sms.c, keeps only what makes incidents (one per number it arrived on,
 * sender and local day, with a count), names the company behind an SMS
 * signature (phone_map.c), then stores the incidents through the core's one
 * incident store (incident.h). Nothing here prints; the CLI renders. */
#ifndef LT_PHONE_LOG_H
#define LT_PHONE_LOG_H

#include <cjson/cJSON.h>
#include <stddef.h>
#include <time.h>

#include "incident.h"
#include "keyring.h"
#include "xmlrefs.h"

#define LT_PHONE_FIELD_MAX 256          /* numbers, SIM ids, contact names */
#define LT_PHONE_TEXT_MAX (1024 * 1024) /* one SMS text; more is not an SMS */

typedef enum { LT_PHONE_IN, LT_PHONE_OUT, LT_PHONE_OTHER } lt_phone_dir; /* OTHER: drafts, failed, queued */

typedef enum {
	LT_CALL_NONE, /* an SMS */
	LT_CALL_ANSWERED,
	LT_CALL_OUTGOING,
	LT_CALL_MISSED,
	LT_CALL_VOICEMAIL,
	LT_CALL_REJECTED,
	LT_CALL_BLOCKED,
} lt_call_type;

/* One SMS or call as a reader hands it over; the strings are borrowed for the call. */
typedef struct {
	lt_call_type call; /* LT_CALL_NONE for an SMS */
	lt_phone_dir dir;
	int contact;        /* the other side is one of the person's contacts */
	time_t at;
	const char *sim;    /* the SIM it arrived on, as the file names it; NULL unknown */
	const char *number; /* the other side */
	const char *text;   /* SMS text; NULL for a call */
} lt_phone_rec;

typedef lt_err (*lt_phone_sink)(const lt_phone_rec *r, void *ctx);
/* Bytes of the file read so far, of total. */
typedef void (*lt_phone_progress)(unsigned long long done, unsigned long long total, void *ctx);

typedef enum { LT_PHONE_ANDROID_XML, LT_PHONE_IOS_DB, LT_PHONE_CSV, LT_PHONE_FORMAT_COUNT } lt_phone_format;
const char *lt_phone_format_name(lt_phone_format f); /* "android-xml", "ios-sms-db", "csv" */
/* By the file's first bytes; LT_ERR_BAD_FILE when it is none of them. */
lt_err lt_phone_detect(const char *path, lt_phone_format *f);

/* The readers: every record to sink, in file order. A broken file fails with
 * LT_ERR_BAD_FILE (detail: where), a field over its bound with LT_ERR_TOO_LARGE. */
lt_err lt_phone_read_android(const char *path, lt_phone_sink sink, void *ctx, lt_phone_progress prog, void *pctx);
lt_err lt_phone_read_ios(const char *path, lt_phone_sink sink, void *ctx, lt_phone_progress prog, void *pctx);
lt_err lt_phone_read_csv(const char *path, lt_phone_sink sink, void *ctx, lt_phone_progress prog, void *pctx);
/* The Android reader on any byte source (xmlrefs.h), of `size` bytes when known: for the fuzzer. */
lt_err lt_phone_read_android_from(lt_xmlrefs_source read, void *src, unsigned long long size, lt_phone_sink sink,
				 void *ctx, lt_phone_progress prog, void *pctx);

/* A signature that names no company in the records (for `phone review`). */
typedef struct {
	char *signature;
	unsigned count;           /* messages */
	size_t incidents;
	char first[LT_TIME_LEN];  /* since when */
} lt_phone_unknown;

/* ---- classifiers (phone_sms.c) ---- */
typedef enum {
	LT_SMS_PLAIN,      /* nothing commercial about it */
	LT_SMS_CODE,       /* a verification code: used to name companies, never an incident */
	LT_SMS_COMMERCIAL, /* signed, from an enterprise port or service number, or with an opt-out */
} lt_sms_class;

/* The 【signature】 at the start or end of text, without brackets, into sig
 * (size bytes); 0 when there is none (or it does not fit). */
int lt_sms_signature(const char *text, char *sig, size_t size);
/* What an SMS is; *why (may be NULL) says what made it commercial, in words. */
lt_sms_class lt_sms_classify(const char *sender, const char *text, const char **why);
/* A missed, rejected or blocked call: an incident when from a stranger. */
int lt_call_is_unwanted(lt_call_type t);
/* The other side's number reduced to compare it across records: digits and a
 * leading '+', China's +86 / 0086 dropped (a cheap key, not a normalisation:
 * enterprise ports are no phone numbers libphonenumber would accept). */
void lt_phone_sender_key(const char *number, char *out, size_t size);

/* ---- signatures name companies (phone_map.c) ---- */
typedef enum {
	LT_MAP_NONE,   /* names nothing in the records */
	LT_MAP_NEVER,  /* the person said: a company they deal with outside the web */
	LT_MAP_PERSON, /* the person's own map (`leaktrace phone map`) */
	LT_MAP_CODE,   /* it sent a verification code when an account was made with the number */
	LT_MAP_TITLE,  /* it appears in the title of a recorded page */
	LT_MAP_LABEL,  /* an ASCII signature equal to a site's first label */
} lt_map_how;

typedef struct lt_phone_mapper lt_phone_mapper;
/* The person's map and every recorded account, read once. */
lt_err lt_phone_mapper_new(lt_store *s, lt_phone_mapper **m);
void lt_phone_mapper_free(lt_phone_mapper *m);
/* A verification code from `sig` arrived on `on` (E.164) at `at`: when that
 * was from 15 minutes before to 5 minutes after an account got the number,
 * the signature names that account's site. Teach every code before asking. */
lt_err lt_phone_mapper_code(lt_phone_mapper *m, const char *sig, const char *on, time_t at);
/* The site `sig` names (borrowed; NULL for none or never) and how; *got says
 * whether that site got the number `on`. */
const char *lt_phone_mapper_site(const lt_phone_mapper *m, const char *sig, const char *on, lt_map_how *how, int *got);
const char *lt_map_how_text(lt_map_how h);

/* Judge a message signed `sig` that arrived on `on` (E.164): *related when
 * the site it names got that number (or the person deals with it outside the
 * web), else inc gets the signature, the verdict (a certain leak, or a
 * company not in the records), the site and the reasons. */
lt_err lt_phone_judge_signed(const lt_phone_mapper *m, const char *sig, const char *on, lt_incident *inc, int *related);

/* `leaktrace phone map SIG SITE`; site NULL: --never. */
lt_err lt_phone_map_set(lt_store *s, const char *sig, const char *site);
/* After the map changed for `sig`: the stored incidents signed `sig` judged
 * again by the same rules as an import; one now related is removed (as an
 * import would not have made it). *changed and *dropped count them. */
lt_err lt_phone_map_rejudge(lt_store *s, const char *sig, size_t *changed, size_t *dropped);
/* The person's map as stored: {signature: site or null}; *out NULL when empty. */
lt_err lt_phone_map_get(lt_store *s, cJSON **out);
/* The signatures behind "a company not in your records" incidents that the
 * person's map does not name yet, most messages first. */
lt_err lt_phone_review(lt_store *s, lt_phone_unknown **out, size_t *n);
void lt_phone_unknowns_free(lt_phone_unknown *list, size_t n);

/* ---- an import (phone_import.c) ---- */
typedef struct {
	const char *id, *number;
} lt_phone_sim;

#define LT_PHONE_SIMS 8
typedef struct {
	const char *on;                       /* the number they arrived on, unless a SIM says otherwise */
	lt_phone_sim sims[LT_PHONE_SIMS];     /* --sim SUB_ID=NUMBER */
	size_t n_sims;
	const char *region;                   /* for the person's numbers */
	int keep_text;                        /* keep SMS text in the incidents (never codes) */
	int dry_run;                          /* judge, store nothing */
	lt_phone_progress progress;           /* called with progress_ctx, for each file in turn */
	void *progress_ctx;
} lt_phone_opts;

typedef struct {
	size_t records;     /* read */
	size_t received;    /* SMS and calls that came in */
	size_t contacts;    /* of those, from contacts */
	size_t replies;     /* from numbers the person contacted first */
	size_t codes;       /* verification codes */
	size_t related;     /* signed by a company that got the number */
	size_t plain;       /* from strangers, but nothing to hold against them */
	lt_incident *incidents; /* what the import makes, oldest first */
	size_t n;
	size_t added, merged;   /* stored: new ones, ones that grew */
} lt_phone_result;

/* Read the files (each in its own format: an SMS file and a calls file of one
 * phone go together, so a call answers an SMS), judge their records and
 * (unless dry_run) store the incidents. Nothing is stored when any file fails;
 * *failed (may be NULL) is then the index of the file at fault. */
lt_err lt_phone_import(lt_store *s, const char *const *paths, size_t n, const lt_phone_opts *o, lt_phone_result *out,
		       size_t *failed);
void lt_phone_result_clear(lt_phone_result *r);

#endif
