/* SPDX-License-Identifier: MIT */
/* backup_cmds.c: `leaktrace export` and `leaktrace import` -- moving every
 * record to another machine (core/backup.h does the work).
 *
 * This file owns what only a terminal has: the passphrase, read without echo
 * from /dev/tty (asked twice on export), or from the file descriptor named by
 * LEAKTRACE_PASSPHRASE_FD for scripts and tests -- never from argv, where
 * `ps` and shell history would show it; the progress bar (gnome-keyring takes
 * ~60 ms a write, so a big import is long); and the summary. Passphrase
 * buffers are wiped with lt_wipe as soon as the key is made. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "backup.h"
#include "cli.h"
#include "outfile.h"
#include "primitives.h"

#define PASS_ENV "LEAKTRACE_PASSPHRASE_FD"
#define PASS_MIN 8 /* on export: the passphrase is all that guards the keys in the file */

enum { OPT_PLAIN = 1100, OPT_FORCE };

typedef struct {
	char text[LT_PASSPHRASE_MAX + 1];
	size_t len;
} passphrase;

static void pass_wipe(passphrase *p)
{
	lt_wipe(p, sizeof *p);
}

/* ---- reading a passphrase ------------------------------------------------ */

static volatile sig_atomic_t caught_signal;

static void on_signal(int sig)
{
	caught_signal = sig;
}

/* One line from fd, without its newline. -1 on error or interruption, -2 when too long. */
static int read_line(int fd, passphrase *p)
{
	char c;
	ssize_t n;
	int too_long = 0;

	p->len = 0;
	while ((n = read(fd, &c, 1)) != 0) {
		if (n < 0 && errno == EINTR && !caught_signal)
			continue;
		if (n < 0)
			return -1;
		if (c == '\n')
			break;
		if (p->len < LT_PASSPHRASE_MAX)
			p->text[p->len++] = c;
		else
			too_long = 1;
	}
	if (p->len > 0 && p->text[p->len - 1] == '\r')
		p->len--;
	p->text[p->len] = '\0';
	return too_long ? -2 : 0;
}

static const int tty_signals[] = {SIGINT, SIGHUP, SIGQUIT, SIGTERM, SIGTSTP, SIGTTIN, SIGTTOU};
#define NSIGNALS (sizeof tty_signals / sizeof tty_signals[0])

/* Prompt on the terminal and read with echo off; a signal restores the
 * terminal first, then takes its course. */
static int tty_ask(int tty, const char *prompt, passphrase *p)
{
	struct sigaction sa, saved[NSIGNALS];
	struct termios old, quiet;
	size_t i;
	int rc;

	if (tcgetattr(tty, &old) != 0)
		return -1;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal; /* no SA_RESTART: read() returns on a signal */
	sigemptyset(&sa.sa_mask);
	caught_signal = 0;
	for (i = 0; i < NSIGNALS; i++)
		sigaction(tty_signals[i], &sa, &saved[i]);
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	(void)!write(tty, prompt, strlen(prompt));
	rc = tcsetattr(tty, TCSAFLUSH, &quiet) == 0 ? read_line(tty, p) : -1;
	tcsetattr(tty, TCSAFLUSH, &old);
	(void)!write(tty, "\n", 1);
	for (i = 0; i < NSIGNALS; i++)
		sigaction(tty_signals[i], &saved[i], NULL);
	if (caught_signal)
		raise(caught_signal);
	return caught_signal ? -1 : rc;
}

/* The descriptor number in LEAKTRACE_PASSPHRASE_FD, -1 when unset, -2 when not a number. */
static int pass_fd(void)
{
	const char *v = getenv(PASS_ENV);
	char *end;
	long fd;

	if (!v || !*v)
		return -1;
	errno = 0;
	fd = strtol(v, &end, 10);
	return *end || errno || fd < 0 || fd > INT_MAX ? -2 : (int)fd;
}

static int from_fd(int fd, passphrase *p)
{
	int rc = read_line(fd, p);

	if (fd > STDERR_FILENO)
		close(fd);
	if (rc == -2)
		fprintf(stderr, _("leaktrace: the passphrase is over %d bytes\n"), LT_PASSPHRASE_MAX);
	else if (rc != 0)
		fprintf(stderr, _("leaktrace: cannot read the passphrase from %s: %s\n"), PASS_ENV, strerror(errno));
	return rc;
}

