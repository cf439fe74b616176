/* SPDX-License-Identifier: MIT */
/* rotation.h: which passwords to change now, and why.
 *
 * From every account (one batch read), the fingerprints, the reported
 * unauthorized logins, the shared-credential groups (sitegroup.h) and the
 * breach catalogue (breach.h), each account is due for its most urgent
 * reason whose time is after the password was last set or the rotation
 * marked done. A fingerprint that was current at a reported login is not
 * "set after" it, however late leaktrace first saw it. Reasons, most urgent
 * first: */
#ifndef LT_ROTATION_H
#define LT_ROTATION_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "store.h"

typedef enum {
	LT_ROT_COMPROMISED,       /* someone else logged in here (or on a site sharing its account) */
	LT_ROT_REUSE_COMPROMISED, /* the same password as a compromised site */
	LT_ROT_BREACH,            /* a breach at this site after the password was set */
	LT_ROT_SHARED_IDENTIFIER, /* unknown password, same identifier as a compromised site: check it */
	LT_ROT_REUSED,            /* the same password as another site */
	LT_ROT_OLD,               /* older than the policy (--max-age) */
	LT_ROT_COUNT
} lt_rot_reason;

/* How bad, as the person sees it (1Password Watchtower's groups): a
 * compromised password (a reported login, a breach after it was set) first,
 * red; the same password as a compromised one next; reuse and age last,
 * neutral (no daily reminder for them alone). An unknown password with the
 * same identifier as a compromised site is no password to change: a note to
 * watch for login alerts. The badge counts the first two (lt_due_urgent). */
typedef enum {
	LT_SEV_COMPROMISED,
	LT_SEV_REUSE_COMPROMISED,
	LT_SEV_REUSED,
	LT_SEV_WATCH,
	LT_SEV_COUNT
} lt_severity;

typedef struct {
	lt_account account;
	lt_rot_reason reason;
	char since[LT_TIME_LEN]; /* when the reason arose */
	char *other;             /* the site or breach behind the reason; may be NULL */
	char *change_url;        /* where to change it */
	int url_known;           /* from the shipped list, not the start-page fallback */
} lt_due;

const char *lt_rot_reason_name(lt_rot_reason r); /* "compromised", "reuse-compromised", ... */
lt_severity lt_rot_severity(lt_rot_reason r);
const char *lt_severity_name(lt_severity s); /* "compromised", "reuse-compromised", "reused", "watch" */
/* Compromised or reused with a compromised one: counted by the badge, reminded daily. */
int lt_due_urgent(const lt_due *d);
/* One English line (malloc'd). */
char *lt_due_text(const lt_due *d);

/* Every account due for rotation (and the "watch" notes), most urgent first:
 * by severity, then reason, then time. */
lt_err lt_rotation_due(lt_store *s, int max_age_days, lt_due **out, size_t *n);
void lt_dues_free(lt_due *list, size_t n);
cJSON *lt_due_to_json(const lt_due *d);

/* Mark the accounts of `site` compromised at `at` (NULL: now) and log a login
 * incident on each; LT_ERR_NOT_FOUND when the site has no account. */
lt_err lt_report_login(lt_store *s, const char *site, const char *at, const char *note, size_t *marked);
/* Undo the report made on `site` at `at` (the time lt_report_login used),
 * within LT_REPORT_UNDO_S of it: the marks it set are cleared and its login
 * incidents forgotten. *cleared: accounts unmarked. LT_ERR_BAD_TIME past the
 * day, LT_ERR_NOT_FOUND when no account carries that report. A report that
 * replaced an earlier one on the same site does not bring the earlier back. */
#define LT_REPORT_UNDO_S 86400
lt_err lt_report_login_undo(lt_store *s, const char *site, const char *at, size_t *cleared);
/* Mark the rotation done now on `site` and on every site that shares its
 * account (sitegroup.h): one password, changed once. *marked: accounts
 * marked; *nsites (may be NULL): sites they are on. */
lt_err lt_rotation_done(lt_store *s, const char *site, size_t *marked, size_t *nsites);

#endif
