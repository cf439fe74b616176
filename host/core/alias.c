/* SPDX-License-Identifier: MIT */
/* alias.c: email aliases, the phone pool and name variants (alias.h). */
#include "alias.h"

#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ident.h"
#include "jsonfield.h"
#include "primitives.h"
#include "setting.h"
#include "site.h"
#include "store.h"
#include "timefmt.h"

#define ALIAS_PURPOSE "alias"
#define BASE_SETTING "alias-base"
#define POOL_SETTING "phone-pool"

/* 31 symbols: lower-case letters and digits without 0 o 1 l i. */
static const char tag_alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";

void lt_alias_tag(const unsigned char key[LT_KEY_LEN], const char *site, char tag[LT_TAG_LEN + 1])
{
	unsigned char mac[LT_HMAC_LEN];
	uint64_t v = 0;
	int i;

	lt_hmac_sha256(key, site, strlen(site), mac);
	for (i = 0; i < 8; i++)
		v = v << 8 | mac[i];
	for (i = 0; i < LT_TAG_LEN; i++, v /= sizeof tag_alphabet - 1)
		tag[i] = tag_alphabet[v % (sizeof tag_alphabet - 1)];
	tag[LT_TAG_LEN] = '\0';
	lt_wipe(mac, sizeof mac);
}

lt_err lt_alias_set_base(lt_store *s, const char *base)
{
	int is_email = strchr(base, '@') != NULL;
	char *norm = NULL;
	cJSON *v;
	lt_err e = is_email ? lt_ident_normalize(LT_KIND_EMAIL, base, NULL, &norm) : lt_host_normalize(base, &norm);

	if (e != LT_OK)
		return e;
	if (is_email ? strchr(norm, '+') != NULL : strchr(norm, '.') == NULL) {
		free(norm);
		return lt_fail(LT_ERR_BAD_IDENTIFIER, "give an address without a +tag, or a domain such as mydomain.example");
	}
	v = cJSON_CreateObject();
	cJSON_AddStringToObject(v, "mode", is_email ? "subaddress" : "catchall");
	cJSON_AddStringToObject(v, "base", norm);
	e = lt_setting_put(s, BASE_SETTING, v);
	cJSON_Delete(v);
	free(norm);
	return e;
}

lt_err lt_alias_clear_base(lt_store *s, int *cleared)
{
	return lt_setting_clear(s, BASE_SETTING, cleared);
}

/* What could be read about big mail providers' delivery of +tag mail
 * (read 2026-12-05, offline, from stored copies of public pages; the
 * addresses and quotes are in data/mail-plus/SOURCE.md):
 * - Gmail: Google's help text, quoted at futaba.love/2019/04/25/gmail-dot-alias
 *   ("系统会将发送到以下别名的邮件全部递送至 janedoe@gmail.com: janedoe+school@…")
 *   and dndemail.com/2017/04/18/dots-and-pluses: delivers.
 * - Outlook.com: a news report (codercto.com/a/115669.html) says Microsoft added
 *   plus addressing to Hotmail in 2013; Microsoft's own pages read cover only
 *   Exchange Online (work accounts): reported to deliver.
 * - iCloud Mail: a news article (2014-10-08, a stored copy) and
 *   a blog that tested it (kosukety.org/use-plus-sign-alias-in-icloud): delivers,
 *   receive only: reported to deliver.
 * - QQ Mail, NetEase (163/126/yeah.net), the other Chinese webmail services,
 *   outlook.cn: nothing found either way, so "could not be verified".
 * A provider reported to deliver gets a note, not a warning; none of these
 * is the provider's own page read directly, so a test mail still settles it. */
static const struct {
	const char *domains; /* space-separated */
	const char *provider;
	int delivers; /* 1: the pages above say it delivers +tag mail */
} plus_providers[] = {
	{"qq.com foxmail.com vip.qq.com", "QQ Mail", 0},
	{"163.com 126.com yeah.net vip.163.com vip.126.com 188.com", "NetEase Mail (163/126)", 0},
	{"outlook.com hotmail.com live.com msn.com", "Outlook.com", 1},
	{"outlook.cn", "Outlook.cn", 0},
	{"gmail.com googlemail.com", "Gmail", 1},
	{"icloud.com me.com mac.com", "iCloud Mail", 1},
	{"sina.com sina.cn sohu.com 139.com 189.cn wo.cn aliyun.com", "a Chinese webmail service", 0},
};

