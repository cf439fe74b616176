/* SPDX-License-Identifier: MIT */
/* setup_cmds.c: `leaktrace setup` -- install (or, with --remove, take away)
 * the native messaging host manifest for every browser found or named.
 *
 * The browsers come from core/browsers.c's table; this file only chooses
 * rows, writes each folder once (Firefox and Firefox ESR share theirs) and
 * says what it did and what to do next. The host path defaults to
 * leaktrace-host beside this program, so an installed leaktrace points the
 * browsers at the installed host and a build tree at its own. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "browsers.h"
#include "cli.h"

typedef struct {
	const lt_browser *rows[16];
	size_t n;
	int system, remove, json;
	const char *host;
} setup_opts;

typedef struct {
	char *dirs[16]; /* folders done so far, to do a shared one once */
	size_t ndirs;
	int failures;
	cJSON *list; /* --json: one object per browser */
} setup_run;

static int add_row(setup_opts *o, const lt_browser *b)
{
	size_t i;

	for (i = 0; i < o->n; i++)
		if (o->rows[i] == b)
			return 1;
	if (o->n == sizeof o->rows / sizeof o->rows[0])
		return 0;
	o->rows[o->n++] = b;
	return 1;
}

static int unknown_browser(const lt_command *cmd, const char *name)
{
	size_t n, i;
	const lt_browser *all = lt_browsers(&n);

	char known[256] = "";

	for (i = 0; i < n; i++)
		snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s", i ? " " : "", all[i].name);
	return cli_usage_error(cmd, "unknown browser '%s'; known: %s", name, known);
}

