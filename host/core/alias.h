/* SPDX-License-Identifier: MIT */
/* alias.h: per-site identifiers that trace back to exactly one site.
 *
 * Email aliases: from the person's base -- "me@mail.example" for sub-address
 * aliases ("me+TAG@mail.example") or a catch-all domain they own
 * ("mydomain.example" -> "TAG@mydomain.example"). TAG is HMAC-SHA256 of the
 * site under a secret key (key.h), written in LT_TAG_LEN letters and digits
 * from an alphabet without look-alikes: the same site always gets the same
 * tag, and a spammer who sees one alias cannot make another. Each alias
 * issued is kept (schema org.leaktrace.Alias); even when that item and the
 * account are gone, tags are recomputed for every known site.
 * Phone numbers: a pool of the person's numbers; the suggestion for a site is
 * the number held by the fewest sites, so a later leak narrows to fewer.
 * Name variants: the person's name with a middle initial drawn from the tag. */
#ifndef LT_ALIAS_H
#define LT_ALIAS_H

#include "key.h"
#include "keyring.h"
#include "timefmt.h"

#define LT_TAG_LEN 8
#define LT_POOL_MAX 32

/* The tag of `site` under `key` (NUL-terminated). */
void lt_alias_tag(const unsigned char key[LT_KEY_LEN], const char *site, char tag[LT_TAG_LEN + 1]);

/* Set the base: an email address (sub-address aliases) or a domain (catch-all). */
lt_err lt_alias_set_base(lt_store *s, const char *base);
/* The base as set (*base malloc'd; *catchall: a domain); LT_ERR_NOT_FOUND when none. */
lt_err lt_alias_get_base(lt_store *s, int *catchall, char **base);
/* Remove the base; *cleared says whether one was set. */
lt_err lt_alias_clear_base(lt_store *s, int *cleared);
/* The shape of the aliases: "me+TAG@mail.example" or "TAG@mydomain.example" (malloc'd). */
char *lt_alias_shape(int catchall, const char *base);
/* For an address base at a big mail provider (QQ Mail, NetEase, Outlook.com,
 * Gmail, iCloud...): its name, with *delivers 1 when readable pages say it
 * delivers +tag mail and 0 when that could not be verified; else NULL. */
const char *lt_alias_base_provider(const char *base, int *delivers);
/* The alias email for `site` (malloc'd); remembers that it was issued.
 * LT_ERR_NOT_FOUND when no base is set (detail says how to set it). */
lt_err lt_alias_issue(lt_store *s, const char *site, char **alias);
/* The domain aliases are made on (malloc'd; the base address's domain or the
 * catch-all domain), for a cheap test before lt_alias_site_of; NULL when no
 * base is set. */
lt_err lt_alias_domain(lt_store *s, char **domain);
/* If the normalised email is one of our aliases, the site it was made for
 * (malloc'd) and when it was issued ("" when only recomputed); else *site NULL. */
lt_err lt_alias_site_of(lt_store *s, const char *email, char **site, char issued[LT_TIME_LEN]);

/* The phone pool (normalised E.164 numbers). */
lt_err lt_pool_add(lt_store *s, const char *number, const char *region, char **normalized);
lt_err lt_pool_remove(lt_store *s, const char *number, const char *region);
lt_err lt_pool_list(lt_store *s, char ***numbers, size_t *n);
void lt_pool_free(char **numbers, size_t n);
/* The pool number held by the fewest sites (malloc'd); *holders is how many hold it. */
lt_err lt_pool_suggest(lt_store *s, char **number, size_t *holders);

/* A per-site variant of a name: "Zhang San" -> "Zhang K. San" (at least two
 * words), or for two to four Han characters written together, the initial
 * after the family name: "张三" -> "张K三". */
lt_err lt_alias_name(lt_store *s, const char *site, const char *name, char **variant);

#endif
