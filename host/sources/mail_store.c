/* SPDX-License-Identifier: MIT */
/* mail_store.c: mail sources, senders and the settling of reviews in the
 * keyring (mail_store.h), through the core's settings and incident log. */
#include "mail_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imap_secret.h"
#include "incident.h"
#include "jsonfield.h"
#include "lock.h"
#include "mail_header.h"
#include "setting.h"
#include "site.h"

lt_err lt_mail_setting(lt_store *s, const char *name, int type, cJSON **out)
{
	lt_err e = lt_setting_get(s, name, out);

	if (e != LT_OK)
		return e;
	if (!*out)
		*out = type == cJSON_Array ? cJSON_CreateArray() : cJSON_CreateObject();
	if (!*out)
		return LT_ERR_NOMEM;
	if ((type == cJSON_Array && !cJSON_IsArray(*out)) || (type == cJSON_Object && !cJSON_IsObject(*out))) {
		cJSON_Delete(*out);
		*out = NULL;
		return lt_fail(LT_ERR_CORRUPT_RECORD, "the setting %s is not of its shape", name);
	}
	return LT_OK;
}

static char *dup_field(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	return cJSON_IsString(v) ? strdup(v->valuestring) : NULL;
}

void lt_mail_sources_free(lt_mail_source *list, size_t n)
{
	for (size_t i = 0; list && i < n; i++) {
		free(list[i].name);
		free(list[i].location);
		free(list[i].user);
	}
	free(list);
}

lt_err lt_mail_sources(lt_store *s, lt_mail_source **out, size_t *n)
{
	cJSON *all, *one;
	lt_err e = lt_mail_setting(s, LT_MAIL_SET_SOURCES, cJSON_Array, &all);
	size_t i = 0;

	*out = NULL;
	*n = 0;
	if (e != LT_OK)
		return e;
	if (!(*out = calloc((size_t)cJSON_GetArraySize(all) + 1, sizeof **out))) {
		cJSON_Delete(all);
		return LT_ERR_NOMEM;
	}
	cJSON_ArrayForEach(one, all) {
		lt_mail_source *src = &(*out)[i];

		src->kind = lt_mail_kind_from_name(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(one, "kind")));
		src->name = dup_field(one, "name");
		src->location = dup_field(one, "location");
		src->user = dup_field(one, "user");
		if (src->kind == LT_MAIL_KIND_COUNT || !src->name || !src->location) {
			e = lt_fail(LT_ERR_CORRUPT_RECORD, "a mail source in the keyring is not of its shape");
			i++;
			break;
		}
		i++;
	}
	cJSON_Delete(all);
	*n = i;
	if (e != LT_OK) {
		lt_mail_sources_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return e;
}

lt_err lt_mail_source_add(lt_store *s, lt_mail_kind kind, const char *location, const char *user, const char *name,
			  char **added)
{
	cJSON *all, *one, *src;
	char auto_name[64];
	lt_err e = lt_mail_setting(s, LT_MAIL_SET_SOURCES, cJSON_Array, &all);
	int n = 0;

	*added = NULL;
	if (e != LT_OK)
		return e;
	cJSON_ArrayForEach(one, all) {
		const char *k = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(one, "kind"));
		const char *l = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(one, "location"));
		const char *nm = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(one, "name"));

		n += k && strcmp(k, lt_mail_kind_name(kind)) == 0;
		if (k && l && strcmp(k, lt_mail_kind_name(kind)) == 0 && strcmp(l, location) == 0)
			e = lt_fail(LT_ERR_BAD_REQUEST, "this %s source is there already (%s)", k, nm ? nm : "");
		else if (name && nm && strcmp(nm, name) == 0)
			e = lt_fail(LT_ERR_BAD_REQUEST, "a mail source has that name already");
	}
	if (e == LT_OK && !name) {
		snprintf(auto_name, sizeof auto_name, "%s-%d", lt_mail_kind_name(kind), n + 1);
		name = auto_name;
	}
	if (e == LT_OK) {
		src = cJSON_CreateObject();
		cJSON_AddStringToObject(src, "name", name);
		cJSON_AddStringToObject(src, "kind", lt_mail_kind_name(kind));
		cJSON_AddStringToObject(src, "location", location);
		if (user)
			cJSON_AddStringToObject(src, "user", user);
		cJSON_AddObjectToObject(src, "positions");
		cJSON_AddItemToArray(all, src);
		e = lt_setting_put(s, LT_MAIL_SET_SOURCES, all);
	}
	if (e == LT_OK && !(*added = strdup(name)))
		e = LT_ERR_NOMEM;
	cJSON_Delete(all);
	return e;
}

lt_err lt_mail_source_remove(lt_store *s, const char *name, lt_mail_kind *kind)
{
	cJSON *all = NULL, *one, *gone = NULL;
	lt_mail_kind k = LT_MAIL_KIND_COUNT;
	int fd;
	lt_err e = lt_lock_take(&fd);

	if (e != LT_OK)
		return e;
	if ((e = lt_mail_setting(s, LT_MAIL_SET_SOURCES, cJSON_Array, &all)) == LT_OK) {
		cJSON_ArrayForEach(one, all)
			if (cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(one, "name")) &&
			    strcmp(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(one, "name")), name) == 0)
				gone = one;
		if (!gone)
			e = lt_fail(LT_ERR_NOT_FOUND, "no mail source is called so (leaktrace mail list shows them)");
	}
	if (e == LT_OK) {
		k = lt_mail_kind_from_name(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(gone, "kind")));
		cJSON_Delete(cJSON_DetachItemViaPointer(all, gone));
		e = lt_setting_put(s, LT_MAIL_SET_SOURCES, all);
	}
	lt_lock_release(fd);
	cJSON_Delete(all);
	if (e == LT_OK && k == LT_MAIL_IMAP)
		e = lt_imap_secret_drop(s, name);
	if (kind)
		*kind = k;
	return e;
}

