/* SPDX-License-Identifier: MIT */
/* mail_feed.c: a mail scan (mail_feed.h) -- every transport's messages in,
 * incidents, learned senders and proposed accounts out.
 *
 * What the keyring says is read once at the start: the accounts (which
 * addresses are the person's, which sites are recorded), the alias domain,
 * the senders settled or learned per site, the sources with their positions.
 * Each message is parsed (mail_header.c) and kept only when it matters: mail
 * to an alias, spam on a recorded address, a welcome mail; the rest is
 * counted and dropped. The alias verdicts wait for the end of the scan, since
 * learning needs every message (the first three sender organisations after
 * the alias was given; the addresses written to from it) and folders come in
 * any order. Incidents are grouped per (identifier, verdict, sender
 * organisation, local day), counted by distinct message (a keyed hash of the
 * Message-ID, else of the header block), and stored in one batch. */
#include "mail_feed.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "alias.h"
#include "grow.h"
#include "ident.h"
#include "incident.h"
#include "jsonfield.h"
#include "key.h"
#include "mail_header.h"
#include "mail_store.h"
#include "mail_verdict.h"
#include "primitives.h"
#include "record.h"
#include "setting.h"
#include "sitegroup.h"
#include "store.h"

#define LEARN_WINDOW (48 * 3600) /* after the alias was given ... */
#define LEARN_ORGS 3             /* ... its first three sender organisations are the site's */

typedef struct {
	lt_mail_header h;
	char *alias;       /* normalised address, owned */
	const char *site;  /* owned by the scan's site strings */
	const char *title; /* of the account; may be NULL */
	time_t at, given;  /* arrival; when the alias was given (0 unknown) */
	char mhash[LT_SHA256_HEX];
	int spam;
	const char *folder_kind; /* the transport's name */
} kept_msg;

typedef struct {
	const lt_account *acc; /* borrowed from the scan's list */
} acc_ref;

struct lt_mail_scan {
	lt_store *s;
	lt_mail_scan_opts o;
	lt_account *accounts;
	size_t n_accounts;
	GHashTable *mailboxes;  /* mailbox key -> GPtrArray of lt_account * */
	GHashTable *exact;      /* normalised email -> GPtrArray of lt_account * */
	GHashTable *sites;      /* recorded sites (and their groups) -> 1 */
	GHashTable *aliases;    /* normalised email -> site ("" not an alias) */
	GHashTable *strings;    /* interned strings (sites) */
	GHashTable *seen;       /* SHA-256 of a Message-ID / header block -> 1: a message in two folders counts once */
	char *alias_domain;
	cJSON *senders, *sources, *proposed;
	int senders_dirty, sources_dirty, proposed_dirty;
	kept_msg *kept;
	size_t n_kept, cap_kept;
	size_t cap_made, cap_notes; /* of res.made and res.notes */
	size_t n_fed;               /* messages fed, broken ones and skipped ones too */
	lt_mail_result res;
};

/* ---- start ---- */

static void ptr_array_unref(gpointer p)
{
	g_ptr_array_unref(p);
}

static void index_account(lt_mail_scan *sc, lt_account *a)
{
	const char *email = a->ids[LT_KIND_EMAIL].normalized;
	char *box = NULL;
	GPtrArray *l;

	g_hash_table_replace(sc->sites, g_strdup(a->site), GINT_TO_POINTER(1));
	g_hash_table_replace(sc->sites, g_strdup(lt_site_group(a->site)), GINT_TO_POINTER(1));
	if (!email)
		return;
	if (lt_email_mailbox(email, &box) == LT_OK) {
		if (!(l = g_hash_table_lookup(sc->mailboxes, box))) {
			l = g_ptr_array_new();
			g_hash_table_insert(sc->mailboxes, g_strdup(box), l);
		}
		g_ptr_array_add(l, a);
	}
	free(box);
	lt_err_clear();
	if (!(l = g_hash_table_lookup(sc->exact, email))) {
		l = g_ptr_array_new();
		g_hash_table_insert(sc->exact, g_strdup(email), l);
	}
	g_ptr_array_add(l, a);
}

