/* SPDX-License-Identifier: MIT */
/* breach.h: a breach catalogue in Have I Been Pwned's /api/v3/breaches
 * format, imported offline from a file and kept in the keyring (one setting:
 * which breaches matter says which sites the person uses). */
#ifndef LT_BREACH_H
#define LT_BREACH_H

#include <stddef.h>

#include "keyring.h"
#include "timefmt.h"

#define LT_BREACH_FILE_MAX (64 * 1024 * 1024)

typedef struct {
	char *name;
	char *site;                 /* the registrable domain of Domain; NULL when it has none */
	char date[LT_TIME_LEN];     /* BreachDate, as midnight UTC */
	char added[LT_TIME_LEN];    /* AddedDate */
	unsigned exposed;           /* bit per lt_kind whose data class it lists */
} lt_breach;

/* Read, check and store the catalogue in `path` (merged by Name with the one
 * kept). Nothing is stored unless the whole file is valid; the detail says
 * which line or entry is wrong and why. */
lt_err lt_breaches_import(lt_store *s, const char *path, size_t *imported, size_t *known);
lt_err lt_breaches_load(lt_store *s, lt_breach **out, size_t *n);
/* The breaches at a site that listed a kind of identifier, with name, site
 * and exposed only (no dates): what a trace needs, from the small index. */
lt_err lt_breaches_load_sites(lt_store *s, lt_breach **out, size_t *n);
/* The search lt_breaches_load_sites makes, for lt_keyring_prefetch (attrs: room for it). */
lt_keyring_query lt_breaches_query(const char *attrs[3]);
void lt_breaches_free(lt_breach *list, size_t n);

#endif
