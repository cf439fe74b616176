/* SPDX-License-Identifier: MIT */
/* sources_exec.c: `accounts`, `mail`, `phone`, `export` and `import` in the
 * `leaktrace` command. They run in leaktrace-sources: the same command, linked
 * with host/sources and the libraries those readers need (libcurl, GMime,
 * libxml2, SQLite, libcsv) and with OpenSSL for the backups' sealing. This
 * file owns handing a command over to it, with the same arguments, standard
 * streams and language.
 *
 * Why: those libraries and theirs (Kerberos, LDAP, GnuTLS, ICU...) are about
 * forty of the fifty-seven a single program would load, and loading them cost
 * every `leaktrace` call about 15 ms, `trace` and `--version` included (make
 * bench). Reading a mailbox or an export takes seconds; one more program start
 * is nothing there. sources_path.c finds it. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* exec leaktrace-sources --lang L argv...; returns only when it cannot. */
static int run_sources(int argc, char **argv)
{
	char path[PATH_MAX], *self = realpath("/proc/self/exe", NULL);
	char **args = calloc((size_t)argc + 4, sizeof *args);
	int n = 0;

	if (!args) {
		free(self);
		fputs(_("leaktrace: out of memory\n"), stderr);
		return EXIT_FAILED;
	}
	cli_sources_program(path, sizeof path);
	args[n++] = "leaktrace";
	args[n++] = "--lang";
	args[n++] = cli_lang() == LT_LANG_ZH ? "zh" : "en";
	for (int i = 0; i < argc; i++)
		args[n++] = argv[i];
	/* what the mail timer's unit runs: this program, not leaktrace-sources */
	if (self)
		setenv(LT_COMMAND_ENV, self, 1);
	free(self);
	fflush(NULL);
	execv(path, args);
	fprintf(stderr, _("leaktrace: %s could not be started (%s); reinstall leaktrace (make install puts it there)\n"),
		path, strerror(errno));
	free(args);
	return EXIT_FAILED;
}

int cmd_accounts(int argc, char **argv)
{
	return run_sources(argc, argv);
}

int cmd_mail(int argc, char **argv)
{
	return run_sources(argc, argv);
}

int cmd_phone(int argc, char **argv)
{
	return run_sources(argc, argv);
}

int cmd_export(int argc, char **argv)
{
	return run_sources(argc, argv);
}

int cmd_import(int argc, char **argv)
{
	return run_sources(argc, argv);
}
