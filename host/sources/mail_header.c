/* SPDX-License-Identifier: MIT */
/* mail_header.c: a raw header block -> lt_mail_header (mail_header.h).
 *
 * The block is split into fields here (a field starts at a line with a name
 * and a colon, continues on lines that start with a space or tab) and only
 * the fields the verdicts need go to GMime: its decoder for text (RFC 2047
 * words, raw 8-bit through the fallback charsets), its address-list parser
 * and its date parser. Building a whole GMimeMessage per mail cost more than
 * everything else together (measured: about 45% of a scan in object set-up
 * and tear-down), and a header block is all there is to parse. Only the first
 * Authentication-Results and the first Received count: they are the ones the
 * person's provider wrote on top. Every list is bounded (LT_MAIL_DOMAINS,
 * LT_MAIL_RCPTS), every string cut at LT_TEXT_MAX, a field at FIELD_MAX, so a
 * hostile header costs what a normal one does. Registrable domains are
 * remembered for the scan (a mailbox repeats its senders' domains). */
#include "mail_header.h"

#include <ctype.h>
#include <gmime/gmime.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ident.h"
#include "primitives.h"
#include "record.h"
#include "site.h"

#define AUTH_KEEP 512
#define FIELD_MAX (16 * 1024) /* bytes of one field's value kept */
#define NAME_MAX_LEN 76       /* a field name longer than this starts no field */

static GMimeParserOptions *parser_options(void)
{
	static GMimeParserOptions *o;

	if (!o) {
		static const char *charsets[] = {"UTF-8", "GB18030", NULL};

		g_mime_init();
		o = g_mime_parser_options_new();
		g_mime_parser_options_set_fallback_charsets(o, charsets);
		g_mime_parser_options_set_address_compliance_mode(o, GMIME_RFC_COMPLIANCE_LOOSE);
		g_mime_parser_options_set_rfc2047_compliance_mode(o, GMIME_RFC_COMPLIANCE_LOOSE);
	}
	return o;
}

