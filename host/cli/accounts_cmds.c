/* SPDX-License-Identifier: MIT */
/* accounts_cmds.c: `leaktrace accounts import` -- past accounts from a
 * password manager's or browser's export. Parses the options, runs the import
 * (host/sources/accounts_import.h) and renders its summary: a table of what
 * it added in a dry run, a progress bar on a terminal, JSON for scripts. The
 * reasons rows were skipped are stored in English (JSON keeps them so) and
 * shown in the session's language (words.h). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "accounts_import.h"
#include "cli.h"
#include "store.h"

typedef struct {
	const char *file, *format, *region;
	int dry_run, json;
} import_opts;

static int parse(int argc, char **argv, import_opts *o)
{
	static const struct option opts[] = {
		{"format", 1, 0, 'f'}, {"region", 1, 0, 'r'}, {"dry-run", 0, 0, 'n'}, {"json", 0, 0, OPT_JSON}, {0, 0, 0, 0},
	};
	const lt_command *cmd = cli_find_command("accounts");
	int c;

	FOR_EACH_OPTION(argc, argv, opts, c) {
		switch (c) {
		case 'f': o->format = optarg; break;
		case 'r': o->region = optarg; break;
		case 'n': o->dry_run = 1; break;
		case OPT_JSON: o->json = 1; break;
		default: return cli_usage_error(cmd, "unknown option");
		}
	}
	if (argc - optind != 2 || strcmp(argv[optind], "import") != 0)
		return cli_usage_error(cmd, "give: accounts import FILE");
	o->file = argv[optind + 1];
	if (o->format && lt_source_from_name(o->format) == LT_SRC_COUNT)
		return cli_usage_error(cmd, "--format is chrome, firefox, bitwarden, bitwarden-json, keepassxc, 1password, "
					    "chromium-history or firefox-history");
	if (o->region && !lt_region_valid(o->region))
		return cli_usage_error(cmd, "--region is two letters, such as CN");
	return EXIT_DONE;
}

static const char *outcome_name(lt_batch_outcome o)
{
	return o == LT_BATCH_ADDED ? "added" : o == LT_BATCH_MERGED ? "merged" : "unchanged";
}

static cJSON *summary_json(const lt_import_result *r, int dry_run)
{
	cJSON *o = cJSON_CreateObject(), *arr;
	size_t i;

	cJSON_AddStringToObject(o, "format", lt_source_name(r->format));
	cJSON_AddBoolToObject(o, "dry_run", dry_run);
	cJSON_AddNumberToObject(o, "entries", (double)r->entries);
	cJSON_AddNumberToObject(o, "added", (double)r->added);
	cJSON_AddNumberToObject(o, "merged", (double)r->merged);
	cJSON_AddNumberToObject(o, "unchanged", (double)r->unchanged);
	cJSON_AddNumberToObject(o, "dated", (double)r->dated);
	cJSON_AddNumberToObject(o, "undated", (double)(r->n - r->dated));
	cJSON_AddNumberToObject(o, "passwords_fingerprinted", (double)r->passwords);
	arr = cJSON_AddArrayToObject(o, "skipped");
	for (i = 0; i < r->nissues; i++) {
		cJSON *s = cJSON_CreateObject();

		cJSON_AddNumberToObject(s, "row", (double)r->issues[i].row);
		cJSON_AddStringToObject(s, "reason", r->issues[i].message);
		cJSON_AddItemToArray(arr, s);
	}
	if (lt_source_is_history(r->format)) {
		arr = cJSON_AddArrayToObject(o, "signup_sites");
		for (i = 0; i < r->nsites; i++) {
			cJSON *s = cJSON_CreateObject();

			cJSON_AddStringToObject(s, "site", r->sites[i].site);
			cJSON_AddStringToObject(s, "first_visit", r->sites[i].first_visit);
			cJSON_AddNumberToObject(s, "accounts", (double)r->sites[i].accounts);
			cJSON_AddItemToArray(arr, s);
		}
	}
	if (dry_run) {
		arr = cJSON_AddArrayToObject(o, "accounts");
		for (i = 0; i < r->n; i++) {
			cJSON *a = lt_account_to_json(&r->accounts[i]);

			cJSON_AddStringToObject(a, "outcome", outcome_name(r->outcome ? r->outcome[i] : LT_BATCH_ADDED));
			cJSON_AddItemToArray(arr, a);
		}
	}
	return o;
}

/* A dry run lists what would be added or merged. */
static void print_changes(const lt_import_result *r)
{
	size_t ncols = 4, i, rows = 1;
	const char **cells = calloc((r->n + 1) * ncols, sizeof *cells);
	char **ids = calloc(r->n + 1, sizeof *ids), (*when)[48] = calloc(r->n + 1, sizeof *when);

	if (cells && ids && when) {
		memcpy(cells, (const char *[]){_("WOULD BE"), _("SITE"), _("IDENTIFIERS"), _("FIRST GIVEN")}, ncols * sizeof *cells);
		for (i = 0; i < r->n; i++) {
			const char **row = cells + rows * ncols;

			if (!r->outcome || r->outcome[i] == LT_BATCH_UNCHANGED)
				continue;
			ids[i] = cli_identifiers_text(&r->accounts[i]);
			row[0] = cli_word(LT_WORDS_OUTCOME, outcome_name(r->outcome[i]));
			row[1] = r->accounts[i].site;
			row[2] = ids[i] ? ids[i] : "";
			row[3] = cli_given_time(&r->accounts[i], when[i]);
			rows++;
		}
		if (rows > 1)
			cli_print_table(stdout, cells, rows, ncols);
	}
	for (i = 0; ids && i < r->n; i++)
		free(ids[i]);
	free(ids);
	free(cells);
	free(when);
}

