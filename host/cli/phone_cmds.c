/* SPDX-License-Identifier: MIT */
/* phone_cmds.c: `leaktrace phone import|map|review` -- the phone's own logs
 * of SMS and calls turned into incidents (host/sources/phone_log.h), and the
 * person's map from SMS signatures to sites. Parsing and rendering only. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "phone_log.h"

enum { OPT_ON = 1100, OPT_SIM, OPT_KEEP_TEXT, OPT_DRY_RUN, OPT_NEVER, OPT_REGION };

typedef struct {
	lt_phone_opts imp;
	int json, never;
} phone_opts;

static const lt_command *phone_cmd(void)
{
	return cli_find_command("phone");
}

static int add_sim(lt_phone_opts *o, char *arg)
{
	char *eq = strchr(arg, '=');

	if (!eq || eq == arg || !eq[1] || o->n_sims == LT_PHONE_SIMS)
		return cli_usage_error(phone_cmd(), "--sim is SUB_ID=NUMBER (at most %d)", LT_PHONE_SIMS);
	*eq = '\0';
	o->sims[o->n_sims++] = (lt_phone_sim){arg, eq + 1};
	return EXIT_DONE;
}

static int parse(int argc, char **argv, phone_opts *o)
{
	static const struct option opts[] = {
		{"on", 1, 0, OPT_ON},		    {"sim", 1, 0, OPT_SIM},	   {"region", 1, 0, OPT_REGION},
		{"keep-text", 0, 0, OPT_KEEP_TEXT}, {"dry-run", 0, 0, OPT_DRY_RUN}, {"never", 0, 0, OPT_NEVER},
		{"json", 0, 0, OPT_JSON},	    {0, 0, 0, 0},
	};
	int c, rc = EXIT_DONE;

	FOR_EACH_OPTION(argc, argv, opts, c) {
		switch (c) {
		case OPT_ON: o->imp.on = optarg; break;
		case OPT_SIM: rc = add_sim(&o->imp, optarg); break;
		case OPT_REGION: o->imp.region = optarg; break;
		case OPT_KEEP_TEXT: o->imp.keep_text = 1; break;
		case OPT_DRY_RUN: o->imp.dry_run = 1; break;
		case OPT_NEVER: o->never = 1; break;
		case OPT_JSON: o->json = 1; break;
		default: return cli_usage_error(phone_cmd(), "unknown option");
		}
		if (rc != EXIT_DONE)
			return rc;
	}
	return EXIT_DONE;
}

/* ---- import ---- */

/* The one progress bar of the imports (render.c), counting KiB of the file. */
static void progress(unsigned long long done, unsigned long long total, void *ctx)
{
	cli_progress((size_t)(done / 1024), (size_t)(total / 1024), ctx);
}

static cJSON *result_json(const lt_phone_result *r, const lt_phone_opts *o)
{
	cJSON *j = cJSON_CreateObject(), *arr;
	size_t i;

	cJSON_AddBoolToObject(j, "dry_run", o->dry_run);
	cJSON_AddNumberToObject(j, "records", (double)r->records);
	cJSON_AddNumberToObject(j, "received", (double)r->received);
	cJSON_AddNumberToObject(j, "from_contacts", (double)r->contacts);
	cJSON_AddNumberToObject(j, "replies", (double)r->replies);
	cJSON_AddNumberToObject(j, "verification_codes", (double)r->codes);
	cJSON_AddNumberToObject(j, "related", (double)r->related);
	cJSON_AddNumberToObject(j, "plain", (double)r->plain);
	cJSON_AddNumberToObject(j, "added", (double)r->added);
	cJSON_AddNumberToObject(j, "merged", (double)r->merged);
	arr = cJSON_AddArrayToObject(j, "incidents");
	for (i = 0; i < r->n; i++)
		cJSON_AddItemToArray(arr, lt_incident_to_json(&r->incidents[i]));
	return j;
}

