/* trace.c: tracing an identifier to the sites that received it (trace.h). */
#include "trace.h"

#include <stdlib.h>
#include <string.h>

static const char *const match_names[] = {"exact", "subaddress", "mailbox"};

const char *lt_match_name(lt_match_kind m)
{
	return match_names[m];
}

void lt_trace_result_clear(lt_trace_result *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		lt_account_clear(&r->matches[i].account);
	free(r->matches);
	free(r->query);
	free(r->normalized);
	memset(r, 0, sizeof *r);
}

/* Append accounts as matches of kind m, skipping items already present. */
static lt_err add_matches(lt_trace_result *r, lt_account *list, size_t n, lt_match_kind m)
{
	lt_match *grown = realloc(r->matches, (r->n + n + 1) * sizeof *grown);
	size_t i, j;

	if (!grown)
		return LT_ERR_NOMEM;
	r->matches = grown;
	for (i = 0; i < n; i++) {
		for (j = 0; j < r->n; j++)
			if (strcmp(r->matches[j].account.item_path, list[i].item_path) == 0)
				break;
		if (j < r->n) {
			lt_account_clear(&list[i]);
			continue;
		}
		grown[r->n].account = list[i];
		grown[r->n].match = m;
		grown[r->n].ruled_out = 0;
		r->n++;
	}
	free(list);
	return LT_OK;
}

/* A weaker email match: another +tag, or the same mailbox spelled otherwise. */
static lt_match_kind email_match_kind(const char *query, const char *stored)
{
	const char *qat = strchr(query, '@'), *sat = strchr(stored, '@');
	const char *qplus = memchr(query, '+', (size_t)(qat - query));
	const char *splus = memchr(stored, '+', (size_t)(sat - stored));

	return (qplus || splus) ? LT_MATCH_SUBADDRESS : LT_MATCH_MAILBOX;
}

static lt_err search_into(lt_store *s, lt_trace_result *r, const char *attr, const char *value, lt_match_kind m)
{
	const char *attrs[] = {attr, value, NULL};
	lt_account *list;
	size_t n;
	lt_err e = lt_store_search(s, attrs, &list, &n, NULL);

	return e == LT_OK ? add_matches(r, list, n, m) : e;
}

static lt_err search_mailbox(lt_store *s, lt_trace_result *r)
{
	char *mailbox = NULL;
	size_t before = r->n, i;
	lt_err e = lt_email_mailbox(r->normalized, &mailbox);

	if (e == LT_OK)
		e = search_into(s, r, LT_ATTR_MAILBOX, mailbox, LT_MATCH_MAILBOX);
	free(mailbox);
	for (i = before; e == LT_OK && i < r->n; i++)
		r->matches[i].match = email_match_kind(r->normalized, r->matches[i].account.ids[LT_KIND_EMAIL].normalized);
	return e;
}

static int match_cmp(const void *x, const void *y)
{
	const lt_match *a = x, *b = y;

	if (a->match != b->match)
		return (int)a->match - (int)b->match;
	if (a->ruled_out != b->ruled_out)
		return a->ruled_out - b->ruled_out;
	return strcmp(a->account.first_seen, b->account.first_seen);
}

static void mark_ruled_out(lt_trace_result *r, const time_t *since)
{
	char limit[LT_TIME_LEN];
	size_t i;

	if (!since)
		return;
	lt_time_format(*since, limit);
	for (i = 0; i < r->n; i++)
		r->matches[i].ruled_out = strcmp(r->matches[i].account.first_seen, limit) > 0;
}

lt_err lt_trace(lt_store *s, const char *query, lt_kind kind, const char *region, const time_t *since,
		lt_trace_result *out)
{
	lt_err e;

	memset(out, 0, sizeof *out);
	out->kind = kind != LT_KIND_NONE ? kind : lt_ident_detect(query);
	if (!(out->query = strdup(query)))
		return LT_ERR_NOMEM;
	e = lt_ident_normalize(out->kind, query, region, &out->normalized);
	if (e == LT_OK)
		e = search_into(s, out, lt_store_attr(out->kind), out->normalized, LT_MATCH_EXACT);
	if (e == LT_OK && out->kind == LT_KIND_EMAIL)
		e = search_mailbox(s, out);
	if (e != LT_OK) {
		lt_trace_result_clear(out);
		return e;
	}
	mark_ruled_out(out, since);
	qsort(out->matches, out->n, sizeof *out->matches, match_cmp);
	return LT_OK;
}

cJSON *lt_trace_to_json(const lt_trace_result *r, cJSON *into)
{
	cJSON *o = into ? into : cJSON_CreateObject(), *arr;
	size_t i;

	cJSON_AddStringToObject(o, "query", r->query);
	cJSON_AddStringToObject(o, "kind", lt_kind_name(r->kind));
	cJSON_AddStringToObject(o, "normalized", r->normalized);
	arr = cJSON_AddArrayToObject(o, "matches");
	for (i = 0; i < r->n; i++) {
		const lt_match *m = &r->matches[i];
		cJSON *j = lt_account_to_json(&m->account);

		cJSON_AddStringToObject(j, "match", lt_match_name(m->match));
		cJSON_AddStringToObject(j, "identifier", m->account.ids[r->kind].normalized
								 ? m->account.ids[r->kind].normalized : "");
		cJSON_AddBoolToObject(j, "ruled_out", m->ruled_out);
		cJSON_AddItemToArray(arr, j);
	}
	return o;
}
