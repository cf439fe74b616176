/* SPDX-License-Identifier: MIT */
/* imap_conn.c: the IMAP connection (imap_conn.h) and the server URL (imap.h).
 *
 * libcurl connects, verifies the certificate (on by default, a CA file for
 * tests), does STARTTLS for imap:// and logs in, with CURLOPT_CONNECT_ONLY so
 * that it stops there; from then on commands and answers go through
 * curl_easy_send/curl_easy_recv and imap_parse.c. libcurl's own IMAP
 * commands are not used: its FETCH drops literal data. Every wait for the
 * server is bounded by the timeout. No error text names the user or the
 * password (curl's own error buffer is left out for the login). */
#include "imap_conn.h"

#include <ctype.h>
#include <curl/curl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COMMAND_MAX 4096

struct lt_imap_conn {
	CURL *curl;
	curl_socket_t sock;
	lt_imap_reader *reader;
	int timeout_ms;
	int logged_in;
	unsigned tag;
};

void lt_imap_url_clear(lt_imap_url *u)
{
	free(u->user);
	free(u->host);
	memset(u, 0, sizeof *u);
}

static int hexval(char c)
{
	return isdigit((unsigned char)c) ? c - '0' : isxdigit((unsigned char)c) ? (tolower((unsigned char)c) - 'a' + 10) : -1;
}

/* %-decoded copy of [s, s+n); NULL when an escape is broken or decodes to a control. */
static char *pct_decode(const char *s, size_t n)
{
	char *out = malloc(n + 1), *w = out;
	size_t i;

	if (!out)
		return NULL;
	for (i = 0; i < n; i++) {
		int c = (unsigned char)s[i];

		if (c == '%') {
			int h, l;

			if (i + 2 >= n)
				goto bad;
			if ((h = hexval(s[i + 1])) < 0 || (l = hexval(s[i + 2])) < 0)
				goto bad;
			c = h * 16 + l;
			i += 2;
		}
		if (c < 0x20 || c == 0x7F)
			goto bad;
		*w++ = (char)c;
	}
	*w = '\0';
	return out;
bad:
	free(out);
	return NULL;
}

lt_err lt_imap_url_parse(const char *url, lt_imap_url *out)
{
	const char *rest, *at, *hostend, *colon;
	size_t i;

	memset(out, 0, sizeof *out);
	if (strncasecmp(url, "imaps://", 8) == 0) {
		out->tls = 1;
		out->port = 993;
		rest = url + 8;
	} else if (strncasecmp(url, "imap://", 7) == 0) {
		out->port = 143;
		rest = url + 7;
	} else {
		return lt_fail(LT_ERR_BAD_SITE, "not an imaps:// or imap:// address");
	}
	hostend = rest + strcspn(rest, "/?#");
	if (*hostend && strcmp(hostend, "/") != 0)
		return lt_fail(LT_ERR_BAD_SITE, "an IMAP address names a server, not a folder (nothing after the port)");
	for (at = NULL, i = 0; rest + i < hostend; i++)
		if (rest[i] == '@')
			at = rest + i;
	if (!at || at == rest)
		return lt_fail(LT_ERR_BAD_SITE, "the address has no user name (imaps://USER@HOST)");
	if (!(out->user = pct_decode(rest, (size_t)(at - rest))))
		return lt_fail(LT_ERR_BAD_SITE, "the user name in the address has a broken %%-escape");
	rest = at + 1;
	if (*rest == '[') {
		const char *close = memchr(rest, ']', (size_t)(hostend - rest));

		if (!close)
			goto bad_host;
		colon = close + 1 < hostend && close[1] == ':' ? close + 1 : NULL;
		if (!colon && close + 1 != hostend)
			goto bad_host;
	} else {
		colon = memchr(rest, ':', (size_t)(hostend - rest));
	}
	{
		const char *he = colon ? colon : hostend;
		size_t n = (size_t)(he - rest);

		if (n == 0 || n > 253)
			goto bad_host;
		for (i = 0; i < n; i++)
			if (!isalnum((unsigned char)rest[i]) && !strchr(".-_[]:", rest[i]))
				goto bad_host;
		if (!(out->host = strndup(rest, n))) {
			lt_imap_url_clear(out);
			return LT_ERR_NOMEM;
		}
	}
	if (colon) {
		unsigned long p = 0;
		const char *d = colon + 1;

		if (d == hostend)
			goto bad_host;
		for (; d < hostend; d++) {
			if (!isdigit((unsigned char)*d) || (p = p * 10 + (unsigned long)(*d - '0')) > 65535)
				goto bad_host;
		}
		if (p == 0)
			goto bad_host;
		out->port = (unsigned)p;
	}
	return LT_OK;
bad_host:
	lt_imap_url_clear(out);
	return lt_fail(LT_ERR_BAD_SITE, "the server in the address is not a host name with an optional port");
}

