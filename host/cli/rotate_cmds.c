/* SPDX-License-Identifier: MIT */
/* rotate_cmds.c: `leaktrace rotate`, `report-login` and `breaches import` --
 * which passwords to change now and where (the work is in core/rotation.c,
 * core/breach.c and core/sitegroup.c). */
#include <getopt.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "breach.h"
#include "cli.h"
#include "rotation.h"
#include "site.h"

extern char **environ;

enum { OPT_MAX_AGE = 1100, OPT_OPEN, OPT_DONE, OPT_AT, OPT_NOTE };
#define DEFAULT_MAX_AGE 365

/* The WHY column: a few words per reason (the full sentence follows the table). */
static const char *why_words(lt_rot_reason r)
{
	static const char *const words[LT_ROT_COUNT] = {
		N_("someone else logged in"), N_("same password as a compromised site"),
		N_("breach after the password was set"), N_("same identifier as a compromised site"),
		N_("same password as another site"), N_("older than the policy"),
	};

	return _(words[r]);
}

static const char *severity_heading(lt_severity s)
{
	static const char *const heads[LT_SEV_COUNT] = {
		N_("Compromised: change these first"), N_("Same password as a compromised one: change next"),
		N_("Reused or old: change when you can"), N_("Watch for login alerts"),
	};

	return _(heads[s]);
}

/* The first identifier of an account, as given. */
static const char *first_identifier(const lt_account *a)
{
	int k;

	for (k = LT_KIND_NONE + 1; k < LT_KIND_COUNT; k++)
		if (a->ids[k].value)
			return a->ids[k].value;
	return "";
}

/* One table for the dues of one severity, then their sentences. */
static void print_group(const lt_due *list, size_t n)
{
	size_t ncols = 5, i;
	const char **cells = calloc((n + 1) * ncols, sizeof *cells);
	char (*when)[32] = calloc(n + 1, sizeof *when);
	const char *head[] = {_("SITE"), _("ACCOUNT"), _("WHY"), _("SINCE"), _("CHANGE IT AT")};

	if (cells && when) {
		memcpy(cells, head, sizeof head);
		for (i = 0; i < n; i++) {
			const char **row = cells + (i + 1) * ncols;

			row[0] = list[i].account.site;
			row[1] = first_identifier(&list[i].account);
			row[2] = why_words(list[i].reason);
			row[3] = cli_local_time(list[i].since, when[i]);
			row[4] = list[i].url_known ? list[i].change_url : _("its start page: find Security settings");
		}
		cli_print_table(stdout, cells, n + 1, ncols);
	}
	free(cells);
	free(when);
}

/* The watch notes: sites that share only an identifier with a compromised one. */
static void print_watch(const lt_due *list, size_t n)
{
	size_t i;

	printf(_("%s:\n"), severity_heading(LT_SEV_WATCH));
	for (i = 0; i < n; i++)
		printf(_("  %s (%s): the same identifier as %s; leaktrace does not know its password\n"),
		       list[i].account.site, first_identifier(&list[i].account), list[i].other ? list[i].other : "");
}

/* Grouped by severity (the list comes sorted by it), most urgent first. */
static void print_dues(const lt_due *list, size_t n)
{
	size_t i = 0, j, count = 0;

	for (j = 0; j < n; j++)
		count += lt_rot_severity(list[j].reason) != LT_SEV_WATCH;
	if (count)
		printf(ngettext("%zu password to change, most urgent first:\n", "%zu passwords to change, most urgent first:\n",
				count), count);
	while (i < n) {
		lt_severity s = lt_rot_severity(list[i].reason);

		for (j = i; j < n && lt_rot_severity(list[j].reason) == s; j++)
			;
		putchar('\n');
		if (s == LT_SEV_WATCH) {
			print_watch(list + i, j - i);
		} else {
			printf(_("%s:\n"), severity_heading(s));
			print_group(list + i, j - i);
		}
		i = j;
	}
}

/* A graphical session with xdg-open, or nothing to open pages in. */
static int can_open(void)
{
	return (getenv("DISPLAY") || getenv("WAYLAND_DISPLAY")) && system("command -v xdg-open >/dev/null 2>&1") == 0;
}

static void open_pages(const lt_due *list, size_t n, size_t limit)
{
	int gui = can_open();
	size_t i;

	if (!gui)
		fputs(_("No graphical browser to open pages in; the change-password pages are:\n"), stdout);
	for (i = 0; i < n && i < limit && lt_rot_severity(list[i].reason) != LT_SEV_WATCH; i++) {
		char *argv[] = {"xdg-open", list[i].change_url, NULL};
		pid_t pid;

		if (!gui || posix_spawnp(&pid, "xdg-open", NULL, NULL, argv, environ) != 0)
			printf("  %s\n", list[i].change_url);
		else
			waitpid(pid, NULL, 0);
	}
}

static int show_due(int max_age, int json, long open_n)
{
	lt_store *store = lt_store_new();
	lt_due *list = NULL;
	size_t n = 0, i;
	lt_err e = lt_rotation_due(store, max_age, &list, &n);

	lt_store_free(store);
	if (e != LT_OK)
		return cli_fail(e, "cannot work out the rotations");
	if (json) {
		cJSON *arr = cJSON_CreateArray();

		for (i = 0; i < n; i++)
			cJSON_AddItemToArray(arr, lt_due_to_json(&list[i]));
		cli_print_json(arr);
	} else if (n == 0) {
		fputs(_("No password needs changing now.\n"), stdout);
	} else {
		print_dues(list, n);
	}
	if (open_n != 0 && n > 0)
		open_pages(list, n, open_n < 0 ? n : (size_t)open_n);
	lt_dues_free(list, n);
	return n ? EXIT_DONE : EXIT_NOTHING;
}

