/* SPDX-License-Identifier: MIT */
/* commands.c: the subcommands of `leaktrace` (see main.c for the table).
 * Each parses its own options, calls the core, and renders: a table for
 * people, JSON with --json. None holds domain logic of its own. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "site.h"
#include "store.h"
#include "trace.h"


static void print_account_line(const lt_account *a, int created)
{
	char *ids = cli_identifiers_text(a), when[48];

	printf(created ? _("Recorded %s: %s (%s, first given %s)\n") : _("Updated %s: %s (%s, first given %s)\n"), a->site,
	       ids, cli_word(LT_WORDS_CAPTURE, lt_capture_name(a->capture)), cli_given_time(a, when));
	free(ids);
}

static int record_parse(int argc, char **argv, lt_record_input *in, int *json)
{
	static const struct option opts[] = {
		{"email", 1, 0, 'e'}, {"phone", 1, 0, 'p'}, {"username", 1, 0, 'u'}, {"title", 1, 0, 't'},
		{"note", 1, 0, 'n'},  {"capture", 1, 0, 'c'}, {"region", 1, 0, 'r'}, {"json", 0, 0, OPT_JSON},
		{"given", 1, 0, 'g'}, {0, 0, 0, 0},
	};
	const lt_command *cmd = cli_find_command("record");
	int c;

	FOR_EACH_OPTION(argc, argv, opts, c) {
		switch (c) {
		case 'e': in->ids[LT_KIND_EMAIL] = optarg; break;
		case 'p': in->ids[LT_KIND_PHONE] = optarg; break;
		case 'u': in->ids[LT_KIND_USERNAME] = optarg; break;
		case 't': in->title = optarg; break;
		case 'n': in->note = optarg; break;
		case 'r': in->region = optarg; break;
		case 'g':
			in->given = strcmp(optarg, "unknown") == 0 ? NULL : optarg;
			in->certainty = in->given ? LT_CERTAINTY_EXACT : LT_CERTAINTY_UNKNOWN;
			break;
		case 'c':
			if ((in->capture = lt_capture_from_name(optarg)) == LT_CAPTURE_COUNT)
				return cli_usage_error(cmd, "unknown --capture kind");
			break;
		case OPT_JSON: *json = 1; break;
		default: return cli_usage_error(cmd, "unknown option");
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(cmd, "give one URL or site");
	in->url = argv[optind];
	return EXIT_DONE;
}

int cmd_record(int argc, char **argv)
{
	lt_record_input in = {.capture = LT_CAPTURE_MANUAL};
	lt_account add, stored = {0};
	lt_store *store;
	int json = 0, created = 0, rc = record_parse(argc, argv, &in, &json);
	lt_err e;

	if (rc != EXIT_DONE)
		return rc;
	if ((e = lt_account_from_input(&in, &add)) != LT_OK)
		return cli_fail(e, "cannot record");
	store = lt_store_new();
	e = lt_store_record(store, &add, &stored, &created);
	if (e == LT_OK && json) {
		cJSON *o = cJSON_CreateObject();

		cJSON_AddBoolToObject(o, "created", created);
		cJSON_AddItemToObject(o, "account", lt_account_to_json(&stored));
		cli_print_json(o);
	} else if (e == LT_OK) {
		print_account_line(&stored, created);
	}
	rc = e == LT_OK ? EXIT_DONE : cli_fail(e, "cannot record");
	lt_account_clear(&add);
	lt_account_clear(&stored);
	lt_store_free(store);
	return rc;
}

typedef struct {
	const char *since;
	const char *kind;
	const char *region;
	int json;
} trace_opts;

static int trace_parse(int argc, char **argv, trace_opts *o)
{
	static const struct option opts[] = {
		{"since", 1, 0, 's'}, {"kind", 1, 0, 'k'}, {"region", 1, 0, 'r'}, {"json", 0, 0, OPT_JSON}, {0, 0, 0, 0},
	};
	const lt_command *cmd = cli_find_command("trace");
	int c;

	FOR_EACH_OPTION(argc, argv, opts, c) {
		switch (c) {
		case 's': o->since = optarg; break;
		case 'k': o->kind = optarg; break;
		case 'r': o->region = optarg; break;
		case OPT_JSON: o->json = 1; break;
		default: return cli_usage_error(cmd, "unknown option");
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(cmd, "give one email address, phone number or username");
	if (o->kind && lt_kind_from_name(o->kind) == LT_KIND_NONE)
		return cli_usage_error(cmd, "--kind is %s", lt_kind_names_text());
	return EXIT_DONE;
}

static void print_cutoff(const lt_trace_result *r)
{
	char when[32];

	if (r->cutoff_source == LT_CUTOFF_INCIDENT)
		printf(_("First incident on it: %s (%zu logged).\n"), cli_local_time(r->cutoff, when), r->n_incidents);
	else if (r->cutoff_source == LT_CUTOFF_SINCE)
		printf(_("Spam began (--since): %s.\n"), cli_local_time(r->cutoff, when));
	else
		fputs(_("No incident logged on it: log one (leaktrace incident add) to rank the sites by time.\n"), stdout);
}

/* The incidents imported from a phone log, one line each: when (local),
 * sender, count and why -- the signature and verdict are in the reason. */
