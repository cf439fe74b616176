/* SPDX-License-Identifier: MIT */
/* incident.c: the incident log (incident.h). One keyring item per
 * identifier holds its incidents; an incident's id is random (the kernel's
 * getrandom) when typed and a keyed hash of its fields when imported, short
 * enough to type in `leaktrace incident forget ID` either way. */
#include "incident.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonfield.h"
#include "key.h"
#include "lock.h"
#include "primitives.h"
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

static const char *const verdict_names[LT_IV_COUNT] = {"", "harassment", "commercial", "leak",
							      "unknown-company", "bombing", "spam", "review"};

const char *lt_incident_verdict_name(lt_incident_verdict v)
{
	return (unsigned)v < LT_IV_COUNT ? verdict_names[v] : "";
}

lt_incident_verdict lt_incident_verdict_from_name(const char *name)
{
	int i;

	for (i = 1; name && i < LT_IV_COUNT; i++)
		if (strcmp(name, verdict_names[i]) == 0)
			return (lt_incident_verdict)i;
	return LT_IV_COUNT;
}

void lt_incident_clear(lt_incident *inc)
{
	int i;

	for (i = 0; i < LT_INCIDENT_REASONS; i++)
		free(inc->reasons[i]);
	free(inc->source);
	free(inc->signature);
	free(inc->site);
	free(inc->text);
	free(inc->value);
	free(inc->normalized);
	free(inc->from);
	free(inc->note);
	free(inc->item_path);
	cJSON_Delete(inc->mail);
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

	if (lt_random(raw, sizeof raw) != LT_OK)
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
	if ((e = lt_ident_normalize_typed(inc->ident_kind, identifier, region, &inc->normalized)) != LT_OK ||
	    (e = lt_account_set_text(&inc->value, identifier)) != LT_OK ||
	    (from && (e = lt_account_set_text(&inc->from, from)) != LT_OK) ||
	    (note && (e = lt_account_set_text(&inc->note, note)) != LT_OK) || (e = lt_time_event(at, inc->at)) != LT_OK)
		return e;
	lt_time_now(inc->recorded);
	inc->count = 1;
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

lt_err lt_incident_keyed_id(const unsigned char key[32], const char *fields, char out[LT_INCIDENT_ID_LEN + 1])
{
	unsigned char mac[LT_HMAC_LEN];
	size_t i;
	lt_err e = lt_hmac_sha256(key, fields, strlen(fields), mac);

	for (i = 0; e == LT_OK && i < LT_INCIDENT_ID_LEN / 2; i++)
		snprintf(out + 2 * i, 3, "%02x", mac[i]);
	return e;
}

lt_err lt_incident_add_reason(lt_incident *inc, const char *reason)
{
	int i;

	for (i = 0; i < LT_INCIDENT_REASONS; i++)
		if (!inc->reasons[i])
			return lt_account_set_text(&inc->reasons[i], reason);
	return LT_OK;
}

/* The fields of an imported incident; only those set are written. */
static void import_to_json(cJSON *o, const lt_incident *inc)
{
	cJSON *why;
	int i;

	cJSON_AddStringToObject(o, "source", inc->source);
	cJSON_AddNumberToObject(o, "count", inc->count);
	if (inc->verdict != LT_IV_NONE)
		cJSON_AddStringToObject(o, "verdict", lt_incident_verdict_name(inc->verdict));
	cJSON_AddBoolToObject(o, "certain", inc->certain);
	if (inc->signature)
		cJSON_AddStringToObject(o, "signature", inc->signature);
	if (inc->site)
		cJSON_AddStringToObject(o, "site", inc->site);
	if (inc->text_sha256[0])
		cJSON_AddStringToObject(o, "text_sha256", inc->text_sha256);
	if (inc->text)
		cJSON_AddStringToObject(o, "text", inc->text);
	why = cJSON_AddArrayToObject(o, "reasons");
	for (i = 0; i < LT_INCIDENT_REASONS && inc->reasons[i]; i++)
		cJSON_AddItemToArray(why, cJSON_CreateString(inc->reasons[i]));
	if (inc->mail)
		cJSON_AddItemToObject(o, "mail", cJSON_Duplicate(inc->mail, 1));
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
	if (inc->source)
		import_to_json(o, inc);
	return o;
}

static lt_err import_from_json(const cJSON *j, lt_incident *inc)
{
	const lt_err C = LT_ERR_CORRUPT_RECORD;
	const cJSON *count = cJSON_GetObjectItemCaseSensitive(j, "count");
	const cJSON *why = cJSON_GetObjectItemCaseSensitive(j, "reasons"), *r;
	const char *s;
	lt_err e;
	int i = 0;

	inc->count = 1;
	if (!inc->source)
		return LT_OK;
	if (cJSON_IsNumber(count) && count->valuedouble >= 1 && count->valuedouble < 4e9)
		inc->count = (unsigned)count->valuedouble;
	inc->certain = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "certain"));
	if ((e = lt_json_string(j, "verdict", 0, 32, C, &s)) != LT_OK)
		return e;
	if (s && (inc->verdict = lt_incident_verdict_from_name(s)) == LT_IV_COUNT)
		return lt_fail(C, "bad incident verdict");
	if ((e = lt_json_string(j, "text_sha256", 0, LT_SHA256_HEX - 1, C, &s)) != LT_OK)
		return e;
	if (s)
		memcpy(inc->text_sha256, s, strlen(s) + 1);
	if ((e = lt_json_dup(j, "signature", 0, LT_TEXT_MAX, C, &inc->signature)) != LT_OK ||
	    (e = lt_json_dup(j, "site", 0, LT_TEXT_MAX, C, &inc->site)) != LT_OK ||
	    (e = lt_json_dup(j, "text", 0, LT_TEXT_MAX * 8, C, &inc->text)) != LT_OK)
		return e;
	if (cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(j, "mail")) &&
	    !(inc->mail = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(j, "mail"), 1)))
		return LT_ERR_NOMEM;
	if (!cJSON_IsArray(why))
		return LT_OK;
	cJSON_ArrayForEach(r, why)
		if (cJSON_IsString(r) && i < LT_INCIDENT_REASONS && !(inc->reasons[i++] = strdup(r->valuestring)))
			return LT_ERR_NOMEM;
	return LT_OK;
}

