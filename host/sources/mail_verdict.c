/* SPDX-License-Identifier: MIT */
/* mail_verdict.c: the rules of mail_verdict.h, and the shipped lists of mail
 * services (ESP, PLATFORM) they lean on. The rules read as the issue states
 * them, one small function each, tried in order; every verdict carries the
 * sentence that made it. */
#include "mail_verdict.h"

#include <glib.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "datafile.h"

#define SERVICES_FILE "mail-esp/domains.json"

static GHashTable *services; /* domain -> "E:name" or "P:name" */
static lt_err services_err = LT_OK;

static void add_services(const cJSON *group, char tag)
{
	const cJSON *prov, *d;

	cJSON_ArrayForEach(prov, group)
		cJSON_ArrayForEach(d, prov)
			if (cJSON_IsString(d) && prov->string)
				g_hash_table_insert(services, g_strdup(d->valuestring), g_strdup_printf("%c%s", tag, prov->string));
}

lt_err lt_mail_services_load(void)
{
	cJSON *j = NULL;

	if (services)
		return services_err;
	services = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	if ((services_err = lt_datafile_json(SERVICES_FILE, &j)) != LT_OK)
		return services_err;
	add_services(cJSON_GetObjectItemCaseSensitive(j, "esp"), 'E');
	add_services(cJSON_GetObjectItemCaseSensitive(j, "platform"), 'P');
	cJSON_Delete(j);
	return LT_OK;
}

lt_dom_class lt_mail_service_class(const char *d, const char **name)
{
	const char *v;

	lt_mail_services_load();
	v = d ? g_hash_table_lookup(services, d) : NULL;
	if (name)
		*name = v ? v + 1 : NULL;
	return !v ? LT_DOM_OTHER : v[0] == 'E' ? LT_DOM_ESP : LT_DOM_PLATFORM;
}

const char *lt_mail_verdict_name(lt_mail_verdict v)
{
	static const char *const names[] = {"related", "leak", "review"};

	return (unsigned)v <= LT_MV_REVIEW ? names[v] : "";
}

const char *lt_mail_sender_org(const lt_mail_header *h)
{
	for (size_t i = 0; i < h->verified.n; i++)
		if (lt_mail_service_class(h->verified.v[i], NULL) == LT_DOM_OTHER)
			return h->verified.v[i];
	return h->from_domain ? h->from_domain : h->claimed.n ? h->claimed.v[0] : NULL;
}

/* The site's first label ("taobao" of taobao.com), when 3 bytes or more. */
static int site_label(const char *site, char *out, size_t size)
{
	size_t n = strcspn(site, ".");

	if (n < 3 || n >= size)
		return 0;
	memcpy(out, site, n);
	out[n] = '\0';
	return 1;
}

/* The first word of a recorded title ("好物商城 - 新用户注册" -> "好物商城"). */
static int title_word(const char *title, char *out, size_t size)
{
	size_t n;

	if (!title)
		return 0;
	title += strspn(title, " \t");
	n = strcspn(title, " \t-|–—_:：,，");
	if (n < 3 || n >= size)
		return 0;
	memcpy(out, title, n);
	out[n] = '\0';
	return 1;
}

static int mentions(const lt_mail_header *h, const char *word)
{
	return (h->from_name && strcasestr(h->from_name, word)) || (h->subject && strcasestr(h->subject, word));
}

int lt_mail_names_site(const lt_mail_header *h, const char *site, const char *title)
{
	char w[256];

	return (site_label(site, w, sizeof w) && mentions(h, w)) || (title_word(title, w, sizeof w) && mentions(h, w));
}