/* -1 to go on, else the exit code (a usage error). */
static int setup_parse(int argc, char **argv, setup_opts *o)
{
	static const struct option opts[] = {{"browser", 1, 0, 'b'}, {"system", 0, 0, 's'}, {"remove", 0, 0, 'r'},
					     {"host", 1, 0, 'H'},    {"json", 0, 0, OPT_JSON},  {0, 0, 0, 0}};
	const lt_command *cmd = cli_find_command("setup");
	const lt_browser *b;
	int c;

	FOR_EACH_OPTION(argc, argv, opts, c) {
		switch (c) {
		case 'b':
			if (!(b = lt_browser_find(optarg)))
				return unknown_browser(cmd, optarg);
			add_row(o, b);
			break;
		case 's': o->system = 1; break;
		case 'r': o->remove = 1; break;
		case 'H': o->host = optarg; break;
		case OPT_JSON: o->json = 1; break;
		default: return cli_usage_error(cmd, "unknown option");
		}
	}
	if (optind != argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	if (o->remove && o->host)
		return cli_usage_error(cmd, "--host makes no sense with --remove");
	return -1;
}

/* No browser named: every installed one (every row, to remove). */
static void default_rows(setup_opts *o)
{
	size_t n, i;
	const lt_browser *all = lt_browsers(&n);

	for (i = 0; i < n; i++)
		if (o->remove || lt_browser_installed(&all[i]))
			add_row(o, &all[i]);
}

/* The host the manifests will name: --host, else beside this program.
 * -1 to go on, else the exit code. */
static int choose_host(setup_opts *o, char **host)
{
	lt_err e;

	if (o->host) {
		if (lt_host_path_check(o->host) != LT_OK) {
			return cli_usage_error(cli_find_command("setup"),
					       "--host must name the leaktrace-host program by an absolute path: %s", lt_err_detail_text());
		}
		*host = strdup(o->host);
		return *host ? -1 : cli_fail(LT_ERR_NOMEM, "cannot set up");
	}
	if ((e = lt_host_default_path(host)) == LT_OK && (e = lt_host_path_check(*host)) == LT_OK)
		return -1;
	fprintf(stderr, _("leaktrace: cannot find leaktrace-host beside leaktrace: %s\n"), lt_err_detail_text());
	fputs(_("hint: give its absolute path with --host PATH.\n"), stderr);
	free(*host);
	*host = NULL;
	return EXIT_FAILED;
}

/* The name of the earlier browser in this run that already did `dir`. */
static const char *done_before(setup_run *r, const setup_opts *o, size_t upto, const char *dir)
{
	size_t i;

	for (i = 0; i < r->ndirs && i < upto; i++)
		if (r->dirs[i] && strcmp(r->dirs[i], dir) == 0)
			return o->rows[i]->title;
	return NULL;
}

/* One browser's line; JSON in English, the line for people translated.
 * detail is the core's failure (lt_err_detail), a fixed note, or NULL;
 * shared names the browser whose manifest this one shares, or NULL. */
static void report(setup_run *r, const setup_opts *o, const lt_browser *b, const char *file, const char *status,
		   const char *detail, const char *shared)
{
	char note[160];

	if (o->json) {
		cJSON *j = cJSON_CreateObject();

		cJSON_AddStringToObject(j, "browser", b->name);
		cJSON_AddStringToObject(j, "title", b->title);
		cJSON_AddStringToObject(j, "family", lt_family_name(b->family));
		cJSON_AddStringToObject(j, "manifest", file);
		cJSON_AddStringToObject(j, "status", status);
		if (shared)
			snprintf(note, sizeof note, "shares its manifest with %s", shared);
		if (detail || shared)
			cJSON_AddStringToObject(j, "detail", shared ? note : detail);
		cJSON_AddItemToArray(r->list, j);
		return;
	}
	if (shared)
		snprintf(note, sizeof note, _("shares its manifest with %s"), shared);
	if (detail || shared)
		printf(_("%-15s %s: %s\n"), b->title, _(status),
		       shared ? note : detail == lt_err_detail() ? lt_err_detail_text() : _(detail));
	else
		printf("%-15s %s %s\n", b->title, _(status), file);
}

/* Write or remove one browser's manifest; json is the rendered manifest. */
static void setup_one(setup_run *r, const setup_opts *o, size_t i, const char *json)
{
	const lt_browser *b = o->rows[i];
	char *dir = NULL, *file;
	const char *shared;
	int removed = 0;
	lt_err e = lt_browser_manifest_dir(b, o->system, &dir);

	r->dirs[r->ndirs++] = dir;
	file = dir ? lt_manifest_path(dir) : NULL;
	if (e != LT_OK || !file) {
		r->failures++;
		report(r, o, b, "", N_("failed"), e != LT_OK ? lt_err_detail() : N_("no memory"), NULL);
		free(file);
		return;
	}
	if ((shared = done_before(r, o, i, dir))) {
		report(r, o, b, file, o->remove ? N_("removed") : N_("written"), NULL, shared);
	} else if (o->remove) {
		e = lt_manifest_remove(dir, &removed);
		report(r, o, b, file, e != LT_OK ? N_("failed") : removed ? N_("removed") : N_("absent"),
		       e != LT_OK ? lt_err_detail() : NULL, NULL);
	} else {
		e = lt_manifest_write(dir, json);
		report(r, o, b, file, e != LT_OK ? N_("failed") : N_("written"), e != LT_OK ? lt_err_detail() : NULL, NULL);
	}
	r->failures += e != LT_OK;
	free(file);
}

static void print_next_steps(const setup_opts *o, const setup_run *r)
{
	if (r->failures && o->system)
		printf(_("\nSystem folders need root: sudo leaktrace setup --system%s\n"), o->remove ? " --remove" : "");
	if (o->remove) {
		fputs(_("\nThe browsers can no longer start leaktrace-host. Your records stay in the keyring.\n"), stdout);
		return;
	}
	fputs(_("\nNext, load the leaktrace extension in each browser (README: \"Load the extension\"):\n"
	       "  Chromium family: chrome://extensions, turn on Developer mode, Load unpacked, and choose\n"
	       "                   PREFIX/share/leaktrace/extension/chromium (PREFIX is /usr/local by default).\n"
	       "  Firefox:         about:debugging, This Firefox, Load Temporary Add-on, and choose\n"
	       "                   PREFIX/share/leaktrace/extension/firefox/manifest.json (until Firefox restarts;\n"
	       "                   ESR and Developer Edition keep leaktrace-firefox.xpi from Install Add-on From File\n"
	       "                   once xpinstall.signatures.required is false in about:config).\n"
	       "Then check everything with: leaktrace doctor\n"), stdout);
}

static int setup_run_all(setup_opts *o, const char *host)
{
	char *json[2] = {NULL, NULL};
	setup_run r = {.list = o->json ? cJSON_CreateArray() : NULL};
	size_t i;

	for (i = 0; !o->remove && i < 2; i++)
		if (lt_manifest_render((lt_browser_family)i, host, &json[i]) != LT_OK)
			return cli_fail(LT_ERR_NOMEM, "cannot render the manifest");
	if (!o->json)
		printf(o->remove ? _("Removing the leaktrace manifest:\n") : _("Installing the leaktrace manifest for %s:\n"), host);
	for (i = 0; i < o->n; i++)
		setup_one(&r, o, i, json[o->rows[i]->family]);
	if (o->json) {
		cJSON *out = cJSON_CreateObject();

		cJSON_AddStringToObject(out, "action", o->remove ? "remove" : "write");
		cJSON_AddBoolToObject(out, "system", o->system);
		if (host)
			cJSON_AddStringToObject(out, "host", host);
		cJSON_AddItemToObject(out, "browsers", r.list);
		cli_print_json(out);
	} else {
		print_next_steps(o, &r);
	}
	for (i = 0; i < r.ndirs; i++)
		free(r.dirs[i]);
	free(json[0]);
	free(json[1]);
	return r.failures ? EXIT_FAILED : EXIT_DONE;
}

int cmd_setup(int argc, char **argv)
{
	setup_opts o = {.n = 0};
	char *host = NULL;
	int rc = setup_parse(argc, argv, &o);

	if (rc >= 0)
		return rc;
	if (o.n == 0)
		default_rows(&o);
	if (o.n == 0) {
		fputs(_("leaktrace: no browser found (looked for their programs on PATH and their folders in HOME)\n"
			"hint: name one: leaktrace setup --browser chromium\n"), stderr);
		return EXIT_NOTHING;
	}
	if (!o.remove && (rc = choose_host(&o, &host)) >= 0)
		return rc;
	rc = setup_run_all(&o, host);
	free(host);
	return rc;
}
