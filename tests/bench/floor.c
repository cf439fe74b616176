/* SPDX-License-Identifier: MIT */
/* floor.c: the two-call floor for reading leaktrace accounts out of the keyring.
 *
 * What `leaktrace list` (or `trace`) cannot beat: connect to the Secret Service
 * (with an encrypted session, as leaktrace opens one), one SearchItems for
 * xdg:schema=org.leaktrace.Account (plus any NAME VALUE attribute pairs given),
 * then one batch GetSecrets for every item found. Nothing is parsed or printed
 * but a summary line, so whole-process timing of this program (hyperfine) is
 * the floor for a whole `leaktrace list --json` process.
 *
 *   floor [-r REPEAT] [NAME VALUE ...]
 *
 * Prints one line to stdout:
 *   items=N bytes=B connect_ms=C calls_ms=M calls_ms_min=L
 * where calls_ms is the in-process median of REPEAT (default 1) rounds of the
 * two calls on the one connection and bytes is the total size of the secrets. */
#define _POSIX_C_SOURCE 200809L
#define SECRET_API_SUBJECT_TO_CHANGE 1
#include <libsecret/secret.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "benchclock.h"

/* One SearchItems plus one GetSecrets; returns the number of secrets or -1. */
static long two_calls(SecretService *svc, GHashTable *attrs, size_t *bytes)
{
	gchar **unlocked = NULL, **locked = NULL;
	GHashTable *secrets;
	GHashTableIter it;
	gpointer path, value;
	GError *err = NULL;
	long n;

	if (!secret_service_search_for_dbus_paths_sync(svc, NULL, attrs, NULL, &unlocked, &locked, &err)) {
		fprintf(stderr, "floor: SearchItems: %s\n", err->message);
		g_error_free(err);
		return -1;
	}
	if (locked && locked[0])
		fprintf(stderr, "floor: warning: %u locked items ignored\n", g_strv_length(locked));
	g_strfreev(locked);
	*bytes = 0;
	if (!unlocked || !unlocked[0]) {
		g_strfreev(unlocked);
		return 0;
	}
	secrets = secret_service_get_secrets_for_dbus_paths_sync(svc, (const gchar **)unlocked, NULL, &err);
	g_strfreev(unlocked);
	if (!secrets) {
		fprintf(stderr, "floor: GetSecrets: %s\n", err->message);
		g_error_free(err);
		return -1;
	}
	g_hash_table_iter_init(&it, secrets);
	while (g_hash_table_iter_next(&it, &path, &value)) {
		gsize len;

		secret_value_get(value, &len);
		*bytes += len;
	}
	n = (long)g_hash_table_size(secrets);
	g_hash_table_unref(secrets);
	return n;
}

int main(int argc, char **argv)
{
	int repeat = 1, i, argi = 1;
	double t0, connect_ms, *rounds;
	GHashTable *attrs;
	SecretService *svc;
	GError *err = NULL;
	size_t bytes = 0;
	long n = 0;

	if (argc > 2 && strcmp(argv[1], "-r") == 0) {
		repeat = atoi(argv[2]);
		argi = 3;
	}
	if (repeat < 1 || (argc - argi) % 2) {
		fprintf(stderr, "usage: floor [-r REPEAT] [NAME VALUE ...]\n");
		return 2;
	}
	attrs = g_hash_table_new(g_str_hash, g_str_equal);
	g_hash_table_insert(attrs, "xdg:schema", "org.leaktrace.Account");
	for (i = argi; i + 1 < argc; i += 2)
		g_hash_table_insert(attrs, argv[i], argv[i + 1]);

	t0 = now_ms();
	svc = secret_service_get_sync(SECRET_SERVICE_OPEN_SESSION, NULL, &err);
	if (!svc) {
		fprintf(stderr, "floor: cannot reach the Secret Service: %s\n", err->message);
		return 1;
	}
	connect_ms = now_ms() - t0;
	rounds = calloc((size_t)repeat, sizeof *rounds);
	if (!rounds)
		return 1;
	for (i = 0; i < repeat; i++) {
		t0 = now_ms();
		n = two_calls(svc, attrs, &bytes);
		rounds[i] = now_ms() - t0;
		if (n < 0)
			return 1;
	}
	qsort(rounds, (size_t)repeat, sizeof *rounds, cmp_double);
	printf("items=%ld bytes=%zu connect_ms=%.3f calls_ms=%.3f calls_ms_min=%.3f\n", n, bytes, connect_ms,
	       repeat % 2 ? rounds[repeat / 2] : (rounds[repeat / 2 - 1] + rounds[repeat / 2]) / 2, rounds[0]);
	free(rounds);
	g_hash_table_unref(attrs);
	g_object_unref(svc);
	return 0;
}