static void print_incidents(const lt_phone_result *r)
{
	const char *const head[] = {_("ID"), _("WHEN"), _("KIND"), _("ON"), _("FROM"), _("COUNT"), _("WHAT")};
	size_t ncols = 7, i;
	const char **cells = calloc((r->n + 1) * ncols, sizeof *cells);
	char (*when)[32] = calloc(r->n + 1, sizeof *when), (*count)[16] = calloc(r->n + 1, sizeof *count);
	char **why = calloc(r->n + 1, sizeof *why);

	if (cells && when && count && why) {
		memcpy(cells, head, sizeof head);
		for (i = 0; i < r->n; i++) {
			const lt_incident *inc = &r->incidents[i];
			const char **row = cells + (i + 1) * ncols;

			snprintf(count[i], sizeof count[i], "%u", inc->count);
			row[0] = inc->id;
			row[1] = cli_local_time(inc->at, when[i]);
			row[2] = cli_word(LT_WORDS_INCIDENT, lt_incident_kind_name(inc->kind));
			row[3] = inc->normalized;
			row[4] = inc->from ? inc->from : "-";
			row[5] = count[i];
			why[i] = inc->reasons[0] ? lt_reason_text(inc->reasons[0], cli_lang()) : NULL;
			row[6] = why[i] ? why[i] : cli_word(LT_WORDS_VERDICT, lt_incident_verdict_name(inc->verdict));
		}
		cli_print_table(stdout, cells, r->n + 1, ncols);
	}
	for (i = 0; why && i < r->n; i++)
		free(why[i]);
	free(why);
	free(cells);
	free(when);
	free(count);
}

static void print_result(const lt_phone_result *r, const lt_phone_opts *o)
{
	printf(_("Read %zu records: %zu came in, %zu from contacts, %zu answering you, %zu verification codes,\n"
		 "%zu from companies that have your number, %zu with nothing against them.\n"),
	       r->records, r->received, r->contacts, r->replies, r->codes, r->related, r->plain);
	if (r->n == 0) {
		fputs(_("No incident in it.\n"), stdout);
		return;
	}
	if (o->dry_run)
		printf(ngettext("%zu incident (dry run: nothing stored):\n\n", "%zu incidents (dry run: nothing stored):\n\n", r->n), r->n);
	else
		printf(ngettext("%zu incident: %zu new, %zu grown, the rest logged before.\n\n", "%zu incidents: %zu new, %zu grown, the rest logged before.\n\n", r->n), r->n, r->added, r->merged);
	print_incidents(r);
	fputs(_("\nNext: leaktrace phone review names the companies not in your records; leaktrace trace NUMBER.\n"), stdout);
}

static int phone_import(char **files, int n, phone_opts *o)
{
	lt_phone_result r;
	lt_store *store;
	size_t failed = 0;
	lt_err e;
	int tty = isatty(2);

	if (n == 0)
		return cli_usage_error(phone_cmd(), "give the export file(s) to import");
	for (int i = 0; i < n; i++)
		if (cli_check_input(files[i]) != EXIT_DONE)
			return EXIT_USAGE;
	if (tty) {
		o->imp.progress = progress;
		o->imp.progress_ctx = _("reading the log (KiB)");
	}
	store = lt_store_new();
	e = lt_phone_import(store, (const char *const *)files, (size_t)n, &o->imp, &r, &failed);
	lt_store_free(store);
	if (e != LT_OK) {
		char what[300];

		snprintf(what, sizeof what, _("cannot import %.256s"), files[failed]);
		return cli_fail(e, what);
	}
	if (o->json)
		cli_print_json(result_json(&r, &o->imp));
	else
		print_result(&r, &o->imp);
	lt_phone_result_clear(&r);
	return EXIT_DONE;
}

/* ---- map and review ---- */