lt_err lt_mail_scan_new(lt_store *s, const lt_mail_scan_opts *o, lt_mail_scan **out)
{
	lt_mail_scan *sc = calloc(1, sizeof *sc);
	lt_err e;

	*out = NULL;
	if (!sc)
		return LT_ERR_NOMEM;
	sc->s = s;
	sc->o = *o;
	sc->mailboxes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, ptr_array_unref);
	sc->exact = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, ptr_array_unref);
	sc->sites = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	sc->aliases = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	sc->strings = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	sc->seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	if ((e = lt_mail_services_load()) == LT_OK &&
	    (e = lt_store_search(s, (const char *const[]){NULL}, &sc->accounts, &sc->n_accounts, NULL)) == LT_OK &&
	    (e = lt_alias_domain(s, &sc->alias_domain)) == LT_OK &&
	    (e = lt_mail_setting(s, LT_MAIL_SET_SENDERS, cJSON_Object, &sc->senders)) == LT_OK &&
	    (e = lt_mail_setting(s, LT_MAIL_SET_SOURCES, cJSON_Array, &sc->sources)) == LT_OK)
		e = lt_mail_setting(s, LT_MAIL_SET_PROPOSED, cJSON_Array, &sc->proposed);
	for (size_t i = 0; e == LT_OK && i < sc->n_accounts; i++)
		index_account(sc, &sc->accounts[i]);
	if (e != LT_OK) {
		lt_mail_scan_free(sc);
		return e;
	}
	*out = sc;
	return LT_OK;
}

size_t lt_mail_scan_count(const lt_mail_scan *scan)
{
	return scan->n_fed;
}

time_t lt_mail_scan_since(const lt_mail_scan *scan)
{
	return scan->o.since;
}

static const char *intern(lt_mail_scan *sc, const char *s)
{
	char *have = g_hash_table_lookup(sc->strings, s);

	if (!have) {
		have = g_strdup(s);
		g_hash_table_insert(sc->strings, have, have);
	}
	return have;
}

/* ---- whose address ---- */

/* The site an address is the alias of (interned), or NULL: leaktrace's own
 * aliases, and a sub-address ("me+x@") recorded for exactly one site. */
static lt_err alias_site(lt_mail_scan *sc, const char *addr, const char **site)
{
	const char *at = strrchr(addr, '@');
	gpointer v;
	char *found = NULL, issued[LT_TIME_LEN];
	GPtrArray *l;
	lt_err e = LT_OK;

	*site = NULL;
	if (g_hash_table_lookup_extended(sc->aliases, addr, NULL, &v)) {
		*site = *(const char *)v ? v : NULL;
		return LT_OK;
	}
	if (sc->alias_domain && at && strcmp(at + 1, sc->alias_domain) == 0)
		e = lt_alias_site_of(sc->s, addr, &found, issued);
	if (e == LT_OK && !found && strchr(addr, '+') && (l = g_hash_table_lookup(sc->exact, addr))) {
		const char *one = ((lt_account *)l->pdata[0])->site;
		int same = 1;

		for (guint i = 1; i < l->len; i++)
			same &= strcmp(((lt_account *)l->pdata[i])->site, one) == 0;
		if (same)
			found = strdup(one);
	}
	if (e != LT_OK)
		return e;
	*site = found ? intern(sc, found) : NULL;
	g_hash_table_insert(sc->aliases, g_strdup(addr), (gpointer)(*site ? *site : ""));
	free(found);
	return LT_OK;
}

/* The accounts that hold this address (by mailbox); NULL when none. */
static GPtrArray *holders(lt_mail_scan *sc, const char *addr)
{
	char *box = NULL;
	GPtrArray *l = NULL;

	if (lt_email_mailbox(addr, &box) == LT_OK)
		l = g_hash_table_lookup(sc->mailboxes, box);
	lt_err_clear();
	free(box);
	return l;
}

/* The account of site that holds addr: its earliest dated giving and title. */
static void alias_account(lt_mail_scan *sc, const char *addr, const char *site, time_t *given, const char **title)
{
	GPtrArray *l = holders(sc, addr);

	*given = 0;
	*title = NULL;
	for (guint i = 0; l && i < l->len; i++) {
		const lt_account *a = l->pdata[i];
		time_t t;

		if (strcmp(a->site, site) != 0 && strcmp(lt_site_group(a->site), lt_site_group(site)) != 0)
			continue;
		*title = *title ? *title : a->title;
		if (a->certainty != LT_CERTAINTY_UNKNOWN && lt_time_parse(a->first_seen, &t) == LT_OK && (!*given || t < *given))
			*given = t;
		lt_err_clear();
	}
}