static int domain_in(const char *domain, const char *list)
{
	size_t n = strlen(domain);
	const char *p = list;

	while ((p = strstr(p, domain))) {
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return 1;
		p += n;
	}
	return 0;
}

const char *lt_alias_base_provider(const char *base, int *delivers)
{
	const char *at = strchr(base, '@');
	size_t i;

	*delivers = 0;
	if (!at)
		return NULL;
	for (i = 0; i < sizeof plus_providers / sizeof plus_providers[0]; i++)
		if (domain_in(at + 1, plus_providers[i].domains)) {
			*delivers = plus_providers[i].delivers;
			return plus_providers[i].provider;
		}
	return NULL;
}

/* The base: *catchall set, *base malloc'd. */
static lt_err get_base(lt_store *s, int *catchall, char **base)
{
	cJSON *v;
	const char *mode = NULL;
	lt_err e = lt_setting_get(s, BASE_SETTING, &v);

	*base = NULL;
	if (e != LT_OK)
		return e;
	if (!v)
		return lt_fail(LT_ERR_NOT_FOUND, "no alias base yet: run `leaktrace alias --base me@mail.example` "
						 "(or --base yourdomain.example for a catch-all domain)");
	if ((e = lt_json_string(v, "mode", 1, 16, LT_ERR_CORRUPT_RECORD, &mode)) == LT_OK)
		e = lt_json_dup(v, "base", 1, LT_IDENT_MAX, LT_ERR_CORRUPT_RECORD, base);
	*catchall = mode && strcmp(mode, "catchall") == 0;
	cJSON_Delete(v);
	return e;
}

static char *alias_address(int catchall, const char *base, const char *tag)
{
	const char *at = strchr(base, '@');
	size_t n = strlen(base) + LT_TAG_LEN + 3;
	char *out = malloc(n);

	if (!out)
		return NULL;
	if (catchall)
		snprintf(out, n, "%s@%s", tag, base);
	else
		snprintf(out, n, "%.*s+%s%s", (int)(at - base), base, tag, at);
	return out;
}

static lt_err remember(lt_store *s, const char *site, const char *tag, const char *alias)
{
	const char *attrs[] = {"site", site, "tag", tag, NULL};
	char now[LT_TIME_LEN];
	cJSON *j = cJSON_CreateObject();
	char *json;
	lt_err e;

	lt_time_now(now);
	cJSON_AddNumberToObject(j, "version", 1);
	cJSON_AddStringToObject(j, "site", site);
	cJSON_AddStringToObject(j, "tag", tag);
	cJSON_AddStringToObject(j, "alias", alias);
	cJSON_AddStringToObject(j, "issued", now);
	json = cJSON_PrintUnformatted(j);
	e = json ? lt_keyring_put(s, LT_SCHEMA_ALIAS, attrs, json, 1, NULL) : LT_ERR_NOMEM;
	free(json);
	cJSON_Delete(j);
	return e;
}

/* The Alias items with these attributes. */
static lt_err find_issued(lt_store *s, const char *name, const char *value, lt_item **items, size_t *n)
{
	const char *attrs[] = {name, value, NULL};

	return lt_keyring_find(s, LT_SCHEMA_ALIAS, attrs, items, n);
}

lt_err lt_alias_issue(lt_store *s, const char *site, char **alias)
{
	unsigned char key[LT_KEY_LEN];
	char tag[LT_TAG_LEN + 1], *base = NULL;
	int catchall = 0;
	lt_item *items = NULL;
	size_t n = 0;
	lt_err e = get_base(s, &catchall, &base);

	*alias = NULL;
	if (e == LT_OK)
		e = lt_key_get(s, ALIAS_PURPOSE, key);
	if (e != LT_OK) {
		free(base);
		return e;
	}
	lt_alias_tag(key, site, tag);
	lt_wipe(key, sizeof key);
	*alias = alias_address(catchall, base, tag);
	free(base);
	if (!*alias)
		return LT_ERR_NOMEM;
	e = find_issued(s, "tag", tag, &items, &n);
	if (e == LT_OK && n == 0)
		e = remember(s, site, tag, *alias);
	lt_items_free(items, n);
	return e;
}