lt_err lt_imap_url_location(const lt_imap_url *u, char **location)
{
	size_t n = strlen(u->host) + 24;

	if (!(*location = malloc(n)))
		return LT_ERR_NOMEM;
	snprintf(*location, n, "%s://%s:%u", u->tls ? "imaps" : "imap", u->host, u->port);
	return LT_OK;
}

lt_err lt_imap_url_join(const char *location, const char *user, char **url)
{
	const char *rest = strstr(location, "://");
	size_t n, w;
	char *out;

	*url = NULL;
	if (!rest || !user)
		return lt_fail(LT_ERR_CORRUPT_RECORD, "an IMAP source without a server or a user");
	n = strlen(location) + 3 * strlen(user) + 2;
	if (!(out = malloc(n)))
		return LT_ERR_NOMEM;
	w = (size_t)(rest + 3 - location);
	memcpy(out, location, w);
	for (; *user; user++) {
		unsigned char c = (unsigned char)*user;

		if (c <= 0x20 || c >= 0x7F || strchr("%@:/?#[]", c))
			w += (size_t)snprintf(out + w, n - w, "%%%02X", c);
		else
			out[w++] = (char)c;
	}
	snprintf(out + w, n - w, "@%s", rest + 3);
	*url = out;
	return LT_OK;
}

/* Printable ASCII of a server's text, bounded, for error details. */
static void clean_text(const char *s, size_t n, char *out, size_t size)
{
	size_t i, w = 0;

	for (i = 0; i < n && w + 1 < size; i++)
		out[w++] = s[i] >= 0x20 && s[i] < 0x7F ? s[i] : '?';
	out[w] = '\0';
}

static lt_err map_curl(CURLcode rc, const char *errbuf)
{
	char text[CURL_ERROR_SIZE];

	clean_text(errbuf, strlen(errbuf), text, sizeof text);
	if (!text[0])
		snprintf(text, sizeof text, "%s", curl_easy_strerror(rc));
	switch (rc) {
	case CURLE_LOGIN_DENIED:
		return lt_fail(LT_ERR_AUTH, "check the user name and the password (some providers want an app password)");
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_CRL_BADFILE:
		return lt_fail(LT_ERR_TLS, "%s", text);
	case CURLE_USE_SSL_FAILED:
		return lt_fail(LT_ERR_TLS, "the server offers no STARTTLS; leaktrace never logs in without TLS");
	case CURLE_WEIRD_SERVER_REPLY:
		return lt_fail(LT_ERR_PROTOCOL, "%s", text);
	case CURLE_OUT_OF_MEMORY:
		return LT_ERR_NOMEM;
	default:
		return lt_fail(LT_ERR_NETWORK, "%s", text);
	}
}

static lt_err set_options(CURL *h, const lt_imap_options *o, const lt_imap_url *u, char *errbuf)
{
	char url[300];
	long t = o->timeout_s > 0 ? o->timeout_s : 60;
	int bad = 0;

	snprintf(url, sizeof url, "%s://%s:%u/", u->tls ? "imaps" : "imap", u->host, u->port);
	bad |= curl_easy_setopt(h, CURLOPT_URL, url) != CURLE_OK;
	bad |= curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "imap,imaps") != CURLE_OK;
	bad |= curl_easy_setopt(h, CURLOPT_CONNECT_ONLY, 1L) != CURLE_OK;
	bad |= curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L) != CURLE_OK;
	bad |= curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf) != CURLE_OK;
	bad |= curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, t) != CURLE_OK;
	bad |= curl_easy_setopt(h, CURLOPT_TIMEOUT, t) != CURLE_OK;
	bad |= curl_easy_setopt(h, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL) != CURLE_OK;
	bad |= curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L) != CURLE_OK;
	bad |= curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L) != CURLE_OK;
	bad |= curl_easy_setopt(h, CURLOPT_USERNAME, u->user) != CURLE_OK;
	if (o->ca_file)
		bad |= curl_easy_setopt(h, CURLOPT_CAINFO, o->ca_file) != CURLE_OK;
	if (o->oauth2_token) {
		bad |= curl_easy_setopt(h, CURLOPT_XOAUTH2_BEARER, o->oauth2_token) != CURLE_OK;
		bad |= curl_easy_setopt(h, CURLOPT_LOGIN_OPTIONS, "AUTH=XOAUTH2") != CURLE_OK;
	} else {
		bad |= curl_easy_setopt(h, CURLOPT_PASSWORD, o->password ? o->password : "") != CURLE_OK;
	}
	return bad ? lt_fail(LT_ERR_NETWORK, "this libcurl lacks an option leaktrace needs for IMAP") : LT_OK;
}