/* ---- one message ---- */

static lt_err keep(lt_mail_scan *sc, lt_mail_header *h, const char *alias, const char *site, time_t at, int spam,
		   const char *mhash)
{
	kept_msg *k;
	lt_err e = lt_grow(&sc->kept, &sc->cap_kept, sc->n_kept, sizeof *sc->kept, 64);

	if (e != LT_OK)
		return e;
	k = &sc->kept[sc->n_kept];
	memset(k, 0, sizeof *k);
	if (!(k->alias = strdup(alias)))
		return LT_ERR_NOMEM;
	k->h = *h; /* the header moves into the scan */
	memset(h, 0, sizeof *h);
	k->site = site;
	k->at = at;
	k->spam = spam;
	memcpy(k->mhash, mhash, LT_SHA256_HEX);
	if (site)
		alias_account(sc, alias, site, &k->given, &k->title);
	sc->n_kept++;
	return LT_OK;
}

static const char *const welcome_words[] = {
	"welcome",  "confirm", "verify", "verification", "activate", "activation", "thanks for signing up",
	"thank you for signing up", "thanks for registering", "thank you for registering", "registration",
	"欢迎",      "确认",      "验证",     "激活",           "注册",
};

static int is_welcome(const lt_mail_header *h)
{
	for (size_t i = 0; h->subject && i < sizeof welcome_words / sizeof *welcome_words; i++)
		if (strcasestr(h->subject, welcome_words[i]))
			return 1;
	return 0;
}

/* A welcome mail to the person's address from a site that has no account with it: propose one. */
static void discover(lt_mail_scan *sc, const lt_mail_header *h, const char *addr, time_t at)
{
	const char *org = lt_mail_sender_org(h);
	GPtrArray *l = holders(sc, addr);
	cJSON *p, *why;
	char date[LT_TIME_LEN], line[256];

	if (!org || !at || lt_mail_service_class(org, NULL) != LT_DOM_OTHER)
		return;
	for (guint i = 0; l && i < l->len; i++)
		if (strcmp(lt_site_group(((lt_account *)l->pdata[i])->site), lt_site_group(org)) == 0)
			return;
	lt_time_format(at, date);
	cJSON_ArrayForEach(p, sc->proposed) {
		const char *ps = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(p, "site"));
		const char *pa = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(p, "address"));
		cJSON *pd = cJSON_GetObjectItemCaseSensitive(p, "date");

		if (!ps || !pa || strcmp(ps, org) != 0 || strcmp(pa, addr) != 0)
			continue;
		if (cJSON_IsString(pd) && strcmp(date, pd->valuestring) < 0) {
			cJSON_SetValuestring(pd, date);
			sc->proposed_dirty = 1;
		}
		return;
	}
	p = cJSON_CreateObject();
	cJSON_AddStringToObject(p, "site", org);
	cJSON_AddStringToObject(p, "address", addr);
	cJSON_AddStringToObject(p, "date", date);
	why = cJSON_AddArrayToObject(p, "reasons");
	snprintf(line, sizeof line, "a welcome or confirmation mail from %s%s", org,
		 lt_mail_domains_has(&h->verified, org) ? ", verified by your provider" : " (not verified)");
	cJSON_AddItemToArray(why, cJSON_CreateString(line));
	cJSON_AddItemToArray(sc->proposed, p);
	sc->proposed_dirty = 1;
	sc->res.proposed++;
}

/* Mail the person sent from an alias: who it went to is the alias's site's own. */
static int sent_from_alias(lt_mail_scan *sc, const lt_mail_header *h, lt_err *e)
{
	const char *site;
	char *from = NULL;

	*e = LT_OK;
	if (!h->from_addr || lt_ident_normalize(LT_KIND_EMAIL, h->from_addr, NULL, &from) != LT_OK) {
		lt_err_clear();
		return 0;
	}
	if ((*e = alias_site(sc, from, &site)) != LT_OK || !site) {
		free(from);
		return 0;
	}
	sc->senders_dirty |= lt_mail_senders_add(sc->senders, site, "sent", from);
	for (size_t i = 0; i < h->n_rcpt; i++)
		if (strcmp(h->rcpt[i], from) != 0)
			sc->senders_dirty |= lt_mail_senders_add(sc->senders, site, "wrote", h->rcpt[i]);
	free(from);
	return 1;
}

