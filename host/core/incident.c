/* incident.c: the incident log (incident.h). Its id is random (OpenSSL's
 * RAND_bytes), short enough to type in `leaktrace incident forget ID`. */
#include "incident.h"

#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonfield.h"
#include "record.h"

static const char *const kind_names[LT_INCIDENT_KIND_COUNT] = {"sms", "call", "email", "login", "other"};

const char *lt_incident_kind_name(lt_incident_kind k)
{
	return (unsigned)k < LT_INCIDENT_KIND_COUNT ? kind_names[k] : "other";
}

lt_incident_kind lt_incident_kind_from_name(const char *name)
{
	int i;

	for (i = 0; name && i < LT_INCIDENT_KIND_COUNT; i++)
		if (strcmp(name, kind_names[i]) == 0)
			return (lt_incident_kind)i;
	return LT_INCIDENT_KIND_COUNT;
}

void lt_incident_clear(lt_incident *inc)
{
	free(inc->value);
	free(inc->normalized);
	free(inc->from);
	free(inc->note);
	free(inc->item_path);
	memset(inc, 0, sizeof *inc);
}

void lt_incidents_free(lt_incident *list, size_t n)
{
	size_t i;

	for (i = 0; list && i < n; i++)
		lt_incident_clear(&list[i]);
	free(list);
}

static lt_err new_id(char out[LT_INCIDENT_ID_LEN + 1])
{
	unsigned char raw[LT_INCIDENT_ID_LEN / 2];
	size_t i;

	if (RAND_bytes(raw, sizeof raw) != 1)
		return lt_fail(LT_ERR_IO, "no randomness for an incident id");
	for (i = 0; i < sizeof raw; i++)
		snprintf(out + 2 * i, 3, "%02x", raw[i]);
	return LT_OK;
}

static lt_err set_when(char buf[LT_TIME_LEN], const char *at)
{
	time_t t;
	lt_err e;

	if (!at) {
		lt_time_now(buf);
		return LT_OK;
	}
	if ((e = lt_time_parse(at, &t)) != LT_OK)
		return e;
	lt_time_format(t, buf);
	return LT_OK;
}

static lt_err fill(lt_incident *inc, const char *identifier, lt_kind kind, const char *region, const char *from,
		   const char *at, const char *note)
{
	lt_err e;

	inc->ident_kind = kind != LT_KIND_NONE ? kind : lt_ident_detect(identifier);
	if ((e = lt_ident_normalize(inc->ident_kind, identifier, region, &inc->normalized)) != LT_OK ||
	    (e = lt_account_set_text(&inc->value, identifier)) != LT_OK ||
	    (from && (e = lt_account_set_text(&inc->from, from)) != LT_OK) ||
	    (note && (e = lt_account_set_text(&inc->note, note)) != LT_OK) || (e = set_when(inc->at, at)) != LT_OK)
		return e;
	lt_time_now(inc->recorded);
	return new_id(inc->id);
}

lt_err lt_incident_make(lt_incident *inc, const char *identifier, lt_kind kind, const char *region,
			lt_incident_kind ikind, const char *from, const char *at, const char *note)
{
	lt_err e;

	memset(inc, 0, sizeof *inc);
	if ((unsigned)ikind >= LT_INCIDENT_KIND_COUNT)
		return lt_fail(LT_ERR_BAD_REQUEST, "incident kind is sms, call, email, login or other");
	inc->kind = ikind;
	if ((e = fill(inc, identifier, kind, region, from, at, note)) != LT_OK)
		lt_incident_clear(inc);
	return e;
}

cJSON *lt_incident_to_json(const lt_incident *inc)
{
	cJSON *o = cJSON_CreateObject(), *id;

	cJSON_AddNumberToObject(o, "version", LT_INCIDENT_VERSION);
	cJSON_AddStringToObject(o, "id", inc->id);
	cJSON_AddStringToObject(o, "kind", lt_incident_kind_name(inc->kind));
	id = cJSON_AddObjectToObject(o, "identifier");
	cJSON_AddStringToObject(id, "kind", lt_kind_name(inc->ident_kind));
	cJSON_AddStringToObject(id, "value", inc->value);
	cJSON_AddStringToObject(id, "normalized", inc->normalized);
	lt_json_add_nullable(o, "from", inc->from);
	cJSON_AddStringToObject(o, "at", inc->at);
	lt_json_add_nullable(o, "note", inc->note);
	cJSON_AddStringToObject(o, "recorded", inc->recorded);
	return o;
}

