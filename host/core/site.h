/* SPDX-License-Identifier: MIT */
/* site.h: from what a browser or a person gives (a URL or a host name) to the
 * site an account belongs to, and a URL safe to keep.
 *
 * A site is the registrable domain (eTLD+1) from the Public Suffix List
 * (libpsl): www.bbc.co.uk -> bbc.co.uk, a.b.github.io -> b.github.io. IP
 * addresses (v4 and v6) and single-label hosts (localhost) stay whole; a
 * trailing dot, upper case, a port and user info are dropped; a Unicode IDN
 * and its punycode form name the same site, kept in its Unicode form
 * (xn--fsqu00a.xn--fiqs8s -> 例子.中国) unless a label could pass for another
 * site (mixed scripts, or confusable with an ASCII label, as browsers
 * decide): then in its ASCII form (аррӏе.com -> xn--80ak6aa92e.com).
 * ::ffff:1.2.3.4 is the IPv4 site 1.2.3.4. */
#ifndef LT_SITE_H
#define LT_SITE_H

#include "error.h"

/* Longest URL or host accepted, in bytes. */
#define LT_URL_MAX 4096

/* The site for a URL ("https://www.example.com/x?y") or a bare host
 * ("www.example.com", "例子.中国", "127.0.0.1:8080"). Fails with
 * LT_ERR_BAD_SITE (detail says why), LT_ERR_TOO_LARGE or LT_ERR_BAD_UTF8. */
lt_err lt_site_from(const char *url_or_host, char **site);

/* The URL as it is kept in a record: scheme, host (lower-cased) and path;
 * user info, query and fragment removed (they carry tokens). Only http and
 * https URLs are kept; anything else fails with LT_ERR_BAD_SITE. */
lt_err lt_url_clean(const char *url, char **out);

/* The host of a URL ("https://Accounts.Example.com:8443/x" -> "accounts.example.com")
 * in the form sites use (lower case, IDN in Unicode, IP addresses whole); fails
 * like lt_url_clean(). */
lt_err lt_url_host(const char *url, char **host);

/* A bare DNS host name ("WWW.Example.COM.", "xn--fsqu00a.xn--fiqs8s") in the
 * form sites use: lower case, no trailing dot, IDN labels in Unicode. No
 * scheme, port, user info or IP address (used for email domains). Fails
 * like lt_site_from(). */
lt_err lt_host_normalize(const char *host, char **out);

/* Both spellings of a site (as lt_site_from gives it): *ascii with A-labels
 * ("xn--80ak6aa92e.com") and *unicode ("аррӏе.com"), malloc'd; the same for
 * an ASCII host or an IP address. For showing side by side, as the evidence
 * report does: the Unicode form may be the deceptive one. */
lt_err lt_site_forms(const char *site, char **ascii, char **unicode);

#endif