lt_err lt_imap_connect(const lt_imap_options *o, lt_imap_conn **out)
{
	static int global_done;
	char errbuf[CURL_ERROR_SIZE] = "";
	lt_imap_url u;
	lt_imap_conn *c;
	lt_err e;
	CURLcode rc;

	*out = NULL;
	if ((e = lt_imap_url_parse(o->url, &u)) != LT_OK)
		return e;
	if (!global_done) {
		curl_global_init(CURL_GLOBAL_DEFAULT);
		global_done = 1;
	}
	if (!(c = calloc(1, sizeof *c)) || !(c->curl = curl_easy_init()) || !(c->reader = lt_imap_reader_new())) {
		lt_imap_url_clear(&u);
		lt_imap_close(c);
		return LT_ERR_NOMEM;
	}
	c->timeout_ms = (o->timeout_s > 0 ? o->timeout_s : 60) * 1000;
	e = set_options(c->curl, o, &u, errbuf);
	lt_imap_url_clear(&u);
	if (e == LT_OK && (rc = curl_easy_perform(c->curl)) != CURLE_OK)
		e = map_curl(rc, errbuf);
	if (e == LT_OK && curl_easy_getinfo(c->curl, CURLINFO_ACTIVESOCKET, &c->sock) != CURLE_OK)
		e = lt_fail(LT_ERR_NETWORK, "no connection after the login");
	/* the password and token are not needed again: out of curl's memory */
	curl_easy_setopt(c->curl, CURLOPT_PASSWORD, "");
	curl_easy_setopt(c->curl, CURLOPT_XOAUTH2_BEARER, "");
	curl_easy_setopt(c->curl, CURLOPT_ERRORBUFFER, NULL);
	if (e != LT_OK) {
		lt_imap_close(c);
		return e;
	}
	c->logged_in = 1;
	*out = c;
	return LT_OK;
}

/* Wait until the socket can be read (events POLLIN) or written (POLLOUT). */
static lt_err wait_socket(lt_imap_conn *c, short events)
{
	struct pollfd p = {.fd = c->sock, .events = events};
	int n = poll(&p, 1, c->timeout_ms);

	if (n == 0)
		return lt_fail(LT_ERR_NETWORK, "the server did not answer within %d s", c->timeout_ms / 1000);
	if (n < 0)
		return lt_fail(LT_ERR_NETWORK, "waiting for the server failed");
	return LT_OK;
}

static lt_err send_all(lt_imap_conn *c, const char *buf, size_t len)
{
	while (len > 0) {
		size_t n = 0;
		CURLcode rc = curl_easy_send(c->curl, buf, len, &n);
		lt_err e;

		if (rc == CURLE_AGAIN) {
			if ((e = wait_socket(c, POLLOUT)) != LT_OK)
				return e;
			continue;
		}
		if (rc != CURLE_OK)
			return lt_fail(LT_ERR_NETWORK, "sending to the server failed: %s", curl_easy_strerror(rc));
		buf += n;
		len -= n;
	}
	return LT_OK;
}

/* More bytes from the server into the reader. */
static lt_err receive(lt_imap_conn *c)
{
	for (;;) {
		char *p;
		size_t room, n = 0;
		lt_err e = lt_imap_reader_room(c->reader, 64 * 1024, &p, &room);
		CURLcode rc;

		if (e != LT_OK)
			return e;
		rc = curl_easy_recv(c->curl, p, room, &n);
		if (rc == CURLE_AGAIN) {
			if ((e = wait_socket(c, POLLIN)) != LT_OK)
				return e;
			continue;
		}
		if (rc != CURLE_OK)
			return lt_fail(LT_ERR_NETWORK, "reading from the server failed: %s", curl_easy_strerror(rc));
		if (n == 0)
			return lt_fail(LT_ERR_NETWORK, "the server closed the connection");
		lt_imap_reader_commit(c->reader, n);
		return LT_OK;
	}
}