static void seen_hash(const lt_mail_header *h, char out[LT_SHA256_HEX])
{
	if (h->message_id)
		lt_sha256_hex(h->message_id, strlen(h->message_id), out);
	else
		memcpy(out, h->sha256, LT_SHA256_HEX);
}

static lt_err judge_message(lt_mail_scan *sc, const lt_mail_msg *msg, lt_mail_header *h)
{
	time_t at = h->received ? h->received : msg->arrived ? msg->arrived : h->date;
	int spam = msg->folder_junk || msg->flag_junk || h->spam, mine = 0;
	const char *site = NULL, *alias = NULL, *recorded = NULL;
	char mhash[LT_SHA256_HEX];
	lt_err e;

	if (sc->o.since && at && at < sc->o.since) {
		sc->res.skipped++;
		return LT_OK;
	}
	seen_hash(h, mhash);
	if (g_hash_table_contains(sc->seen, mhash)) {
		sc->res.skipped++;
		return LT_OK;
	}
	g_hash_table_add(sc->seen, g_strdup(mhash));
	sc->res.messages++;
	if (sent_from_alias(sc, h, &e) || e != LT_OK)
		return e;
	for (size_t i = 0; i < h->n_rcpt; i++) {
		if ((e = alias_site(sc, h->rcpt[i], &site)) != LT_OK)
			return e;
		if (site && !alias)
			alias = h->rcpt[i];
		else if (!site && holders(sc, h->rcpt[i]) && !recorded)
			recorded = h->rcpt[i];
		mine |= site || holders(sc, h->rcpt[i]);
		if (alias)
			break;
	}
	if (alias)
		return keep(sc, h, alias, site ? site : NULL, at, spam, mhash);
	if (recorded && spam)
		return keep(sc, h, recorded, NULL, at, 1, mhash);
	if (recorded && is_welcome(h))
		discover(sc, h, recorded, at);
	if (!mine)
		sc->res.skipped++;
	return LT_OK;
}

lt_err lt_mail_scan_message(lt_mail_scan *sc, const lt_mail_source *src, const lt_mail_msg *msg)
{
	lt_mail_header h;
	lt_err e;

	(void)src;
	sc->n_fed++;
	if (!msg->header || (msg->key && strlen(msg->key) > LT_MAIL_KEY_MAX))
		return lt_fail(LT_ERR_BAD_REQUEST, "a mail message without a header block, or with an over-long key");
	if (lt_mail_header_parse(msg->header, msg->header_len, &h) != LT_OK) {
		lt_err_clear();
		sc->res.broken++;
		lt_mail_header_clear(&h);
		return LT_OK;
	}
	e = judge_message(sc, msg, &h);
	lt_mail_header_clear(&h);
	return e;
}

/* ---- positions ---- */

static cJSON *source_json(lt_mail_scan *sc, const lt_mail_source *src)
{
	cJSON *one;

	cJSON_ArrayForEach(one, sc->sources) {
		const char *n = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(one, "name"));

		if (n && src->name && strcmp(n, src->name) == 0)
			return one;
	}
	return NULL;
}

lt_err lt_mail_scan_position(lt_mail_scan *sc, const lt_mail_source *src, const char *folder, const char **pos)
{
	cJSON *one = source_json(sc, src);
	cJSON *p = one ? cJSON_GetObjectItemCaseSensitive(one, "positions") : NULL;

	*pos = p && folder ? cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(p, folder)) : NULL;
	return LT_OK;
}

lt_err lt_mail_scan_set_position(lt_mail_scan *sc, const lt_mail_source *src, const char *folder, const char *pos)
{
	cJSON *one = source_json(sc, src), *p;

	if (!folder || !pos || strlen(folder) > LT_MAIL_KEY_MAX || strlen(pos) > LT_MAIL_KEY_MAX)
		return lt_fail(LT_ERR_BAD_REQUEST, "a mail position without a folder, or over-long");
	if (!one)
		return LT_OK; /* a source that is not stored (`mail check`, a path given once): nothing to keep */
	if (!(p = cJSON_GetObjectItemCaseSensitive(one, "positions")))
		p = cJSON_AddObjectToObject(one, "positions");
	cJSON_DeleteItemFromObjectCaseSensitive(p, folder);
	cJSON_AddStringToObject(p, folder, pos);
	sc->sources_dirty = 1;
	return LT_OK;
}

