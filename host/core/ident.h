/* SPDX-License-Identifier: MIT */
/* ident.h: identifier kinds and their normalisation.
 *
 * The same functions normalise an identifier when it is stored and when it is
 * traced, so whatever a spam message shows matches what was recorded:
 *   phone    -> E.164 ("+8613800138000") through libphonenumber (phone.h),
 *               with a default region for numbers written without a country code;
 *   email    -> local part and domain lower-cased, IDN domain in its Unicode form;
 *               lt_email_mailbox() further drops a "+tag" sub-address and, for
 *               Gmail, the dots, giving the key of the mailbox that receives it;
 *   username -> NFKC, case-folded, trimmed;
 *   name     -> as username, with runs of spaces made one and dots dropped
 *               ("Zhang  Q. San" and "zhang q san" are one name).
 * All results are malloc'd strings owned by the caller. */
#ifndef LT_IDENT_H
#define LT_IDENT_H

#include "error.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum {
	LT_KIND_NONE = 0,
	LT_KIND_EMAIL,
	LT_KIND_PHONE,
	LT_KIND_USERNAME,
	LT_KIND_NAME, /* a person's name as given, e.g. a per-site "canary" variant */
	LT_KIND_COUNT
} lt_kind;

/* Longest identifier accepted as typed, in bytes. */
#define LT_IDENT_MAX 256

/* "email", "phone", "username", "name" ("" for LT_KIND_NONE). */
const char *lt_kind_name(lt_kind k);
/* "email, phone, username or name": every kind, for messages. */
const char *lt_kind_names_text(void);
/* Inverse of lt_kind_name; LT_KIND_NONE when unknown. */
lt_kind lt_kind_from_name(const char *name);

/* Guess the kind of free text as a spam message shows it: an '@' makes an
 * email, mostly digits (with + - . ( ) spaces, full-width digits too) and at
 * least 5 digits make a phone, anything else is a username (a name is
 * never guessed: ask for it by kind). */
lt_kind lt_ident_detect(const char *input);

/* Normalise `input` as kind `k`. `region` is an ISO 3166 alpha-2 code used for
 * phones written without a country code; NULL means lt_default_region().
 * Fails with LT_ERR_BAD_IDENTIFIER (detail says why, without echoing the input),
 * LT_ERR_TOO_LARGE, LT_ERR_BAD_UTF8 or LT_ERR_BAD_REGION. */
lt_err lt_ident_normalize(lt_kind k, const char *input, const char *region, char **out);

/* As lt_ident_normalize, for what a person types (record, incident, trace): a
 * phone written without '+' or 00 must also be valid in its region
 * (libphonenumber's isValidNumber), else LT_ERR_BAD_IDENTIFIER saying so. */
lt_err lt_ident_normalize_typed(lt_kind k, const char *input, const char *region, char **out);

/* A phone number typed into a browser form, placed in a region by the
 * precedence of PROTOCOL.md: `region` (the person's explicit choice, may be
 * NULL) > $LEAKTRACE_REGION > hints[0] (the browser language's region) > the
 * system locale. A number in international notation needs none of them. A
 * national number valid (libphonenumber's isValidNumber) in the chosen
 * region is placed there; else in the one hint region where it is valid;
 * else (none, or two) *out is its digits only, *resolved false ("unresolved":
 * trace finds it by those digits). Errors as lt_ident_normalize(). */
#define LT_REGION_HINTS_MAX 4

lt_err lt_phone_place(const char *input, const char *region, const char *const *hints, size_t n_hints, char **out,
		      bool *resolved);

/* A stored pair (value as typed, normalised form) from a file that may have
 * been edited: *out is the normalised form derived again, the same as
 * lt_ident_normalize gives today. Fails with LT_ERR_BAD_IDENTIFIER when either
 * is not a valid identifier of kind k or the two name different ones (a
 * phone's value is read with the region of its normalised number). */
lt_err lt_ident_rederive(lt_kind k, const char *value, const char *normalized, char **out);

/* The mailbox key of an already normalised email (see above). */
lt_err lt_email_mailbox(const char *normalized_email, char **out);

/* The default phone region: $LEAKTRACE_REGION, else the territory of the
 * locale (LC_ALL, LC_TELEPHONE, LC_CTYPE, LANG: "zh_CN.UTF-8" -> "CN"),
 * else NULL. Upper-case two letters, in a static buffer. */
const char *lt_default_region(void);

/* Is `region` two ASCII letters? (Case-insensitive.) */
int lt_region_valid(const char *region);

#endif
