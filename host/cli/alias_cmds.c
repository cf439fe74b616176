/* SPDX-License-Identifier: MIT */
/* alias_cmds.c: `leaktrace alias` and `leaktrace pool` -- per-site identifiers
 * that name their site when they leak (the work is in core/alias.c). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "alias.h"
#include "cli.h"
#include "site.h"
#include "store.h"

lt_err cli_record_given(lt_store *store, const char *site, lt_kind k, const char *value)
{
	lt_record_input in = {.url = site, .capture = LT_CAPTURE_MANUAL};
	lt_account add;
	lt_err e;

	in.ids[k] = value;
	if ((e = lt_account_from_input(&in, &add)) == LT_OK)
		e = lt_store_record(store, &add, NULL, NULL);
	lt_account_clear(&add);
	return e;
}

/* Print one result line, or {"site", "kind", "value"} with --json. */
static void print_given(const char *site, lt_kind k, const char *value, int json, const char *extra)
{
	if (json) {
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "site", site);
		cJSON_AddStringToObject(o, "kind", lt_kind_name(k));
		cJSON_AddStringToObject(o, "value", value);
		cli_print_json(o);
	} else {
		printf("%s\n", value);
		fprintf(stderr, _("leaktrace: recorded as given to %s%s\n"), site, extra ? extra : "");
	}
}

/* One way of making the identifier for the site: email alias, pool phone or name variant. */
static lt_err make_for_site(lt_store *store, const char *site, int phone, const char *name, lt_kind *k, char **value,
			    char extra[256])
{
	size_t holders = 0;
	lt_err e;

	extra[0] = '\0';
	if (name) {
		*k = LT_KIND_NAME;
		return lt_alias_name(store, site, name, value);
	}
	if (phone) {
		*k = LT_KIND_PHONE;
		e = lt_pool_suggest(store, value, &holders);
		if (e == LT_OK)
			snprintf(extra, 256, _(" (the pool number held by the fewest sites: %zu before this one)"), holders);
		return e;
	}
	*k = LT_KIND_EMAIL;
	return lt_alias_issue(store, site, value);
}

static int alias_for_site(const char *given, int phone, const char *name, int json)
{
	lt_store *store = lt_store_new();
	char *site = NULL, *value = NULL, extra[256];
	lt_kind k = LT_KIND_EMAIL;
	lt_err e = lt_site_from(given, &site);

	if (e == LT_OK)
		e = make_for_site(store, site, phone, name, &k, &value, extra);
	if (e == LT_OK)
		e = cli_record_given(store, site, k, value);
	if (e == LT_OK)
		print_given(site, k, value, json, extra);
	free(site);
	free(value);
	lt_store_free(store);
	return e == LT_OK ? EXIT_DONE : cli_fail(e, "cannot make an alias");
}

/* After an address base at a big provider: a note where readable pages say
 * it delivers +tag mail, else a warning that says what works whatever the
 * provider does (sources: data/mail-plus/SOURCE.md). */
static void warn_provider(const char *base)
{
	int delivers;
	const char *provider = lt_alias_base_provider(base, &delivers);

	if (!provider)
		return;
	if (delivers)
		fprintf(stderr,
			_("leaktrace: note: %s delivers mail sent to a +TAG address, as pages quoting its help or "
			  "reporting on it say (sources: the README, \"per-site aliases\"); one test mail to an alias confirms it.\n"),
			provider);
	else
		fprintf(stderr,
			_("leaktrace: whether %s delivers mail sent to a +TAG address could not be verified (nothing "
			  "leaktrace could read offline says so either way); send one test mail to an alias before you "
			  "rely on it. If it does not arrive, use a catch-all domain you own (leaktrace alias --base "
			  "yourdomain.example) or the provider's own alias feature.\n"),
			provider);
}

static void print_shape(int catchall, const char *base)
{
	char *shape = lt_alias_shape(catchall, base);

	printf(_("Aliases look like %s (TAG names the site).\n"), shape ? shape : base);
	free(shape);
}

static int set_base(const char *base)
{
	lt_store *store = lt_store_new();
	lt_err e = lt_alias_set_base(store, base);
	char *norm = NULL;
	int catchall = 0;

	if (e == LT_OK)
		e = lt_alias_get_base(store, &catchall, &norm);
	lt_store_free(store);
	if (e != LT_OK)
		return cli_fail(e, "cannot set the alias base");
	print_shape(catchall, norm);
	if (!catchall)
		warn_provider(norm);
	free(norm);
	return EXIT_DONE;
}

static int show_base(void)
{
	lt_store *store = lt_store_new();
	char *base = NULL;
	int catchall = 0;
	lt_err e = lt_alias_get_base(store, &catchall, &base);

	lt_store_free(store);
	if (e == LT_ERR_NOT_FOUND) {
		lt_err_clear();
		printf(_("No alias base is set. Set one: leaktrace alias --base you@mail.example (or a catch-all domain "
			 "you own: --base yourdomain.example)\n"));
		return EXIT_NOTHING;
	}
	if (e != LT_OK)
		return cli_fail(e, "cannot read the alias base");
	print_shape(catchall, base);
	free(base);
	return EXIT_DONE;
}

