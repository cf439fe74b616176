/* SPDX-License-Identifier: MIT */
/* cli.h: what the parts of the `leaktrace` command share: the subcommand
 * signature, exit codes, and the rendering helpers of render.c. */
#ifndef LT_CLI_H
#define LT_CLI_H

#include <cjson/cJSON.h>
#include <libintl.h>
#include <stdio.h>

#include "error.h"
#include "evidence.h"
#include "keyring.h"
#include "record.h"

/* Exit codes, documented in --help and the README. */
enum {
	EXIT_DONE = 0,      /* found / done */
	EXIT_NOTHING = 1,   /* nothing found */
	EXIT_USAGE = 2,     /* bad command line or bad input */
	EXIT_KEYRING = 3,   /* keyring unavailable or locked */
	EXIT_FAILED = 4,    /* anything else went wrong */
};

/* Every string a person reads goes through _() (i18n.c); N_() marks one for
 * xgettext where it is translated later (static tables). */
#define _(s) gettext(s)
#define N_(s) (s)

/* Set the locale from the environment and bind the catalogue; lang_name (from
 * --lang, or NULL) overrides. -1 when lang_name is not zh or en. */
int cli_i18n_init(const char *lang_name);
/* The language the messages are in (the evidence report's default). */
lt_lang cli_lang(void);
/* The core's message for e, translated (the one place that does it). */
const char *cli_err_text(lt_err e);

typedef struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
	const char *usage; /* full help text */
} lt_command;

/* Print "leaktrace: MESSAGE: DETAIL" and a hint on stderr; return the exit code for e. */
int cli_fail(lt_err e, const char *what);
/* Before any work: can the file named by -o be written (outfile.h)? Prints
 * why not and returns EXIT_USAGE, else EXIT_DONE. */
int cli_check_output(const char *path, int force);
/* Before reading FILE: "cannot open FILE: No such file or directory" and
 * EXIT_USAGE when it cannot be opened, else EXIT_DONE. */
int cli_check_input(const char *path);
/* Writing it failed: "exists" and "not a regular file" exit 2, the rest 4. */
int cli_fail_output(lt_err e, const char *path);
/* Usage error: print the message and the command's usage line; returns EXIT_USAGE.
 * fmt "unknown option" after getopt_long (opterr 0) names the option instead. */
int cli_usage_error(const lt_command *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const lt_command *cli_find_command(const char *name);
/* Handle --help / -h for a subcommand: prints and returns 1 when asked. */
int cli_wants_help(const lt_command *cmd, int argc, char **argv);

/* Make stdout and stderr show bidi controls escaped (safeout.c); 0, or -1
 * when it could not. */
int cli_safe_streams(void);

/* The word people read for a machine name of set (words.h): Chinese in a
 * Chinese session; in English the name itself, as the tables always showed. */
const char *cli_word(lt_word_set set, const char *name);

/* Print a JSON value, pretty, with a newline; frees it. */
void cli_print_json(cJSON *j);
/* Columns of display width (CJK counts two cells). */
int cli_display_width(const char *s);
/* A table: rows of `ncols` strings, the first row the header. */
void cli_print_table(FILE *out, const char *const *cells, size_t nrows, size_t ncols);
/* A UTC RFC 3339 time as local "YYYY-MM-DD HH:MM" (into buf of 32). */
const char *cli_local_time(const char *rfc3339, char buf[32]);
/* A progress bar on stderr: "LABEL [####....] done of total" (ctx: the label,
 * NULL for "importing"); a newline when done. For a terminal only. */
void cli_progress(size_t done, size_t total, void *ctx);
/* The first-given time as people read it: "2026-11-20 10:31", "no later than
 * 2024-05-03", "date unknown" (into buf of 48). */
const char *cli_given_time(const lt_account *a, char buf[48]);
/* The identifiers of an account, "a@b.example, +8613800138000" ("、" between
them in Chinese) (malloc'd). */
char *cli_identifiers_text(const lt_account *a);
/* Ask a yes/no question on the terminal (stderr, answer from stdin): 1 yes,
 * 0 no (the default), -1 when stdin is not a terminal (then ask for --yes). */
int cli_ask(const char *question);
/* On stderr, when n > 0: n keyring items hold no readable record, and what to do. */
void cli_warn_unreadable(size_t n);

/* Long-only options shared by subcommands. */
enum { OPT_JSON = 1000, OPT_YES, OPT_BASE, OPT_PHONE, OPT_NAME, OPT_SINCE, OPT_CLEAR };

/* The argv getopt_long is parsing (set by the loops below), to name a bad option. */
extern char **cli_opt_argv;
/* Parse options with getopt_long from argv[0] = the subcommand's name. */
#define FOR_EACH_OPTION(argc, argv, longopts, c) \
	for (optind = 1, opterr = 0, cli_opt_argv = (argv); ((c) = getopt_long((argc), (argv), "", (longopts), NULL)) != -1;)

/* Record what was given to `site` by hand and print nothing: for alias. */
lt_err cli_record_given(lt_store *store, const char *site, lt_kind k, const char *value);

int cmd_record(int argc, char **argv);
int cmd_trace(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_forget(int argc, char **argv);
int cmd_alias(int argc, char **argv);
int cmd_pool(int argc, char **argv);
int cmd_incident(int argc, char **argv);
/* accounts, mail, phone, export and import: in leaktrace-sources (phone_cmds.c, cmd_mail.c,
 * accounts_cmds.c, backup_cmds.c); in leaktrace, handed over to it (sources_exec.c), which
 * names itself in LT_COMMAND_ENV for what must run `leaktrace` later. */
#define LT_COMMAND_ENV "LEAKTRACE_COMMAND"
#define LT_SOURCES_PROGRAM "leaktrace-sources"
/* Its path into path (sources_path.c); 0 when it is there and executable, else
 * -1 with errno set and path naming where it was last looked for. */
int cli_sources_program(char *path, size_t size);
int cmd_phone(int argc, char **argv);
int cmd_mail(int argc, char **argv);
/* `mail timer enable|disable|status` (mail_timer.c); every: --every or NULL. */
int cli_mail_timer(char **args, int n, const char *every);
int cmd_evidence(int argc, char **argv);
int cmd_rotate(int argc, char **argv);
int cmd_report_login(int argc, char **argv);
int cmd_breaches(int argc, char **argv);
int cmd_setup(int argc, char **argv);
int cmd_doctor(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_accounts(int argc, char **argv);

#endif