static int from_tty(int twice, passphrase *p)
{
	int tty = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY), rc;
	passphrase again;

	if (tty < 0) {
		fprintf(stderr, _("leaktrace: no terminal to ask for the passphrase: give it on a file descriptor, e.g.\n"
				  "  %s=3 leaktrace ... 3<passphrase-file\n"), PASS_ENV);
		return -1;
	}
	rc = tty_ask(tty, _("Passphrase: "), p);
	if (rc == 0 && twice && (rc = tty_ask(tty, _("Passphrase again: "), &again)) == 0 &&
	    (again.len != p->len || memcmp(again.text, p->text, p->len) != 0)) {
		fputs(_("leaktrace: the two passphrases differ\n"), stderr);
		rc = -1;
	}
	pass_wipe(&again);
	close(tty);
	if (rc == -2)
		fprintf(stderr, _("leaktrace: the passphrase is over %d bytes\n"), LT_PASSPHRASE_MAX);
	return rc;
}

/* Ask (twice on export) or read from LEAKTRACE_PASSPHRASE_FD. 0 on success. */
static int get_passphrase(int for_export, passphrase *p)
{
	int fd = pass_fd(), rc;

	if (fd == -2) {
		fprintf(stderr, _("leaktrace: %s must be a file descriptor number\n"), PASS_ENV);
		return -1;
	}
	rc = fd >= 0 ? from_fd(fd, p) : from_tty(for_export, p);
	if (rc == 0 && p->len == 0) {
		fputs(_("leaktrace: the passphrase is empty\n"), stderr);
		rc = -1;
	} else if (rc == 0 && for_export && p->len < PASS_MIN) {
		fprintf(stderr, _("leaktrace: use a passphrase of at least %d characters: it is all that guards "
				  "your keys in the file\n"), PASS_MIN);
		rc = -1;
	}
	if (rc != 0)
		pass_wipe(p);
	return rc;
}

/* ---- export -------------------------------------------------------------- */

typedef struct {
	const char *out;
	int plain, force, json;
} backup_opts;

static int parse(const char *name, const char *shortopts, int argc, char **argv, backup_opts *o)
{
	static const struct option opts[] = {
		{"output", 1, 0, 'o'},      {"plain", 0, 0, OPT_PLAIN}, {"force", 0, 0, OPT_FORCE},
		{"json", 0, 0, OPT_JSON},   {0, 0, 0, 0},
	};
	int c;

	for (optind = 1, opterr = 0, cli_opt_argv = argv; (c = getopt_long(argc, argv, shortopts, opts, NULL)) != -1;) {
		switch (c) {
		case 'o': o->out = optarg; break;
		case OPT_PLAIN: o->plain = 1; break;
		case OPT_FORCE: o->force = 1; break;
		case OPT_JSON: o->json = 1; break;
		default: return cli_usage_error(cli_find_command(name), "unknown option");
		}
	}
	return EXIT_DONE;
}

/* "4 accounts, 4 incidents, 1 alias, 1 key and 2 settings" (into buf). */
static const char *counts_text(const lt_backup_stats *st, char *buf, size_t size)
{
	snprintf(buf, size, _("%zu %s, %zu %s, %zu %s, %zu %s and %zu %s"), st->count[0],
		 ngettext("account", "accounts", st->count[0]), st->count[1], ngettext("incident", "incidents", st->count[1]),
		 st->count[2], ngettext("alias", "aliases", st->count[2]), st->count[3], ngettext("key", "keys", st->count[3]),
		 st->count[4], ngettext("setting", "settings", st->count[4]));
	return buf;
}

