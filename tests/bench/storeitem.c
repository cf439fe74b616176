/* SPDX-License-Identifier: MIT */
/* storeitem.c: `secret-tool store` without its 8 KiB limit on the secret.
 *
 *   storeitem LABEL NAME VALUE [NAME VALUE ...] < SECRET
 *
 * Connects to the Secret Service (with an encrypted session, as leaktrace and
 * secret-tool do) and stores all of stdin as one item of the default
 * collection with those attributes, replacing an item that has the same ones.
 * The baseline for writing one large leaktrace item (the breach catalogue):
 * secret-tool store silently keeps only the first 8192 bytes of its input. */
#define _POSIX_C_SOURCE 200809L
#define SECRET_API_SUBJECT_TO_CHANGE 1
#include <libsecret/secret.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	GHashTable *attrs;
	SecretService *svc;
	SecretValue *value;
	GError *err = NULL;
	size_t len = 0, cap = 1 << 16, got;
	char *buf = malloc(cap);
	int i;

	if (argc < 4 || argc % 2 || !buf) {
		fprintf(stderr, "usage: storeitem LABEL NAME VALUE [NAME VALUE ...] < SECRET\n");
		return 2;
	}
	while ((got = fread(buf + len, 1, cap - len, stdin)) > 0) {
		len += got;
		if (len == cap && !(buf = realloc(buf, cap *= 2)))
			return 1;
	}
	attrs = g_hash_table_new(g_str_hash, g_str_equal);
	for (i = 2; i + 1 < argc; i += 2)
		g_hash_table_insert(attrs, argv[i], argv[i + 1]);
	svc = secret_service_get_sync(SECRET_SERVICE_OPEN_SESSION, NULL, &err);
	if (!svc) {
		fprintf(stderr, "storeitem: cannot reach the Secret Service: %s\n", err->message);
		return 1;
	}
	value = secret_value_new(buf, (gssize)len, "text/plain");
	if (!secret_service_store_sync(svc, NULL, attrs, NULL, argv[1], value, NULL, &err)) {
		fprintf(stderr, "storeitem: %s\n", err->message);
		return 1;
	}
	secret_value_unref(value);
	g_hash_table_unref(attrs);
	g_object_unref(svc);
	free(buf);
	return 0;
}
