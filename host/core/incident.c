/* incident.c: the incident log (incident.h). One keyring item per
 * identifier holds its incidents; an incident's id is random (OpenSSL's
 * RAND_bytes), short enough to type in `leaktrace incident forget ID`. */
#include "incident.h"

#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonfield.h"
#include "lock.h"
#include "record.h"

static const char *const kind_names[LT_INCIDENT_KIND_COUNT] = {"sms", "call", "email", "login", "other"};

const char *lt_incident_kind_name(lt_incident_kind k)
{
	return (unsigned)k < LT_INCIDENT_KIND_COUNT ? kind_names[k] : "other";
}

const char *lt_incident_kind_names_text(void)
{
	static char text[64];

	return text[0] ? text : lt_names_text(kind_names, LT_INCIDENT_KIND_COUNT, text, sizeof text);
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

static lt_err fill(lt_incident *inc, const char *identifier, lt_kind kind, const char *region, const char *from,
		   const char *at, const char *note)
{
	lt_err e;

	inc->ident_kind = kind != LT_KIND_NONE ? kind : lt_ident_detect(identifier);
	if ((e = lt_ident_normalize(inc->ident_kind, identifier, region, &inc->normalized)) != LT_OK ||
	    (e = lt_account_set_text(&inc->value, identifier)) != LT_OK ||
	    (from && (e = lt_account_set_text(&inc->from, from)) != LT_OK) ||
	    (note && (e = lt_account_set_text(&inc->note, note)) != LT_OK) || (e = lt_time_event(at, inc->at)) != LT_OK)
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
		return lt_fail(LT_ERR_BAD_REQUEST, "incident kind is %s", lt_incident_kind_names_text());
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

/* ---- the log: one keyring item per identifier -------------------------
 * Its secret is a JSON array of incidents, so tracing an identifier reads one
 * item however many calls it got (one item per incident made gnome-keyring
 * rewrite and search ever more items). A lone object is read as a log of one. */

static int incident_cmp(const void *x, const void *y)
{
	const lt_incident *a = x, *b = y;
	int c = strcmp(a->at, b->at);

	return c ? c : strcmp(a->id, b->id);
}

/* Append the incidents of one secret to *list; unreadable entries are skipped. */
static lt_err parse_log(const lt_item *item, lt_incident **list, size_t *n, size_t *cap)
{
	cJSON *j = cJSON_ParseWithLength(item->secret, item->len), *one;
	cJSON *arr = cJSON_IsArray(j) ? j : NULL;
	lt_err e = LT_OK;

	if (!j)
		return LT_OK; /* an unreadable item is skipped, as for accounts */
	for (one = arr ? arr->child : j; one && e == LT_OK; one = arr ? one->next : NULL) {
		char *text = cJSON_PrintUnformatted(one);

		if (*n + 1 >= *cap) {
			lt_incident *grown = realloc(*list, (*cap *= 2) * sizeof *grown);

			if (!grown) {
				free(text);
				e = LT_ERR_NOMEM;
				break;
			}
			*list = grown;
		}
		if (text && lt_incident_from_string(text, strlen(text), &(*list)[*n]) == LT_OK)
			(*list)[(*n)++].item_path = strdup(item->path);
		lt_err_clear();
		free(text);
	}
	cJSON_Delete(j);
	return e;
}

static lt_err read_logs(lt_store *s, const char *const *attrs, lt_incident **out, size_t *n)
{
	lt_item *items = NULL;
	size_t count = 0, cap = 16, i;
	lt_err e = lt_keyring_find(s, LT_SCHEMA_INCIDENT, attrs, &items, &count);

	*n = 0;
	*out = NULL;
	if (e == LT_OK && !(*out = calloc(cap, sizeof **out)))
		e = LT_ERR_NOMEM;
	for (i = 0; e == LT_OK && i < count; i++)
		e = parse_log(&items[i], out, n, &cap);
	lt_items_free(items, count);
	if (e != LT_OK) {
		lt_incidents_free(*out, *n);
		*out = NULL;
		*n = 0;
	} else {
		qsort(*out, *n, sizeof **out, incident_cmp);
	}
	return e;
}

/* Write the log of one identifier (list, n of them) as one item, then delete
 * the other items it came from: a crash in between leaves the incidents twice,
 * merged by id on the next write, never lost. */
static lt_err write_log(lt_store *s, lt_kind k, const char *normalized, const lt_incident *list, size_t n)
{
	const char *attrs[] = {lt_kind_name(k), normalized, NULL};
	cJSON *arr = cJSON_CreateArray();
	char *json, *path = NULL;
	size_t i;
	lt_err e;

	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(arr, lt_incident_to_json(&list[i]));
	json = cJSON_PrintUnformatted(arr);
	cJSON_Delete(arr);
	e = json ? lt_keyring_put(s, LT_SCHEMA_INCIDENT, attrs, "leaktrace: incidents", json, 0, &path) : LT_ERR_NOMEM;
	free(json);
	for (i = 0; e == LT_OK && i < n; i++)
		if (list[i].item_path && strcmp(list[i].item_path, path) != 0 &&
		    (i == 0 || strcmp(list[i].item_path, list[i - 1].item_path) != 0))
			e = lt_keyring_delete(s, list[i].item_path);
	free(path);
	return e;
}

static int has_id(const lt_incident *list, size_t n, const char *id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(list[i].id, id) == 0)
			return 1;
	return 0;
}

static int path_cmp(const void *x, const void *y)
{
	const lt_incident *a = x, *b = y;

	return strcmp(a->item_path ? a->item_path : "", b->item_path ? b->item_path : "");
}

/* Under the lock: the log of inc's identifier, with inc added once. */
static lt_err add_locked(lt_store *s, lt_incident *inc)
{
	const char *attrs[] = {lt_kind_name(inc->ident_kind), inc->normalized, NULL};
	lt_incident *list, *grown;
	size_t n;
	lt_err e = read_logs(s, attrs, &list, &n);

	if (e != LT_OK)
		return e;
	if (has_id(list, n, inc->id)) {
		lt_incidents_free(list, n);
		return LT_OK;
	}
	if (!(grown = realloc(list, (n + 1) * sizeof *grown))) {
		lt_incidents_free(list, n);
		return LT_ERR_NOMEM;
	}
	list = grown;
	qsort(list, n, sizeof *list, path_cmp); /* the old items' paths side by side, for write_log */
	list[n] = *inc;
	list[n].item_path = NULL;
	e = write_log(s, inc->ident_kind, inc->normalized, list, n + 1);
	memset(&list[n], 0, sizeof list[n]); /* still inc's */
	lt_incidents_free(list, n + 1);
	return e;
}

lt_err lt_incident_add(lt_store *s, lt_incident *inc)
{
	int fd;
	lt_err e = lt_lock_take(&fd);

	if (e != LT_OK)
		return e;
	e = add_locked(s, inc);
	lt_lock_release(fd);
	return e;
}

lt_err lt_incident_list(lt_store *s, lt_kind kind, const char *normalized, lt_incident **out, size_t *n)
{
	const char *attrs[] = {lt_kind_name(kind), normalized, NULL};

	return read_logs(s, normalized ? attrs : attrs + 2, out, n);
}

/* Under the lock: rewrite the log that holds `id` without it. */
static lt_err forget_locked(lt_store *s, const char *id)
{
	lt_incident *all, *same;
	size_t n, i, kept = 0;
	const char *path = NULL;
	lt_err e = read_logs(s, (const char *const[]){NULL}, &all, &n);

	for (i = 0; e == LT_OK && i < n && !path; i++)
		if (strcmp(all[i].id, id) == 0)
			path = all[i].item_path;
	if (e == LT_OK && !path)
		e = lt_fail(LT_ERR_NOT_FOUND, "no incident has that id");
	same = e == LT_OK ? calloc(n, sizeof *same) : NULL;
	for (i = 0; same && i < n; i++)
		if (strcmp(all[i].item_path, path) == 0 && strcmp(all[i].id, id) != 0)
			same[kept++] = all[i];
	if (e == LT_OK && !same)
		e = LT_ERR_NOMEM;
	else if (e == LT_OK)
		e = kept ? write_log(s, same[0].ident_kind, same[0].normalized, same, kept) : lt_keyring_delete(s, path);
	free(same);
	lt_incidents_free(all, n);
	return e;
}

lt_err lt_incident_forget(lt_store *s, const char *id)
{
	int fd;
	lt_err e = lt_lock_take(&fd);

	if (e != LT_OK)
		return e;
	e = forget_locked(s, id);
	lt_lock_release(fd);
	return e;
}