static void print_imported(const lt_trace_result *r)
{
	size_t i, shown = 0;
	char when[32], *why;

	for (i = 0; i < r->n_incidents; i++) {
		const lt_incident *inc = &r->incidents[i];

		if (!inc->source)
			continue;
		if (shown++ == 0)
			fputs(_("\nFrom the phone's logs:\n"), stdout);
		why = inc->reasons[0] ? lt_reason_text(inc->reasons[0], cli_lang()) : NULL;
		printf(_("  %s  %-4s from %s ×%u: %s\n"), cli_local_time(inc->at, when),
		       cli_word(LT_WORDS_INCIDENT, lt_incident_kind_name(inc->kind)), inc->from ? inc->from : "-", inc->count,
		       why ? why : cli_word(LT_WORDS_VERDICT, lt_incident_verdict_name(inc->verdict)));
		free(why);
	}
}

static void print_matches(const lt_trace_result *r)
{
	size_t ncols = 6, i;
	const char **cells = calloc((r->n + 1) * ncols, sizeof *cells);
	char (*when)[48] = calloc(r->n + 1, sizeof *when), (*rank)[12] = calloc(r->n + 1, sizeof *rank);
	const char *const head[] = {"#", _("SITE"), _("MATCH"), _("FIRST GIVEN"), _("HOW"), _("PAGE")};

	if (cells && when && rank) {
		printf(ngettext("%s (%s) was given to %zu site.\n", "%s (%s) was given to %zu sites.\n", r->n), r->normalized,
		       cli_word(LT_WORDS_KIND, lt_kind_name(r->kind)), r->n);
		print_cutoff(r);
		putchar('\n');
		memcpy(cells, head, sizeof head);
		for (i = 0; i < r->n; i++) {
			const lt_account *a = &r->matches[i].account;
			const char **row = cells + (i + 1) * ncols;

			snprintf(rank[i], sizeof rank[i], "%d", r->matches[i].rank);
			row[0] = rank[i];
			row[1] = a->site;
			row[2] = cli_word(LT_WORDS_MATCH, lt_match_name(r->matches[i].match));
			row[3] = a->first_seen[0] ? cli_given_time(a, when[i]) : "-";
			row[4] = r->matches[i].record_lost ? "-" : cli_word(LT_WORDS_CAPTURE, lt_capture_name(a->capture));
			row[5] = a->url ? a->url : "-";
		}
		cli_print_table(stdout, cells, r->n + 1, ncols);
		putchar('\n');
		for (i = 0; i < r->n; i++) {
			char *why = lt_match_reason_local(r, &r->matches[i]);

			printf(_("  %d. %s: %s\n"), r->matches[i].rank, r->matches[i].account.site, why ? why : "");
			free(why);
		}
	}
	free(cells);
	free(when);
	free(rank);
}