static int clear_base(void)
{
	lt_store *store = lt_store_new();
	int cleared = 0;
	lt_err e = lt_alias_clear_base(store, &cleared);

	lt_store_free(store);
	if (e != LT_OK)
		return cli_fail(e, "cannot clear the alias base");
	printf(cleared ? _("The alias base is cleared; aliases already given keep naming their sites.\n")
		       : _("No alias base was set.\n"));
	return cleared ? EXIT_DONE : EXIT_NOTHING;
}

/* --base VALUE sets, --base alone shows, --base --clear clears. */
static int base_command(const char *base, int clear, int operands, char **rest)
{
	if (clear)
		return operands == 0 && !base ? clear_base() : cli_usage_error(cli_find_command("alias"), "--clear takes nothing else");
	if (!base && operands == 1)
		base = rest[0];
	else if (operands > (base ? 0 : 1))
		return cli_usage_error(cli_find_command("alias"), "--base takes one address or domain");
	return base ? set_base(base) : show_base();
}

int cmd_alias(int argc, char **argv)
{
	static const struct option opts[] = {{"base", 2, 0, OPT_BASE}, {"clear", 0, 0, OPT_CLEAR},
					     {"phone", 0, 0, OPT_PHONE}, {"name", 1, 0, OPT_NAME},
					     {"json", 0, 0, OPT_JSON}, {0, 0, 0, 0}};
	const lt_command *cmd = cli_find_command("alias");
	const char *base = NULL, *name = NULL;
	int c, phone = 0, json = 0, base_given = 0, clear = 0;

	FOR_EACH_OPTION(argc, argv, opts, c) {
		switch (c) {
		case OPT_BASE: base_given = 1; base = optarg; break;
		case OPT_CLEAR: clear = 1; break;
		case OPT_PHONE: phone = 1; break;
		case OPT_NAME: name = optarg; break;
		case OPT_JSON: json = 1; break;
		default: return cli_usage_error(cmd, "unknown option");
		}
	}
	if (base_given || clear)
		return phone || name ? cli_usage_error(cmd, "--base goes alone")
				     : base_command(base, clear, argc - optind, argv + optind);
	if (argc - optind != 1 || (phone && name))
		return cli_usage_error(cmd, "give one site (or --base alone); --phone and --name exclude each other");
	return alias_for_site(argv[optind], phone, name, json);
}

static int pool_list(int json)
{
	lt_store *store = lt_store_new();
	char **numbers;
	size_t n, i;
	lt_err e = lt_pool_list(store, &numbers, &n);

	lt_store_free(store);
	if (e != LT_OK)
		return cli_fail(e, "cannot read the phone pool");
	if (json) {
		cJSON *o = cJSON_CreateObject(), *arr = cJSON_AddArrayToObject(o, "numbers");

		for (i = 0; i < n; i++)
			cJSON_AddItemToArray(arr, cJSON_CreateString(numbers[i]));
		cli_print_json(o);
	} else if (n == 0) {
		fputs(_("The phone pool is empty. Add your numbers: leaktrace pool add NUMBER\n"), stdout);
	}
	for (i = 0; !json && i < n; i++)
		printf("%s\n", numbers[i]);
	lt_pool_free(numbers, n);
	return n ? EXIT_DONE : EXIT_NOTHING;
}

static int pool_change(int add, const char *number, const char *region)
{
	lt_store *store = lt_store_new();
	char *norm = NULL;
	lt_err e = add ? lt_pool_add(store, number, region, &norm) : lt_pool_remove(store, number, region);

	lt_store_free(store);
	if (e != LT_OK)
		return cli_fail(e, add ? N_("cannot add to the pool") : N_("cannot remove from the pool"));
	if (add)
		printf(_("Added %s to the phone pool.\n"), norm);
	else
		fputs(_("Removed it from the phone pool.\n"), stdout);
	free(norm);
	return EXIT_DONE;
}

int cmd_pool(int argc, char **argv)
{
	static const struct option opts[] = {{"region", 1, 0, 'r'}, {"json", 0, 0, OPT_JSON}, {0, 0, 0, 0}};
	const lt_command *cmd = cli_find_command("pool");
	const char *region = NULL, *verb;
	int c, json = 0;

	FOR_EACH_OPTION(argc, argv, opts, c) {
		if (c == 'r')
			region = optarg;
		else if (c == OPT_JSON)
			json = 1;
		else
			return cli_usage_error(cmd, "unknown option");
	}
	verb = optind < argc ? argv[optind] : "list";
	if (strcmp(verb, "list") == 0 && argc - optind <= 1)
		return pool_list(json);
	if ((strcmp(verb, "add") == 0 || strcmp(verb, "remove") == 0) && argc - optind == 2)
		return pool_change(verb[0] == 'a', argv[optind + 1], region);
	return cli_usage_error(cmd, "pool add NUMBER, pool remove NUMBER or pool list");
}
