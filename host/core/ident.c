/* SPDX-License-Identifier: MIT */
/* ident.c: what kind an identifier is, and its one normalised form.
 *
 * Stored and traced identifiers go through the same functions, so these are
 * the rules that decide whether a spam message matches a record:
 *   - email: exactly one '@'; the local part NFC and lower-cased (ASCII and
 *     Unicode), at most 64 bytes; the domain through lt_host_normalize(), so
 *     an IDN in punycode or Unicode is one domain, in Unicode. A domain needs
 *     a dot: "me@gmailcom" is a typo, not an address.
 *   - mailbox: the "+tag" cut from the local part (unless that leaves it
 *     empty); for Gmail the dots too, googlemail.com read as gmail.com.
 *   - username: NFKC, trimmed, case-folded, then NFKC again (case folding can
 *     un-normalise, as Unicode's identifier caseless matching notes).
 *   - phone: E.164 through phone_bridge.cc. An explicit region that is bad is
 *     an error; a default region from the environment that libphonenumber
 *     does not know is ignored, so "+86..." numbers still parse.
 * Every result is malloc'd: GLib's strings are copied before g_free(), so a
 * caller frees everything with free(). */
#include "ident.h"

#include "phone.h"
#include "site.h"

#include <glib.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EMAIL_LOCAL_MAX 64

static const char *const kind_names[LT_KIND_COUNT] = {
	[LT_KIND_NONE] = "",
	[LT_KIND_EMAIL] = "email",
	[LT_KIND_PHONE] = "phone",
	[LT_KIND_USERNAME] = "username",
	[LT_KIND_NAME] = "name",
};

const char *lt_kind_name(lt_kind k)
{
	return (unsigned)k < LT_KIND_COUNT ? kind_names[k] : "";
}

const char *lt_kind_names_text(void)
{
	static char text[64];

	return text[0] ? text : lt_names_text(kind_names + 1, LT_KIND_COUNT - 1, text, sizeof text);
}

lt_kind lt_kind_from_name(const char *name)
{
	for (int k = LT_KIND_NONE + 1; name && k < LT_KIND_COUNT; k++)
		if (strcmp(name, kind_names[k]) == 0)
			return (lt_kind)k;
	return LT_KIND_NONE;
}

/* ---- text helpers ------------------------------------------------------- */

/* A GLib string as a malloc'd one (NULL stays NULL). */
static char *from_glib(char *g)
{
	char *s = g ? strdup(g) : NULL;

	g_free(g);
	return s;
}

/* The text without leading and trailing Unicode white space, g_malloc'd. */
static char *trim(const char *s)
{
	const char *end = s + strlen(s);

	while (*s && g_unichar_isspace(g_utf8_get_char(s)))
		s = g_utf8_next_char(s);
	while (end > s) {
		const char *prev = g_utf8_prev_char(end);
		if (!g_unichar_isspace(g_utf8_get_char(prev)))
			break;
		end = prev;
	}
	return g_strndup(s, (gsize)(end - s));
}

static bool has_control(const char *s, bool or_space)
{
	for (; *s; s = g_utf8_next_char(s)) {
		gunichar c = g_utf8_get_char(s);
		if (g_unichar_iscntrl(c) || (or_space && g_unichar_isspace(c)))
			return true;
	}
	return false;
}

static lt_err check_input(const char *input)
{
	if (!input)
		return lt_fail(LT_ERR_BAD_IDENTIFIER, "no identifier given");
	size_t n = strnlen(input, LT_IDENT_MAX + 1);
	if (n > LT_IDENT_MAX)
		return lt_fail(LT_ERR_TOO_LARGE, "identifier over %d bytes", LT_IDENT_MAX);
	if (!g_utf8_validate(input, (gssize)n, NULL))
		return lt_fail(LT_ERR_BAD_UTF8, "identifier is not valid UTF-8");
	return LT_OK;
}

/* ---- detection ---------------------------------------------------------- */

/* Full-width forms (U+FF01..U+FF5E, U+3000) as their ASCII counterparts. */
static gunichar half_width(gunichar c)
{
	if (c >= 0xFF01 && c <= 0xFF5E)
		return c - 0xFEE0;
	return c == 0x3000 ? ' ' : c;
}

