/* SPDX-License-Identifier: MIT */
/* phone_meta.h: the shape of libphonenumber's region metadata as a C table,
 * written at build time by phone-meta-gen (host/phone/phone_meta_gen.cc) into
 * phone_meta.c and read by phone_fast.c. Only what parsing, the possible-length
 * test, validity and the region of a number need is there. */
#ifndef LT_PHONE_META_H
#define LT_PHONE_META_H

#include <stddef.h>

/* Possible lengths as bits: bit n for length n; LT_PM_NONE for libphonenumber's -1
 * (no number of this kind); 0 when the description lists none. */
#define LT_PM_NONE 0x80000000u
#define LT_PM_MAX_TYPES 10

typedef struct {
	const char *pattern; /* national_number_pattern; "" when none */
	unsigned lengths;    /* possible_length */
	unsigned local;      /* possible_length_local_only */
} lt_pm_desc;

typedef struct {
	const char *id;             /* "CN"; "001" for a non-geographic entity */
	int cc;                     /* the country calling code */
	const char *intl_prefix;    /* international_prefix, NULL when absent */
	const char *np_parse;       /* national_prefix_for_parsing, "" when none */
	const char *np_transform;   /* national_prefix_transform_rule, "" when none */
	const char *leading_digits; /* NULL when absent */
	lt_pm_desc general;
	int main_country;
	unsigned n_types;
	lt_pm_desc types[LT_PM_MAX_TYPES]; /* the kinds a valid number matches one of, in libphonenumber's order */
} lt_pm_region;

typedef struct {
	int cc;
	unsigned n;     /* how many regions share it */
	unsigned first; /* their rows: lt_pm_code_regions[first .. first + n) */
} lt_pm_code;

extern const lt_pm_region lt_pm_regions[];
extern const unsigned lt_pm_n_regions;
extern const lt_pm_code lt_pm_codes[]; /* sorted by cc */
extern const unsigned lt_pm_n_codes;
extern const unsigned short lt_pm_code_regions[];

#endif