lt_err lt_mail_source_find(lt_store *s, const char *name, lt_mail_source **out)
{
	lt_mail_source *all;
	size_t n, i;
	lt_err e = lt_mail_sources(s, &all, &n);

	*out = NULL;
	if (e != LT_OK)
		return e;
	for (i = 0; i < n && strcmp(all[i].name, name) != 0; i++)
		;
	if (i == n) {
		lt_mail_sources_free(all, n);
		return lt_fail(LT_ERR_NOT_FOUND, "no mail source is called so (leaktrace mail list shows them)");
	}
	if (i > 0) {
		lt_mail_source tmp = all[0];

		all[0] = all[i];
		all[i] = tmp;
	}
	for (size_t j = 1; j < n; j++) { /* the others' strings; the array goes with the first */
		free(all[j].name);
		free(all[j].location);
		free(all[j].user);
	}
	*out = all;
	return LT_OK;
}

const cJSON *lt_mail_senders_list(const cJSON *senders, const char *site, const char *list)
{
	const cJSON *of = cJSON_GetObjectItemCaseSensitive(senders, site);
	const cJSON *l = of ? cJSON_GetObjectItemCaseSensitive(of, list) : NULL;

	return cJSON_IsArray(l) ? l : NULL;
}

static void list_remove(cJSON *senders, const char *site, const char *list, const char *value)
{
	cJSON *l = (cJSON *)lt_mail_senders_list(senders, site, list), *v;
	int i = 0;

	cJSON_ArrayForEach(v, l) {
		if (cJSON_IsString(v) && strcmp(v->valuestring, value) == 0) {
			cJSON_DeleteItemFromArray(l, i);
			return;
		}
		i++;
	}
}

int lt_mail_senders_add(cJSON *senders, const char *site, const char *list, const char *value)
{
	cJSON *of = cJSON_GetObjectItemCaseSensitive(senders, site), *l;

	if (!of)
		of = cJSON_AddObjectToObject(senders, site);
	if (!(l = cJSON_GetObjectItemCaseSensitive(of, list)))
		l = cJSON_AddArrayToObject(of, list);
	if (!l || lt_json_array_has(l, value))
		return 0;
	cJSON_AddItemToArray(l, cJSON_CreateString(value));
	return 1;
}

typedef struct {
	const char *site, *org;
	int allow;
} settle_ctx;

static lt_err settle_one(lt_incident *inc, void *ctx, lt_revise *what)
{
	const settle_ctx *c = ctx;
	const cJSON *org = inc->mail ? cJSON_GetObjectItemCaseSensitive(inc->mail, "org") : NULL;
	char line[256];

	*what = LT_REVISE_KEEP;
	if (inc->verdict != LT_IV_REVIEW || !inc->site || strcmp(inc->site, c->site) != 0 || !cJSON_IsString(org) ||
	    strcmp(org->valuestring, c->org) != 0)
		return LT_OK;
	if (c->allow) {
		*what = LT_REVISE_DROP;
		return LT_OK;
	}
	inc->verdict = LT_IV_LEAK;
	inc->certain = 1;
	for (int i = 0; i < LT_INCIDENT_REASONS; i++) {
		free(inc->reasons[i]);
		inc->reasons[i] = NULL;
	}
	snprintf(line, sizeof line, "you said %s has nothing to do with %s", c->org, c->site);
	*what = LT_REVISE_CHANGED;
	return lt_incident_add_reason(inc, line);
}

lt_err lt_mail_settle(lt_store *s, const char *site_in, const char *domain, int allow, size_t *settled)
{
	char *site = NULL, *org = lt_mail_domain_of(domain);
	cJSON *senders = NULL;
	lt_err e = lt_site_from(site_in, &site);

	*settled = 0;
	if (e == LT_OK && !org)
		e = lt_fail(LT_ERR_BAD_SITE, "the domain names no registrable domain");
	if (e == LT_OK)
		e = lt_mail_setting(s, LT_MAIL_SET_SENDERS, cJSON_Object, &senders);
	if (e == LT_OK) {
		list_remove(senders, site, allow ? "deny" : "allow", org);
		if (!allow)
			list_remove(senders, site, "learned", org);
		lt_mail_senders_add(senders, site, allow ? "allow" : "deny", org);
		e = lt_setting_put(s, LT_MAIL_SET_SENDERS, senders);
	}
	if (e == LT_OK) {
		settle_ctx c = {site, org, allow};

		size_t dropped = 0;

		e = lt_incident_revise(s, settle_one, &c, settled, &dropped);
		*settled += dropped;
	}
	cJSON_Delete(senders);
	free(site);
	free(org);
	return e;
}
