/* SPDX-License-Identifier: MIT */
/* near.h: how near two short strings are, and whether an identifier a person
 * typed as their own is one a site was given.
 *
 * `incident add NUMBER` takes the identifier a call or message arrived on --
 * the person's own. The usual slips are the caller's number typed there, or
 * one's own with a digit wrong: both are an identifier no recorded site holds,
 * and the second is one digit from a number that a site holds. */
#ifndef LT_NEAR_H
#define LT_NEAR_H

#include <stddef.h>

#include "ident.h"
#include "keyring.h"

/* Edits (insert, delete, change a byte) that make a into b; (size_t)-1 when
 * a is 64 bytes or more or b 32 or more (names and numbers are shorter). */
size_t lt_edit_distance(const char *a, const char *b);

typedef struct {
	int mine;         /* a recorded site holds it (as trace finds it), or it is in the phone pool */
	char *near;       /* else a recorded phone number one digit from it (malloc'd); NULL for none */
	char *near_site;  /* the first site (by name) holding `near` */
	size_t near_sites; /* how many sites hold `near` */
} lt_near_check;

/* Check the normalised identifier `normalized` of kind k (region as for
 * trace). A phone is compared digit by digit with every recorded number. */
lt_err lt_near_check_mine(lt_store *s, lt_kind k, const char *normalized, const char *region, lt_near_check *out);
void lt_near_check_clear(lt_near_check *c);

#endif