static int mark_done(const char *given)
{
	lt_store *store = lt_store_new();
	char *site = NULL;
	size_t marked = 0, sites = 0;
	lt_err e = lt_site_from(given, &site);

	if (e == LT_OK)
		e = lt_rotation_done(store, site, &marked, &sites);
	lt_store_free(store);
	if (e == LT_OK && sites > 1)
		printf(_("Marked the password of %s as changed on the %zu sites that share its account (%zu accounts).\n"),
		       site, sites, marked);
	else if (e == LT_OK)
		printf(ngettext("Marked the password of %s as changed (%zu account).\n", "Marked the password of %s as changed (%zu accounts).\n", marked), site, marked);
	free(site);
	return e == LT_OK ? EXIT_DONE : cli_fail(e, "cannot mark it done");
}

int cmd_rotate(int argc, char **argv)
{
	static const struct option opts[] = {{"max-age", 1, 0, OPT_MAX_AGE}, {"open", 2, 0, OPT_OPEN},
					     {"done", 1, 0, OPT_DONE},       {"json", 0, 0, OPT_JSON},
					     {0, 0, 0, 0}};
	const lt_command *cmd = cli_find_command("rotate");
	const char *done = NULL;
	long open_n = 0, max_age = DEFAULT_MAX_AGE;
	int c, json = 0;
	char *end;

	FOR_EACH_OPTION(argc, argv, opts, c) {
		switch (c) {
		case OPT_MAX_AGE:
			max_age = strtol(optarg, &end, 10);
			if (*end || max_age < 1 || max_age > 36500)
				return cli_usage_error(cmd, "--max-age is a number of days from 1 to 36500");
			break;
		case OPT_OPEN:
			open_n = -1;
			if (!optarg && optind < argc && argv[optind][0] >= '0' && argv[optind][0] <= '9')
				optarg = argv[optind++];
			if (optarg && ((open_n = strtol(optarg, &end, 10)) < 1 || *end))
				return cli_usage_error(cmd, "--open takes how many pages to open, 1 or more");
			break;
		case OPT_DONE: done = optarg; break;
		case OPT_JSON: json = 1; break;
		default: return cli_usage_error(cmd, "unknown option");
		}
	}
	if (optind != argc)
		return cli_usage_error(cmd, "unexpected argument");
	return done ? mark_done(done) : show_due((int)max_age, json, open_n);
}

int cmd_report_login(int argc, char **argv)
{
	static const struct option opts[] = {{"at", 1, 0, OPT_AT}, {"note", 1, 0, OPT_NOTE}, {"json", 0, 0, OPT_JSON},
					     {0, 0, 0, 0}};
	const char *at = NULL, *note = NULL;
	char *site = NULL;
	size_t marked = 0;
	lt_store *store;
	int c, json = 0;
	lt_err e;

	FOR_EACH_OPTION(argc, argv, opts, c) {
		if (c == OPT_AT)
			at = optarg;
		else if (c == OPT_NOTE)
			note = optarg;
		else if (c == OPT_JSON)
			json = 1;
		else
			return cli_usage_error(cli_find_command("report-login"), "unknown option");
	}
	if (argc - optind != 1)
		return cli_usage_error(cli_find_command("report-login"), "give the site where someone else logged in");
	if (note && strlen(note) > LT_TEXT_MAX)
		return cli_usage_error(cli_find_command("report-login"), "--note is at most %d bytes", LT_TEXT_MAX);
	store = lt_store_new();
	e = lt_site_from(argv[optind], &site);
	if (e == LT_OK)
		e = lt_report_login(store, site, at, note, &marked);
	lt_store_free(store);
	if (e != LT_OK) {
		free(site);
		return e == LT_ERR_NOT_FOUND ? (fprintf(stderr, _("leaktrace: no account recorded for %s\n"), argv[optind]), EXIT_NOTHING)
					     : cli_fail(e, "cannot report the login");
	}
	if (!json)
		printf(_("Marked %s as compromised and logged the login as an incident.\n\n"), site);
	free(site);
	return show_due(DEFAULT_MAX_AGE, json, 0) == EXIT_USAGE ? EXIT_USAGE : EXIT_DONE;
}

int cmd_breaches(int argc, char **argv)
{
	static const struct option opts[] = {{"json", 0, 0, OPT_JSON}, {0, 0, 0, 0}};
	const lt_command *cmd = cli_find_command("breaches");
	size_t imported = 0, known = 0;
	lt_store *store;
	int c, json = 0;
	lt_err e;

	FOR_EACH_OPTION(argc, argv, opts, c) {
		if (c != OPT_JSON)
			return cli_usage_error(cmd, "unknown option");
		json = 1;
	}
	if (argc - optind != 2 || strcmp(argv[optind], "import") != 0)
		return cli_usage_error(cmd, "breaches import FILE");
	if (cli_check_input(argv[optind + 1]) != EXIT_DONE)
		return EXIT_USAGE;
	store = lt_store_new();
	e = lt_breaches_import(store, argv[optind + 1], &imported, &known);
	lt_store_free(store);
	if (e != LT_OK)
		return cli_fail(e, "the catalogue was not imported");
	if (json)
		printf("{\"imported\": %zu, \"known\": %zu}\n", imported, known);
	else
		printf(ngettext("Imported %zu breach (%zu known in all). Next: leaktrace rotate\n", "Imported %zu breaches (%zu known in all). Next: leaktrace rotate\n", imported), imported, known);
	return EXIT_DONE;
}