/* The document, sealed unless plain; *out malloc'd. */
static lt_err make_file(const backup_opts *o, const passphrase *p, unsigned char **out, size_t *len,
			lt_backup_stats *st)
{
	lt_store *store = lt_store_new();
	char *json = NULL;
	size_t jlen = 0;
	lt_err e = lt_backup_collect(store, o->plain, &json, &jlen, st);

	lt_store_free(store);
	if (e == LT_OK && o->plain) {
		*out = (unsigned char *)json;
		*len = jlen;
		return LT_OK;
	}
	if (e == LT_OK)
		e = lt_backup_seal(p->text, p->len, NULL, json, jlen, out, len);
	if (json)
		lt_wipe(json, jlen);
	free(json);
	return e;
}

static int do_export(const backup_opts *o)
{
	passphrase p = {0};
	lt_backup_stats st;
	char counts[256];
	unsigned char *buf = NULL;
	size_t len = 0;
	lt_err e;
	int rc;

	if ((rc = cli_check_output(o->out, o->force)) != EXIT_DONE)
		return rc;
	if (o->plain)
		fprintf(stderr, _("warning: --plain writes your records and alias keys readable: anyone with access to "
				  "%s can read them\n"), o->out);
	else if (get_passphrase(1, &p) != 0)
		return EXIT_USAGE;
	e = make_file(o, &p, &buf, &len, &st);
	pass_wipe(&p);
	if (e == LT_OK)
		e = lt_outfile_write(o->out, buf, len, o->force);
	if (buf)
		lt_wipe(buf, len);
	free(buf);
	if (e == LT_ERR_IO)
		return cli_fail_output(e, o->out);
	if (e != LT_OK)
		return cli_fail(e, "cannot export");
	printf(o->plain ? _("Exported %s to %s (plain JSON).\n") : _("Exported %s to %s (encrypted with your passphrase).\n"),
	       counts_text(&st, counts, sizeof counts), o->out);
	if (st.unreadable)
		fprintf(stderr, ngettext("warning: %zu keyring item could not be read and is not in the backup\n", "warning: %zu keyring items could not be read and are not in the backup\n", st.unreadable), st.unreadable);
	return EXIT_DONE;
}

int cmd_export(int argc, char **argv)
{
	backup_opts o = {0};
	int rc = parse("export", "o:", argc, argv, &o);

	if (rc != EXIT_DONE)
		return rc;
	if (!o.out || optind != argc || o.json)
		return cli_usage_error(cli_find_command("export"), "give the file to write with -o FILE");
	return do_export(&o);
}

/* ---- import -------------------------------------------------------------- */

/* A problem with the file itself: say so in one line, and that nothing was written. */
static int refuse(const char *file, lt_err e)
{
	if (e != LT_ERR_CORRUPT_RECORD && e != LT_ERR_BAD_UTF8 && e != LT_ERR_TOO_LARGE)
		return cli_fail(e, "cannot import");
	fprintf(stderr, _("leaktrace: cannot import %s: %s; nothing was written\n"), file, lt_err_detail_text());
	return EXIT_USAGE;
}

/* The file's JSON text: decrypted unless plain. Refuses the wrong kind of file. */
static lt_err file_text(const backup_opts *o, unsigned char *raw, size_t len, char **json,
			size_t *jlen)
{
	passphrase p = {0};
	lt_err e;

	if (o->plain && lt_backup_is_sealed(raw, len))
		return lt_fail(LT_ERR_CORRUPT_RECORD, "it is encrypted: import it without --plain");
	if (o->plain) {
		*json = (char *)raw;
		*jlen = len;
		return LT_OK;
	}
	if (!lt_backup_is_sealed(raw, len))
		return lt_fail(LT_ERR_CORRUPT_RECORD, "not an encrypted leaktrace backup%s",
			       len && raw[0] == '{' ? " (a plain export? add --plain)" : "");
	if (get_passphrase(0, &p) != 0)
		return lt_fail(LT_ERR_BAD_REQUEST, "no passphrase");
	e = lt_backup_open(p.text, p.len, raw, len, json, jlen);
	pass_wipe(&p);
	return e;
}

static void sums(const lt_restore_result *r, size_t *added, size_t *merged, size_t *skipped)
{
	int k;

	*added = *merged = *skipped = 0;
	for (k = 0; k < LT_BK_KINDS; k++) {
		*added += r->added[k];
		*merged += r->merged[k];
		*skipped += r->skipped[k];
	}
}

