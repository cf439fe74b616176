/* SPDX-License-Identifier: MIT */
/* phone_import.c: an import of a phone log (phone_log.h) -- read, judge,
 * store.
 *
 * The sink keeps only what can become an incident: one group per (number it
 * arrived on, sender, local day, SMS or call) with the times of its messages
 * and the first message's hash; verification codes with their time and
 * signature; the first time the person contacted each number. Whether an
 * incoming message answers the person can only be known once the whole file
 * is read (exports are not always in time order), so the verdicts come at the
 * end: replies dropped, code bursts made one bombing incident, signatures
 * named (phone_map.c). The incidents then go to the store in one batch
 * (incident.h), so keyring writes follow the incidents, never the messages. */
#include <errno.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "grow.h"
#include "key.h"
#include "phone_log.h"
#include "primitives.h"
#include "record.h"

#define BOMB_WINDOW (10 * 60) /* codes within this many seconds ... */
#define BOMB_SENDERS 5        /* ... from this many senders are a bombing */
#define SIG_MAX 128

typedef struct {
	lt_incident_kind kind;
	char *on_value;
	const char *on; /* E.164, owned by the import's table of numbers */
	char *from, *sender, *signature, *text;
	const char *why, *source;
	char day[11];
	time_t first;
	char sha[LT_SHA256_HEX];
	time_t *times;
	size_t n, cap;
} group;

typedef struct {
	time_t at;
	const char *on;
	char *sig;
	char sender[LT_PHONE_FIELD_MAX];
	const char *source;
	int bombed;
} code;

typedef struct {
	const lt_phone_opts *o;
	lt_phone_result *res;
	const char *source; /* the format of the file being read */
	GHashTable *groups;    /* "kind|on|sender|day" -> group */
	GHashTable *first_out; /* sender key -> earliest time the person called or texted it (gint64 *) */
	GHashTable *numbers;   /* the person's number as given -> E.164 */
	code *codes;
	size_t n_codes, cap_codes;
} import;

static const char *const format_names[LT_PHONE_FORMAT_COUNT] = {"android-xml", "ios-sms-db", "csv"};

const char *lt_phone_format_name(lt_phone_format f)
{
	return (unsigned)f < LT_PHONE_FORMAT_COUNT ? format_names[f] : "";
}

