/* SPDX-License-Identifier: MIT */
/* phone_fast.c: libphonenumber's parsing rules in C, over its own metadata
 * (phone_meta.c, generated at build time), for the shapes people paste: ASCII
 * digits with spaces, dashes, dots, slashes and parentheses, '+' or an
 * international prefix in front. Anything else is LT_PHONE_DEFER and goes to
 * the module (phone_loader.c), which costs ~20 ms to load.
 *
 * Each step below follows the PhoneNumberUtil (8.12) function named in its
 * comment, branch for branch; where a branch is rare and intricate (an invalid
 * calling code after '+', a region without an international prefix) it defers
 * instead of guessing. Patterns are compiled with GRegex (PCRE) once per
 * process and kept: libphonenumber's patterns are plain (classes, groups,
 * counts, alternation), read alike by ICU's engine and PCRE; the corpus test
 * (tests/unit/test_phone_fast.c) holds both to the same answers. */
#include "phone_fast.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "phone_meta.h"

#define NSN_MAX 17 /* kMaxLengthForNsn */
#define NSN_MIN 2  /* kMinLengthForNsn */
#define BUF 64

enum { PARSED = 0, FAILED = -1, DEFER = LT_PHONE_DEFER };
enum len_result { IS_POSSIBLE, LOCAL_ONLY, TOO_SHORT, TOO_LONG, INVALID_LENGTH };

/* ---- patterns ------------------------------------------------------------ */

G_LOCK_DEFINE_STATIC(cache);
static GHashTable *cache[2]; /* pattern (static string) -> GRegex: [0] whole text, [1] a prefix */

static GRegex *compiled(const char *pattern, int prefix)
{
	GRegex *re;

	G_LOCK(cache);
	if (!cache[prefix])
		cache[prefix] = g_hash_table_new(g_direct_hash, g_direct_equal);
	re = g_hash_table_lookup(cache[prefix], pattern);
	if (!re) {
		char *p = prefix ? g_strdup(pattern) : g_strconcat("(?:", pattern, ")\\z", NULL);

		re = g_regex_new(p, G_REGEX_ANCHORED, 0, NULL);
		g_free(p);
		if (re)
			g_hash_table_insert(cache[prefix], (gpointer)pattern, re);
	}
	G_UNLOCK(cache);
	return re;
}

/* RegexBasedMatcher::MatchNationalNumber, no prefix match: the whole of s. */
static int full_match(const char *pattern, const char *s)
{
	GRegex *re;

	if (!pattern || !*pattern || !(re = compiled(pattern, 0)))
		return 0;
	return g_regex_match(re, s, 0, NULL);
}

/* RegExp::Consume at the start of s: the end of the match, or -1. groups gets
 * the captured spans ([2n], [2n+1]; -1 when unmatched), *n_groups their count. */
static int consume(const char *pattern, const char *s, int groups[20], int *n_groups)
{
	GRegex *re = compiled(pattern, 1);
	GMatchInfo *mi = NULL;
	int end = -1, a, b;

	if (!re)
		return -1;
	if (g_regex_match(re, s, 0, &mi)) {
		g_match_info_fetch_pos(mi, 0, &a, &end);
		*n_groups = g_regex_get_capture_count(re);
		for (int i = 1; i <= *n_groups && i < 10; i++) {
			if (!g_match_info_fetch_pos(mi, i, &a, &b))
				a = b = -1;
			groups[2 * i] = a;
			groups[2 * i + 1] = b;
		}
	}
	g_match_info_free(mi);
	return end;
}

/* ---- the table ----------------------------------------------------------- */

