/* SPDX-License-Identifier: MIT */
/* mail_store.h: what mail scanning keeps in the keyring, as settings
 * (setting.h: one org.leaktrace.Setting item each, the JSON in the secret,
 * nothing readable in the attributes):
 *   mail-sources  [{name, kind, location, user, positions: {folder: pos}}]
 *   mail-senders  {site: {allow: [org], deny: [org], learned: [org], wrote: [address]}}
 *   mail-proposed [{site, address, date, reasons: [...]}]  accounts found in mail
 * and the settling of review incidents by `mail allow|deny`. */
#ifndef LT_MAIL_STORE_H
#define LT_MAIL_STORE_H

#include <cjson/cJSON.h>

#include "mail_feed.h"

#define LT_MAIL_SET_SOURCES "mail-sources"
#define LT_MAIL_SET_SENDERS "mail-senders"
#define LT_MAIL_SET_PROPOSED "mail-proposed"

/* A setting's JSON, or an empty one of `type` (cJSON_Array / cJSON_Object)
 * when never made; LT_ERR_CORRUPT_RECORD when it holds another type. */
lt_err lt_mail_setting(lt_store *s, const char *name, int type, cJSON **out);

/* The configured sources. */
lt_err lt_mail_sources(lt_store *s, lt_mail_source **out, size_t *n);
void lt_mail_sources_free(lt_mail_source *list, size_t n);
/* Add a source (name NULL: "KIND-N"); the name given is in *name (malloc'd).
 * LT_ERR_BAD_REQUEST when the name or the same kind and location exists. */
lt_err lt_mail_source_add(lt_store *s, lt_mail_kind kind, const char *location, const char *user, const char *name,
			  char **added);

/* Forget the source called name: its positions go with it, an IMAP source's
 * login (imap_secret.h) too; what its mail became (incidents, learned
 * senders) stays. *kind (may be NULL): what it was. LT_ERR_NOT_FOUND when
 * no source has that name. */
lt_err lt_mail_source_remove(lt_store *s, const char *name, lt_mail_kind *kind);
/* The source called name (*out to free with lt_mail_sources_free(out, 1));
 * LT_ERR_NOT_FOUND when none. */
lt_err lt_mail_source_find(lt_store *s, const char *name, lt_mail_source **out);

/* The list `list` ("allow", "deny", "learned", "wrote") of site in senders; NULL when none. */
const cJSON *lt_mail_senders_list(const cJSON *senders, const char *site, const char *list);
/* Add value to that list once; 1 when it was added. */
int lt_mail_senders_add(cJSON *senders, const char *site, const char *list, const char *value);

/* `mail allow|deny SITE DOMAIN`: the organisation of DOMAIN is the site's own
 * (allow) or nothing to do with it (deny), from now on; the review incidents
 * of (site, organisation) are settled: dropped when allowed, made certain
 * leaks when denied. *settled: how many. */
lt_err lt_mail_settle(lt_store *s, const char *site, const char *domain, int allow, size_t *settled);

#endif
