/* SPDX-License-Identifier: MIT */
/* site.c: URL or host -> site (registrable domain), host names in one form, and
 * the URL kept in a record.
 *
 * Parsing is a small hand-written splitter, not a general URL parser: the
 * browser hands us canonical URLs, and a person types a URL or a bare host.
 *   [scheme "://"] [userinfo "@"] host [":" port] [path] ["?" query] ["#" fragment]
 * A "name:digits" prefix is a host and port ("localhost:3000"), any other
 * "name:" is a scheme; only http and https are web schemes. '\' ends the
 * authority as it does in browsers, so "https://a.com\@b.com" is a.com, and
 * the last '@' starts the host, also as in browsers.
 *
 * Host names are normalised label by label, to their ASCII (A-label) form
 * first, because that is what the Public Suffix List matching and the length
 * limits (63 per label, 253 in all) are defined on:
 *   - a plain ASCII label is lower-cased and must be letters, digits, '-' or
 *     '_'. It does not go through libidn2, whose IDNA2008 rules refuse real
 *     hosts such as "r3---sn-abc.googlevideo.com" (hyphens in places 3-4);
 *   - a Unicode or "xn--" label goes through libidn2 (UTS#46 non-transitional,
 *     as browsers do; transitional as a second try for characters IDNA2008
 *     disallows, such as emoji). Invalid punycode is refused there.
 * The result is turned back to Unicode (idn2_to_unicode_8z8z) at the end, so
 * "xn--fsqu00a.xn--fiqs8s" and "例子.中国" name the same site, "例子.中国" --
 * unless a label could pass for another site (spoof.h: mixed scripts, or a
 * confusable skeleton that is plain ASCII, as browsers decide): then the host
 * stays in its ASCII form, so "аррӏе.com" is kept and shown as
 * "xn--80ak6aa92e.com" wherever a site is shown (trace, list, the evidence
 * report, the extension). Both spellings still name that one site.
 *
 * The site is psl_registrable_domain() of that host, with these decisions:
 *   - IPv4 and IPv6 addresses stay whole (libpsl would make "0.1" of
 *     127.0.0.1); IPv6 is kept without brackets, in inet_ntop's form;
 *   - when libpsl gives no registrable domain, the host itself is the site:
 *     a single label ("localhost", "com") or a bare public suffix ("co.uk",
 *     "github.io"), where nobody can register but a page may still be served;
 *   - a last label made of digits that is not an IPv4 address is refused.
 * lt_url_clean() keeps the whole host in the same form (Unicode IDN, IPv6 in
 * brackets), drops a default port (80, 443) and keeps the path as given.
 * Failure details never repeat the input: it may be private. */
#include "site.h"

#include <arpa/inet.h>
#include <glib.h>
#include <idn2.h>
#include <libpsl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spoof.h"

#define LABEL_MAX 63
#define HOST_MAX 253

typedef struct {
	bool https;
	const char *host;
	size_t host_len;
	bool bracketed;  /* "[...]": an IPv6 literal */
	long port;       /* -1 when none is given */
	const char *path;
	size_t path_len; /* up to '?' or '#' */
} url_parts;

typedef struct {
	char text[HOST_MAX + 1]; /* A-labels, or an IP address as inet_ntop writes it */
	int ip;                  /* 0, 4 or 6 */
} host_name;

static lt_err check_text(const char *s)
{
	if (!s || !*s)
		return lt_fail(LT_ERR_BAD_SITE, "empty site or URL");
	size_t n = strnlen(s, LT_URL_MAX + 1);
	if (n > LT_URL_MAX)
		return lt_fail(LT_ERR_TOO_LARGE, "site or URL over %d bytes", LT_URL_MAX);
	if (!g_utf8_validate(s, (gssize)n, NULL))
		return lt_fail(LT_ERR_BAD_UTF8, "site or URL is not valid UTF-8");
	for (const char *p = s; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (g_unichar_isspace(c) || g_unichar_iscntrl(c))
			return lt_fail(LT_ERR_BAD_SITE, "site or URL contains a space or control character");
	}
	return LT_OK;
}

/* ---- splitting a URL ---------------------------------------------------- */

/* Schemes that are never a host, even when digits follow the colon. */
static bool never_a_host(const char *s, size_t n)
{
	static const char *const names[] = {"javascript", "vbscript", "data", "file", "blob", "about", "filesystem"};

	for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
		if (strlen(names[i]) == n && g_ascii_strncasecmp(s, names[i], n) == 0)
			return true;
	return false;
}