static const lt_pm_code *code_entry(int cc)
{
	size_t lo = 0, hi = lt_pm_n_codes;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (lt_pm_codes[mid].cc == cc)
			return &lt_pm_codes[mid];
		if (lt_pm_codes[mid].cc < cc)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static const lt_pm_region *code_region(const lt_pm_code *c, unsigned i)
{
	return &lt_pm_regions[lt_pm_code_regions[c->first + i]];
}

/* GetMetadataForRegion: a geographic region ("CN"), or NULL. */
static const lt_pm_region *region_meta(const char *region)
{
	char r[3];

	if (!region || !g_ascii_isalpha(region[0]) || !g_ascii_isalpha(region[1]) || region[2])
		return NULL;
	r[0] = g_ascii_toupper(region[0]);
	r[1] = g_ascii_toupper(region[1]);
	r[2] = '\0';
	for (unsigned i = 0; i < lt_pm_n_regions; i++)
		if (strcmp(lt_pm_regions[i].id, r) == 0)
			return &lt_pm_regions[i];
	return NULL;
}

/* ---- lengths and descriptions ---------------------------------------------- */

static int has_length(unsigned mask, size_t len)
{
	return len < 31 && (mask & (1u << len));
}

/* TestNumberLength for an unknown type: the general description's lengths. */
static enum len_result test_length(const char *number, const lt_pm_region *m)
{
	unsigned l = m->general.lengths & ~LT_PM_NONE;
	size_t len = strlen(number);
	int min, max;

	if ((m->general.lengths & LT_PM_NONE) || !l)
		return INVALID_LENGTH;
	if (has_length(m->general.local, len))
		return LOCAL_ONLY;
	min = __builtin_ctz(l);
	max = 31 - __builtin_clz(l);
	if ((size_t)min == len)
		return IS_POSSIBLE;
	if ((size_t)min > len)
		return TOO_SHORT;
	if ((size_t)max < len)
		return TOO_LONG;
	return has_length(l, len) ? IS_POSSIBLE : INVALID_LENGTH;
}

/* IsNumberMatchingDesc */
static int matches_desc(const char *nsn, const lt_pm_desc *d)
{
	if (d->lengths && !has_length(d->lengths & ~LT_PM_NONE, strlen(nsn)))
		return 0;
	return full_match(d->pattern, nsn);
}

/* GetNumberTypeHelper(...) != UNKNOWN */
static int known_type(const char *nsn, const lt_pm_region *m)
{
	if (!matches_desc(nsn, &m->general))
		return 0;
	for (unsigned i = 0; i < m->n_types; i++)
		if (matches_desc(nsn, &m->types[i]))
			return 1;
	return 0;
}

/* ---- parsing ---------------------------------------------------------------- */

/* "$1"-style substitution of a national prefix transform rule. */
static int transform(const char *rule, const char *s, const int *groups, int n_groups, int end, char out[BUF])
{
	size_t o = 0;

	for (const char *r = rule; *r; r++) {
		if (*r == '$' && g_ascii_isdigit(r[1])) {
			int g = *++r - '0';

			if (g <= n_groups && groups[2 * g] >= 0) {
				size_t n = (size_t)(groups[2 * g + 1] - groups[2 * g]);

				if (o + n >= BUF)
					return -1;
				memcpy(out + o, s + groups[2 * g], n);
				o += n;
			}
			continue;
		}
		if (o + 1 >= BUF)
			return -1;
		out[o++] = *r;
	}
	if (o + strlen(s + end) >= BUF)
		return -1;
	strcpy(out + o, s + end);
	return 0;
}

/* MaybeStripNationalPrefixAndCarrierCode, in place. */
static void strip_national_prefix(const lt_pm_region *m, char number[BUF])
{
	int groups[20], n_groups = 0, end, viable;
	char out[BUF];

	if (!*number || !*m->np_parse)
		return;
	viable = full_match(m->general.pattern, number);
	end = consume(m->np_parse, number, groups, &n_groups);
	if (end < 0)
		return;
	if (*m->np_transform && n_groups >= 1) {
		int g = n_groups >= 2 ? 2 : 1; /* Consume(&carrier, &captured), else Consume(&captured) */

		if (groups[2 * g] >= 0 && groups[2 * g + 1] > groups[2 * g]) {
			if (transform(m->np_transform, number, groups, n_groups, end, out) != 0)
				return;
			if (viable && !full_match(m->general.pattern, out))
				return;
			strcpy(number, out);
			return;
		}
	}
	if (viable && !full_match(m->general.pattern, number + end))
		return;
	memmove(number, number + end, strlen(number + end) + 1);
}

/* ExtractCountryCode: the calling code at the start of digits (removed), or 0. */
static int extract_code(char digits[BUF])
{
	int cc = 0;

	if (digits[0] == '0')
		return 0;
	for (int i = 0; i < 3 && digits[i]; i++) {
		cc = cc * 10 + (digits[i] - '0');
		if (code_entry(cc)) {
			memmove(digits, digits + i + 1, strlen(digits + i + 1) + 1);
			return cc;
		}
	}
	return 0;
}

/* The text in the shapes read here: its digits from the first '+' or digit
 * (ExtractPossibleNumber, IsViablePhoneNumber), *plus when it starts with '+'.
 * FAILED when libphonenumber sees no number, DEFER for any other character. */
static int read_shape(const char *text, char digits[BUF], int *plus)
{
	const char *p = text, *last = NULL;
	size_t n = 0, chars;

	for (const char *q = text; *q; q++)
		if (!strchr("0123456789 -.()/+", *q))
			return DEFER;
	while (*p && !g_ascii_isdigit(*p) && *p != '+')
		p++;
	if (!*p)
		return FAILED;
	*plus = *p == '+';
	while (*p == '+')
		p++;
	for (const char *q = p; *q; q++) {
		if (*q == '+')
			return DEFER; /* a second number, or a '+' inside: the module knows */
		if (g_ascii_isdigit(*q)) {
			if (n + 1 >= BUF)
				return DEFER;
			digits[n++] = *q;
			last = q;
		}
	}
	digits[n] = '\0';
	chars = last ? (size_t)(last - text) + 1 - (size_t)(p - text) : 0;
	/* viable: exactly two digits and nothing else, or three digits or more */
	if (n >= 3 || (n == 2 && !*plus && chars == 2))
		return PARSED;
	return FAILED;
}

/* MaybeExtractCountryCode for a number without '+': an international prefix of
 * the region, or the region's calling code written without it. */
static int code_without_plus(const lt_pm_region *m, char digits[BUF], int *cc)
{
	int groups[20], n_groups = 0, end;

	*cc = 0;
	if (!m)
		return PARSED;
	if (!m->intl_prefix)
		return DEFER;
	end = consume(m->intl_prefix, digits, groups, &n_groups);
	if (end >= 0 && digits[end] != '0') { /* FROM_NUMBER_WITH_IDD */
		memmove(digits, digits + end, strlen(digits + end) + 1);
		if (strlen(digits) <= NSN_MIN)
			return FAILED; /* TOO_SHORT_AFTER_IDD */
		return (*cc = extract_code(digits)) ? PARSED : FAILED;
	}
	char ccs[8], potential[BUF];
	size_t l = (size_t)g_snprintf(ccs, sizeof ccs, "%d", m->cc);

	if (strncmp(digits, ccs, l) != 0)
		return PARSED;
	strcpy(potential, digits + l);
	strip_national_prefix(m, potential);
	if ((!full_match(m->general.pattern, digits) && full_match(m->general.pattern, potential)) ||
	    test_length(digits, m) == TOO_LONG) {
		strcpy(digits, potential);
		*cc = m->cc;
	}
	return PARSED;
}

/* The region metadata for a calling code (GetMetadataForRegionOrCallingCode of its main region). */
static const lt_pm_region *main_meta(int cc)
{
	const lt_pm_code *c = code_entry(cc);

	return c ? code_region(c, 0) : NULL;
}

/* PhoneNumberUtil::Parse: the calling code and the national significant number. */
static int parse(const char *text, const char *region, int *cc, char nsn[BUF])
{
	const lt_pm_region *m = region_meta(region);
	int plus = 0, rc = read_shape(text, nsn, &plus);

	if (rc != PARSED)
		return rc;
	if (!m && !plus)
		return FAILED; /* CheckRegionForParsing */
	if (plus) {
		if (strlen(nsn) <= NSN_MIN)
			return FAILED; /* TOO_SHORT_AFTER_IDD */
		if (!(*cc = extract_code(nsn)))
			return DEFER; /* libphonenumber tries again without the '+' */
	} else if ((rc = code_without_plus(m, nsn, cc)) != PARSED)
		return rc;
	if (*cc) {
		const lt_pm_region *main = main_meta(*cc);

		if (!m || strcmp(main->id, m->id) != 0)
			m = main;
	} else
		*cc = m->cc;
	if (strlen(nsn) < NSN_MIN)
		return FAILED;
	char potential[BUF];
	strcpy(potential, nsn);
	strip_national_prefix(m, potential);
	enum len_result r = test_length(potential, m);
	if (r != TOO_SHORT && r != LOCAL_ONLY && r != INVALID_LENGTH)
		strcpy(nsn, potential);
	if (strlen(nsn) < NSN_MIN || strlen(nsn) > NSN_MAX)
		return FAILED;
	return PARSED;
}

/* GetRegionCodeForNumber: the region row, or NULL ("ZZ"). */
static const lt_pm_region *number_region(int cc, const char *nsn)
{
	const lt_pm_code *c = code_entry(cc);
	int groups[20], n_groups;

	if (!c)
		return NULL;
	if (c->n == 1)
		return code_region(c, 0);
	for (unsigned i = 0; i < c->n; i++) {
		const lt_pm_region *m = code_region(c, i);

		if (m->leading_digits ? consume(m->leading_digits, nsn, groups, &n_groups) >= 0 : known_type(nsn, m))
			return m;
	}
	return NULL;
}

/* Every pattern of the table compiles (a test's question: one that did not
 * would read as "no match" and give wrong answers quietly). */
int lt_phonefast_patterns_compile(void)
{
	for (unsigned i = 0; i < lt_pm_n_regions; i++) {
		const lt_pm_region *m = &lt_pm_regions[i];
		const char *prefixes[] = {m->intl_prefix, m->np_parse, m->leading_digits};

		for (unsigned j = 0; j < 3; j++)
			if (prefixes[j] && *prefixes[j] && !compiled(prefixes[j], 1))
				return 0;
		if (*m->general.pattern && !compiled(m->general.pattern, 0))
			return 0;
		for (unsigned j = 0; j < m->n_types; j++)
			if (*m->types[j].pattern && !compiled(m->types[j].pattern, 0))
				return 0;
	}
	return 1;
}

/* ---- phone.h's questions ---------------------------------------------------- */

/* Parse, then IsPossibleNumberWithReason == IS_POSSIBLE. */
static int parse_possible(const char *text, const char *region, char **e164)
{
	char nsn[BUF];
	int cc = 0, rc = parse(text, region, &cc, nsn);

	if (rc != PARSED)
		return rc;
	if (test_length(nsn, main_meta(cc)) != IS_POSSIBLE)
		return FAILED;
	*e164 = g_strdup_printf("+%d%s", cc, nsn);
	return PARSED;
}

int lt_phonefast_to_e164(const char *input, const char *region, char **e164)
{
	int rc;

	if (!e164)
		return -1;
	*e164 = NULL;
	if (!input || !*input)
		return -1;
	if (strlen(input) >= 256)
		return DEFER;
	if ((rc = parse_possible(input, region, e164)) != FAILED)
		return rc;
	/* phone_bridge.cc's second try: a leading "00" read as '+' */
	size_t i = strspn(input, " (");
	if (strncmp(input + i, "00", 2) != 0)
		return FAILED;
	char *retry = g_strdup_printf("%.*s+%s", (int)i, input, input + i + 2);
	rc = parse_possible(retry, region, e164);
	g_free(retry);
	return rc;
}

int lt_phonefast_is_valid(const char *e164)
{
	const lt_pm_region *m;
	char nsn[BUF];
	int cc = 0, rc;

	if (!e164 || e164[0] != '+' || strlen(e164) >= 256)
		return e164 && e164[0] == '+' ? DEFER : 0;
	if ((rc = parse(e164, NULL, &cc, nsn)) != PARSED)
		return rc == FAILED ? 0 : DEFER;
	m = number_region(cc, nsn);
	return m && known_type(nsn, m);
}

int lt_phonefast_region_known(const char *region)
{
	return region_meta(region) != NULL;
}

int lt_phonefast_region_of(const char *e164, char region[3])
{
	const lt_pm_region *m;
	char nsn[BUF];
	int cc = 0, rc;

	if (!e164 || e164[0] != '+' || !region)
		return -1;
	if (strlen(e164) >= 256)
		return DEFER;
	if ((rc = parse(e164, NULL, &cc, nsn)) != PARSED)
		return rc;
	if (!(m = number_region(cc, nsn)))
		m = main_meta(cc);
	if (!m || strlen(m->id) != 2)
		return -1;
	memcpy(region, m->id, 3);
	return 0;
}