lt_kind lt_ident_detect(const char *input)
{
	size_t digits = 0, others = 0;

	if (!input || !g_utf8_validate(input, -1, NULL))
		return LT_KIND_NONE;
	if (strchr(input, '@'))
		return LT_KIND_EMAIL;
	for (const char *p = input; *p; p = g_utf8_next_char(p)) {
		gunichar c = half_width(g_utf8_get_char(p));
		if (c >= '0' && c <= '9')
			digits++;
		else if (!(c < 0x80 && strchr("+-.()/ ", (int)c)) && !g_unichar_isspace(c))
			others++;
	}
	if (digits == 0 && others == 0)
		return LT_KIND_NONE;
	return digits >= 5 && others == 0 ? LT_KIND_PHONE : LT_KIND_USERNAME;
}

/* ---- email -------------------------------------------------------------- */

/* The local part NFC and lower-cased, malloc'd. */
static char *email_local(const char *local, size_t n)
{
	char *nfc = g_utf8_normalize(local, (gssize)n, G_NORMALIZE_NFC);
	char *lower = nfc ? g_utf8_strdown(nfc, -1) : NULL;

	g_free(nfc);
	return from_glib(lower);
}

static lt_err email_domain(const char *domain, char **out)
{
	if (!*domain)
		return lt_fail(LT_ERR_BAD_IDENTIFIER, "email without a domain");
	if (lt_host_normalize(domain, out) != LT_OK)
		return lt_fail(LT_ERR_BAD_IDENTIFIER, "email domain is not a valid host name");
	if (!strchr(*out, '.')) {
		free(*out);
		*out = NULL;
		return lt_fail(LT_ERR_BAD_IDENTIFIER, "email domain has no dot");
	}
	return LT_OK;
}

static lt_err email_split(const char *s, const char **at)
{
	if (has_control(s, true))
		return lt_fail(LT_ERR_BAD_IDENTIFIER, "email contains a space or control character");
	*at = strchr(s, '@');
	if (!*at || strchr(*at + 1, '@'))
		return lt_fail(LT_ERR_BAD_IDENTIFIER, "email needs exactly one @");
	if (*at == s)
		return lt_fail(LT_ERR_BAD_IDENTIFIER, "email without a local part");
	if (*at - s > EMAIL_LOCAL_MAX)
		return lt_fail(LT_ERR_BAD_IDENTIFIER, "email local part over %d bytes", EMAIL_LOCAL_MAX);
	return LT_OK;
}

static lt_err email_normalize(const char *s, char **out)
{
	const char *at = NULL;
	char *domain = NULL, *local = NULL;
	lt_err e;

	if ((e = email_split(s, &at)) || (e = email_domain(at + 1, &domain)))
		return e;
	local = email_local(s, (size_t)(at - s));
	if (!local || asprintf(out, "%s@%s", local, domain) < 0) {
		*out = NULL;
		e = lt_fail(LT_ERR_NOMEM, "out of memory");
	}
	free(local);
	free(domain);
	return e;
}

static bool is_gmail(const char *domain)
{
	return strcmp(domain, "gmail.com") == 0 || strcmp(domain, "googlemail.com") == 0;
}

lt_err lt_email_mailbox(const char *normalized_email, char **out)
{
	*out = NULL;
	const char *s = normalized_email;
	const char *at = s ? strchr(s, '@') : NULL;
	if (!at || at == s || !at[1] || strchr(at + 1, '@'))
		return lt_fail(LT_ERR_BAD_IDENTIFIER, "not a normalised email address");
	const char *plus = memchr(s, '+', (size_t)(at - s));
	size_t local_len = plus && plus > s ? (size_t)(plus - s) : (size_t)(at - s);
	bool gmail = is_gmail(at + 1);
	GString *m = g_string_sized_new(strlen(s));
	for (size_t i = 0; i < local_len; i++)
		if (!(gmail && s[i] == '.'))
			g_string_append_c(m, s[i]);
	bool empty = m->len == 0;
	g_string_append_printf(m, "@%s", gmail ? "gmail.com" : at + 1);
	*out = from_glib(g_string_free(m, FALSE));
	if (empty) {
		free(*out);
		*out = NULL;
		return lt_fail(LT_ERR_BAD_IDENTIFIER, "email local part has nothing but dots");
	}
	return *out ? LT_OK : lt_fail(LT_ERR_NOMEM, "out of memory");
}

/* ---- username ----------------------------------------------------------- */

