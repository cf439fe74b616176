/* sitegroup.h: what the shipped password-manager-resources data says about a
 * site -- the group of sites that share one account (shared-credentials.json:
 * one login for several domains), and where the person changes the password
 * (change-password-URLs.json). */
#ifndef LT_SITEGROUP_H
#define LT_SITEGROUP_H

#include "error.h"

/* The group's name for `site`: the alphabetically first site of its shared
 * group, or the site itself when it shares with none. Static storage or site. */
const char *lt_site_group(const char *site);

/* The page to change the password on `site` (malloc'd): the known page, else
 * https://SITE/.well-known/change-password. *known says which. */
lt_err lt_change_password_url(const char *site, char **url, int *known);

#endif