/* The tag inside an email of ours, or NULL when it is not one (malloc'd). */
static char *tag_of(const char *email, int catchall, const char *base)
{
	const char *at = strchr(email, '@'), *bat = strchr(base, '@');
	size_t blen = bat ? (size_t)(bat - base) : 0;

	if (!at)
		return NULL;
	if (catchall)
		return strcmp(at + 1, base) == 0 ? strndup(email, (size_t)(at - email)) : NULL;
	if (!bat || strcmp(at, bat) != 0 || strncmp(email, base, blen) != 0 || email[blen] != '+')
		return NULL;
	return strndup(email + blen + 1, (size_t)(at - email) - blen - 1);
}

/* Every site leaktrace knows of (accounts and issued aliases), recomputed against tag. */
static lt_err recompute(lt_store *s, const char *tag, char **site)
{
	unsigned char key[LT_KEY_LEN];
	char t[LT_TAG_LEN + 1];
	lt_account *list = NULL;
	size_t n = 0, i;
	lt_err e = lt_key_get(s, ALIAS_PURPOSE, key);

	if (e == LT_OK)
		e = lt_store_search(s, (const char *const[]){NULL}, &list, &n, NULL);
	for (i = 0; e == LT_OK && i < n && !*site; i++) {
		lt_alias_tag(key, list[i].site, t);
		if (strcmp(t, tag) == 0 && !(*site = strdup(list[i].site)))
			e = LT_ERR_NOMEM;
	}
	lt_accounts_free(list, n);
	lt_wipe(key, sizeof key);
	return e;
}

static lt_err issued_site(lt_item *item, char **site, char issued[LT_TIME_LEN])
{
	cJSON *j = cJSON_ParseWithLength(item->secret, item->len);
	lt_err e = j ? lt_json_dup(j, "site", 1, 1024, LT_ERR_CORRUPT_RECORD, site)
		     : lt_fail(LT_ERR_CORRUPT_RECORD, "an alias item is not JSON");

	if (e == LT_OK)
		e = lt_json_time(j, "issued", LT_ERR_CORRUPT_RECORD, issued);
	cJSON_Delete(j);
	return e;
}

lt_err lt_alias_domain(lt_store *s, char **domain)
{
	char *base = NULL;
	int catchall = 0;
	lt_err e = get_base(s, &catchall, &base);

	*domain = NULL;
	if (e == LT_ERR_NOT_FOUND) {
		lt_err_clear();
		return LT_OK;
	}
	if (e == LT_OK && !(*domain = strdup(strchr(base, '@') ? strchr(base, '@') + 1 : base)))
		e = LT_ERR_NOMEM;
	free(base);
	return e;
}

lt_err lt_alias_site_of(lt_store *s, const char *email, char **site, char issued[LT_TIME_LEN])
{
	char *base = NULL, *tag = NULL;
	int catchall = 0;
	lt_item *items = NULL;
	size_t n = 0;
	lt_err e = get_base(s, &catchall, &base);

	*site = NULL;
	issued[0] = '\0';
	if (e == LT_ERR_NOT_FOUND) {
		lt_err_clear();
		return LT_OK; /* no aliases were ever made */
	}
	if (e == LT_OK && (tag = tag_of(email, catchall, base)) && strlen(tag) == LT_TAG_LEN) {
		e = find_issued(s, "tag", tag, &items, &n);
		if (e == LT_OK && n > 0)
			e = issued_site(&items[0], site, issued);
		else if (e == LT_OK)
			e = recompute(s, tag, site);
	}
	lt_items_free(items, n);
	free(tag);
	free(base);
	return e;
}

/* ---- the phone pool ---------------------------------------------------- */

static lt_err pool_get(lt_store *s, cJSON **numbers)
{
	cJSON *v;
	lt_err e = lt_setting_get(s, POOL_SETTING, &v);

	*numbers = NULL;
	if (e != LT_OK)
		return e;
	*numbers = v ? cJSON_DetachItemFromObjectCaseSensitive(v, "numbers") : cJSON_CreateArray();
	cJSON_Delete(v);
	if (!cJSON_IsArray(*numbers)) {
		cJSON_Delete(*numbers);
		*numbers = NULL;
		return lt_fail(LT_ERR_CORRUPT_RECORD, "the phone pool setting holds no list");
	}
	return LT_OK;
}