/* Length of a leading scheme name (before its ':'), 0 when there is none. */
static size_t scheme_len(const char *s)
{
	size_t i = 0;

	if (!g_ascii_isalpha(s[0]))
		return 0;
	while (g_ascii_isalnum(s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.')
		i++;
	if (s[i] != ':')
		return 0;
	size_t digits = strspn(s + i + 1, "0123456789");
	char after = s[i + 1 + digits];
	bool host_port = digits > 0 && (after == '\0' || strchr("/?#\\", after));
	return host_port && !never_a_host(s, i) ? 0 : i;
}

static lt_err parse_port(const char *p, size_t n, long *port)
{
	*port = -1;
	if (n == 0)
		return LT_OK; /* "host:" means the default port */
	if (n > 5 || strspn(p, "0123456789") < n)
		return lt_fail(LT_ERR_BAD_SITE, "the port is not a number");
	*port = strtol(p, NULL, 10);
	if (*port > 65535)
		return lt_fail(LT_ERR_BAD_SITE, "the port is over 65535");
	return LT_OK;
}

/* "userinfo@host:port" (a is not NUL-terminated at n). */
static lt_err split_authority(const char *a, size_t n, url_parts *u)
{
	const char *at = memrchr(a, '@', n);
	if (at) {
		n -= (size_t)(at + 1 - a);
		a = at + 1;
	}
	const char *end = a + n, *rest;
	if (n > 0 && a[0] == '[') {
		const char *close = memchr(a, ']', n);
		if (!close)
			return lt_fail(LT_ERR_BAD_SITE, "an IPv6 address without its closing ]");
		u->host = a + 1;
		u->host_len = (size_t)(close - a - 1);
		u->bracketed = true;
		rest = close + 1;
	} else {
		const char *colon = memchr(a, ':', n);
		rest = colon ? colon : end;
		u->host = a;
		u->host_len = (size_t)(rest - a);
	}
	if (rest == end)
		return LT_OK;
	if (*rest != ':')
		return lt_fail(LT_ERR_BAD_SITE, "text after the IPv6 address");
	return parse_port(rest + 1, (size_t)(end - rest - 1), &u->port);
}

static lt_err split_url(const char *s, bool need_scheme, url_parts *u)
{
	size_t n = scheme_len(s);

	memset(u, 0, sizeof *u);
	u->port = -1;
	if (n) {
		u->https = n == 5 && g_ascii_strncasecmp(s, "https", 5) == 0;
		if (!u->https && !(n == 4 && g_ascii_strncasecmp(s, "http", 4) == 0))
			return lt_fail(LT_ERR_BAD_SITE, "not an http or https address");
		s += n + 1;
		if (strncmp(s, "//", 2) != 0)
			return lt_fail(LT_ERR_BAD_SITE, "no // after http: or https:");
		s += 2;
	} else if (need_scheme) {
		return lt_fail(LT_ERR_BAD_SITE, "not an http or https URL");
	} else if (strncmp(s, "//", 2) == 0) {
		s += 2;
	}
	size_t authority = strcspn(s, "/?#\\");
	u->path = s + authority;
	u->path_len = strcspn(u->path, "?#");
	return split_authority(s, authority, u);
}

/* ---- host names --------------------------------------------------------- */

/* The ideographic and full-width full stops separate labels too (UTS#46);
 * each is three bytes in UTF-8 and becomes one '.', in place. */
static void map_dots(char *s)
{
	static const char *const dots[] = {"\xe3\x80\x82", "\xef\xbc\x8e", "\xef\xbd\xa1"};
	char *w = s;

	for (const char *r = s; *r;) {
		bool dot = false;
		for (size_t i = 0; i < G_N_ELEMENTS(dots) && !dot; i++)
			dot = strncmp(r, dots[i], 3) == 0;
		*w++ = dot ? '.' : *r;
		r += dot ? 3 : 1;
	}
	*w = '\0';
}

static bool plain_ascii_label(const char *label)
{
	for (const char *p = label; *p; p++)
		if ((unsigned char)*p >= 0x80)
			return false;
	return g_ascii_strncasecmp(label, "xn--", 4) != 0;
}

static lt_err check_ascii_label(const char *a)
{
	size_t n = strlen(a);

	if (n == 0)
		return lt_fail(LT_ERR_BAD_SITE, "an empty label in the host name");
	if (n > LABEL_MAX)
		return lt_fail(LT_ERR_BAD_SITE, "a host name label over %d bytes", LABEL_MAX);
	if (strspn(a, "abcdefghijklmnopqrstuvwxyz0123456789-_") != n)
		return lt_fail(LT_ERR_BAD_SITE, "a character not allowed in a host name");
	return LT_OK;
}

/* One label (UTF-8, NUL-terminated) to its lower-case A-label in a. */
static lt_err label_to_ascii(const char *label, char a[LABEL_MAX + 1])
{
	if (plain_ascii_label(label)) {
		if (strlen(label) > LABEL_MAX)
			return lt_fail(LT_ERR_BAD_SITE, "a host name label over %d bytes", LABEL_MAX);
		for (size_t i = 0; (a[i] = g_ascii_tolower(label[i])); i++)
			;
		return check_ascii_label(a);
	}
	uint8_t *ace = NULL;
	int rc = idn2_lookup_u8((const uint8_t *)label, &ace, IDN2_NONTRANSITIONAL);
	if (rc == IDN2_DISALLOWED)
		rc = idn2_lookup_u8((const uint8_t *)label, &ace, IDN2_TRANSITIONAL);
	if (rc != IDN2_OK)
		return lt_fail(LT_ERR_BAD_SITE, "not a valid international host name: %s", idn2_strerror(rc));
	bool fits = strlen((char *)ace) <= LABEL_MAX;
	if (fits)
		strcpy(a, (char *)ace);
	idn2_free(ace);
	return fits ? check_ascii_label(a) : lt_fail(LT_ERR_BAD_SITE, "a host name label over %d bytes", LABEL_MAX);
}

/* A host name (modified in place) to A-labels joined by '.' in h->text. */
static lt_err domain_to_ascii(char *s, host_name *h)
{
	size_t used = 0;

	for (char *label = s, *next; label; label = next) {
		char a[LABEL_MAX + 1];
		next = strchr(label, '.');
		if (next)
			*next++ = '\0';
		lt_err e = label_to_ascii(label, a);
		if (e)
			return e;
		size_t n = strlen(a) + (used ? 1 : 0);
		if (used + n > HOST_MAX)
			return lt_fail(LT_ERR_BAD_SITE, "a host name over %d bytes", HOST_MAX);
		snprintf(h->text + used, sizeof h->text - used, "%s%s", used ? "." : "", a);
		used += n;
	}
	const char *last = strrchr(h->text, '.');
	last = last ? last + 1 : h->text;
	if (strspn(last, "0123456789") == strlen(last))
		return lt_fail(LT_ERR_BAD_SITE, "a numeric host that is not an IPv4 address");
	return LT_OK;
}

/* An IP address in s (NUL-terminated) to inet_ntop's form; false when s is none. */
static bool ip_literal(const char *s, int family, host_name *h)
{
	unsigned char bin[sizeof(struct in6_addr)];

	if (inet_pton(family, s, bin) != 1)
		return false;
	/* ::ffff:1.2.3.4 is the IPv4 host 1.2.3.4: one site, not two */
	if (family == AF_INET6 && IN6_IS_ADDR_V4MAPPED((struct in6_addr *)bin)) {
		memmove(bin, bin + 12, 4);
		family = AF_INET;
	}
	if (!inet_ntop(family, bin, h->text, sizeof h->text))
		return false;
	h->ip = family == AF_INET ? 4 : 6;
	return true;
}

/* Full-width dots mapped, the root's trailing dot dropped ("example.com."). */
static void strip_host(char *buf)
{
	map_dots(buf);
	size_t n = strlen(buf);
	if (n > 1 && buf[n - 1] == '.')
		buf[n - 1] = '\0';
}

/* A host as the splitter found it (not NUL-terminated) to h. */
static lt_err host_normalize(const char *host, size_t n, bool bracketed, host_name *h)
{
	char buf[LT_URL_MAX + 1];

	h->ip = 0;
	if (n == 0)
		return lt_fail(LT_ERR_BAD_SITE, "no host name");
	memcpy(buf, host, n);
	buf[n] = '\0';
	if (bracketed)
		return ip_literal(buf, AF_INET6, h) ? LT_OK : lt_fail(LT_ERR_BAD_SITE, "not a valid IPv6 address");
	strip_host(buf);
	if (ip_literal(buf, AF_INET, h))
		return LT_OK;
	return domain_to_ascii(buf, h);
}

/* Could any label of the Unicode host u pass for another site? Labels are
 * checked one by one (ICU's restriction levels are defined per label); when
 * the checker cannot be loaded the answer is yes: ASCII is the safe form. */
static bool deceptive(const char *u)
{
	char buf[LT_URL_MAX + 1];
	bool any = false;

	snprintf(buf, sizeof buf, "%s", u);
	for (char *label = buf, *next; label && !any; label = next) {
		if ((next = strchr(label, '.')))
			*next++ = '\0';
		int rc = lt_idn_label_deceptive(label);
		if (rc == -2)
			lt_err_clear();
		any = rc != 0;
	}
	return any;
}

/* An A-label host name to a malloc'd Unicode one, or kept ASCII when shown
 * in Unicode it could pass for another site (see the top of the file). */
static lt_err to_unicode(const char *ascii, char **out)
{
	char *u = NULL;
	int rc = idn2_to_unicode_8z8z(ascii, &u, 0);

	if (rc != IDN2_OK)
		return lt_fail(LT_ERR_BAD_SITE, "not a valid international host name: %s", idn2_strerror(rc));
	*out = strdup(strcmp(u, ascii) != 0 && deceptive(u) ? ascii : u);
	idn2_free(u);
	return *out ? LT_OK : lt_fail(LT_ERR_NOMEM, "out of memory");
}

static lt_err dup_out(const char *s, char **out)
{
	*out = strdup(s);
	return *out ? LT_OK : lt_fail(LT_ERR_NOMEM, "out of memory");
}

/* ---- the public functions ----------------------------------------------- */

/* A bare host (no scheme, port or path) to A-labels in h; an IP address
 * too when allowed. */
static lt_err bare_host_to_ascii(const char *text, bool allow_ip, host_name *h)
{
	char buf[LT_URL_MAX + 1];
	lt_err e = check_text(text);

	h->ip = 0;
	if (e)
		return e;
	strcpy(buf, text);
	strip_host(buf);
	if (allow_ip && (ip_literal(buf, AF_INET6, h) || ip_literal(buf, AF_INET, h)))
		return LT_OK;
	return domain_to_ascii(buf, h);
}

lt_err lt_host_normalize(const char *host, char **out)
{
	host_name h;
	lt_err e;

	*out = NULL;
	if ((e = bare_host_to_ascii(host, false, &h)))
		return e;
	return to_unicode(h.text, out);
}

lt_err lt_site_from(const char *url_or_host, char **site)
{
	url_parts u;
	host_name h;
	lt_err e;

	*site = NULL;
	if ((e = check_text(url_or_host)))
		return e;
	if (ip_literal(url_or_host, AF_INET6, &h)) /* a bare "::1" before ':' means a port */
		return dup_out(h.text, site);
	if ((e = split_url(url_or_host, false, &u)) || (e = host_normalize(u.host, u.host_len, u.bracketed, &h)))
		return e;
	if (h.ip)
		return dup_out(h.text, site);
	const char *registrable = psl_registrable_domain(psl_builtin(), h.text);
	return to_unicode(registrable ? registrable : h.text, site);
}

/* "example.com", "[::1]" or "127.0.0.1" as a URL names the host (malloc'd). */
static lt_err url_host(const host_name *h, char **out)
{
	if (h->ip != 6)
		return h->ip ? dup_out(h->text, out) : to_unicode(h->text, out);
	if (asprintf(out, "[%s]", h->text) < 0) {
		*out = NULL;
		return lt_fail(LT_ERR_NOMEM, "out of memory");
	}
	return LT_OK;
}

lt_err lt_url_host(const char *url, char **host)
{
	url_parts u;
	host_name h;
	lt_err e;

	*host = NULL;
	if ((e = check_text(url)) || (e = split_url(url, true, &u)) ||
	    (e = host_normalize(u.host, u.host_len, u.bracketed, &h)))
		return e;
	return h.ip ? dup_out(h.text, host) : to_unicode(h.text, host);
}

lt_err lt_url_clean(const char *url, char **out)
{
	url_parts u;
	host_name h;
	char *host = NULL, port[24] = "";
	lt_err e;

	*out = NULL;
	if ((e = check_text(url)) || (e = split_url(url, true, &u)) ||
	    (e = host_normalize(u.host, u.host_len, u.bracketed, &h)) || (e = url_host(&h, &host)))
		return e;
	if (u.port >= 0 && u.port != (u.https ? 443 : 80))
		snprintf(port, sizeof port, ":%ld", u.port);
	int n = asprintf(out, "%s://%s%s%.*s", u.https ? "https" : "http", host, port,
	                 u.path_len ? (int)u.path_len : 1, u.path_len ? u.path : "/");
	free(host);
	if (n < 0) {
		*out = NULL;
		return lt_fail(LT_ERR_NOMEM, "out of memory");
	}
	if ((size_t)n > LT_URL_MAX) {
		free(*out);
		*out = NULL;
		return lt_fail(LT_ERR_TOO_LARGE, "the cleaned URL is over %d bytes", LT_URL_MAX);
	}
	return LT_OK;
}

lt_err lt_site_forms(const char *site, char **ascii, char **unicode)
{
	host_name h;
	char *u = NULL;
	lt_err e;
	int rc;

	*ascii = *unicode = NULL;
	if ((e = bare_host_to_ascii(site, true, &h)) || (e = dup_out(h.text, ascii)))
		return e;
	if (h.ip)
		return dup_out(h.text, unicode);
	if ((rc = idn2_to_unicode_8z8z(h.text, &u, 0)) != IDN2_OK) {
		free(*ascii);
		*ascii = NULL;
		return lt_fail(LT_ERR_BAD_SITE, "not a valid international host name: %s", idn2_strerror(rc));
	}
	e = dup_out(u, unicode);
	idn2_free(u);
	return e;
}