/* ---- the verdicts, at the end ---- */

typedef struct {
	lt_mail_scan *sc;
	const char *site;
} class_ctx;

static lt_dom_class classify(const char *d, void *ctx)
{
	const class_ctx *c = ctx;
	lt_dom_class svc;

	if (strcmp(d, c->site) == 0 || strcmp(lt_site_group(d), lt_site_group(c->site)) == 0)
		return LT_DOM_SITE;
	if (lt_json_array_has(lt_mail_senders_list(c->sc->senders, c->site, "deny"), d))
		return LT_DOM_DENIED;
	if (lt_json_array_has(lt_mail_senders_list(c->sc->senders, c->site, "allow"), d) ||
	    lt_json_array_has(lt_mail_senders_list(c->sc->senders, c->site, "learned"), d))
		return LT_DOM_SITE;
	if ((svc = lt_mail_service_class(d, NULL)) != LT_DOM_OTHER)
		return svc;
	return g_hash_table_contains(c->sc->sites, d) || g_hash_table_contains(c->sc->sites, lt_site_group(d))
		       ? LT_DOM_OTHER_KNOWN
		       : LT_DOM_OTHER;
}

static int kept_cmp(const void *x, const void *y)
{
	const kept_msg *a = x, *b = y;

	return (a->at > b->at) - (a->at < b->at);
}

/* The first three sender organisations (no ESP, no PLATFORM, none denied) in
 * the 48 hours after each alias was given are its site's own. */
static void learn(lt_mail_scan *sc)
{
	for (size_t i = 0; i < sc->n_kept; i++) {
		kept_msg *k = &sc->kept[i];
		const char *org = lt_mail_sender_org(&k->h);
		const cJSON *l = k->site ? lt_mail_senders_list(sc->senders, k->site, "learned") : NULL;
		class_ctx c = {sc, k->site};

		if (!k->site || !org || !k->given || k->at < k->given || k->at > k->given + LEARN_WINDOW || k->spam)
			continue;
		if (cJSON_GetArraySize(l) >= LEARN_ORGS || classify(org, &c) != LT_DOM_OTHER)
			continue;
		sc->senders_dirty |= lt_mail_senders_add(sc->senders, k->site, "learned", org);
	}
}

static lt_err add_note(lt_mail_scan *sc, const kept_msg *k, const char *verdict, int certain, const char *org,
		       char reasons[][LT_MAIL_REASON_MAX], size_t n)
{
	lt_mail_note *note;
	lt_err e = lt_grow(&sc->res.notes, &sc->cap_notes, sc->res.n_notes, sizeof *sc->res.notes, 16);

	if (e != LT_OK)
		return e;
	note = &sc->res.notes[sc->res.n_notes++];
	memset(note, 0, sizeof *note);
	note->verdict = verdict;
	note->certain = certain;
	note->address = strdup(k->alias);
	note->site = k->site ? strdup(k->site) : NULL;
	note->org = org ? strdup(org) : NULL;
	for (size_t i = 0; i < n && i < LT_INCIDENT_REASONS; i++)
		note->reasons[i] = strdup(reasons[i]);
	if (k->at)
		lt_time_format(k->at, note->at);
	return note->address ? LT_OK : LT_ERR_NOMEM;
}