lt_err lt_phone_detect(const char *path, lt_phone_format *f)
{
	unsigned char head[64] = {0};
	const unsigned char *p = head;
	FILE *in = fopen(path, "rb");
	size_t n;

	if (!in)
		return lt_fail(LT_ERR_IO, "cannot open the file: %s", strerror(errno));
	n = fread(head, 1, sizeof head - 1, in);
	fclose(in);
	if (n >= 16 && memcmp(head, "SQLite format 3", 16) == 0) {
		*f = LT_PHONE_IOS_DB;
		return LT_OK;
	}
	if (n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	if (*p == '<') {
		*f = LT_PHONE_ANDROID_XML;
		return LT_OK;
	}
	if (strncasecmp((const char *)p, "time,", 5) == 0) {
		*f = LT_PHONE_CSV;
		return LT_OK;
	}
	return lt_fail(LT_ERR_BAD_FILE, "not an SMS Backup & Restore XML, an iOS sms.db or a leaktrace phone CSV");
}

static void group_free(void *p)
{
	group *g = p;

	free(g->on_value);
	free(g->from);
	free(g->sender);
	free(g->signature);
	free(g->text);
	free(g->times);
	free(g);
}

/* ---- the person's number a record arrived on ---- */

static const char *sim_number(const lt_phone_opts *o, const char *sim)
{
	size_t i;

	for (i = 0; sim && i < o->n_sims; i++)
		if (strcmp(o->sims[i].id, sim) == 0)
			return o->sims[i].number;
	return o->on;
}

static lt_err own_number(import *im, const lt_phone_rec *r, const char **value, const char **e164)
{
	char *norm;
	lt_err e;

	if (!(*value = sim_number(im->o, r->sim)))
		return r->sim ? lt_fail(LT_ERR_BAD_REQUEST, "messages arrived on SIM %.32s: say its number with --sim %.32s=NUMBER",
					r->sim, r->sim)
			      : lt_fail(LT_ERR_BAD_REQUEST, "say which of your numbers they arrived on with --on NUMBER");
	if ((*e164 = g_hash_table_lookup(im->numbers, *value)))
		return LT_OK;
	if ((e = lt_ident_normalize(LT_KIND_PHONE, *value, im->o->region, &norm)) != LT_OK)
		return e;
	g_hash_table_insert(im->numbers, g_strdup(*value), norm);
	*e164 = norm;
	return LT_OK;
}

/* ---- the sink ---- */

static void local_day(time_t t, char day[11])
{
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(day, 11, "%Y-%m-%d", &tm);
}

static lt_err group_add(import *im, const lt_phone_rec *r, const char *value, const char *on, const char *sender,
			const char *sig, const char *why)
{
	lt_incident_kind kind = r->call ? LT_INCIDENT_CALL : LT_INCIDENT_SMS;
	char day[11], *key;
	group *g;

	local_day(r->at, day);
	key = g_strdup_printf("%d|%s|%s|%s", (int)kind, on, sender, day);
	if (!(g = g_hash_table_lookup(im->groups, key))) {
		g = calloc(1, sizeof *g);
		if (!g || !(g->on_value = strdup(value)) || !(g->from = strdup(r->number)) || !(g->sender = strdup(sender)) ||
		    (sig && !(g->signature = strdup(sig)))) {
			if (g)
				group_free(g);
			g_free(key);
			return LT_ERR_NOMEM;
		}
		g->kind = kind;
		g->source = im->source;
		g->on = on;
		g->why = why;
		g->first = r->at + 1;
		memcpy(g->day, day, sizeof day);
		g_hash_table_insert(im->groups, key, g);
	} else {
		g_free(key);
	}
	if (lt_grow(&g->times, &g->cap, g->n, sizeof *g->times, 4) != LT_OK)
		return LT_ERR_NOMEM;
	g->times[g->n++] = r->at;
	if (r->at < g->first) {
		g->first = r->at;
		if (r->text)
			lt_sha256_hex(r->text, strlen(r->text), g->sha);
		free(g->text);
		g->text = NULL;
		if (r->text && im->o->keep_text && !(g->text = strndup(r->text, LT_TEXT_MAX)))
			return LT_ERR_NOMEM;
	}
	return LT_OK;
}

static lt_err code_add(import *im, const lt_phone_rec *r, const char *on, const char *sender)
{
	char sig[SIG_MAX];
	code *c;

	if (lt_grow(&im->codes, &im->cap_codes, im->n_codes, sizeof *im->codes, 64) != LT_OK)
		return LT_ERR_NOMEM;
	c = &im->codes[im->n_codes];
	memset(c, 0, sizeof *c);
	c->at = r->at;
	c->on = on;
	c->source = im->source;
	snprintf(c->sender, sizeof c->sender, "%s", sender);
	if (lt_sms_signature(r->text, sig, sizeof sig) && !(c->sig = strdup(sig)))
		return LT_ERR_NOMEM;
	im->n_codes++;
	im->res->codes++;
	return LT_OK;
}

static void note_outgoing(import *im, const char *sender, time_t at)
{
	gint64 *t = g_hash_table_lookup(im->first_out, sender);

	if (!t) {
		t = g_new(gint64, 1);
		*t = at;
		g_hash_table_insert(im->first_out, g_strdup(sender), t);
	} else if (at < *t) {
		*t = at;
	}
}

static lt_err incoming(import *im, const lt_phone_rec *r, const char *sender)
{
	const char *value = NULL, *on = NULL, *why = NULL;
	char sig[SIG_MAX];
	lt_sms_class c;
	lt_err e;

	if ((e = own_number(im, r, &value, &on)) != LT_OK)
		return e;
	if (r->call) {
		if (!lt_call_is_unwanted(r->call)) {
			im->res->plain++;
			return LT_OK;
		}
		why = r->call == LT_CALL_MISSED ? "a missed call from a number not in your contacts"
		      : r->call == LT_CALL_REJECTED ? "a call you rejected from a number not in your contacts"
						    : "a call your phone blocked";
		return group_add(im, r, value, on, sender, NULL, why);
	}
	c = lt_sms_classify(r->number, r->text, &why);
	if (c == LT_SMS_CODE)
		return code_add(im, r, on, sender);
	if (c == LT_SMS_PLAIN) {
		im->res->plain++;
		return LT_OK;
	}
	return group_add(im, r, value, on, sender, lt_sms_signature(r->text, sig, sizeof sig) ? sig : NULL, why);
}

static lt_err sink(const lt_phone_rec *r, void *ctx)
{
	import *im = ctx;
	char sender[LT_PHONE_FIELD_MAX];

	im->res->records++;
	lt_phone_sender_key(r->number, sender, sizeof sender);
	if (r->dir == LT_PHONE_OUT) {
		note_outgoing(im, sender, r->at);
		return LT_OK;
	}
	if (r->dir != LT_PHONE_IN)
		return LT_OK;
	im->res->received++;
	if (r->contact) {
		im->res->contacts++;
		return LT_OK;
	}
	return incoming(im, r, sender);
}

/* ---- the verdicts ---- */

static lt_err push(lt_phone_result *res, lt_incident **slot)
{
	lt_incident *grown = realloc(res->incidents, (res->n + 1) * sizeof *grown);

	if (!grown)
		return LT_ERR_NOMEM;
	res->incidents = grown;
	*slot = &grown[res->n++];
	memset(*slot, 0, sizeof **slot);
	return LT_OK;
}

static lt_err base(lt_incident *inc, const unsigned char *key, const char *fields, lt_incident_kind kind,
		   const char *value, const char *on, time_t at, const char *source)
{
	inc->kind = kind;
	inc->ident_kind = LT_KIND_PHONE;
	inc->count = 1;
	lt_time_format(at, inc->at);
	lt_time_now(inc->recorded);
	if (!(inc->value = strdup(value)) || !(inc->normalized = strdup(on)) || !(inc->source = strdup(source)))
		return LT_ERR_NOMEM;
	return lt_incident_keyed_id(key, fields, inc->id);
}

static int time_cmp(const void *x, const void *y)
{
	time_t a = *(const time_t *)x, b = *(const time_t *)y;

	return (a > b) - (a < b);
}

/* How many of the group's messages came before the person first contacted the sender. */
static size_t before_contact(import *im, group *g)
{
	gint64 *out = g_hash_table_lookup(im->first_out, g->sender);
	size_t i;

	if (!out)
		return g->n;
	qsort(g->times, g->n, sizeof *g->times, time_cmp);
	for (i = 0; i < g->n && g->times[i] < *out; i++)
		;
	return i;
}

static lt_err group_incident(import *im, group *g, const lt_phone_mapper *m, const unsigned char *key)
{
	size_t count = before_contact(im, g);
	lt_incident *inc;
	char *fields;
	int related = 0;
	lt_err e;

	im->res->replies += g->n - count;
	if (count == 0)
		return LT_OK;
	if ((e = push(im->res, &inc)) != LT_OK)
		return e;
	fields = g_strdup_printf("phone|%s|%s|%s|%s", lt_incident_kind_name(g->kind), g->on, g->sender, g->day);
	e = base(inc, key, fields, g->kind, g->on_value, g->on, g->first, g->source);
	g_free(fields);
	inc->count = (unsigned)count;
	if (e == LT_OK && !(inc->from = strdup(g->from)))
		e = LT_ERR_NOMEM;
	if (e == LT_OK && g->kind == LT_INCIDENT_SMS) {
		memcpy(inc->text_sha256, g->sha, LT_SHA256_HEX);
		inc->text = g->text;
		g->text = NULL;
	}
	if (e == LT_OK && g->signature)
		e = lt_phone_judge_signed(m, g->signature, g->on, inc, &related);
	else if (e == LT_OK)
		inc->verdict = g->kind == LT_INCIDENT_CALL ? LT_IV_HARASSMENT : LT_IV_COMMERCIAL;
	if (e == LT_OK && g->why)
		e = lt_incident_add_reason(inc, g->why);
	if (e == LT_OK && related) {
		im->res->related += count;
		lt_incident_clear(inc);
		im->res->n--;
	}
	return e;
}

static int code_cmp(const void *x, const void *y)
{
	const code *a = x, *b = y;
	int c = strcmp(a->on, b->on);

	return c ? c : (a->at > b->at) - (a->at < b->at);
}

static size_t senders_in(const code *c, size_t n)
{
	size_t i, j, distinct = 0;

	for (i = 0; i < n; i++) {
		const char *who = c[i].sig ? c[i].sig : c[i].sender;

		for (j = 0; j < i; j++)
			if (strcmp(c[j].sig ? c[j].sig : c[j].sender, who) == 0)
				break;
		distinct += j == i;
	}
	return distinct;
}

static lt_err bombing(import *im, size_t from, size_t to, size_t senders, const unsigned char *key)
{
	const code *c = &im->codes[from];
	const char *value = NULL;
	char *fields, line[160];
	lt_incident *inc;
	GHashTableIter it;
	gpointer k, v;
	lt_err e;

	g_hash_table_iter_init(&it, im->numbers);
	while (!value && g_hash_table_iter_next(&it, &k, &v))
		if (strcmp(v, c->on) == 0)
			value = k;
	if ((e = push(im->res, &inc)) != LT_OK)
		return e;
	fields = g_strdup_printf("phone|bombing|%s|%lld", c->on, (long long)c->at);
	e = base(inc, key, fields, LT_INCIDENT_SMS, value ? value : c->on, c->on, c->at, c->source);
	g_free(fields);
	inc->count = (unsigned)(to - from);
	inc->verdict = LT_IV_BOMBING;
	snprintf(line, sizeof line, "SMS bombing: %zu verification codes from %zu senders within %lld minutes", to - from,
		 senders, (long long)(im->codes[to - 1].at - c->at) / 60 + 1);
	return e == LT_OK ? lt_incident_add_reason(inc, line) : e;
}

/* Bursts of codes on one number: one bombing incident each; their codes teach nothing. */
static lt_err find_bombings(import *im, const unsigned char *key)
{
	size_t i = 0, j, senders;
	lt_err e = LT_OK;

	if (im->n_codes > 1) /* qsort must not see the NULL of an empty list */
		qsort(im->codes, im->n_codes, sizeof *im->codes, code_cmp);
	while (e == LT_OK && i < im->n_codes) {
		for (j = i + 1; j < im->n_codes && strcmp(im->codes[j].on, im->codes[i].on) == 0 &&
				im->codes[j].at - im->codes[i].at <= BOMB_WINDOW;
		     j++)
			;
		if ((senders = senders_in(&im->codes[i], j - i)) < BOMB_SENDERS) {
			i++;
			continue;
		}
		for (; j < im->n_codes && strcmp(im->codes[j].on, im->codes[i].on) == 0 &&
		       im->codes[j].at - im->codes[j - 1].at <= BOMB_WINDOW;
		     j++) /* the burst goes on while codes keep coming */
			;
		for (size_t k = i; k < j; k++)
			im->codes[k].bombed = 1;
		e = bombing(im, i, j, senders_in(&im->codes[i], j - i), key);
		i = j;
	}
	return e;
}

static int incident_cmp(const void *x, const void *y)
{
	const lt_incident *a = x, *b = y;
	int c = strcmp(a->at, b->at);

	return c ? c : strcmp(a->id, b->id);
}

static lt_err judge(import *im, lt_store *s)
{
	unsigned char key[LT_KEY_LEN];
	lt_phone_mapper *m = NULL;
	GHashTableIter it;
	gpointer k, g;
	size_t i;
	lt_err e = lt_key_get(s, "incident", key);

	if (e == LT_OK)
		e = find_bombings(im, key);
	if (e == LT_OK)
		e = lt_phone_mapper_new(s, &m);
	for (i = 0; e == LT_OK && i < im->n_codes; i++)
		if (!im->codes[i].bombed)
			e = lt_phone_mapper_code(m, im->codes[i].sig, im->codes[i].on, im->codes[i].at);
	g_hash_table_iter_init(&it, im->groups);
	while (e == LT_OK && g_hash_table_iter_next(&it, &k, &g))
		e = group_incident(im, g, m, key);
	lt_phone_mapper_free(m);
	lt_wipe(key, sizeof key);
	if (e == LT_OK)
		qsort(im->res->incidents, im->res->n, sizeof *im->res->incidents, incident_cmp);
	return e;
}

/* ---- the whole import ---- */

static lt_err read_file(import *im, const char *path)
{
	typedef lt_err (*reader)(const char *, lt_phone_sink, void *, lt_phone_progress, void *);
	static const reader readers[LT_PHONE_FORMAT_COUNT] = {lt_phone_read_android, lt_phone_read_ios,
							      lt_phone_read_csv};
	lt_phone_format f;
	lt_err e = lt_phone_detect(path, &f);

	if (e != LT_OK)
		return e;
	im->source = lt_phone_format_name(f);
	return readers[f](path, sink, im, im->o->progress, im->o->progress_ctx);
}

lt_err lt_phone_import(lt_store *s, const char *const *paths, size_t n, const lt_phone_opts *o, lt_phone_result *out,
		       size_t *failed)
{
	import im = {.o = o, .res = out};
	size_t i;
	lt_err e = LT_OK;

	memset(out, 0, sizeof *out);
	im.groups = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, group_free);
	im.first_out = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	im.numbers = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, free);
	for (i = 0; e == LT_OK && i < n; i++)
		if ((e = read_file(&im, paths[i])) != LT_OK && failed)
			*failed = i;
	if (e == LT_OK)
		e = judge(&im, s);
	if (e == LT_OK && !o->dry_run)
		e = lt_incident_add_many(s, out->incidents, out->n, &out->added, &out->merged);
	for (i = 0; i < im.n_codes; i++)
		free(im.codes[i].sig);
	free(im.codes);
	g_hash_table_destroy(im.groups);
	g_hash_table_destroy(im.first_out);
	g_hash_table_destroy(im.numbers);
	if (e != LT_OK)
		lt_phone_result_clear(out);
	return e;
}

void lt_phone_result_clear(lt_phone_result *r)
{
	lt_incidents_free(r->incidents, r->n);
	memset(r, 0, sizeof *r);
}