static lt_err from_json(const cJSON *j, lt_incident *inc)
{
	const lt_err C = LT_ERR_CORRUPT_RECORD;
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(j, "identifier");
	int version = lt_json_version(j);
	const char *s;
	lt_err e;

	if (!version || version > LT_INCIDENT_VERSION || !cJSON_IsObject(id))
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
	    (e = lt_json_time(j, "at", C, inc->at)) != LT_OK || (e = lt_json_time(j, "recorded", C, inc->recorded)) != LT_OK ||
	    (e = lt_json_dup(j, "source", 0, 32, C, &inc->source)) != LT_OK)
		return e;
	return import_from_json(j, inc);
}

lt_err lt_incident_rederive(lt_incident *inc)
{
	char *n = NULL, why[256];
	lt_err e = lt_ident_rederive(inc->ident_kind, inc->value, inc->normalized, &n);

	if (e == LT_ERR_IO || e == LT_ERR_NOMEM)
		return e;
	if (e != LT_OK) {
		snprintf(why, sizeof why, "%s", lt_err_detail());
		return lt_fail(LT_ERR_CORRUPT_RECORD, "field identifier: %s", why);
	}
	free(inc->normalized);
	inc->normalized = n;
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
	e = json ? lt_keyring_put(s, LT_SCHEMA_INCIDENT, attrs, json, 0, &path) : LT_ERR_NOMEM;
	free(json);
	for (i = 0; e == LT_OK && i < n; i++)
		if (list[i].item_path && strcmp(list[i].item_path, path) != 0 &&
		    (i == 0 || strcmp(list[i].item_path, list[i - 1].item_path) != 0))
			e = lt_keyring_delete(s, list[i].item_path);
	free(path);
	return e;
}

static lt_incident *find_id(lt_incident *list, size_t n, const char *id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(list[i].id, id) == 0)
			return &list[i];
	return NULL;
}

static int path_cmp(const void *x, const void *y)
{
	const lt_incident *a = x, *b = y;

	return strcmp(a->item_path ? a->item_path : "", b->item_path ? b->item_path : "");
}

#define MAIL_MESSAGES_MAX 2000 /* message hashes kept per mail incident; later ones only count */