static lt_err username_normalize(const char *s, char **out)
{
	char *nfkc = g_utf8_normalize(s, -1, G_NORMALIZE_NFKC);
	char *trimmed = nfkc ? trim(nfkc) : NULL;
	g_free(nfkc);
	if (!trimmed)
		return lt_fail(LT_ERR_NOMEM, "out of memory");
	lt_err e = LT_OK;
	if (!*trimmed)
		e = lt_fail(LT_ERR_BAD_IDENTIFIER, "empty username");
	else if (has_control(trimmed, false))
		e = lt_fail(LT_ERR_BAD_IDENTIFIER, "username contains a control character");
	if (e == LT_OK) {
		char *folded = g_utf8_casefold(trimmed, -1);
		*out = from_glib(g_utf8_normalize(folded, -1, G_NORMALIZE_NFKC));
		g_free(folded);
		e = *out ? LT_OK : lt_fail(LT_ERR_NOMEM, "out of memory");
	}
	g_free(trimmed);
	return e;
}

/* A name: a username's normalisation, then dots dropped and spaces collapsed. */
static lt_err name_normalize(const char *s, char **out)
{
	char *folded = NULL, *w;
	const char *r;
	lt_err e = username_normalize(s, &folded);

	if (e)
		return e;
	for (r = folded, w = folded; *r; r++) {
		if (*r == '.')
			continue;
		if (*r == ' ' && (w == folded || w[-1] == ' '))
			continue;
		*w++ = *r;
	}
	while (w > folded && w[-1] == ' ')
		w--;
	*w = '\0';
	if (!*folded) {
		free(folded);
		return lt_fail(LT_ERR_BAD_IDENTIFIER, "empty name");
	}
	*out = folded;
	return LT_OK;
}

/* ---- phone -------------------------------------------------------------- */

static lt_err phone_region(const char *given, const char **region)
{
	int known;

	*region = given ? given : lt_default_region();
	if (!*region)
		return LT_OK;
	if (given && !lt_region_valid(given))
		return lt_fail(LT_ERR_BAD_REGION, "not a region code libphonenumber knows");
	if ((known = lt_phone_region_known(*region)) < 0)
		return LT_ERR_IO; /* the module is missing: the detail says so */
	if (!known && given)
		return lt_fail(LT_ERR_BAD_REGION, "not a region code libphonenumber knows");
	if (!known)
		*region = NULL; /* a default region libphonenumber does not know is no region */
	return LT_OK;
}

static lt_err phone_normalize(const char *s, const char *given_region, char **out)
{
	const char *region;
	lt_err e = phone_region(given_region, &region);

	if (e)
		return e;
	int rc = lt_phone_to_e164(s, region, out);

	if (rc == -2)
		return LT_ERR_IO;
	if (rc != 0)
		return lt_fail(LT_ERR_BAD_IDENTIFIER, region ? "not a possible phone number"
		                                             : "not a possible phone number (no region known: write it with +country code)");
	return LT_OK;
}

/* ---- phone numbers from a browser form ----------------------------------- */

/* The digits of s, nothing else; NULL (LT_ERR_BAD_IDENTIFIER) without any. */
static lt_err digits_only(const char *s, char **out)
{
	size_t n = strlen(s), j = 0;
	char *d = malloc(n + 1);

	if (!d)
		return LT_ERR_NOMEM;
	for (size_t i = 0; i < n; i++)
		if (g_ascii_isdigit(s[i]))
			d[j++] = s[i];
	d[j] = '\0';
	if (j < 5) {
		free(d);
		return lt_fail(LT_ERR_BAD_IDENTIFIER, "not a possible phone number");
	}
	*out = d;
	return LT_OK;
}

/* Written in international notation ("+44 ...", "0044 ..."): no region changes it. */
static bool international(const char *s)
{
	while (*s == ' ' || *s == '(')
		s++;
	return *s == '+' || (s[0] == '0' && s[1] == '0');
}

/* The number as E.164 in `region` when it is a valid number there: 1 (and
 * *out set), 0 when not, or an error. */
static lt_err valid_in(const char *s, const char *region, char **out, int *valid)
{
	char *e164 = NULL;
	int v;

	*valid = 0;
	if (!region || lt_phone_region_known(region) != 1)
		return LT_OK;
	int rc = lt_phone_to_e164(s, region, &e164);
	if (rc == -2)
		return LT_ERR_IO;
	if (rc != 0)
		return LT_OK;
	if ((v = lt_phone_is_valid(e164)) < 0) {
		free(e164);
		return LT_ERR_IO;
	}
	if (v)
		*out = e164;
	else
		free(e164);
	*valid = v;
	return LT_OK;
}

