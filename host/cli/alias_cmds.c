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
		fprintf(stderr, "leaktrace: recorded as given to %s%s\n", site, extra ? extra : "");
	}
}

/* One way of making the identifier for the site: email alias, pool phone or name variant. */
static lt_err make_for_site(lt_store *store, const char *site, int phone, const char *name, lt_kind *k, char **value,
			    char extra[96])
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
			snprintf(extra, 96, " (the pool number held by the fewest sites: %zu before this one)", holders);
		return e;
	}
	*k = LT_KIND_EMAIL;
	return lt_alias_issue(store, site, value);
}

static int alias_for_site(const char *given, int phone, const char *name, int json)
{
	lt_store *store = lt_store_new();
	char *site = NULL, *value = NULL, extra[96];
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

static int set_base(const char *base)
{
	lt_store *store = lt_store_new();
	lt_err e = lt_alias_set_base(store, base);
	const char *at = strchr(base, '@');

	lt_store_free(store);
	if (e != LT_OK)
		return cli_fail(e, "cannot set the alias base");
	if (at)
		printf("Aliases will look like %.*s+TAG%s (TAG names the site)\n", (int)(at - base), base, at);
	else
		printf("Aliases will look like TAG@%s (TAG names the site)\n", base);
	return EXIT_DONE;
}

int cmd_alias(int argc, char **argv)
{
	static const struct option opts[] = {{"base", 1, 0, OPT_BASE}, {"phone", 0, 0, OPT_PHONE},
					     {"name", 1, 0, OPT_NAME}, {"json", 0, 0, OPT_JSON}, {0, 0, 0, 0}};
	const lt_command *cmd = cli_find_command("alias");
	const char *base = NULL, *name = NULL;
	int c, phone = 0, json = 0;

	FOR_EACH_OPTION(argc, argv, opts, c) {
		switch (c) {
		case OPT_BASE: base = optarg; break;
		case OPT_PHONE: phone = 1; break;
		case OPT_NAME: name = optarg; break;
		case OPT_JSON: json = 1; break;
		default: return cli_usage_error(cmd, "unknown option");
		}
	}
	if (base && optind == argc)
		return set_base(base);
	if (base || argc - optind != 1 || (phone && name))
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
		printf("The phone pool is empty. Add your numbers: leaktrace pool add NUMBER\n");
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
		return cli_fail(e, add ? "cannot add to the pool" : "cannot remove from the pool");
	if (add)
		printf("Added %s to the phone pool.\n", norm);
	else
		printf("Removed it from the phone pool.\n");
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
