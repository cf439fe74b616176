/* SPDX-License-Identifier: MIT */
/* incident_cmds.c: `leaktrace incident add|list|forget` -- the log of the
 * calls, messages and alerts that arrived on an identifier (core/incident.c). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "incident.h"
#include "near.h"

typedef struct {
	const char *kind, *from, *at, *note, *region, *ident_kind;
	int json, yes;
} incident_opts;

static int parse(int argc, char **argv, incident_opts *o)
{
	static const struct option opts[] = {
		{"kind", 1, 0, 'k'},   {"from", 1, 0, 'f'}, {"at", 1, 0, 'a'},        {"note", 1, 0, 'n'},
		{"region", 1, 0, 'r'}, {"as", 1, 0, 's'},   {"json", 0, 0, OPT_JSON}, {"yes", 0, 0, OPT_YES},
		{0, 0, 0, 0},
	};
	int c;

	FOR_EACH_OPTION(argc, argv, opts, c) {
		switch (c) {
		case 'k': o->kind = optarg; break;
		case 'f': o->from = optarg; break;
		case 'a': o->at = optarg; break;
		case 'n': o->note = optarg; break;
		case 'r': o->region = optarg; break;
		case 's': o->ident_kind = optarg; break;
		case OPT_JSON: o->json = 1; break;
		case OPT_YES: o->yes = 1; break;
		default: return cli_usage_error(cli_find_command("incident"), "unknown option");
		}
	}
	return EXIT_DONE;
}

/* The identifier an incident arrived on is the person's own: one no site
 * holds is most often the caller's number typed in its place, or one's own
 * with a digit wrong. Say so, and ask (--yes does not). EXIT_DONE to go on. */
static int check_mine(lt_store *store, const lt_incident *inc, const incident_opts *o)
{
	lt_near_check c;
	lt_err e;
	int ok;

	if (o->yes)
		return EXIT_DONE;
	if ((e = lt_near_check_mine(store, inc->ident_kind, inc->normalized, o->region, &c)) != LT_OK)
		return cli_fail(e, N_("cannot log the incident"));
	if (c.mine)
		return EXIT_DONE;
	fputs(inc->ident_kind == LT_KIND_PHONE
		      ? _("No site has this number. Is it yours? The caller's number goes in --from.\n")
		      : _("No site has this identifier. Is it yours? The sender goes in --from.\n"),
	      stderr);
	if (c.near && c.near_sites == 1)
		fprintf(stderr, _("It is one digit from %s, which %s has.\n"), c.near, c.near_site);
	else if (c.near)
		fprintf(stderr,
			ngettext("It is one digit from %s, which %s and %zu more site have.\n",
				 "It is one digit from %s, which %s and %zu more sites have.\n", c.near_sites - 1),
			c.near, c.near_site, c.near_sites - 1);
	lt_near_check_clear(&c);
	ok = cli_ask(_("Log the incident on it anyway? [y/N] "));
	if (ok < 0) {
		fputs(_("leaktrace: not logged: not on a terminal to ask; give --yes to log it anyway\n"), stderr);
		return EXIT_USAGE;
	}
	if (!ok) {
		fputs(_("Nothing logged.\n"), stdout);
		return EXIT_NOTHING;
	}
	return EXIT_DONE;
}

static int incident_add(const char *identifier, const incident_opts *o)
{
	lt_incident_kind ik = o->kind ? lt_incident_kind_from_name(o->kind) : LT_INCIDENT_KIND_COUNT;
	lt_kind k = o->ident_kind ? lt_kind_from_name(o->ident_kind) : LT_KIND_NONE;
	lt_store *store;
	lt_incident inc;
	lt_err e;
	char when[32];
	int rc;

	if (ik == LT_INCIDENT_KIND_COUNT)
		return cli_usage_error(cli_find_command("incident"), "--kind is %s", lt_incident_kind_names_text());
	if (o->ident_kind && k == LT_KIND_NONE)
		return cli_usage_error(cli_find_command("incident"), "--as is %s", lt_kind_names_text());
	if ((e = lt_incident_make(&inc, identifier, k, o->region, ik, o->from, o->at, o->note)) != LT_OK)
		return cli_fail(e, "cannot log the incident");
	store = lt_store_new();
	if ((rc = check_mine(store, &inc, o)) != EXIT_DONE) {
		lt_store_free(store);
		lt_incident_clear(&inc);
		return rc;
	}
	e = lt_incident_add(store, &inc);
	lt_store_free(store);
	if (e == LT_OK && o->json)
		cli_print_json(lt_incident_to_json(&inc));
	else if (e == LT_OK)
		printf(_("Logged incident %s: %s on %s at %s.\nNext: leaktrace trace '%s' ranks the sites against it.\n"),
		       inc.id, cli_word(LT_WORDS_INCIDENT, lt_incident_kind_name(inc.kind)), inc.normalized, cli_local_time(inc.at, when), inc.normalized);
	lt_incident_clear(&inc);
	return e == LT_OK ? EXIT_DONE : cli_fail(e, "cannot log the incident");
}