static lt_err pool_put(lt_store *s, cJSON *numbers)
{
	cJSON *v = cJSON_CreateObject();
	lt_err e;

	cJSON_AddItemToObject(v, "numbers", numbers);
	e = lt_setting_put(s, POOL_SETTING, v);
	cJSON_Delete(v);
	return e;
}

static int pool_index(const cJSON *numbers, const char *number)
{
	const cJSON *it;
	int i = 0;

	cJSON_ArrayForEach(it, numbers) {
		if (cJSON_IsString(it) && strcmp(it->valuestring, number) == 0)
			return i;
		i++;
	}
	return -1;
}

lt_err lt_pool_add(lt_store *s, const char *number, const char *region, char **normalized)
{
	cJSON *numbers = NULL;
	lt_err e = lt_ident_normalize(LT_KIND_PHONE, number, region, normalized);

	if (e == LT_OK)
		e = pool_get(s, &numbers);
	if (e == LT_OK && pool_index(numbers, *normalized) >= 0) {
		cJSON_Delete(numbers);
		return LT_OK;
	}
	if (e == LT_OK && cJSON_GetArraySize(numbers) >= LT_POOL_MAX)
		e = lt_fail(LT_ERR_TOO_LARGE, "the pool holds at most %d numbers", LT_POOL_MAX);
	if (e == LT_OK) {
		cJSON_AddItemToArray(numbers, cJSON_CreateString(*normalized));
		return pool_put(s, numbers);
	}
	cJSON_Delete(numbers);
	return e;
}

lt_err lt_pool_remove(lt_store *s, const char *number, const char *region)
{
	cJSON *numbers = NULL;
	char *norm = NULL;
	int i = -1;
	lt_err e = lt_ident_normalize(LT_KIND_PHONE, number, region, &norm);

	if (e == LT_OK && (e = pool_get(s, &numbers)) == LT_OK && (i = pool_index(numbers, norm)) < 0)
		e = lt_fail(LT_ERR_NOT_FOUND, "that number is not in the pool");
	free(norm);
	if (e != LT_OK) {
		cJSON_Delete(numbers);
		return e;
	}
	cJSON_DeleteItemFromArray(numbers, i);
	return pool_put(s, numbers);
}

void lt_pool_free(char **numbers, size_t n)
{
	size_t i;

	for (i = 0; numbers && i < n; i++)
		free(numbers[i]);
	free(numbers);
}

lt_err lt_pool_list(lt_store *s, char ***out, size_t *n)
{
	cJSON *numbers = NULL;
	const cJSON *it;
	lt_err e = pool_get(s, &numbers);

	*out = NULL;
	*n = 0;
	if (e != LT_OK)
		return e;
	*out = calloc((size_t)cJSON_GetArraySize(numbers) + 1, sizeof **out);
	cJSON_ArrayForEach(it, numbers)
		if (*out && cJSON_IsString(it))
			(*out)[(*n)++] = strdup(it->valuestring);
	cJSON_Delete(numbers);
	return *out ? LT_OK : LT_ERR_NOMEM;
}

lt_err lt_pool_suggest(lt_store *s, char **number, size_t *holders)
{
	char **pool;
	size_t n, i, best = (size_t)-1;
	lt_err e = lt_pool_list(s, &pool, &n);

	*number = NULL;
	if (e == LT_OK && n == 0)
		e = lt_fail(LT_ERR_NOT_FOUND, "the phone pool is empty: add your numbers with `leaktrace pool add NUMBER`");
	for (i = 0; e == LT_OK && i < n; i++) {
		const char *attrs[] = {"phone", pool[i], NULL};
		lt_account *list;
		size_t count;

		if ((e = lt_store_search(s, attrs, &list, &count, NULL)) != LT_OK)
			break;
		lt_accounts_free(list, count);
		if (count < best) {
			best = count;
			free(*number);
			*number = strdup(pool[i]);
		}
	}
	*holders = best;
	lt_pool_free(pool, n);
	return e;
}

/* ---- name variants ----------------------------------------------------- */

/* A name of two to four Han characters and nothing else (张三, 欧阳娜娜):
 * written without a space, family name first. */