/* The incident a kept message belongs to: one per (address, verdict, org, local day). */
static lt_err incident_for(lt_mail_scan *sc, GHashTable *groups, const unsigned char *key, const kept_msg *k,
			   lt_incident_verdict v, int certain, const char *org, char reasons[][LT_MAIL_REASON_MAX],
			   size_t n_reasons)
{
	char day[16] = "", fields[1024], mkey[LT_INCIDENT_ID_LEN + 1] = "";
	struct tm tm;
	time_t at = k->at ? k->at : time(NULL);
	lt_incident *inc;
	cJSON *m, *d;
	lt_err e;
	size_t *slot;

	localtime_r(&at, &tm);
	strftime(day, sizeof day, "%Y-%m-%d", &tm);
	snprintf(fields, sizeof fields, "mail|%s|%s|%s|%s", k->alias, lt_incident_verdict_name(v), org ? org : "", day);
	if (key)
		lt_incident_keyed_id(key, k->mhash, mkey);
	if ((slot = g_hash_table_lookup(groups, fields))) {
		inc = &sc->res.made[*slot];
		m = cJSON_GetObjectItemCaseSensitive(inc->mail, "messages");
		cJSON_AddItemToArray(m, cJSON_CreateString(mkey));
		inc->count++;
		return LT_OK;
	}
	if ((e = lt_grow(&sc->res.made, &sc->cap_made, sc->res.n_made, sizeof *sc->res.made, 16)) != LT_OK)
		return e;
	inc = &sc->res.made[sc->res.n_made];
	memset(inc, 0, sizeof *inc);
	inc->kind = LT_INCIDENT_EMAIL;
	inc->ident_kind = LT_KIND_EMAIL;
	inc->count = 1;
	inc->verdict = v;
	inc->certain = certain;
	lt_time_format(at, inc->at);
	lt_time_now(inc->recorded);
	if (!(inc->value = strdup(k->alias)) || !(inc->normalized = strdup(k->alias)) || !(inc->source = strdup("mail")) ||
	    (k->site && !(inc->site = strdup(k->site))) || (k->h.from_addr && !(inc->from = strdup(k->h.from_addr))))
		return LT_ERR_NOMEM;
	if (key && (e = lt_incident_keyed_id(key, fields, inc->id)) != LT_OK)
		return e;
	for (size_t i = 0; i < n_reasons; i++)
		lt_incident_add_reason(inc, reasons[i]);
	inc->mail = m = cJSON_CreateObject();
	if (org)
		cJSON_AddStringToObject(m, "org", org);
	d = cJSON_AddArrayToObject(m, "sender_domains");
	for (size_t i = 0; i < k->h.claimed.n; i++)
		cJSON_AddItemToArray(d, cJSON_CreateString(k->h.claimed.v[i]));
	d = cJSON_AddArrayToObject(m, "verified_domains");
	for (size_t i = 0; i < k->h.verified.n; i++)
		cJSON_AddItemToArray(d, cJSON_CreateString(k->h.verified.v[i]));
	if (k->h.auth)
		cJSON_AddStringToObject(m, "auth", k->h.auth);
	if (k->h.message_id)
		cJSON_AddStringToObject(m, "message_id", k->h.message_id);
	cJSON_AddStringToObject(m, "header_sha256", k->h.sha256);
	if (v == LT_IV_LEAK && k->h.subject)
		cJSON_AddStringToObject(m, "subject", k->h.subject);
	d = cJSON_AddArrayToObject(m, "messages");
	cJSON_AddItemToArray(d, cJSON_CreateString(mkey));
	g_hash_table_insert(groups, g_strdup(fields), g_memdup2(&sc->res.n_made, sizeof sc->res.n_made));
	sc->res.n_made++;
	sc->res.incidents++;
	return LT_OK;
}

static lt_err judge_kept(lt_mail_scan *sc, GHashTable *groups, const unsigned char *key, const kept_msg *k)
{
	lt_mail_judgement j;
	class_ctx c = {sc, k->site};
	int from_known = 0, alias_sent;
	char spam_why[1][LT_MAIL_REASON_MAX];
	lt_incident_verdict v;
	lt_err e;

	if (!k->site) { /* spam on a recorded address */
		const char *org = lt_mail_sender_org(&k->h);

		snprintf(spam_why[0], LT_MAIL_REASON_MAX, "marked as spam%s, on an address in your records",
			 k->h.spam ? " by your provider's filter" : "");
		sc->res.spam++;
		if ((e = add_note(sc, k, "spam", 0, org, spam_why, 1)) != LT_OK)
			return e;
		return incident_for(sc, groups, key, k, LT_IV_SPAM, 0, org, spam_why, 1);
	}
	if (k->h.from_addr) {
		char *from = NULL;

		if (lt_ident_normalize(LT_KIND_EMAIL, k->h.from_addr, NULL, &from) == LT_OK)
			from_known = lt_json_array_has(lt_mail_senders_list(sc->senders, k->site, "wrote"), from);
		lt_err_clear();
		free(from);
	}
	alias_sent = lt_json_array_has(lt_mail_senders_list(sc->senders, k->site, "sent"), k->alias);
	lt_mail_judge(&k->h, k->site, k->title, classify, &c, from_known, alias_sent, &j);
	if ((e = add_note(sc, k, lt_mail_verdict_name(j.verdict), j.certain, j.org, j.reasons, j.n_reasons)) != LT_OK)
		return e;
	if (j.verdict == LT_MV_RELATED) {
		sc->res.related++;
		return LT_OK;
	}
	if (j.verdict == LT_MV_LEAK)
		sc->res.leaks++;
	else
		sc->res.review++;
	v = j.verdict == LT_MV_LEAK ? LT_IV_LEAK : LT_IV_REVIEW;
	return incident_for(sc, groups, key, k, v, j.certain, j.org, j.reasons, j.n_reasons);
}