int cmd_trace(int argc, char **argv)
{
	trace_opts o = {0};
	const lt_match *best;
	lt_trace_result r;
	lt_store *store;
	time_t since;
	lt_err e;
	int rc = trace_parse(argc, argv, &o);

	if (rc != EXIT_DONE)
		return rc;
	if (o.since && (e = lt_time_parse(o.since, &since)) != LT_OK)
		return cli_fail(e, "bad --since");
	store = lt_store_new();
	e = lt_trace(store, argv[optind], o.kind ? lt_kind_from_name(o.kind) : LT_KIND_NONE, o.region,
		     o.since ? &since : NULL, &r);
	lt_store_free(store);
	if (e != LT_OK)
		return cli_fail(e, "cannot trace");
	if (o.json) {
		cli_print_json(lt_trace_to_json(&r, NULL));
	} else {
		char *verdict = lt_trace_verdict_local(&r);

		printf("%s\n\n", verdict ? verdict : "");
		free(verdict);
		if (r.n > 0)
			print_matches(&r);
		print_imported(&r);
	}
	cli_warn_unreadable(r.unreadable.n);
	rc = lt_trace_verdict(&r, &best) != LT_VERDICT_NONE ? EXIT_DONE : EXIT_NOTHING;
	lt_trace_result_clear(&r);
	return rc;
}

static void print_accounts(const lt_account *list, size_t n)
{
	size_t ncols = 5, i;
	const char **cells = calloc((n + 1) * ncols, sizeof *cells);
	char **ids = calloc(n + 1, sizeof *ids), (*first)[48] = calloc(n + 1, sizeof *first);
	char (*last)[32] = calloc(n + 1, sizeof *last);

	if (cells && ids && first && last) {
		memcpy(cells, (const char *[]){_("SITE"), _("IDENTIFIERS"), _("HOW"), _("FIRST GIVEN"), _("LAST SEEN")},
		       ncols * sizeof *cells);
		for (i = 0; i < n; i++) {
			const char **row = cells + (i + 1) * ncols;

			ids[i] = cli_identifiers_text(&list[i]);
			row[0] = list[i].site;
			row[1] = ids[i] ? ids[i] : "";
			row[2] = cli_word(LT_WORDS_CAPTURE, lt_capture_name(list[i].capture));
			row[3] = cli_given_time(&list[i], first[i]);
			row[4] = cli_local_time(list[i].last_seen, last[i]);
		}
		cli_print_table(stdout, cells, n + 1, ncols);
		printf(ngettext("\n%zu account\n", "\n%zu accounts\n", n), n);
	}
	for (i = 0; ids && i < n; i++)
		free(ids[i]);
	free(ids);
	free(cells);
	free(first);
	free(last);
}

int cmd_list(int argc, char **argv)
{
	static const struct option opts[] = {{"site", 1, 0, 's'}, {"json", 0, 0, OPT_JSON}, {"sites", 0, 0, 'S'},
					     {0, 0, 0, 0}};
	const char *given = NULL;
	char *site = NULL;
	lt_account *list = NULL;
	lt_unreadable bad = {0};
	size_t n = 0, i;
	lt_store *store;
	int c, json = 0, sites_only = 0, rc;
	lt_err e;

	FOR_EACH_OPTION(argc, argv, opts, c) {
		if (c == 's')
			given = optarg;
		else if (c == OPT_JSON)
			json = 1;
		else if (c == 'S')
			sites_only = 1;
		else
			return cli_usage_error(cli_find_command("list"), "unknown option");
	}
	if (optind != argc)
		return cli_usage_error(cli_find_command("list"), "unexpected argument");
	store = lt_store_new();
	e = lt_store_site(store, given, &site, &list, &n, &bad);
	lt_store_free(store);
	if (e != LT_OK) {
		lt_unreadable_clear(&bad);
		return cli_fail(e, "cannot list");
	}
	if (sites_only) {
		for (i = 0; i < n; i++) /* one line a site, for shell completion */
			if (i == 0 || strcmp(list[i].site, list[i - 1].site) != 0)
				printf("%s\n", list[i].site);
	} else if (json) {
		cJSON *o = cJSON_CreateObject(), *arr;

		cJSON_AddNumberToObject(o, "total", (double)n);
		cJSON_AddNumberToObject(o, "unreadable", (double)bad.n);
		arr = cJSON_AddArrayToObject(o, "accounts");
		for (i = 0; i < n; i++)
			cJSON_AddItemToArray(arr, lt_account_to_json(&list[i]));
		cli_print_json(o);
	} else if (n == 0) {
		site ? printf(_("Nothing recorded for %s yet.\n"), site) : fputs(_("Nothing recorded yet.\n"), stdout);
	} else {
		print_accounts(list, n);
	}
	cli_warn_unreadable(bad.n);
	lt_unreadable_clear(&bad);
	rc = n ? EXIT_DONE : EXIT_NOTHING;
	free(site);
	lt_accounts_free(list, n);
	return rc;
}

