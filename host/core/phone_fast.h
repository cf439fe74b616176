/* SPDX-License-Identifier: MIT */
/* phone_fast.h: phone numbers in their common shapes without loading the
 * libphonenumber module: libphonenumber's own rules (Parse, the possible-length
 * test, IsValidNumber, the region of a number) in C over its own metadata,
 * written at build time into a table (phone_meta.h). Each function answers as
 * its phone.h namesake would, or LT_PHONE_DEFER when the text is outside the
 * shapes it reads (letters, extensions, non-ASCII digits, a '+' inside the
 * number, ...): the caller then asks the module (phone_loader.c). The unit
 * test test_phone_fast compares both on a corpus made from libphonenumber's
 * example numbers. */
#ifndef LT_PHONE_FAST_H
#define LT_PHONE_FAST_H

#define LT_PHONE_DEFER 3

/* As lt_phone_to_e164: 0 (*e164 malloc'd), -1, or LT_PHONE_DEFER. */
int lt_phonefast_to_e164(const char *input, const char *region, char **e164);
/* As lt_phone_is_valid: 1, 0, or LT_PHONE_DEFER. */
int lt_phonefast_is_valid(const char *e164);
/* As lt_phone_region_known: 1 or 0 (the table knows every region). */
int lt_phonefast_region_known(const char *region);
/* As lt_phone_region_of: 0, -1, or LT_PHONE_DEFER. */
int lt_phonefast_region_of(const char *e164, char region[3]);

/* 1 when every pattern of the generated table compiles (for the tests). */
int lt_phonefast_patterns_compile(void);

#endif