/* The command's first word, for messages ("UID FETCH" keeps two). */
static void command_name(const char *cmd, char *out, size_t size)
{
	size_t n = strcspn(cmd, " ");

	if (strncasecmp(cmd, "UID ", 4) == 0)
		n = 4 + strcspn(cmd + 4, " ");
	snprintf(out, size, "%.*s", (int)n, cmd);
}

static lt_err read_answer(lt_imap_conn *c, const char *tag, const char *cmd, lt_imap_untagged_fn fn, void *ctx,
			  int *refused)
{
	lt_err first = LT_OK;

	for (;;) {
		lt_imap_response r;
		int got;
		lt_err e = lt_imap_reader_next(c->reader, &r, &got);

		if (e != LT_OK)
			return e;
		if (!got) {
			if ((e = receive(c)) != LT_OK)
				return e;
			continue;
		}
		if (r.kind == LT_IMAP_UNTAGGED && r.ntok > 0 && lt_imap_is(&r.tok[0], "BYE"))
			return lt_fail(LT_ERR_NETWORK, "the server ended the session");
		if (r.kind == LT_IMAP_UNTAGGED) {
			if (first == LT_OK && fn)
				first = fn(&r, ctx);
			continue;
		}
		if (r.kind == LT_IMAP_CONTINUE)
			return lt_fail(LT_ERR_PROTOCOL, "the server asked for more of a command that was whole");
		if (r.tag_len != strlen(tag) || memcmp(r.tag, tag, r.tag_len) != 0)
			return lt_fail(LT_ERR_PROTOCOL, "an answer to a command that was never sent");
		if (r.ntok > 0 && lt_imap_is(&r.tok[0], "OK"))
			return first;
		{
			char name[32], text[160];

			command_name(cmd, name, sizeof name);
			clean_text(r.text ? r.text : "", r.text ? r.text_len : 0, text, sizeof text);
			if (refused)
				*refused = 1;
			return first != LT_OK ? first : lt_fail(LT_ERR_PROTOCOL, "the server refused %s: %s", name, text);
		}
	}
}

lt_err lt_imap_command(lt_imap_conn *c, lt_imap_untagged_fn fn, void *ctx, int *refused, const char *fmt, ...)
{
	char line[COMMAND_MAX], tag[16];
	va_list ap;
	int n, t;
	lt_err e;

	if (refused)
		*refused = 0;
	t = snprintf(tag, sizeof tag, "L%u", ++c->tag);
	memcpy(line, tag, (size_t)t);
	line[t] = ' ';
	va_start(ap, fmt);
	n = vsnprintf(line + t + 1, sizeof line - (size_t)t - 3, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof line - (size_t)t - 3)
		return lt_fail(LT_ERR_TOO_LARGE, "an IMAP command over %d bytes", COMMAND_MAX);
	n += t + 1;
	line[n++] = '\r';
	line[n++] = '\n';
	if ((e = send_all(c, line, (size_t)n)) != LT_OK)
		return e;
	return read_answer(c, tag, line + t + 1, fn, ctx, refused);
}

lt_err lt_imap_quote(const char *name, char *buf, size_t size)
{
	size_t w = 0;

	if (size < 3)
		return LT_ERR_TOO_LARGE;
	buf[w++] = '"';
	for (; *name; name++) {
		unsigned char ch = (unsigned char)*name;

		if (ch < 0x20 || ch > 0x7E) {
			buf[0] = '\0';
			return lt_fail(LT_ERR_BAD_REQUEST, "a folder name with bytes a quoted string cannot hold");
		}
		if (w + 4 >= size) {
			buf[0] = '\0';
			return LT_ERR_TOO_LARGE;
		}
		if (ch == '"' || ch == '\\')
			buf[w++] = '\\';
		buf[w++] = (char)ch;
	}
	buf[w++] = '"';
	buf[w] = '\0';
	return LT_OK;
}

void lt_imap_close(lt_imap_conn *c)
{
	if (!c)
		return;
	if (c->logged_in) {
		char line[32];
		int n = snprintf(line, sizeof line, "L%u LOGOUT\r\n", ++c->tag);
		size_t sent;

		curl_easy_send(c->curl, line, (size_t)n, &sent); /* best effort, not waited for */
	}
	if (c->curl)
		curl_easy_cleanup(c->curl);
	lt_imap_reader_free(c->reader);
	free(c);
}