/* A copy cut at max bytes, on a UTF-8 character boundary; NULL for NULL or "". */
static char *dup_text(const char *s, size_t max)
{
	size_t n;
	char *out;

	if (!s || !*s)
		return NULL;
	n = strlen(s);
	if (n > max) {
		n = max;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	if ((out = malloc(n + 1))) {
		memcpy(out, s, n);
		out[n] = '\0';
	}
	return out;
}

#define DOMAIN_CACHE_MAX 50000

/* The registrable domain of a host, through site.h, remembered: "" when none. */
static const char *registrable(const char *host)
{
	static GHashTable *cache;
	const char *have;
	char *site = NULL;

	if (!cache)
		cache = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	if ((have = g_hash_table_lookup(cache, host)))
		return have;
	if (g_hash_table_size(cache) >= DOMAIN_CACHE_MAX)
		g_hash_table_remove_all(cache);
	if (!strchr(host, '.') || lt_site_from(host, &site) != LT_OK) {
		lt_err_clear();
		free(site);
		site = NULL;
	}
	have = g_strdup(site ? site : "");
	free(site);
	g_hash_table_insert(cache, g_strdup(host), (gpointer)have);
	return have;
}

char *lt_mail_domain_of(const char *addr_or_host)
{
	const char *at = strrchr(addr_or_host, '@');
	const char *d = at ? at + 1 : addr_or_host, *site;
	char host[256];
	size_t n = 0;

	while (*d == ' ' || *d == '<')
		d++;
	for (; d[n] && !strchr(" >;,?/\"\t\r\n", d[n]); n++)
		if (n + 1 >= sizeof host)
			return NULL;
	memcpy(host, d, n);
	host[n] = '\0';
	for (size_t i = 0; i < n; i++) /* the cache's key: one spelling per host */
		host[i] = (char)g_ascii_tolower(host[i]);
	site = registrable(host);
	return *site ? strdup(site) : NULL;
}

int lt_mail_domains_has(const lt_mail_domains *l, const char *d)
{
	for (size_t i = 0; d && i < l->n; i++)
		if (strcmp(l->v[i], d) == 0)
			return 1;
	return 0;
}

/* Add the registrable domain of addr_or_host once (bounded); *first gets it too when NULL. */
static void add_domain(lt_mail_domains *l, const char *addr_or_host)
{
	char *d;

	if (!addr_or_host || l->n >= LT_MAIL_DOMAINS || !(d = lt_mail_domain_of(addr_or_host)))
		return;
	if (lt_mail_domains_has(l, d))
		free(d);
	else
		l->v[l->n++] = d;
}

static void add_rcpt(lt_mail_header *h, const char *addr)
{
	char *n = NULL;

	if (h->n_rcpt >= LT_MAIL_RCPTS || lt_ident_normalize(LT_KIND_EMAIL, addr, NULL, &n) != LT_OK) {
		lt_err_clear();
		return;
	}
	for (size_t i = 0; i < h->n_rcpt; i++)
		if (strcmp(h->rcpt[i], n) == 0) {
			free(n);
			return;
		}
	h->rcpt[h->n_rcpt++] = n;
}

/* Every mailbox of an address list (groups flattened), to fn. */
static void each_mailbox(const char *value, void (*fn)(lt_mail_header *, InternetAddressMailbox *), lt_mail_header *h)
{
	InternetAddressList *l = internet_address_list_parse(parser_options(), value);

	for (int i = 0; l && i < internet_address_list_length(l); i++) {
		InternetAddress *a = internet_address_list_get_address(l, i);

		if (INTERNET_ADDRESS_IS_MAILBOX(a)) {
			fn(h, INTERNET_ADDRESS_MAILBOX(a));
		} else if (INTERNET_ADDRESS_IS_GROUP(a)) {
			InternetAddressList *m = internet_address_group_get_members(INTERNET_ADDRESS_GROUP(a));

			for (int j = 0; m && j < internet_address_list_length(m); j++)
				if (INTERNET_ADDRESS_IS_MAILBOX(internet_address_list_get_address(m, j)))
					fn(h, INTERNET_ADDRESS_MAILBOX(internet_address_list_get_address(m, j)));
		}
	}
	if (l)
		g_object_unref(l);
}

static void rcpt_of(lt_mail_header *h, InternetAddressMailbox *m)
{
	add_rcpt(h, internet_address_mailbox_get_addr(m));
}

static void from_of(lt_mail_header *h, InternetAddressMailbox *m)
{
	const char *addr = internet_address_mailbox_get_addr(m);

	add_domain(&h->claimed, addr);
	if (h->from_addr || !addr || !strchr(addr, '@'))
		return;
	if (!(h->from_addr = strdup(addr)))
		return;
	for (char *c = h->from_addr; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	h->from_name = dup_text(internet_address_get_name(INTERNET_ADDRESS(m)), LT_TEXT_MAX);
	h->from_domain = lt_mail_domain_of(h->from_addr);
}

static void claimed_of(lt_mail_header *h, InternetAddressMailbox *m)
{
	add_domain(&h->claimed, internet_address_mailbox_get_addr(m));
}

/* The value of tag `tag` in a DKIM tag list ("v=1; d=example.com; s=x"), into out. */
static int dkim_tag(const char *v, const char *tag, char *out, size_t size)
{
	size_t tl = strlen(tag);

	for (const char *p = v; p && *p; p = strchr(p, ';'), p = p ? p + 1 : NULL) {
		size_t n = 0;

		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			p++;
		if (strncasecmp(p, tag, tl) != 0)
			continue;
		p += tl;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p != '=')
			continue;
		for (p++; *p == ' ' || *p == '\t'; p++)
			;
		for (; p[n] && p[n] != ';' && !isspace((unsigned char)p[n]) && n + 1 < size; n++)
			out[n] = p[n];
		out[n] = '\0';
		return n > 0;
	}
	return 0;
}

/* List-Unsubscribe: <mailto:u@x.example?subject=..>, <https://x.example/u>. */
static void unsubscribe_of(lt_mail_header *h, const char *v)
{
	for (const char *p = strchr(v, '<'); p; p = strchr(p + 1, '<')) {
		const char *end = strchr(p, '>');
		char uri[512], *host = NULL;
		size_t n;

		if (!end || (n = (size_t)(end - p - 1)) >= sizeof uri)
			break;
		memcpy(uri, p + 1, n);
		uri[n] = '\0';
		if (strncasecmp(uri, "mailto:", 7) == 0) {
			add_domain(&h->claimed, uri + 7);
		} else if (lt_url_host(uri, &host) == LT_OK) {
			add_domain(&h->claimed, host);
			free(host);
		}
		lt_err_clear();
	}
}

/* The value with (comments) removed, into out. */
static void strip_comments(const char *v, char *out, size_t size)
{
	int depth = 0;
	size_t n = 0;

	for (; *v && n + 1 < size; v++) {
		if (*v == '(')
			depth++;
		else if (*v == ')' && depth > 0)
			depth--;
		else if (!depth)
			out[n++] = *v == '\r' || *v == '\n' || *v == '\t' ? ' ' : *v;
	}
	out[n] = '\0';
}

/* The value of property `prop` in one resinfo ("dkim=pass header.d=x.example ..."). */
static int auth_prop(const char *resinfo, const char *prop, char *out, size_t size)
{
	size_t pl = strlen(prop);

	for (const char *p = resinfo; (p = strcasestr(p, prop)); p += pl) {
		size_t n = 0;

		if ((p != resinfo && p[-1] != ' ') || p[pl] != '=')
			continue;
		p += pl + 1;
		if (*p == '"')
			p++;
		for (; p[n] && p[n] != ' ' && p[n] != '"' && n + 1 < size; n++)
			out[n] = p[n];
		out[n] = '\0';
		return n > 0;
	}
	return 0;
}

/* The top-most Authentication-Results: what passed, and whether DMARC failed. */
static void auth_of(lt_mail_header *h, const char *v)
{
	char clean[4096], *save = NULL, *part, val[256];

	h->has_auth = 1;
	h->auth = dup_text(v, AUTH_KEEP);
	strip_comments(v, clean, sizeof clean);
	part = strtok_r(clean, ";", &save); /* the authserv-id */
	while ((part = strtok_r(NULL, ";", &save))) {
		while (*part == ' ')
			part++;
		if (strncasecmp(part, "dkim=pass", 9) == 0) {
			if (auth_prop(part, "header.d", val, sizeof val) || auth_prop(part, "header.i", val, sizeof val))
				add_domain(&h->verified, val);
		} else if (strncasecmp(part, "spf=pass", 8) == 0) {
			if (auth_prop(part, "smtp.mailfrom", val, sizeof val))
				add_domain(&h->verified, val);
		} else if (strncasecmp(part, "dmarc=pass", 10) == 0) {
			h->dmarc_pass = 1;
			if (auth_prop(part, "header.from", val, sizeof val))
				add_domain(&h->verified, val);
		} else if (strncasecmp(part, "dmarc=fail", 10) == 0) {
			h->dmarc_fail = 1;
		}
	}
}

static time_t date_of(const char *v)
{
	GDateTime *d = g_mime_utils_header_decode_date(v);
	time_t t = d ? (time_t)g_date_time_to_unix(d) : 0;

	if (d)
		g_date_time_unref(d);
	return t > 0 ? t : 0;
}

static int starts_yes(const char *v)
{
	while (*v == ' ' || *v == '\t')
		v++;
	return strncasecmp(v, "yes", 3) == 0;
}

/* One header field: its name and its value, unfolded (raw: encoded words and
 * 8-bit bytes as they came; GMime decodes what is shown to people). */
static void field(lt_mail_header *h, const char *name, const char *value, int *seen_received)
{
	char buf[256];

	if (strcasecmp(name, "From") == 0) {
		each_mailbox(value, from_of, h);
	} else if (strcasecmp(name, "Sender") == 0) {
		each_mailbox(value, claimed_of, h);
	} else if (strcasecmp(name, "Return-Path") == 0) {
		if (strstr(value, "<>"))
			h->bounce = 1;
		else
			add_domain(&h->claimed, value);
	} else if (strcasecmp(name, "DKIM-Signature") == 0) {
		if (dkim_tag(value, "d", buf, sizeof buf)) {
			add_domain(&h->dkim_d, buf);
			add_domain(&h->claimed, buf);
		}
	} else if (strcasecmp(name, "List-Unsubscribe") == 0) {
		unsubscribe_of(h, value);
	} else if (strcasecmp(name, "Message-ID") == 0 && !h->message_id) {
		const char *s = value + strspn(value, " \t<");
		size_t n = strcspn(s, "> \t\r\n");

		if (n > 0 && n <= 995 && (h->message_id = strndup(s, n)) && strchr(h->message_id, '@'))
			add_domain(&h->claimed, strrchr(h->message_id, '@'));
	} else if (strcasecmp(name, "Subject") == 0 && !h->subject) {
		char *text = g_mime_utils_header_decode_text(parser_options(), value);

		h->subject = dup_text(g_strstrip(text), LT_TEXT_MAX);
		g_free(text);
	} else if (strcasecmp(name, "Authentication-Results") == 0 && !h->has_auth) {
		auth_of(h, value);
	} else if (strcasecmp(name, "Delivered-To") == 0 || strcasecmp(name, "X-Original-To") == 0 ||
		   strcasecmp(name, "To") == 0 || strcasecmp(name, "Cc") == 0) {
		each_mailbox(value, rcpt_of, h);
	} else if (strcasecmp(name, "Received") == 0 && !*seen_received) {
		const char *semi = strrchr(value, ';');

		*seen_received = 1;
		h->received = semi ? date_of(semi + 1) : 0;
	} else if (strcasecmp(name, "Date") == 0 && !h->date) {
		h->date = date_of(value);
	} else if (strcasecmp(name, "X-Spam-Flag") == 0 || strcasecmp(name, "X-Spam-Status") == 0) {
		h->spam |= starts_yes(value);
	} else if (strcasecmp(name, "Content-Type") == 0) {
		if (strcasestr(value, "multipart/report") && strcasestr(value, "delivery-status"))
			h->bounce = 1;
	}
}

/* Is p[0..n) a field name: printable ASCII but ':' and space, then ':'? */
static size_t name_len(const char *p, size_t n)
{
	size_t i = 0;

	while (i < n && i < NAME_MAX_LEN && p[i] > ' ' && p[i] < 127 && p[i] != ':')
		i++;
	return i > 0 && i < n && p[i] == ':' ? i : 0;
}

/* Every field of the block to field(): a line with a name starts one, lines
 * starting with a space or tab continue it (the line break is dropped,
 * RFC 5322 unfolding); other lines are passed over. Returns the fields seen. */
static size_t split_fields(lt_mail_header *h, const char *block, size_t len)
{
	char name[NAME_MAX_LEN + 1], *value = malloc(FIELD_MAX + 1);
	size_t i = 0, fields = 0, vlen = 0;
	int in_field = 0, seen_received = 0;

	if (!value)
		return 0;
	while (i <= len) {
		size_t eol = i;

		while (eol < len && block[eol] != '\n')
			eol++;
		size_t n = eol > i && block[eol - 1] == '\r' ? eol - 1 - i : eol - i;
		const char *line = block + i;
		int cont = n > 0 && (line[0] == ' ' || line[0] == '\t');

		if (in_field && !cont) { /* the field before is complete */
			value[vlen] = '\0';
			field(h, name, value, &seen_received);
			in_field = 0;
		}
		if (i == len || n == 0) /* the end of the block */
			break;
		if (cont && in_field) {
			size_t take = n < FIELD_MAX - vlen ? n : FIELD_MAX - vlen;

			memcpy(value + vlen, line, take);
			vlen += take;
		} else if (!cont) {
			size_t nl = name_len(line, n);

			if (nl) {
				memcpy(name, line, nl);
				name[nl] = '\0';
				vlen = n - nl - 1 < FIELD_MAX ? n - nl - 1 : FIELD_MAX;
				memcpy(value, line + nl + 1, vlen);
				in_field = 1;
				fields++;
			}
		}
		i = eol < len ? eol + 1 : len;
	}
	free(value);
	return fields;
}

lt_err lt_mail_header_parse(const char *block, size_t len, lt_mail_header *h)
{
	memset(h, 0, sizeof *h);
	lt_sha256_hex(block, len, h->sha256);
	if (split_fields(h, block, len) == 0)
		return lt_fail(LT_ERR_BAD_FILE, "not a mail header");
	if (h->from_addr && strncasecmp(h->from_addr, "mailer-daemon@", 14) == 0)
		h->bounce = 1;
	if (h->from_addr && strncasecmp(h->from_addr, "postmaster@", 11) == 0)
		h->bounce = 1;
	return LT_OK;
}

static void domains_clear(lt_mail_domains *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	l->n = 0;
}

void lt_mail_header_clear(lt_mail_header *h)
{
	free(h->from_addr);
	free(h->from_name);
	free(h->from_domain);
	domains_clear(&h->claimed);
	domains_clear(&h->dkim_d);
	domains_clear(&h->verified);
	free(h->message_id);
	free(h->subject);
	free(h->auth);
	for (size_t i = 0; i < h->n_rcpt; i++)
		free(h->rcpt[i]);
	memset(h, 0, sizeof *h);
}