/* The region chosen for a number, by PROTOCOL.md's precedence: the explicit
 * one, $LEAKTRACE_REGION, the first hint, the system locale. */
static const char *chosen_region(const char *region, const char *const *hints, size_t n_hints)
{
	static _Thread_local char env[3];
	const char *v = getenv("LEAKTRACE_REGION");

	if (region)
		return region;
	if (v && *v && lt_region_valid(v)) {
		env[0] = g_ascii_toupper(v[0]);
		env[1] = g_ascii_toupper(v[1]);
		env[2] = '\0';
		return env;
	}
	if (n_hints)
		return hints[0];
	return lt_default_region(); /* the locale's territory ($LEAKTRACE_REGION is not set) */
}

lt_err lt_phone_place(const char *input, const char *region, const char *const *hints, size_t n_hints, char **out,
		      bool *resolved)
{
	const char *chosen = chosen_region(region, hints, n_hints), *found = NULL;
	char *s, *e164 = NULL, *candidate = NULL;
	int valid = 0;
	lt_err e;

	*out = NULL;
	*resolved = false;
	if (region && (e = phone_region(region, &region)) != LT_OK) /* an explicit region must be one */
		return e;
	if ((e = check_input(input)))
		return e;
	s = trim(input);
	if (international(s)) { /* the region plays no part: possible is enough, as for any record */
		e = phone_normalize(s, region, out);
		*resolved = e == LT_OK;
		g_free(s);
		return e;
	}
	if ((e = valid_in(s, chosen, &e164, &valid)) == LT_OK && !valid) {
		/* Not valid where chosen: valid in exactly one of the hints? */
		for (size_t i = 0; e == LT_OK && i < n_hints; i++) {
			if (chosen && g_ascii_strcasecmp(hints[i], chosen) == 0)
				continue;
			if (found && g_ascii_strcasecmp(hints[i], found) == 0)
				continue;
			if ((e = valid_in(s, hints[i], &candidate, &valid)) != LT_OK || !valid)
				continue;
			if (found) { /* two regions claim it: it stays unresolved */
				free(candidate);
				free(e164);
				e164 = NULL;
				break;
			}
			found = hints[i];
			e164 = candidate;
		}
	}
	if (e == LT_OK && e164) {
		*out = e164;
		*resolved = true;
	} else if (e == LT_OK) {
		free(e164);
		e = digits_only(s, out); /* stored as typed, digits only: trace finds it by them */
	}
	g_free(s);
	return e;
}

/* ---- the entry point ---------------------------------------------------- */

lt_err lt_ident_normalize(lt_kind k, const char *input, const char *region, char **out)
{
	lt_err e;

	*out = NULL;
	if ((e = check_input(input)))
		return e;
	char *s = trim(input);
	switch (k) {
	case LT_KIND_EMAIL:
		e = email_normalize(s, out);
		break;
	case LT_KIND_PHONE:
		e = phone_normalize(s, region, out);
		break;
	case LT_KIND_USERNAME:
		e = username_normalize(s, out);
		break;
	case LT_KIND_NAME:
		e = name_normalize(s, out);
		break;
	default:
		e = lt_fail(LT_ERR_BAD_IDENTIFIER, "unknown identifier kind");
	}
	g_free(s);
	return e;
}

/* A national number (no '+', no 00) must be valid where it is read, not only
 * possible: "1380013800" in CN has the length of a Chinese number but is in
 * no range (a digit is missing), and stored or traced as +861380013800 it
 * would match nothing. International notation stays possible-only (a range
 * opened after libphonenumber's data is not refused). */
lt_err lt_ident_normalize_typed(lt_kind k, const char *input, const char *region, char **out)
{
	lt_err e = lt_ident_normalize(k, input, region, out);
	char where[3] = "";
	int v;

	if (e != LT_OK || k != LT_KIND_PHONE || international(input + strspn(input, " \t")))
		return e;
	if ((v = lt_phone_is_valid(*out)) < 0 || lt_phone_region_of(*out, where) == -2)
		e = LT_ERR_IO;
	else if (!v)
		e = lt_fail(LT_ERR_BAD_IDENTIFIER,
			    "not a valid phone number in %s (a digit missing or one too many?); a number from another "
			    "country needs +country code",
			    where[0] ? where : "its region");
	if (e != LT_OK) {
		free(*out);
		*out = NULL;
	}
	return e;
}

