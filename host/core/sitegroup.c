/* sitegroup.c: shared-credential groups and change-password pages
 * (sitegroup.h). The data files are read once per process, on first use. A
 * "shared" entry and a "from"/"to" entry both make one group: credentials
 * that work on one site work on the others. */
#include "sitegroup.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datafile.h"

#define SHARED_FILE "password-manager-resources/shared-credentials.json"
#define URLS_FILE "password-manager-resources/change-password-URLs.json"

static cJSON *shared, *urls;
static int shared_loaded, urls_loaded;

/* The alphabetically first domain of one entry's "shared", "from" and "to" lists. */
static const char *entry_first(const cJSON *entry)
{
	static const char *const lists[] = {"shared", "from", "to"};
	const char *first = NULL;
	const cJSON *it;
	size_t i;

	for (i = 0; i < sizeof lists / sizeof lists[0]; i++)
		cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(entry, lists[i]))
			if (cJSON_IsString(it) && (!first || strcmp(it->valuestring, first) < 0))
				first = it->valuestring;
	return first;
}

static int entry_has(const cJSON *entry, const char *site)
{
	static const char *const lists[] = {"shared", "from", "to"};
	const cJSON *it;
	size_t i;

	for (i = 0; i < sizeof lists / sizeof lists[0]; i++)
		cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(entry, lists[i]))
			if (cJSON_IsString(it) && strcmp(it->valuestring, site) == 0)
				return 1;
	return 0;
}

const char *lt_site_group(const char *site)
{
	const cJSON *entry;

	if (!shared_loaded) {
		shared_loaded = 1;
		if (lt_datafile_json(SHARED_FILE, &shared) != LT_OK)
			lt_err_clear(); /* without the data, each site is its own group */
	}
	cJSON_ArrayForEach(entry, shared)
		if (entry_has(entry, site))
			return entry_first(entry);
	return site;
}

lt_err lt_change_password_url(const char *site, char **url, int *known)
{
	const cJSON *v;
	size_t n = strlen(site) + 48;

	if (!urls_loaded) {
		urls_loaded = 1;
		if (lt_datafile_json(URLS_FILE, &urls) != LT_OK)
			lt_err_clear();
	}
	v = cJSON_GetObjectItemCaseSensitive(urls, site);
	*known = cJSON_IsString(v);
	if (*known)
		*url = strdup(v->valuestring);
	else if ((*url = malloc(n)))
		snprintf(*url, n, "https://%s/.well-known/change-password", site);
	return *url ? LT_OK : LT_ERR_NOMEM;
}