/* Mail: the messages of add not yet in old's list join it; returns how many. */
static unsigned merge_messages(lt_incident *old, const lt_incident *add)
{
	cJSON *have = old->mail ? cJSON_GetObjectItemCaseSensitive(old->mail, "messages") : NULL;
	const cJSON *more = add->mail ? cJSON_GetObjectItemCaseSensitive(add->mail, "messages") : NULL, *m, *h;
	unsigned added = 0;
	int found;

	if (!cJSON_IsArray(have) || !cJSON_IsArray(more))
		return 0;
	cJSON_ArrayForEach(m, more) {
		found = 0;
		cJSON_ArrayForEach(h, have)
			if (cJSON_IsString(h) && cJSON_IsString(m) && strcmp(h->valuestring, m->valuestring) == 0 && (found = 1))
				break;
		if (found || !cJSON_IsString(m))
			continue;
		added++;
		if (cJSON_GetArraySize(have) < MAIL_MESSAGES_MAX)
			cJSON_AddItemToArray(have, cJSON_CreateString(m->valuestring));
	}
	return added;
}

/* One import of the same log again merges: more calls that day, or an earlier
 * one; mail counts the messages it had not counted yet. */
static int merge_into(lt_incident *old, const lt_incident *add)
{
	int grew = 0;
	unsigned more = merge_messages(old, add);

	if (more) {
		old->count += more;
		grew = 1;
	}
	if (old->mail && add->mail) { /* a mail incident's count is its messages': never the larger of two */
		if (strcmp(add->at, old->at) < 0) {
			memcpy(old->at, add->at, LT_TIME_LEN);
			grew = 1;
		}
		return grew;
	}

	if (add->count > old->count) {
		old->count = add->count;
		grew = 1;
	}
	if (strcmp(add->at, old->at) < 0) {
		memcpy(old->at, add->at, LT_TIME_LEN);
		memcpy(old->text_sha256, add->text_sha256, LT_SHA256_HEX);
		grew = 1;
	}
	return grew;
}

/* Under the lock: the log of one identifier, with the incidents *adds[0..n)
 * (all on that identifier) added or merged, and written once if it changed.
 * The added ones are borrowed into the list for the write, then handed back. */
static lt_err add_group_locked(lt_store *s, lt_incident **adds, size_t n, size_t *added, size_t *changed)
{
	const char *attrs[] = {lt_kind_name(adds[0]->ident_kind), adds[0]->normalized, NULL};
	lt_incident *list, *grown, *old;
	size_t have, total, i;
	lt_err e = read_logs(s, attrs, &list, &have);

	if (e != LT_OK)
		return e;
	if (!(grown = realloc(list, (have + n + 1) * sizeof *grown))) {
		lt_incidents_free(list, have);
		return LT_ERR_NOMEM;
	}
	list = grown;
	qsort(list, have, sizeof *list, path_cmp); /* the old items' paths side by side, for write_log */
	for (i = 0, total = have; i < n; i++) {
		if ((old = find_id(list, total, adds[i]->id))) {
			*changed += old < list + have && merge_into(old, adds[i]);
			continue;
		}
		list[total] = *adds[i];
		list[total++].item_path = NULL;
		(*added)++;
	}
	e = total > have || *changed ? write_log(s, adds[0]->ident_kind, adds[0]->normalized, list, total) : LT_OK;
	memset(list + have, 0, (total - have) * sizeof *list); /* still the caller's */
	lt_incidents_free(list, total);
	return e;
}

static int ident_order(const lt_incident *a, const lt_incident *b)
{
	return a->ident_kind != b->ident_kind ? (int)a->ident_kind - (int)b->ident_kind : strcmp(a->normalized, b->normalized);
}

static int ident_cmp(const void *x, const void *y)
{
	return ident_order(*(lt_incident *const *)x, *(lt_incident *const *)y);
}