static void print_incidents(const lt_incident *list, size_t n)
{
	size_t ncols = 6, i;
	const char **cells = calloc((n + 1) * ncols, sizeof *cells);
	char (*when)[32] = calloc(n + 1, sizeof *when);
	const char *const head[] = {_("ID"), _("WHEN"), _("KIND"), _("ON"), _("FROM"), _("NOTE")};

	if (cells && when) {
		memcpy(cells, head, sizeof head);
		for (i = 0; i < n; i++) {
			const char **row = cells + (i + 1) * ncols;

			row[0] = list[i].id;
			row[1] = cli_local_time(list[i].at, when[i]);
			row[2] = cli_word(LT_WORDS_INCIDENT, lt_incident_kind_name(list[i].kind));
			row[3] = list[i].normalized;
			row[4] = list[i].from ? list[i].from : "-";
			row[5] = list[i].note ? list[i].note : "";
		}
		cli_print_table(stdout, cells, n + 1, ncols);
	}
	free(cells);
	free(when);
}

static int incident_list(const char *identifier, const incident_opts *o)
{
	lt_kind k = o->ident_kind ? lt_kind_from_name(o->ident_kind) : identifier ? lt_ident_detect(identifier) : LT_KIND_NONE;
	char *norm = NULL;
	lt_incident *list = NULL;
	size_t n = 0, i;
	lt_store *store;
	lt_err e = identifier ? lt_ident_normalize(k, identifier, o->region, &norm) : LT_OK;

	if (e != LT_OK)
		return cli_fail(e, "cannot list incidents");
	store = lt_store_new();
	e = lt_incident_list(store, k, norm, &list, &n);
	lt_store_free(store);
	free(norm);
	if (e != LT_OK)
		return cli_fail(e, "cannot list incidents");
	if (o->json) {
		cJSON *arr = cJSON_CreateArray();

		for (i = 0; i < n; i++)
			cJSON_AddItemToArray(arr, lt_incident_to_json(&list[i]));
		cli_print_json(arr);
	} else if (n == 0) {
		fputs(identifier ? _("No incident logged on that identifier.\n") : _("No incident logged.\n"), stdout);
	} else {
		print_incidents(list, n);
	}
	lt_incidents_free(list, n);
	return n ? EXIT_DONE : EXIT_NOTHING;
}

static int incident_forget(const char *id)
{
	lt_store *store = lt_store_new();
	lt_err e = lt_incident_forget(store, id);

	lt_store_free(store);
	if (e != LT_OK)
		return cli_fail(e, "cannot forget the incident");
	printf(_("Forgot incident %s.\n"), id);
	return EXIT_DONE;
}

int cmd_incident(int argc, char **argv)
{
	incident_opts o = {0};
	int rc = parse(argc, argv, &o), args = argc - optind;
	const char *verb = args > 0 ? argv[optind] : "";

	if (rc != EXIT_DONE)
		return rc;
	if (strcmp(verb, "add") == 0 && args == 2)
		return incident_add(argv[optind + 1], &o);
	if (strcmp(verb, "list") == 0 && args <= 2)
		return incident_list(args == 2 ? argv[optind + 1] : NULL, &o);
	if (strcmp(verb, "forget") == 0 && args == 2)
		return incident_forget(argv[optind + 1]);
	return cli_usage_error(cli_find_command("incident"), "incident add IDENTIFIER --kind K, incident list [IDENTIFIER] "
							     "or incident forget ID");
}