/* ---- a stored pair checked --------------------------------------------- */

/* Are the ASCII and full-width digits of value, in order, exactly `digits`? */
static bool digits_match(const char *value, const char *digits)
{
	for (const char *p = value; *p; p = g_utf8_next_char(p)) {
		int d = g_unichar_digit_value(half_width(g_utf8_get_char(p)));

		if (d >= 0 && *digits++ != '0' + d)
			return false;
	}
	return *digits == '\0';
}

/* The normalised form a stored phone claims, and the region its value was
 * read with: the number's own, so "138 0013 8000" next to +86... reads as a
 * Chinese number on any machine, whatever its default region. */
static lt_err phone_rederive(const char *value, const char *normalized, char **out)
{
	char region[3], *again = NULL;
	lt_err e;
	int rc;

	if (normalized[strspn(normalized, " ")] != '+') {
		/* an unresolved number is kept as its digits: the value's digits, the same */
		if (!*normalized || strspn(normalized, "0123456789") != strlen(normalized) ||
		    !digits_match(value, normalized))
			return lt_fail(LT_ERR_BAD_IDENTIFIER, "the normalized phone is neither +country form nor the value's digits");
		*out = strdup(normalized);
		return *out ? LT_OK : LT_ERR_NOMEM;
	}
	if ((e = phone_normalize(normalized, NULL, out)) != LT_OK)
		return e;
	if ((rc = lt_phone_region_of(*out, region)) == -2)
		return LT_ERR_IO;
	e = lt_ident_normalize(LT_KIND_PHONE, value, rc == 0 ? region : NULL, &again);
	if (e == LT_OK && strcmp(again, *out) != 0)
		e = lt_fail(LT_ERR_BAD_IDENTIFIER, "the value and the normalized form are different numbers");
	free(again);
	return e;
}

lt_err lt_ident_rederive(lt_kind k, const char *value, const char *normalized, char **out)
{
	char *again = NULL;
	lt_err e;

	*out = NULL;
	if ((e = check_input(normalized)) != LT_OK)
		return e;
	if (k == LT_KIND_PHONE)
		e = phone_rederive(value, normalized, out);
	else if ((e = lt_ident_normalize(k, value, NULL, out)) == LT_OK &&
		 (e = lt_ident_normalize(k, normalized, NULL, &again)) == LT_OK && strcmp(again, *out) != 0)
		e = lt_fail(LT_ERR_BAD_IDENTIFIER, "the value and the normalized form are different identifiers");
	free(again);
	if (e != LT_OK) {
		free(*out);
		*out = NULL;
	}
	return e;
}

/* ---- regions ------------------------------------------------------------ */

int lt_region_valid(const char *region)
{
	return region && g_ascii_isalpha(region[0]) && g_ascii_isalpha(region[1]) && !region[2];
}

/* The territory of a locale name: "zh_CN.UTF-8" -> "CN"; NULL for "C.UTF-8". */
static bool locale_territory(const char *locale, char out[3])
{
	const char *u = strchr(locale, '_');

	if (!u || !g_ascii_isalpha(u[1]) || !g_ascii_isalpha(u[2]))
		return false;
	if (u[3] && u[3] != '.' && u[3] != '@')
		return false;
	out[0] = g_ascii_toupper(u[1]);
	out[1] = g_ascii_toupper(u[2]);
	out[2] = '\0';
	return true;
}

/* $LEAKTRACE_REGION wins when set (NULL if it is not two letters); otherwise
 * the first non-empty locale variable decides, as the C library would. */
const char *lt_default_region(void)
{
	static _Thread_local char region[3];
	static const char *const vars[] = {"LC_ALL", "LC_TELEPHONE", "LC_CTYPE", "LANG"};
	const char *v = getenv("LEAKTRACE_REGION");

	if (v && *v) {
		if (!lt_region_valid(v))
			return NULL;
		region[0] = g_ascii_toupper(v[0]);
		region[1] = g_ascii_toupper(v[1]);
		region[2] = '\0';
		return region;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(vars); i++) {
		v = getenv(vars[i]);
		if (v && *v)
			return locale_territory(v, region) ? region : NULL;
	}
	return NULL;
}