static int made_cmp(const void *x, const void *y)
{
	const lt_incident *a = x, *b = y;
	int c = strcmp(a->at, b->at);

	return c ? c : strcmp(a->id, b->id);
}

static lt_err store_settings(lt_mail_scan *sc)
{
	lt_err e = LT_OK;

	if (sc->senders_dirty)
		e = lt_setting_put(sc->s, LT_MAIL_SET_SENDERS, sc->senders);
	if (e == LT_OK && sc->proposed_dirty)
		e = lt_setting_put(sc->s, LT_MAIL_SET_PROPOSED, sc->proposed);
	if (e == LT_OK && sc->sources_dirty)
		e = lt_setting_put(sc->s, LT_MAIL_SET_SOURCES, sc->sources);
	return e;
}

lt_err lt_mail_scan_finish(lt_mail_scan *sc, lt_mail_result *out)
{
	unsigned char key[LT_KEY_LEN];
	GHashTable *groups = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	int have_key = 0;
	lt_err e = LT_OK;

	if (!sc->o.check) {
		e = lt_key_get(sc->s, "incident", key);
		have_key = e == LT_OK;
	}
	if (sc->n_kept > 1)
		qsort(sc->kept, sc->n_kept, sizeof *sc->kept, kept_cmp);
	learn(sc);
	for (size_t i = 0; e == LT_OK && i < sc->n_kept; i++)
		e = judge_kept(sc, groups, have_key ? key : NULL, &sc->kept[i]);
	lt_wipe(key, sizeof key);
	g_hash_table_destroy(groups);
	if (e == LT_OK && sc->res.n_made)
		qsort(sc->res.made, sc->res.n_made, sizeof *sc->res.made, made_cmp);
	if (e == LT_OK && !sc->o.dry_run && !sc->o.check) {
		e = lt_incident_add_many(sc->s, sc->res.made, sc->res.n_made, &sc->res.added, &sc->res.merged);
		if (e == LT_OK)
			e = store_settings(sc);
	}
	if (out) {
		*out = sc->res;
		memset(&sc->res, 0, sizeof sc->res);
	}
	return e;
}

void lt_mail_result_clear(lt_mail_result *r)
{
	for (size_t i = 0; i < r->n_notes; i++) {
		free(r->notes[i].address);
		free(r->notes[i].site);
		free(r->notes[i].org);
		for (int j = 0; j < LT_INCIDENT_REASONS; j++)
			free(r->notes[i].reasons[j]);
	}
	free(r->notes);
	lt_incidents_free(r->made, r->n_made);
	memset(r, 0, sizeof *r);
}

void lt_mail_scan_free(lt_mail_scan *sc)
{
	if (!sc)
		return;
	for (size_t i = 0; i < sc->n_kept; i++) {
		lt_mail_header_clear(&sc->kept[i].h);
		free(sc->kept[i].alias);
	}
	free(sc->kept);
	lt_mail_result_clear(&sc->res);
	lt_accounts_free(sc->accounts, sc->n_accounts);
	g_hash_table_destroy(sc->mailboxes);
	g_hash_table_destroy(sc->exact);
	g_hash_table_destroy(sc->sites);
	g_hash_table_destroy(sc->aliases);
	g_hash_table_destroy(sc->strings);
	g_hash_table_destroy(sc->seen);
	free(sc->alias_domain);
	cJSON_Delete(sc->senders);
	cJSON_Delete(sc->sources);
	cJSON_Delete(sc->proposed);
	free(sc);
}