/* The map, then the stored incidents it touches judged again (phone_map.c). */
static int phone_map(char **args, int n, const phone_opts *o)
{
	lt_store *store;
	size_t changed = 0, dropped = 0;
	lt_err e;

	if (n != (o->never ? 1 : 2))
		return cli_usage_error(phone_cmd(), "phone map SIGNATURE SITE, or phone map --never SIGNATURE");
	store = lt_store_new();
	e = lt_phone_map_set(store, args[0], o->never ? NULL : args[1]);
	if (e == LT_OK)
		e = lt_phone_map_rejudge(store, args[0], &changed, &dropped);
	lt_store_free(store);
	if (e != LT_OK)
		return cli_fail(e, "cannot map the signature");
	if (o->never)
		printf(_("【%s】 is a company you deal with outside the web: its messages are no incidents from now on.\n"),
		       args[0]);
	else
		printf(_("【%s】 is %s from now on.\n"), args[0], args[1]);
	printf(_("Stored incidents judged again: %zu changed, %zu removed as related.\n"), changed, dropped);
	return EXIT_DONE;
}

static int phone_review(const phone_opts *o)
{
	lt_phone_unknown *list;
	size_t n, i;
	lt_store *store = lt_store_new();
	lt_err e = lt_phone_review(store, &list, &n);

	lt_store_free(store);
	if (e != LT_OK)
		return cli_fail(e, "cannot review the signatures");
	if (o->json) {
		cJSON *arr = cJSON_CreateArray();

		for (i = 0; i < n; i++) {
			cJSON *one = cJSON_CreateObject();

			cJSON_AddStringToObject(one, "signature", list[i].signature);
			cJSON_AddNumberToObject(one, "messages", list[i].count);
			cJSON_AddNumberToObject(one, "incidents", (double)list[i].incidents);
			cJSON_AddStringToObject(one, "since", list[i].first);
			cJSON_AddItemToArray(arr, one);
		}
		cli_print_json(arr);
	} else if (n == 0) {
		fputs(_("Every SMS signature names a company in your records (or none was imported).\n"), stdout);
	} else {
		const char *const head[] = {_("SIGNATURE"), _("MESSAGES"), _("SINCE")};
		const char **cells = calloc((n + 1) * 3, sizeof *cells);
		char (*num)[16] = calloc(n, sizeof *num), (*when)[32] = calloc(n, sizeof *when);

		fputs(_("Companies not in your records texted you:\n\n"), stdout);
		if (cells && num && when) {
			memcpy(cells, head, sizeof head);
			for (i = 0; i < n; i++) {
				snprintf(num[i], sizeof num[i], "%u", list[i].count);
				cells[(i + 1) * 3] = list[i].signature;
				cells[(i + 1) * 3 + 1] = num[i];
				cells[(i + 1) * 3 + 2] = cli_local_time(list[i].first, when[i]);
			}
			cli_print_table(stdout, cells, n + 1, 3);
		}
		free(cells);
		free(num);
		free(when);
		fputs(_("\nName one: leaktrace phone map SIGNATURE SITE (or --never SIGNATURE);\n"
			"the rest stay as evidence in leaktrace evidence NUMBER.\n"), stdout);
	}
	lt_phone_unknowns_free(list, n);
	return n ? EXIT_DONE : EXIT_NOTHING;
}

int cmd_phone(int argc, char **argv)
{
	phone_opts o = {0};
	int rc = parse(argc, argv, &o), args = argc - optind;
	const char *verb = args > 0 ? argv[optind] : "";

	if (rc != EXIT_DONE)
		return rc;
	if (strcmp(verb, "import") == 0)
		return phone_import(argv + optind + 1, args - 1, &o);
	if (strcmp(verb, "map") == 0)
		return phone_map(argv + optind + 1, args - 1, &o);
	if (strcmp(verb, "review") == 0 && args == 1)
		return phone_review(&o);
	return cli_usage_error(phone_cmd(), "phone import FILE..., phone map SIGNATURE SITE or phone review");
}