static void reason(lt_mail_judgement *j, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void reason(lt_mail_judgement *j, const char *fmt, ...)
{
	va_list ap;

	if (j->n_reasons >= LT_INCIDENT_REASONS)
		return;
	va_start(ap, fmt);
	vsnprintf(j->reasons[j->n_reasons++], LT_MAIL_REASON_MAX, fmt, ap);
	va_end(ap);
}

static void verdict(lt_mail_judgement *j, lt_mail_verdict v, int certain)
{
	j->verdict = v;
	j->certain = certain;
}

/* The first domain of l in class c; NULL when none. */
static const char *first_of(const lt_mail_domains *l, lt_dom_class c, lt_dom_classifier cls, void *ctx)
{
	for (size_t i = 0; i < l->n; i++)
		if (cls(l->v[i], ctx) == c)
			return l->v[i];
	return NULL;
}

static int related(const lt_mail_header *h, const char *site, lt_dom_classifier cls, void *ctx, int from_known,
		   lt_mail_judgement *j)
{
	const char *d = first_of(&h->verified, LT_DOM_SITE, cls, ctx);

	if (d) {
		verdict(j, LT_MV_RELATED, 1);
		reason(j, "%s is %s's own domain, verified by your provider", d, site);
		return 1;
	}
	if (from_known) {
		verdict(j, LT_MV_RELATED, 1);
		reason(j, "you wrote to this sender from %s's alias", site);
		return 1;
	}
	return 0;
}

static int denied(const lt_mail_header *h, const char *site, lt_dom_classifier cls, void *ctx, lt_mail_judgement *j)
{
	const char *org = lt_mail_sender_org(h);

	if (!org || cls(org, ctx) != LT_DOM_DENIED)
		return 0;
	verdict(j, LT_MV_LEAK, 1);
	reason(j, "you said %s has nothing to do with %s", org, site);
	return 1;
}

static int forged(const lt_mail_header *h, const char *site, lt_dom_classifier cls, void *ctx, lt_mail_judgement *j)
{
	if (!h->from_domain || cls(h->from_domain, ctx) != LT_DOM_SITE || !h->dmarc_fail)
		return 0;
	verdict(j, LT_MV_LEAK, 1);
	reason(j, "From claims %s but DMARC fails: someone forged %s and knew its alias", h->from_domain, site);
	return 1;
}

static int bounced(const lt_mail_header *h, const char *site, int alias_sent, lt_mail_judgement *j)
{
	if (!h->bounce || alias_sent)
		return 0;
	verdict(j, LT_MV_LEAK, 1);
	reason(j, "a bounce of mail you never sent from %s's alias: someone else used it", site);
	return 1;
}

static int stranger(const lt_mail_header *h, const char *site, const char *title, lt_dom_classifier cls, void *ctx,
		    lt_mail_judgement *j)
{
	const char *d = first_of(&h->verified, LT_DOM_OTHER_KNOWN, cls, ctx);
	int known = d != NULL;

	if (!d)
		d = first_of(&h->verified, LT_DOM_OTHER, cls, ctx);
	if (!d || first_of(&h->claimed, LT_DOM_SITE, cls, ctx) || lt_mail_names_site(h, site, title))
		return 0;
	verdict(j, LT_MV_LEAK, 1);
	reason(j, "the alias made for %s got mail from %s%s", site, d, known ? ", another site in your records" : "");
	reason(j, "%s is verified by your provider; no domain of %s appears anywhere in the mail", d, site);
	return 1;
}

static int platform(const lt_mail_header *h, const char *site, const char *title, lt_dom_classifier cls, void *ctx,
		    lt_mail_judgement *j)
{
	const char *d = first_of(&h->verified, LT_DOM_PLATFORM, cls, ctx), *name = NULL;

	if (!d || !lt_mail_names_site(h, site, title))
		return 0;
	lt_mail_service_class(d, &name);
	verdict(j, LT_MV_RELATED, 0);
	reason(j, "sent through %s (%s), a platform that sends for sites, and it names %s", name ? name : d, d, site);
	return 1;
}

static void review(const lt_mail_header *h, const char *site, lt_dom_classifier cls, void *ctx, lt_mail_judgement *j)
{
	const char *org = lt_mail_sender_org(h);

	verdict(j, LT_MV_REVIEW, 0);
	if (!h->verified.n && h->from_domain && lt_mail_domains_has(&h->dkim_d, h->from_domain) &&
	    cls(h->from_domain, ctx) == LT_DOM_OTHER)
		reason(j, "From and DKIM d= agree on %s, but nothing was verified", h->from_domain);
	else if (!h->has_auth)
		reason(j, "your provider added no Authentication-Results: nothing is verified");
	else if (first_of(&h->verified, LT_DOM_ESP, cls, ctx) && h->verified.n == 1)
		reason(j, "only a mail service that sends for many sites (%s) is verified", h->verified.v[0]);
	else if (first_of(&h->verified, LT_DOM_PLATFORM, cls, ctx))
		reason(j, "sent through a platform that does not name %s", site);
	else
		reason(j, "a sender %s has not been seen with before", site);
	reason(j, "settle it once: leaktrace mail allow|deny %s %s", site, org ? org : "DOMAIN");
}

void lt_mail_judge(const lt_mail_header *h, const char *site, const char *title, lt_dom_classifier cls, void *ctx,
		   int from_known, int alias_sent, lt_mail_judgement *j)
{
	memset(j, 0, sizeof *j);
	j->org = lt_mail_sender_org(h);
	if (related(h, site, cls, ctx, from_known, j) || denied(h, site, cls, ctx, j) || forged(h, site, cls, ctx, j) ||
	    bounced(h, site, alias_sent, j) || stranger(h, site, title, cls, ctx, j) ||
	    platform(h, site, title, cls, ctx, j))
		return;
	review(h, site, cls, ctx, j);
}
