/* SPDX-License-Identifier: MIT */
/* sitegroup.h: what the shipped password-manager-resources data says about a
 * site -- the group of sites that share one account (shared-credentials.json:
 * one login for several domains), and where the person changes the password
 * (change-password-URLs.json). */
#ifndef LT_SITEGROUP_H
#define LT_SITEGROUP_H

#include <stddef.h>

#include "error.h"

/* The group's name for `site`: the alphabetically first site of its shared
 * group, or the site itself when it shares with none. Static storage or site. */
const char *lt_site_group(const char *site);

/* The page to change the password on `site` (malloc'd). The shipped data is
 * keyed by host (accounts.example.com) or by registrable domain: the first of
 * `hosts` (n of them, the hosts the account was used on) the data names,
 * else site's entry, else the site's start page https://SITE/ (where the
 * person finds its security settings; a guessed /.well-known/change-password
 * often answers with a 404 page). *known says whether it came from the data. */
lt_err lt_change_password_url(const char *const *hosts, size_t n, const char *site, char **url, int *known);

#endif
