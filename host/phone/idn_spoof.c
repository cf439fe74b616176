/* SPDX-License-Identifier: MIT */
/* idn_spoof.c: whether an international domain label could pass for another
 * site (spoof.h), by ICU's spoof checker (UTS #39) -- the library browsers use
 * for the same decision. It lives in the module beside the libphonenumber
 * bridge because both pull in ICU: the programs load it only when a host name
 * has a non-ASCII label, so starting them does not load ICU.
 *
 * Policy, after Chromium's IDN display rules (the parts that matter for a
 * site name):
 *   - the label must pass ICU's "highly restrictive" level: one script, or
 *     Latin with Han and Japanese kana, Han with Bopomofo, or Han with Hangul;
 *     no invisible characters, no digits of mixed numbering systems;
 *   - its confusable skeleton must not be plain ASCII: "аррӏе" (Cyrillic)
 *     has the skeleton "appie", so it could pass for an ASCII label, while
 *     "例子", "bücher" and "россия" have skeletons that are no ASCII label.
 * A label that fails either is shown in its ASCII (punycode) form. */
#include "spoof.h"

#include <string.h>
#include <unicode/uspoof.h>

static USpoofChecker *checker(void)
{
	static USpoofChecker *sc;
	static int tried;
	UErrorCode st = U_ZERO_ERROR;

	if (tried)
		return sc;
	tried = 1;
	sc = uspoof_open(&st);
	if (U_FAILURE(st))
		return sc = NULL;
	uspoof_setRestrictionLevel(sc, USPOOF_HIGHLY_RESTRICTIVE);
	uspoof_setChecks(sc, USPOOF_RESTRICTION_LEVEL | USPOOF_INVISIBLE | USPOOF_MIXED_NUMBERS, &st);
	if (U_FAILURE(st)) {
		uspoof_close(sc);
		sc = NULL;
	}
	return sc;
}

static int plain_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

int lt_idn_label_deceptive(const char *label)
{
	USpoofChecker *sc = checker();
	UErrorCode st = U_ZERO_ERROR;
	char skeleton[512];
	int32_t r;

	if (!label || plain_ascii(label))
		return 0;
	if (!sc)
		return 1; /* cannot tell: the ASCII form is the safe one */
	r = uspoof_checkUTF8(sc, label, -1, NULL, &st);
	if (U_FAILURE(st) || r != 0)
		return 1;
	uspoof_getSkeletonUTF8(sc, 0, label, -1, skeleton, (int32_t)sizeof skeleton, &st);
	return U_FAILURE(st) || plain_ascii(skeleton);
}
