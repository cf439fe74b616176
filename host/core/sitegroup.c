/* SPDX-License-Identifier: MIT */
/* sitegroup.c: shared-credential groups and change-password pages
 * (sitegroup.h). The data files are read once per process, on first use. A
 * "shared" entry and a "from"/"to" entry both make one group: credentials
 * that work on one site work on the others. */
#include "sitegroup.h"

#include <cjson/cJSON.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datafile.h"

#define SHARED_FILE "password-manager-resources/shared-credentials.json"
/* The change-password pages: Apple's list first, then the project's own list
 * of sites most used in China (data/change-password-cn/SOURCE.md gives the
 * source of each entry). Apple's comes first because it is maintained and
 * reviewed upstream across many password managers; the project's list only
 * fills the sites Apple's does not name, so on a site both name, the upstream
 * page wins and a stale local entry cannot override it. */
static const char *const urls_files[] = {
	"password-manager-resources/change-password-URLs.json",
	"change-password-cn/change-password-URLs.json",
};
#define N_URLS (sizeof urls_files / sizeof urls_files[0])

static cJSON *urls[N_URLS];
static GHashTable *groups; /* site -> its group's name; both borrowed from `shared` */
static cJSON *shared;
static int shared_loaded, urls_loaded;

/* The alphabetically first domain of one entry's "shared", "from" and "to" lists,
 * or, with `table`, every domain of the entry mapped to that first one. */
static const char *visit_entry(const cJSON *entry, GHashTable *table, const char *first)
{
	static const char *const lists[] = {"shared", "from", "to"};
	const cJSON *it;
	size_t i;

	for (i = 0; i < sizeof lists / sizeof lists[0]; i++)
		cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(entry, lists[i])) {
			if (!cJSON_IsString(it))
				continue;
			if (table)
				g_hash_table_insert(table, it->valuestring, (gpointer)first);
			else if (!first || strcmp(it->valuestring, first) < 0)
				first = it->valuestring;
		}
	return first;
}

/* Read the data once and index it: a lookup is then one hash probe. */
static void load_groups(void)
{
	const cJSON *entry;

	shared_loaded = 1;
	if (lt_datafile_json(SHARED_FILE, &shared) != LT_OK) {
		lt_err_clear(); /* without the data, each site is its own group */
		return;
	}
	groups = g_hash_table_new(g_str_hash, g_str_equal);
	cJSON_ArrayForEach(entry, shared) {
		const char *first = visit_entry(entry, NULL, NULL);

		if (first)
			visit_entry(entry, groups, first);
	}
}

const char *lt_site_group(const char *site)
{
	const char *group;

	if (!shared_loaded)
		load_groups();
	group = groups ? g_hash_table_lookup(groups, site) : NULL;
	return group ? group : site;
}

/* The shipped page for a host or site, exactly as keyed; NULL when none. */
static const char *known_page(const char *name)
{
	const char *page = NULL;
	size_t i;

	if (!urls_loaded) {
		urls_loaded = 1;
		for (i = 0; i < N_URLS; i++)
			if (lt_datafile_json(urls_files[i], &urls[i]) != LT_OK)
				lt_err_clear(); /* without a list, its sites get their start page */
	}
	for (i = 0; i < N_URLS && !page; i++)
		page = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(urls[i], name));
	return page;
}

lt_err lt_change_password_url(const char *const *hosts, size_t n, const char *site, char **url, int *known)
{
	const char *page = NULL;
	size_t i, len = strlen(site) + 48;

	for (i = 0; i < n && !page; i++)
		page = hosts[i] ? known_page(hosts[i]) : NULL;
	if (!page)
		page = known_page(site);
	*known = page != NULL;
	if (page)
		*url = strdup(page);
	else if ((*url = malloc(len)))
		snprintf(*url, len, "https://%s/", site);
	return *url ? LT_OK : LT_ERR_NOMEM;
}