static lt_err from_json(const cJSON *j, lt_incident *inc)
{
	const lt_err C = LT_ERR_CORRUPT_RECORD;
	const cJSON *ver = cJSON_GetObjectItemCaseSensitive(j, "version");
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(j, "identifier");
	const char *s;
	lt_err e;

	if (!cJSON_IsNumber(ver) || ver->valueint < 1 || ver->valueint > LT_INCIDENT_VERSION || !cJSON_IsObject(id))
		return lt_fail(C, "not an incident record this leaktrace reads");
	if ((e = lt_json_string(j, "id", 1, LT_INCIDENT_ID_LEN, C, &s)) != LT_OK)
		return e;
	memcpy(inc->id, s, strlen(s) + 1);
	if ((e = lt_json_string(j, "kind", 1, 16, C, &s)) != LT_OK)
		return e;
	if ((inc->kind = lt_incident_kind_from_name(s)) == LT_INCIDENT_KIND_COUNT)
		return lt_fail(C, "bad incident kind");
	if ((e = lt_json_string(id, "kind", 1, 16, C, &s)) != LT_OK)
		return e;
	if ((inc->ident_kind = lt_kind_from_name(s)) == LT_KIND_NONE)
		return lt_fail(C, "bad identifier kind");
	if ((e = lt_json_dup(id, "value", 1, LT_IDENT_MAX, C, &inc->value)) != LT_OK ||
	    (e = lt_json_dup(id, "normalized", 1, LT_IDENT_MAX, C, &inc->normalized)) != LT_OK ||
	    (e = lt_json_dup(j, "from", 0, LT_TEXT_MAX, C, &inc->from)) != LT_OK ||
	    (e = lt_json_dup(j, "note", 0, LT_TEXT_MAX, C, &inc->note)) != LT_OK ||
	    (e = lt_json_time(j, "at", C, inc->at)) != LT_OK || (e = lt_json_time(j, "recorded", C, inc->recorded)) != LT_OK)
		return e;
	return LT_OK;
}

lt_err lt_incident_from_string(const char *s, size_t len, lt_incident *inc)
{
	cJSON *j = cJSON_ParseWithLength(s, len);
	lt_err e;

	memset(inc, 0, sizeof *inc);
	e = j ? from_json(j, inc) : lt_fail(LT_ERR_CORRUPT_RECORD, "the secret is not JSON");
	cJSON_Delete(j);
	if (e != LT_OK)
		lt_incident_clear(inc);
	return e;
}

lt_err lt_incident_add(lt_store *s, lt_incident *inc)
{
	const char *attrs[] = {"id", inc->id, lt_kind_name(inc->ident_kind), inc->normalized, NULL};
	cJSON *j = lt_incident_to_json(inc);
	char *json = cJSON_PrintUnformatted(j);
	lt_err e = json ? lt_keyring_put(s, LT_SCHEMA_INCIDENT, attrs, "leaktrace: incident", json, 0, &inc->item_path)
			: LT_ERR_NOMEM;

	cJSON_Delete(j);
	free(json);
	return e;
}

static int incident_cmp(const void *x, const void *y)
{
	const lt_incident *a = x, *b = y;
	int c = strcmp(a->at, b->at);

	return c ? c : strcmp(a->id, b->id);
}

static lt_err find(lt_store *s, const char *const *attrs, lt_incident **out, size_t *n)
{
	lt_item *items;
	size_t count, i;
	lt_err e = lt_keyring_find(s, LT_SCHEMA_INCIDENT, attrs, &items, &count);

	*out = NULL;
	*n = 0;
	if (e != LT_OK)
		return e;
	if (!(*out = calloc(count + 1, sizeof **out)))
		e = LT_ERR_NOMEM;
	for (i = 0; e == LT_OK && i < count; i++) {
		if (lt_incident_from_string(items[i].secret, items[i].len, &(*out)[*n]) != LT_OK)
			continue; /* an unreadable item is skipped, as for accounts */
		(*out)[(*n)++].item_path = items[i].path;
		items[i].path = NULL;
	}
	lt_items_free(items, count);
	if (*out)
		qsort(*out, *n, sizeof **out, incident_cmp);
	return e;
}

lt_err lt_incident_list(lt_store *s, lt_kind kind, const char *normalized, lt_incident **out, size_t *n)
{
	const char *attrs[] = {lt_kind_name(kind), normalized, NULL};

	return find(s, normalized ? attrs : attrs + 2, out, n);
}

lt_err lt_incident_forget(lt_store *s, const char *id)
{
	const char *attrs[] = {"id", id, NULL};
	lt_incident *list;
	size_t n, i;
	lt_err e = find(s, attrs, &list, &n);

	if (e == LT_OK && n == 0)
		e = lt_fail(LT_ERR_NOT_FOUND, "no incident has that id");
	for (i = 0; e == LT_OK && i < n; i++)
		e = lt_keyring_delete(s, list[i].item_path);
	lt_incidents_free(list, n);
	return e;
}