/* Keep only the accounts holding `ident` (normalised as its detected kind). */
static lt_err filter_ident(lt_account *list, size_t *n, const char *ident)
{
	lt_kind k = lt_ident_detect(ident);
	char *norm = NULL;
	size_t i, kept = 0;
	lt_err e = lt_ident_normalize(k, ident, NULL, &norm);

	if (e != LT_OK)
		return e;
	for (i = 0; i < *n; i++) {
		if (list[i].ids[k].normalized && strcmp(list[i].ids[k].normalized, norm) == 0)
			list[kept++] = list[i];
		else
			lt_account_clear(&list[i]);
	}
	*n = kept;
	free(norm);
	return LT_OK;
}

/* Delete the accounts and the unreadable items of the site. */
static int forget_confirmed(lt_store *store, const char *site, lt_account *list, size_t n, const lt_unreadable *bad,
			    int yes)
{
	char question[512];
	int ok;
	lt_err e;

	snprintf(question, sizeof question,
		 ngettext("Delete %zu record of %s from the keyring? [y/N] ", "Delete %zu records of %s from the keyring? [y/N] ",
			  n + bad->n),
		 n + bad->n, site);
	ok = yes ? 1 : cli_ask(question);

	if (ok < 0) {
		fputs(_("leaktrace: not on a terminal: add --yes to delete without asking\n"), stderr);
		return EXIT_USAGE;
	}
	if (!ok) {
		fputs(_("Nothing deleted.\n"), stdout);
		return EXIT_DONE;
	}
	if ((e = lt_store_delete(store, list, n, bad)) != LT_OK)
		return cli_fail(e, "cannot forget");
	printf(ngettext("Forgot %zu record of %s", "Forgot %zu records of %s", n), n, site);
	if (bad->n)
		printf(ngettext(" and %zu unreadable item", " and %zu unreadable items", bad->n), bad->n);
	fputs(_(".\n"), stdout);
	return EXIT_DONE;
}

int cmd_forget(int argc, char **argv)
{
	static const struct option opts[] = {{"yes", 0, 0, OPT_YES}, {0, 0, 0, 0}};
	const lt_command *cmd = cli_find_command("forget");
	char *site = NULL;
	lt_account *list = NULL;
	lt_unreadable bad = {0};
	size_t n = 0;
	lt_store *store;
	int c, yes = 0, rc;
	lt_err e;

	FOR_EACH_OPTION(argc, argv, opts, c) {
		if (c != OPT_YES)
			return cli_usage_error(cmd, "unknown option");
		yes = 1;
	}
	if (argc - optind < 1 || argc - optind > 2)
		return cli_usage_error(cmd, "give a site, and optionally one identifier");
	store = lt_store_new();
	e = lt_store_site(store, argv[optind], &site, &list, &n, &bad);
	if (e == LT_OK && argc - optind == 2) { /* an unreadable item cannot show which identifier it holds */
		lt_unreadable_clear(&bad);
		e = filter_ident(list, &n, argv[optind + 1]);
	}
	if (e != LT_OK)
		rc = cli_fail(e, "cannot forget");
	else if (n == 0 && bad.n == 0)
		rc = (printf(_("Nothing recorded for %s.\n"), site), EXIT_NOTHING);
	else
		rc = forget_confirmed(store, site, list, n, &bad, yes);
	lt_unreadable_clear(&bad);
	free(site);
	lt_accounts_free(list, n);
	lt_store_free(store);
	return rc;
}