lt_err lt_incident_add_many(lt_store *s, lt_incident *list, size_t n, size_t *added, size_t *changed)
{
	lt_incident **by = n ? malloc(n * sizeof *by) : NULL;
	size_t i, j, dummy_a = 0, dummy_c = 0, grew;
	int fd;
	lt_err e = n && !by ? LT_ERR_NOMEM : LT_OK;

	added = added ? added : &dummy_a;
	changed = changed ? changed : &dummy_c;
	*added = *changed = 0;
	for (i = 0; by && i < n; i++)
		by[i] = &list[i];
	if (e != LT_OK || n == 0 || (e = lt_lock_take(&fd)) != LT_OK) {
		free(by);
		return e;
	}
	qsort(by, n, sizeof *by, ident_cmp);
	for (i = 0; e == LT_OK && i < n; i = j) {
		for (j = i + 1; j < n && ident_cmp(&by[i], &by[j]) == 0; j++)
			;
		grew = 0;
		e = add_group_locked(s, by + i, j - i, added, &grew);
		*changed += grew;
	}
	lt_lock_release(fd);
	free(by);
	return e;
}

lt_err lt_incident_add(lt_store *s, lt_incident *inc)
{
	return lt_incident_add_many(s, inc, 1, NULL, NULL);
}

lt_keyring_query lt_incident_query(lt_kind kind, const char *normalized, const char *attrs[3])
{
	attrs[0] = lt_kind_name(kind);
	attrs[1] = normalized;
	attrs[2] = NULL;
	return (lt_keyring_query){.schema = LT_SCHEMA_INCIDENT, .attrs = attrs};
}

lt_err lt_incident_list(lt_store *s, lt_kind kind, const char *normalized, lt_incident **out, size_t *n)
{
	const char *attrs[3];

	lt_incident_query(kind, normalized, attrs); /* fills attrs */
	return read_logs(s, normalized ? attrs : attrs + 2, out, n);
}

/* By identifier, then by the item each came from (write_log's order). */
static int ident_path_cmp(const void *x, const void *y)
{
	int c = ident_order(x, y);

	return c ? c : path_cmp(x, y);
}

/* The log of one identifier (list[0..n), sorted by item) after revision:
 * the kept ones written as one item, or every item deleted when none is kept. */
static lt_err rewrite_log(lt_store *s, lt_incident *list, size_t n, const lt_revise *what)
{
	lt_incident *kept = calloc(n, sizeof *kept);
	size_t i, k = 0;
	lt_err e = LT_OK;

	if (!kept)
		return LT_ERR_NOMEM;
	for (i = 0; i < n; i++)
		if (what[i] != LT_REVISE_DROP)
			kept[k++] = list[i]; /* borrowed: freed with list */
	if (k)
		e = write_log(s, list[0].ident_kind, list[0].normalized, kept, k);
	for (i = 0; !k && e == LT_OK && i < n; i++)
		if (i == 0 || strcmp(list[i].item_path, list[i - 1].item_path) != 0)
			e = lt_keyring_delete(s, list[i].item_path);
	free(kept);
	return e;
}

static lt_err revise_locked(lt_store *s, lt_incident_reviser fn, void *ctx, size_t *changed, size_t *dropped)
{
	lt_incident *all;
	lt_revise *what = NULL;
	size_t n, i, j, touched;
	lt_err e = read_logs(s, (const char *const[]){NULL}, &all, &n);

	if (e == LT_OK && n && !(what = calloc(n, sizeof *what)))
		e = LT_ERR_NOMEM;
	if (e == LT_OK && n > 1)
		qsort(all, n, sizeof *all, ident_path_cmp);
	for (i = 0; e == LT_OK && i < n; i++)
		e = fn(&all[i], ctx, &what[i]);
	for (i = 0; e == LT_OK && i < n; i = j) {
		for (j = i, touched = 0; j < n && ident_order(&all[i], &all[j]) == 0; j++) {
			*changed += what[j] == LT_REVISE_CHANGED;
			*dropped += what[j] == LT_REVISE_DROP;
			touched += what[j] != LT_REVISE_KEEP;
		}
		if (touched)
			e = rewrite_log(s, all + i, j - i, what + i);
	}
	free(what);
	lt_incidents_free(all, n);
	return e;
}

lt_err lt_incident_revise(lt_store *s, lt_incident_reviser fn, void *ctx, size_t *changed, size_t *dropped)
{
	size_t dummy_c = 0, dummy_d = 0;
	int fd;
	lt_err e;

	changed = changed ? changed : &dummy_c;
	dropped = dropped ? dropped : &dummy_d;
	*changed = *dropped = 0;
	if ((e = lt_lock_take(&fd)) != LT_OK)
		return e;
	e = revise_locked(s, fn, ctx, changed, dropped);
	lt_lock_release(fd);
	return e;
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
