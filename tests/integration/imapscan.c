/* SPDX-License-Identifier: MIT */
/* imapscan: the IMAP transport (imap.h) driven alone against the tests' real
 * dovecot, until `leaktrace mail scan` reads IMAP sources: each message as a
 * JSON line (folder, flags, UID, arrival, the header's length and SHA-256 and
 * its Subject line), positions kept in a JSON file between runs, errors as
 * the CLI prints them ("imapscan: CODE: detail", exit 2 for a refused login
 * or a bad address, 4 for the rest).
 *   imapscan URL --password-fd N | --oauth2-command CMD [--ca-file F] [--state FILE] [--timeout S] */
#include <cjson/cJSON.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "imap.h"
#include "imap_secret.h"
#include "timefmt.h"

typedef struct {
	cJSON *state;
} driver;

static lt_err on_message(const lt_imap_message *m, void *ctx)
{
	unsigned char md[SHA256_DIGEST_LENGTH];
	char hex[2 * SHA256_DIGEST_LENGTH + 1], when[LT_TIME_LEN] = "";
	const char *subj = NULL, *p;
	int subj_len = 0, i;
	cJSON *j = cJSON_CreateObject();
	char *line;

	(void)ctx;
	SHA256((const unsigned char *)m->header, m->header_len, md);
	for (i = 0; i < SHA256_DIGEST_LENGTH; i++)
		sprintf(hex + 2 * i, "%02x", md[i]);
	for (p = m->header; p && p < m->header + m->header_len; p = memchr(p, '\n', (size_t)(m->header + m->header_len - p)), p = p ? p + 1 : NULL)
		if ((size_t)(m->header + m->header_len - p) > 9 && strncasecmp(p, "Subject: ", 9) == 0) {
			subj = p + 9;
			subj_len = (int)strcspn(subj, "\r\n");
			break;
		}
	if (m->arrived)
		lt_time_format(m->arrived, when);
	cJSON_AddStringToObject(j, "folder", m->folder);
	cJSON_AddBoolToObject(j, "junk_folder", m->junk_folder);
	cJSON_AddBoolToObject(j, "junk_keyword", m->junk_keyword);
	cJSON_AddBoolToObject(j, "seen", m->seen);
	cJSON_AddNumberToObject(j, "uid", m->uid);
	cJSON_AddNumberToObject(j, "uidvalidity", m->uidvalidity);
	cJSON_AddStringToObject(j, "key", m->key);
	cJSON_AddStringToObject(j, "arrived", when);
	cJSON_AddNumberToObject(j, "header_len", (double)m->header_len);
	cJSON_AddStringToObject(j, "header_sha256", hex);
	if (subj) {
		char *s = strndup(subj, (size_t)subj_len);
		cJSON_AddStringToObject(j, "subject", s);
		free(s);
	}
	line = cJSON_PrintUnformatted(j);
	puts(line);
	free(line);
	cJSON_Delete(j);
	return LT_OK;
}

static lt_err get_position(const char *folder, uint32_t *uv, uint32_t *last, void *ctx)
{
	driver *d = ctx;
	cJSON *f = cJSON_GetObjectItemCaseSensitive(d->state, folder);

	*uv = *last = 0;
	if (cJSON_IsString(f) && sscanf(f->valuestring, "%u:%u", uv, last) != 2)
		*uv = *last = 0;
	return LT_OK;
}

static lt_err set_position(const char *folder, uint32_t uv, uint32_t last, void *ctx)
{
	driver *d = ctx;
	char v[32];

	snprintf(v, sizeof v, "%u:%u", uv, last);
	cJSON_DeleteItemFromObjectCaseSensitive(d->state, folder);
	cJSON_AddStringToObject(d->state, folder, v);
	return LT_OK;
}

static char *read_fd(int fd)
{
	char buf[1024];
	size_t n = 0;
	ssize_t r;

	while (n < sizeof buf - 1 && (r = read(fd, buf + n, sizeof buf - 1 - n)) > 0)
		n += (size_t)r;
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		n--;
	buf[n] = '\0';
	return strdup(buf);
}

static cJSON *load_state(const char *path)
{
	FILE *f = path ? fopen(path, "r") : NULL;
	char buf[65536];
	size_t n;
	cJSON *j = NULL;

	if (f) {
		n = fread(buf, 1, sizeof buf - 1, f);
		buf[n] = '\0';
		j = cJSON_Parse(buf);
		fclose(f);
	}
	return j ? j : cJSON_CreateObject();
}

int main(int argc, char **argv)
{
	lt_imap_options o = {0};
	lt_imap_handler h = {.message = on_message, .position = get_position, .set_position = set_position};
	lt_imap_stats st;
	driver d;
	const char *state = NULL;
	char *password = NULL, *token = NULL, *out;
	lt_err e;
	int i;

	if (argc < 2) {
		fprintf(stderr, "usage: imapscan URL --password-fd N | --oauth2-command CMD [--ca-file F] [--state FILE] [--timeout S] [--since EPOCH]\n");
		return 2;
	}
	o.url = argv[1];
	for (i = 2; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--password-fd") == 0)
			password = read_fd(atoi(argv[i + 1]));
		else if (strcmp(argv[i], "--oauth2-command") == 0) {
			if ((e = lt_imap_oauth2_token(argv[i + 1], &token)) != LT_OK) {
				fprintf(stderr, "imapscan: %s: %s\n", lt_err_name(e), lt_err_detail());
				return 2;
			}
		} else if (strcmp(argv[i], "--ca-file") == 0)
			o.ca_file = argv[i + 1];
		else if (strcmp(argv[i], "--state") == 0)
			state = argv[i + 1];
		else if (strcmp(argv[i], "--timeout") == 0)
			o.timeout_s = atoi(argv[i + 1]);
		else if (strcmp(argv[i], "--since") == 0)
			o.since = (time_t)atoll(argv[i + 1]);
	}
	o.password = password;
	o.oauth2_token = token;
	d.state = load_state(state);
	h.ctx = &d;
	e = lt_imap_scan(&o, &h, &st);
	free(password);
	lt_imap_wipe_free(token);
	if (state && e == LT_OK) {
		FILE *f = fopen(state, "w");

		out = cJSON_PrintUnformatted(d.state);
		if (f) {
			fputs(out, f);
			fclose(f);
		}
		free(out);
	}
	cJSON_Delete(d.state);
	if (e != LT_OK) {
		fprintf(stderr, "imapscan: %s: %s\n", lt_err_name(e), lt_err_detail());
		return e == LT_ERR_AUTH || e == LT_ERR_BAD_SITE ? 2 : 4;
	}
	printf("{\"stats\":{\"folders\":%zu,\"messages\":%zu,\"refetched\":%zu,\"junk\":\"%s\",\"junk_by_name\":%s}}\n",
	       st.folders, st.messages, st.refetched, st.junk, st.junk_by_name ? "true" : "false");
	return 0;
}