static void print_json_summary(const lt_restore_result *r)
{
	cJSON *o = cJSON_CreateObject(), *conflicts;
	size_t added, merged, skipped, i;
	int k;

	sums(r, &added, &merged, &skipped);
	cJSON_AddNumberToObject(o, "added", (double)added);
	cJSON_AddNumberToObject(o, "merged", (double)merged);
	cJSON_AddNumberToObject(o, "skipped", (double)skipped);
	for (k = 0; k < LT_BK_KINDS; k++) {
		cJSON *kind = cJSON_AddObjectToObject(o, lt_backup_kind_name(k));

		cJSON_AddNumberToObject(kind, "added", (double)r->added[k]);
		cJSON_AddNumberToObject(kind, "merged", (double)r->merged[k]);
		cJSON_AddNumberToObject(kind, "skipped", (double)r->skipped[k]);
	}
	conflicts = cJSON_AddArrayToObject(o, "key_conflicts");
	for (i = 0; i < r->nkey_conflicts; i++)
		cJSON_AddItemToArray(conflicts, cJSON_CreateString(r->key_conflicts[i]));
	cli_print_json(o);
}

static void print_summary(const lt_restore_result *r, int json)
{
	size_t added, merged, skipped, i;

	for (i = 0; i < r->nkey_conflicts; i++)
		fprintf(stderr, _("warning: the backup's \"%s\" key differs from this keyring's; this keyring's is kept%s\n"),
			r->key_conflicts[i],
			strcmp(r->key_conflicts[i], "alias") == 0
				? _(" (aliases issued with the other key still trace through their imported alias records)")
				: "");
	if (json) {
		print_json_summary(r);
		return;
	}
	sums(r, &added, &merged, &skipped);
	printf(_("Imported: %zu added, %zu merged, %zu skipped (already here).\n"), added, merged, skipped);
}

static int restore(lt_backup *b, int json)
{
	lt_store *store = lt_store_new();
	lt_restore_result r;
	size_t added, merged, skipped;
	lt_err e = lt_backup_restore(store, b, isatty(STDERR_FILENO) ? cli_progress : NULL, NULL, &r);

	lt_store_free(store);
	if (e != LT_OK) {
		int rc;

		sums(&r, &added, &merged, &skipped);
		if (isatty(STDERR_FILENO))
			fputc('\n', stderr);
		rc = cli_fail(e, "import stopped");
		fprintf(stderr, "%zu record(s) were written before it; run the import again to finish "
				"(records already here are skipped)\n", added + merged);
		lt_restore_result_clear(&r);
		return rc;
	}
	print_summary(&r, json);
	lt_restore_result_clear(&r);
	return EXIT_DONE;
}

static int do_import(const char *file, const backup_opts *o)
{
	unsigned char *raw = NULL;
	char *json = NULL;
	size_t len = 0, jlen = 0;
	lt_backup *b = NULL;
	int rc;
	lt_err e = lt_backup_read_file(file, &raw, &len);

	if (e != LT_OK)
		return e == LT_ERR_TOO_LARGE ? refuse(file, e) : cli_fail(e, "cannot read the backup");
	e = file_text(o, raw, len, &json, &jlen);
	if (e == LT_OK)
		e = lt_backup_parse(json, jlen, &b);
	if (json && json != (char *)raw) {
		lt_wipe(json, jlen);
		free(json);
	}
	lt_wipe(raw, len);
	free(raw);
	if (e == LT_ERR_BAD_REQUEST)
		return EXIT_USAGE; /* no passphrase: already said why */
	if (e != LT_OK)
		return refuse(file, e);
	rc = restore(b, o->json);
	lt_backup_free(b);
	return rc;
}

int cmd_import(int argc, char **argv)
{
	backup_opts o = {0};
	int rc = parse("import", "", argc, argv, &o);

	if (rc != EXIT_DONE)
		return rc;
	if (optind != argc - 1 || o.out || o.force)
		return cli_usage_error(cli_find_command("import"), "give one backup file to import");
	if ((rc = cli_check_input(argv[optind])) != EXIT_DONE)
		return rc;
	return do_import(argv[optind], &o);
}