/* A history: which accounts got a date, and sites with a sign-up visit but no account. */
static void print_history(const lt_import_result *r, const import_opts *o)
{
	size_t i, bare = 0;

	if (o->dry_run)
		print_changes(r);
	printf(o->dry_run ? _("Dry run, nothing written: %s (%s): sign-up pages of %zu site(s); %zu account(s) would be "
			      "dated no later than the first visit.\n")
			  : _("Read %s (%s): sign-up pages of %zu site(s); %zu account(s) dated no later than the first "
			      "visit.\n"),
	       o->file, lt_tr(lt_source_title(r->format)), r->nsites, r->merged);
	for (i = 0; i < r->nsites; i++)
		bare += r->sites[i].accounts == 0;
	if (bare)
		fputs(_("Sites with a sign-up visit but no account recorded (record them with leaktrace record SITE ... "
			"--given DATE):\n"),
		      stdout);
	for (i = 0; i < r->nsites; i++)
		if (r->sites[i].accounts == 0)
			printf(_("  %s  first sign-up visit %.10s\n"), r->sites[i].site, r->sites[i].first_visit);
}

static void print_summary(const lt_import_result *r, const import_opts *o)
{
	size_t i;

	if (lt_source_is_history(r->format)) {
		print_history(r, o);
		return;
	}
	if (o->dry_run)
		print_changes(r);
	printf(o->dry_run ? _("Dry run, nothing written: %zu account(s) from %s (%s): %zu would be added, %zu would be "
			      "merged, %zu already here.\n")
			  : _("Imported %zu account(s) from %s (%s): %zu added, %zu merged, %zu already here.\n"),
	       r->n, o->file, lt_tr(lt_source_title(r->format)), r->added, r->merged, r->unchanged);
	printf(_("Dates: %zu no later than the date the export gives, %zu unknown (never ruled out by trace).\n"), r->dated,
	       r->n - r->dated);
	if (r->passwords)
		printf(_("Passwords: %zu turned into keyed fingerprints (for reuse groups) and wiped; none stored.\n"),
		       r->passwords);
	if (r->nissues)
		printf(ngettext("%zu row skipped:\n", "%zu rows skipped:\n", r->nissues), r->nissues);
	for (i = 0; i < r->nissues && i < 50; i++) {
		char *why = lt_reason_text(r->issues[i].message, cli_lang());

		printf(_("  row %zu: %s\n"), r->issues[i].row, why ? why : r->issues[i].message);
		free(why);
	}
	if (r->nissues > 50)
		printf(_("  ... and %zu more (--json lists them all)\n"), r->nissues - 50);
}

static int run_import(int argc, char **argv)
{
	import_opts o = {0};
	lt_import_options io = {.format = LT_SRC_COUNT};
	lt_import_result r;
	lt_store *store;
	lt_err e;
	int rc = parse(argc, argv, &o);

	if (rc != EXIT_DONE || (rc = cli_check_input(o.file)) != EXIT_DONE)
		return rc;
	io.format = o.format ? lt_source_from_name(o.format) : LT_SRC_COUNT;
	io.region = o.region;
	io.dry_run = o.dry_run;
	if (!o.json && isatty(STDERR_FILENO)) {
		io.progress = cli_progress;
		io.ctx = o.dry_run ? _("checking") : _("importing");
	}
	store = lt_store_new();
	e = lt_accounts_import(store, o.file, &io, &r);
	lt_store_free(store);
	if (e != LT_OK) {
		rc = cli_fail(e, "cannot import");
		lt_import_result_clear(&r);
		return rc;
	}
	if (o.json)
		cli_print_json(summary_json(&r, o.dry_run));
	else
		print_summary(&r, &o);
	rc = r.n > 0 || r.nsites > 0 ? EXIT_DONE : EXIT_NOTHING;
	lt_import_result_clear(&r);
	return rc;
}

int cmd_accounts(int argc, char **argv)
{
	return run_import(argc, argv);
}
