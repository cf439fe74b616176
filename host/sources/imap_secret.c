/* SPDX-License-Identifier: MIT */
/* imap_secret.c: IMAP logins in the keyring and the OAuth2 token command
 * (imap_secret.h). Writes take the lock (lock.h), like every
 * read-modify-write of the keyring. */
#include "imap_secret.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "lock.h"
#include "primitives.h"
#include "setting.h"

void lt_imap_wipe_free(char *s)
{
	if (s) {
		lt_wipe(s, strlen(s));
		free(s);
	}
}

void lt_imap_secret_clear(lt_imap_secret *sec)
{
	lt_imap_wipe_free(sec->password);
	free(sec->oauth2_command);
	free(sec->ca_file);
	memset(sec, 0, sizeof *sec);
}

/* The whole setting, {} when never made. */
static lt_err load(lt_store *s, cJSON **all)
{
	lt_err e = lt_setting_get(s, LT_IMAP_SET_SECRETS, all);

	if (e == LT_OK && !*all && !(*all = cJSON_CreateObject()))
		e = LT_ERR_NOMEM;
	if (e == LT_OK && !cJSON_IsObject(*all)) {
		cJSON_Delete(*all);
		*all = NULL;
		e = lt_fail(LT_ERR_CORRUPT_RECORD, "the setting %s is not of its shape", LT_IMAP_SET_SECRETS);
	}
	return e;
}

/* Wipe every string of the JSON before it is freed: it held passwords. */
static void wipe_json(cJSON *j)
{
	cJSON *c;

	if (!j)
		return;
	if (cJSON_IsString(j) && j->valuestring)
		lt_wipe(j->valuestring, strlen(j->valuestring));
	cJSON_ArrayForEach(c, j)
		wipe_json(c);
}

static void wipe_delete(cJSON *j)
{
	wipe_json(j);
	cJSON_Delete(j);
}

/* Change the setting under the lock: entry set to `one` (NULL: dropped). */
static lt_err change(lt_store *s, const char *name, cJSON *one)
{
	cJSON *all = NULL;
	int fd;
	lt_err e = lt_lock_take(&fd);

	if (e != LT_OK) {
		wipe_delete(one);
		return e;
	}
	if ((e = load(s, &all)) == LT_OK) {
		cJSON_DeleteItemFromObjectCaseSensitive(all, name);
		if (one)
			cJSON_AddItemToObject(all, name, one);
		one = NULL;
		e = lt_setting_put(s, LT_IMAP_SET_SECRETS, all);
	}
	lt_lock_release(fd);
	wipe_delete(one);
	wipe_delete(all);
	return e;
}

lt_err lt_imap_secret_put(lt_store *s, const char *name, const lt_imap_secret *sec)
{
	cJSON *one = cJSON_CreateObject();

	if (!one)
		return LT_ERR_NOMEM;
	if (sec->password)
		cJSON_AddStringToObject(one, "password", sec->password);
	if (sec->oauth2_command)
		cJSON_AddStringToObject(one, "oauth2_command", sec->oauth2_command);
	if (sec->ca_file)
		cJSON_AddStringToObject(one, "ca_file", sec->ca_file);
	return change(s, name, one);
}

lt_err lt_imap_secret_drop(lt_store *s, const char *name)
{
	return change(s, name, NULL);
}

static char *field(const cJSON *o, const char *name)
{
	const char *v = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, name));

	return v ? strdup(v) : NULL;
}

lt_err lt_imap_secret_get(lt_store *s, const char *name, lt_imap_secret *out)
{
	cJSON *all = NULL;
	const cJSON *one;
	lt_err e = load(s, &all);

	memset(out, 0, sizeof *out);
	if (e != LT_OK)
		return e;
	one = cJSON_GetObjectItemCaseSensitive(all, name);
	if (!cJSON_IsObject(one)) {
		e = lt_fail(LT_ERR_NOT_FOUND, "no login stored for the IMAP source %.100s: add it again with mail add imap",
			    name);
	} else {
		out->password = field(one, "password");
		out->oauth2_command = field(one, "oauth2_command");
		out->ca_file = field(one, "ca_file");
		if (!out->password && !out->oauth2_command)
			e = lt_fail(LT_ERR_CORRUPT_RECORD, "the login of an IMAP source has no password and no token command");
	}
	wipe_delete(all);
	if (e != LT_OK)
		lt_imap_secret_clear(out);
	return e;
}

lt_err lt_imap_oauth2_token(const char *command, char **token)
{
	char *buf = calloc(1, LT_IMAP_TOKEN_MAX + 2);
	FILE *p;
	size_t n = 0;
	int status;

	*token = NULL;
	if (!buf)
		return LT_ERR_NOMEM;
	if (!(p = popen(command, "r"))) {
		free(buf);
		return lt_fail(LT_ERR_AUTH, "the OAuth2 token command could not be started");
	}
	n = fread(buf, 1, LT_IMAP_TOKEN_MAX + 1, p);
	while (fgetc(p) != EOF) /* the rest, so the command is not killed by a broken pipe */
		;
	status = pclose(p);
	buf[n < LT_IMAP_TOKEN_MAX ? n : LT_IMAP_TOKEN_MAX] = '\0';
	buf[strcspn(buf, "\r\n")] = '\0';
	if (status != 0 || !buf[0] || n > LT_IMAP_TOKEN_MAX) {
		lt_imap_wipe_free(buf);
		if (status != 0)
			return lt_fail(LT_ERR_AUTH, "the OAuth2 token command failed (exit %d)",
				       WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		return lt_fail(LT_ERR_AUTH, n > LT_IMAP_TOKEN_MAX ? "the OAuth2 token command printed over 16 KiB"
								 : "the OAuth2 token command printed no token");
	}
	*token = buf;
	return LT_OK;
}