static int han_name(const char *name)
{
	const unsigned char *p = (const unsigned char *)name;
	int chars = 0;

	while (*p) {
		unsigned cp;

		if ((p[0] & 0xF0) != 0xE0 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
			return 0;
		cp = ((unsigned)(p[0] & 0x0F) << 12) | ((unsigned)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
		if (cp < 0x4E00 || cp > 0x9FFF)
			return 0;
		p += 3;
		chars++;
	}
	return chars >= 2 && chars <= 4;
}

/* The site's letter for a name variant: the tag's first character as a
 * capital letter A-Z. */
static lt_err site_initial(lt_store *s, const char *site, char *initial)
{
	unsigned char key[LT_KEY_LEN];
	char tag[LT_TAG_LEN + 1];
	lt_err e = lt_key_get(s, ALIAS_PURPOSE, key);

	if (e != LT_OK)
		return e;
	lt_alias_tag(key, site, tag);
	lt_wipe(key, sizeof key);
	*initial = (char)('A' + (unsigned char)tag[0] % 26);
	return LT_OK;
}

/* The variant with this initial: 张三 -> 张K三, "Zhang San" -> "Zhang K. San". */
static char *name_with(const char *name, const char *last, int han, char initial)
{
	size_t n = strlen(name) + 4;
	char *v = malloc(n);

	if (v && han) /* a Han character is three bytes in UTF-8 (han_name) */
		snprintf(v, n, "%.3s%c%s", name, initial, name + 3);
	else if (v)
		snprintf(v, n, "%.*s %c.%s", (int)(last - name), name, initial, last);
	return v;
}

/* Whether the variant is free for the site: no account holds it, or this
 * site's does (*mine). */
static lt_err variant_free(lt_store *s, const char *site, const char *variant, int *free_, int *mine)
{
	char *norm = NULL;
	lt_account *list = NULL;
	size_t n = 0, i;
	lt_err e = lt_ident_normalize(LT_KIND_NAME, variant, NULL, &norm);

	if (e == LT_OK) {
		const char *attrs[] = {lt_store_attr(LT_KIND_NAME), norm, NULL};

		e = lt_store_search(s, attrs, &list, &n, NULL);
	}
	*mine = 0;
	for (i = 0; e == LT_OK && i < n; i++)
		*mine |= strcmp(list[i].site, site) == 0;
	*free_ = e == LT_OK && n == 0;
	lt_accounts_free(list, n);
	free(norm);
	return e;
}

/* The initial after the family name (the first character), where the middle
 * initial goes in the Latin order; a name the site stores and spam repeats
 * keeps it. The site's keyed letter first; when another site already holds
 * that variant, the next letter no site holds, so a variant names one site.
 * Asked again, the site gets the variant it holds. */
lt_err lt_alias_name(lt_store *s, const char *site, const char *name, char **variant)
{
	const char *last = strrchr(name, ' ');
	int han = !last && han_name(name);
	char initial;
	lt_err e;

	*variant = NULL;
	if (strlen(name) > LT_IDENT_MAX)
		return lt_fail(LT_ERR_TOO_LARGE, "a name is at most %d bytes", LT_IDENT_MAX);
	if (!han && (!last || last == name || !last[1]))
		return lt_fail(LT_ERR_BAD_IDENTIFIER, "a name variant needs a given and a family name separated by a space, "
						      "or a name in Chinese characters such as 张三");
	if ((e = site_initial(s, site, &initial)) != LT_OK)
		return e;
	for (int i = 0; i < 26; i++) {
		char *v = name_with(name, last, han, (char)('A' + (initial - 'A' + i) % 26));
		int free_ = 0, mine = 0;

		if (!v)
			return LT_ERR_NOMEM;
		if ((e = variant_free(s, site, v, &free_, &mine)) != LT_OK || free_ || mine) {
			if (e == LT_OK)
				*variant = v;
			else
				free(v);
			return e;
		}
		free(v);
	}
	/* every letter is held by another site: the keyed one, shared */
	return (*variant = name_with(name, last, han, initial)) ? LT_OK : LT_ERR_NOMEM;
}

lt_err lt_alias_get_base(lt_store *s, int *catchall, char **base)
{
	return get_base(s, catchall, base);
}

char *lt_alias_shape(int catchall, const char *base)
{
	return alias_address(catchall, base, "TAG");
}
