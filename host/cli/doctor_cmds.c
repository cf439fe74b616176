/* SPDX-License-Identifier: MIT */
/* doctor_cmds.c: `leaktrace doctor` -- check, in the order a failure would
 * bite, everything the browser path needs: the Secret Service and who
 * provides it, the default collection unlocked, each installed manifest, a
 * ping through the real framing, the phone region, and browsers installed
 * as Flatpak or Snap (where native hosts fail most). Each check ends as ok,
 * problem or info, with the exact fix. The probing is in core (browsers.c,
 * probe.c, keyring.c); this file decides what a result means for the person
 * and says so. Exit 0 when no check found a problem, 1 otherwise. */
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "browsers.h"
#include "caller.h"
#include "cli.h"
#include "ident.h"
#include "phone.h"
#include "probe.h"
#include "store.h"

#define MAX_CHECKS 64
#define MAX_PLACES 16
#define PING_TIMEOUT_MS 5000
#define VERSION_TIMEOUT_MS 10000 /* a Qt program starting under load: seconds */

typedef enum { ST_OK, ST_PROBLEM, ST_INFO } check_status;

typedef struct {
	char *name, *detail, *fix;
	check_status status;
} check;

typedef struct {
	check items[MAX_CHECKS];
	size_t n;
	char provider[64]; /* the Secret Service provider, for the unlock fix */
} checks;

/* One manifest folder and the browsers that read it (Firefox and ESR share). */
typedef struct {
	char *dir, *host;
	const lt_browser *rows[4];
	size_t nrows;
	int system;
	lt_manifest_state state;
} place;

static char *vfmt(const char *fmt, va_list ap)
{
	char *s = NULL;

	return vasprintf(&s, fmt, ap) < 0 ? NULL : s;
}

/* For people (not --json) the checks are worded in their language; JSON
 * keeps the English names, details and fixes. */
static int for_people;
#define T_(s) (for_people ? gettext(s) : (s))

/* A fix or a piece of one (malloc'd), from a format marked for xgettext. */
static char *doctor_text(const char *f, ...) __attribute__((format(printf, 1, 2)));
static char *doctor_text(const char *f, ...)
{
	va_list ap;
	char *s;

	va_start(ap, f);
	s = vfmt(T_(f), ap);
	va_end(ap);
	return s;
}

/* The core's failure detail in the language of the output. */
static const char *doctor_detail(void)
{
	return for_people ? lt_err_detail_text() : lt_err_detail();
}

/* Add a check; fix (malloc'd or NULL) is taken over. */
static void add_check(checks *c, const char *name, check_status st, char *fix, const char *f, ...)
	__attribute__((format(printf, 5, 6)));
static void add_check(checks *c, const char *name, check_status st, char *fix, const char *f, ...)
{
	va_list ap;
	check *k;

	if (c->n == MAX_CHECKS) {
		free(fix);
		return;
	}
	k = &c->items[c->n++];
	va_start(ap, f);
	k->detail = vfmt(T_(f), ap);
	va_end(ap);
	k->name = strdup(name);
	k->status = st;
	k->fix = fix;
}

/* ---- the keyring ---- */

/* status and detail: what the store said of the keyring. */
static void check_provider(checks *c, lt_err status, const char *detail)
{
	unsigned pid = 0;
	char comm[32], version[32], shown[512];
	const char *name;

	/* An owner that answers nothing useful (KeePassXC exposing no group) is still named. */
	if (lt_probe_secret_owner(&pid, comm) != LT_OK) {
		add_check(c, "secret-service", ST_PROBLEM,
		    doctor_text("start a Secret Service in your desktop session: install GNOME Keyring (sudo apt install "
			"gnome-keyring) and log in again, or turn on Secret Service integration in KWallet or in "
			"KeePassXC (Settings, Secret Service Integration). Run leaktrace from that session."),
		    "Secret Service: not reachable: %s",
		    status == LT_ERR_KEYRING_UNAVAILABLE && detail ? detail : doctor_detail());
		return;
	}
	name = lt_probe_provider_name(comm);
	snprintf(c->provider, sizeof c->provider, "%s", name ? name : "");
	if (!name)
		snprintf(shown, sizeof shown, "%s", T_("version unknown"));
	else if (lt_probe_provider_version(pid, VERSION_TIMEOUT_MS, version) != LT_OK)
		snprintf(shown, sizeof shown, "%s: %s", T_("version unknown"), lt_err_detail_text());
	else
		snprintf(shown, sizeof shown, "%s", version);
	add_check(c, "secret-service", ST_OK, NULL, "Secret Service: provided by %s %s (%s, pid %u)",
	    name ? name : T_("an unknown program"), shown, comm[0] ? comm : "?", pid);
}

/* KeePassXC offers a collection only for a database with an exposed group. */
static int keepassxc_exposes_nothing(const checks *c)
{
	size_t n = 0;

	return strcmp(c->provider, "KeePassXC") == 0 && lt_probe_collections(&n) == LT_OK && n == 0;
}

static void check_exposed_group(checks *c, lt_err status)
{
	if (strcmp(c->provider, "KeePassXC") != 0)
		return;
	if (keepassxc_exposes_nothing(c))
		add_check(c, "exposed-group", ST_PROBLEM,
		    doctor_text(("in KeePassXC, Database > Database Settings > Secret Service Integration > expose a "
			  "group (a new, empty one is best), then run leaktrace doctor again.")),
		    "KeePassXC: no group exposed: it offers leaktrace no collection to keep records in");
	else if (status == LT_OK)
		add_check(c, "exposed-group", ST_OK, NULL, "KeePassXC: a group of the open database is exposed to the Secret Service");
}

static char *unlock_fix(const char *provider)
{
	if (strcmp(provider, "KWallet") == 0)
		return doctor_text("open KWalletManager and unlock your wallet, then run leaktrace doctor again.");
	if (strcmp(provider, "KeePassXC") == 0)
		return doctor_text(("unlock your database in KeePassXC (its window, or the tray icon), then run leaktrace doctor "
			     "again."));
	return doctor_text("unlock the Login keyring: log in to the desktop with your password, or open Passwords and Keys "
		   "(seahorse) and unlock it; then run leaktrace doctor again.");
}

/* Items of leaktrace's schemas that hold no readable record, by path. */
static void check_unreadable(checks *c, lt_store *store)
{
	lt_unreadable bad = {0};
	lt_err e = lt_store_unreadable(store, &bad);
	char *names = NULL;
	size_t i;

	for (i = 0; e == LT_OK && i < bad.n; i++) {
		char *more = doctor_text("%s%s%s (%s)", names ? names : "", names ? ", " : "", bad.items[i].path, bad.items[i].schema);

		free(names);
		names = more;
	}
	if (e != LT_OK)
		add_check(c, "records", ST_PROBLEM, NULL, "records: cannot be read: %s", doctor_detail());
	else if (bad.n == 0)
		add_check(c, "records", ST_OK, NULL, "records: every leaktrace item is readable");
	else
		add_check(c, "records", ST_PROBLEM,
		    doctor_text("leaktrace forget SITE removes those of a site; others can be deleted by path: gdbus call "
			"--session --dest org.freedesktop.secrets --object-path PATH --method org.freedesktop.Secret.Item.Delete"),
		    bad.n == 1 ? "records: %zu item holds no readable record: %s" : "records: %zu items hold no readable record: %s",
		    bad.n, names ? names : "");
	free(names);
	lt_unreadable_clear(&bad);
}

static void check_keyring(checks *c)
{
	lt_store *store = lt_store_new();
	lt_err e = store ? lt_store_status(store) : LT_ERR_NOMEM;
	char *detail = strdup(doctor_detail());

	check_provider(c, e, detail);
	check_exposed_group(c, e);
	if (e == LT_OK)
		add_check(c, "keyring", ST_OK, NULL, "keyring: the default collection is unlocked");
	else if (keepassxc_exposes_nothing(c))
		add_check(c, "keyring", ST_PROBLEM, doctor_text(("expose a group in KeePassXC first (see above).")),
		    "keyring: no collection to keep records in");
	else if (e == LT_ERR_KEYRING_LOCKED)
		add_check(c, "keyring", ST_PROBLEM, unlock_fix(c->provider), "keyring: locked: %s", detail ? detail : "");
	else
		add_check(c, "keyring", ST_PROBLEM, doctor_text("make the Secret Service reachable first (see above)."),
		    "keyring: cannot be checked: %s", detail ? detail : lt_err_message(e));
	if (e == LT_OK)
		check_unreadable(c, store);
	free(detail);
	lt_store_free(store);
}

/* ---- the manifests ---- */

/* Every distinct manifest folder of the table, user ones first. */
static size_t list_places(place *p)
{
	size_t n = 0, nb, i, j;
	const lt_browser *all = lt_browsers(&nb);
	int system;

	for (system = 0; system <= 1; system++)
		for (i = 0; i < nb; i++) {
			char *dir = NULL;

			if (lt_browser_manifest_dir(&all[i], system, &dir) != LT_OK)
				continue;
			for (j = 0; j < n && strcmp(p[j].dir, dir) != 0; j++)
				;
			if (j == n && n < MAX_PLACES)
				p[n++] = (place){.dir = dir, .system = system};
			else
				free(dir);
			if (j < n && p[j].nrows < 4)
				p[j].rows[p[j].nrows++] = &all[i];
		}
	return n;
}

/* "Firefox and Firefox ESR" */
static void titles(const place *p, char *buf, size_t size)
{
	size_t i;

	buf[0] = '\0';
	for (i = 0; i < p->nrows; i++)
		snprintf(buf + strlen(buf), size - strlen(buf), "%s%s", i ? T_(" and ") : "", p->rows[i]->title);
}

static char *setup_fix(const place *p, const char *before)
{
	return doctor_text("%s%sleaktrace setup --browser %s%s", before, p->system ? "sudo " : "", p->rows[0]->name,
		   p->system ? " --system" : "");
}

static char *manifest_fix(const place *p)
{
	char *host = NULL, *fix;

	if (p->state != LT_MANIFEST_NO_HOST)
		return setup_fix(p, T_("rewrite it: "));
	if (lt_host_default_path(&host) == LT_OK && lt_host_path_check(host) == LT_OK)
		fix = setup_fix(p, T_("point it at the leaktrace-host installed beside this leaktrace: "));
	else
		fix = setup_fix(p, T_("reinstall leaktrace (make install), then: "));
	free(host);
	return fix;
}

static void check_place(checks *c, place *p)
{
	char who[64], name[64];

	p->state = lt_manifest_check(p->rows[0]->family, p->dir, &p->host);
	if (p->state == LT_MANIFEST_ABSENT)
		return;
	titles(p, who, sizeof who);
	snprintf(name, sizeof name, "manifest.%s%s", p->rows[0]->name, p->system ? ".system" : "");
	if (p->state == LT_MANIFEST_OK)
		add_check(c, name, ST_OK, NULL, "manifest for %s: %s/%s names %s and our extension", who, p->dir,
		    LT_MANIFEST_FILE, p->host);
	else
		add_check(c, name, ST_PROBLEM, manifest_fix(p), "manifest for %s: %s/%s: %s", who, p->dir, LT_MANIFEST_FILE,
		    doctor_detail());
}

static int has_manifest(const place *p, size_t n, const lt_browser *b)
{
	size_t i, j;

	for (i = 0; i < n; i++)
		for (j = 0; j < p[i].nrows; j++)
			if (p[i].rows[j] == b && p[i].state != LT_MANIFEST_ABSENT)
				return 1;
	return 0;
}

/* Installed browsers without any manifest; nothing at all installed. */
static void check_missing(checks *c, const place *p, size_t n)
{
	size_t nb, i, found = 0, present = 0;
	const lt_browser *all = lt_browsers(&nb);
	char name[64];

	for (i = 0; i < n; i++)
		present += p[i].state != LT_MANIFEST_ABSENT;
	for (i = 0; i < nb; i++) {
		if (!lt_browser_installed(&all[i]))
			continue;
		found++;
		if (has_manifest(p, n, &all[i]))
			continue;
		snprintf(name, sizeof name, "manifest.%s", all[i].name);
		add_check(c, name, ST_PROBLEM, doctor_text("leaktrace setup --browser %s", all[i].name),
		    "manifest for %s: %s is installed but cannot find leaktrace-host (no manifest)", all[i].title,
		    all[i].title);
	}
	if (!found && !present)
		add_check(c, "manifest", ST_PROBLEM, doctor_text("install a browser, or name yours: leaktrace setup --browser chromium"),
		    "manifests: no supported browser found and no leaktrace manifest installed");
}

/* ---- the ping ---- */

static void ping_one(checks *c, const char *host, lt_browser_family f, const char *manifest, const char *why)
{
	const char *chromium[] = {"chrome-extension://" LT_CHROMIUM_ID "/", NULL};
	const char *firefox[] = {manifest, LT_FIREFOX_ID, NULL};
	lt_ping_result r;
	lt_err e = lt_probe_ping(host, f == LT_FAMILY_FIREFOX ? firefox : chromium, PING_TIMEOUT_MS, &r);

	if (e == LT_OK)
		add_check(c, "host-ping", ST_OK, NULL, "host: %s answered a framed ping in %ld ms (version %s, keyring %s)%s", host,
		    r.ms, r.version, r.keyring, why);
	else if (e == LT_ERR_FORBIDDEN_CALLER)
		add_check(c, "host-ping", ST_PROBLEM,
		    doctor_text("this host was built for another extension ID; install the leaktrace-host that came with this "
			"leaktrace (make install), then leaktrace setup"),
		    "host: %s refused our extension: %s%s", host, doctor_detail(), why);
	else
		add_check(c, "host-ping", ST_PROBLEM,
		    doctor_text("run it by hand to see why: printf '\\030\\0\\0\\0{\"id\":1,\"action\":\"ping\"}' | %s %s",
			host, f == LT_FAMILY_FIREFOX ? LT_FIREFOX_ID : "chrome-extension://" LT_CHROMIUM_ID "/"),
		    "host: %s did not answer a ping: %s%s", host, doctor_detail(), why);
	lt_ping_result_clear(&r);
}

/* Ping each distinct host a good manifest names; else the one beside us. */
static void check_ping(checks *c, const place *p, size_t n)
{
	size_t i, j, pinged = 0;
	char *host = NULL;

	for (i = 0; i < n; i++) {
		char *file;

		if (p[i].state != LT_MANIFEST_OK)
			continue;
		for (j = 0; j < i && !(p[j].state == LT_MANIFEST_OK && strcmp(p[j].host, p[i].host) == 0); j++)
			;
		if (j < i || !(file = lt_manifest_path(p[i].dir)))
			continue;
		ping_one(c, p[i].host, p[i].rows[0]->family, file, "");
		pinged++;
		free(file);
	}
	if (pinged)
		return;
	if (lt_host_default_path(&host) == LT_OK && lt_host_path_check(host) == LT_OK)
		ping_one(c, host, LT_FAMILY_CHROMIUM, NULL, T_(" (no good manifest names a host: tried the one beside leaktrace)"));
	else
		add_check(c, "host-ping", ST_PROBLEM, doctor_text("reinstall leaktrace (make install), then: leaktrace setup"),
		    "host: no good manifest names a host, and there is no leaktrace-host beside leaktrace");
	free(host);
}

/* ---- the program that reads mail, phone logs and exports ---- */

static void check_sources(checks *c)
{
	char path[4096];

	if (cli_sources_program(path, sizeof path) == 0)
		add_check(c, "sources", ST_OK, NULL, "readers of mail, phone logs and exports: %s", path);
	else
		add_check(c, "sources", ST_PROBLEM,
		    doctor_text("reinstall leaktrace (make install): leaktrace-sources goes to the module folder"),
		    "readers of mail, phone logs and exports: %s is missing (mail, phone, accounts, export and import cannot run)", path);
}

/* ---- the phone region ---- */

static void check_region(checks *c)
{
	const char *env = getenv("LEAKTRACE_REGION"), *region = lt_default_region();
	int loaded = lt_phone_module_check() == 0;

	if (!loaded)
		add_check(c, "phone-region", ST_PROBLEM,
		    doctor_text("reinstall leaktrace (make install): leaktrace-phone.so goes to the module folder"),
		    "phone numbers: the libphonenumber module cannot be loaded: %s", doctor_detail());
	else if (!region)
		add_check(c, "phone-region", ST_PROBLEM,
		    doctor_text("set your country, e.g. add 'export LEAKTRACE_REGION=CN' to ~/.profile (or use a locale "
			"with a territory, such as zh_CN.UTF-8)"),
		    "phone numbers: no region (%s): numbers written without +country code cannot be read",
		    env && *env ? T_("LEAKTRACE_REGION is not two letters") : T_("the locale names no territory"));
	else if (!lt_phone_region_known(region))
		add_check(c, "phone-region", ST_PROBLEM, doctor_text("set LEAKTRACE_REGION to your country's two-letter code, e.g. CN"),
		    "phone numbers: libphonenumber does not know the region %s", region);
	else
		add_check(c, "phone-region", ST_OK, NULL, "phone numbers: region %s (from %s)", region,
		    env && *env ? "LEAKTRACE_REGION" : T_("the locale"));
}

/* ---- sandboxed browsers ---- */

static char *spawn_workaround(const lt_browser *b, const lt_sandbox *sb)
{
	char *host = NULL, *fix;

	if (lt_host_default_path(&host) != LT_OK)
		host = NULL;
	fix = doctor_text("the known workaround (it lets the browser run any program outside its sandbox):\n"
		  "flatpak override --user --talk-name=org.freedesktop.Flatpak %s\n"
		  "printf '#!/bin/sh\\nexec flatpak-spawn --host %s \"$@\"\\n' > %s/leaktrace-host && chmod 755 %s/leaktrace-host\n"
		  "leaktrace setup --browser %s --host %s/leaktrace-host\n"
		  "mkdir -p %s && mv ~/%s/%s %s/\n"
		  "(Running leaktrace-host inside the sandbox instead would need flatpak override --user "
		  "--talk-name=org.freedesktop.secrets %s and a host built for the Flatpak runtime; leaktrace has none.)",
		  b->flatpak_id, host ? host : "/usr/local/bin/leaktrace-host", sb->flatpak_data, sb->flatpak_data, b->name,
		  sb->flatpak_data, sb->flatpak_dir, b->user_dir, LT_MANIFEST_FILE, sb->flatpak_dir, b->flatpak_id);
	free(host);
	return fix;
}

static const char *portal_state(char buf[192])
{
	unsigned v = 0;

	if (lt_probe_webext_portal(&v) == LT_OK)
		snprintf(buf, 192, T_("the WebExtensions portal is running (version %u)"), v);
	else
		snprintf(buf, 192, "%s", T_("this session has no WebExtensions portal"));
	return buf;
}

static void check_flatpak(checks *c, const lt_browser *b, const lt_sandbox *sb)
{
	char name[64], portal[192];
	const char *there = lt_manifest_check(b->family, sb->flatpak_dir, NULL) == LT_MANIFEST_OK
				    ? T_("a good leaktrace manifest is there")
				    : T_("no good leaktrace manifest is there");

	snprintf(name, sizeof name, "sandbox.%s.flatpak", b->name);
	if (b->family == LT_FAMILY_FIREFOX) {
		char *spawn = spawn_workaround(b, sb);

		add_check(c, name, ST_INFO,
		    doctor_text("in about:config set widget.use-xdg-desktop-portal.native-messaging to 1 and restart %s; with "
			"xdg-desktop-portal 1.20 or later the portal reads ~/.mozilla/native-messaging-hosts (leaktrace setup "
			"--browser firefox writes it), asks you once, and starts the host outside the sandbox.\nWithout the "
			"portal, %s", b->title, spawn),
		    "%s is a Flatpak (%s): it cannot start programs outside its sandbox by itself; %s. Its own manifest "
		    "folder is %s (%s)", b->title, b->flatpak_id, portal_state(portal), sb->flatpak_dir, there);
		free(spawn);
		return;
	}
	add_check(c, name, ST_INFO, spawn_workaround(b, sb),
	    "%s is a Flatpak (%s): it reads manifests only from %s (%s) and cannot start programs outside its sandbox "
	    "without flatpak-spawn", b->title, b->flatpak_id, sb->flatpak_dir, there);
}

static void check_snap(checks *c, const lt_browser *b)
{
	char name[64], portal[192];

	snprintf(name, sizeof name, "sandbox.%s.snap", b->name);
	if (b->family == LT_FAMILY_FIREFOX)
		add_check(c, name, ST_INFO,
		    doctor_text("install the portal and log in again: sudo apt install xdg-desktop-portal xdg-desktop-portal-gnome "
			"(or -kde); the manifest it reads is ~/.mozilla/native-messaging-hosts/%s (leaktrace setup "
			"--browser firefox)", LT_MANIFEST_FILE),
		    "%s is a Snap: it starts native hosts through the WebExtensions portal; %s", b->title,
		    portal_state(portal));
	else
		add_check(c, name, ST_INFO,
		    doctor_text("install %s from a .deb package instead of the Snap, or use Firefox", b->title),
		    "%s is a Snap: a Snap Chromium-family browser cannot start native hosts outside its confinement and "
		    "has no portal for it", b->title);
}

static void check_sandboxes(checks *c)
{
	size_t nb, i, found = 0;
	const lt_browser *all = lt_browsers(&nb);

	for (i = 0; i < nb; i++) {
		lt_sandbox sb;

		if (lt_browser_sandbox(&all[i], &sb) != LT_OK)
			continue;
		if (sb.flatpak)
			check_flatpak(c, &all[i], &sb);
		if (sb.snap)
			check_snap(c, &all[i]);
		found += sb.flatpak + sb.snap;
		lt_sandbox_clear(&sb);
	}
	if (!found)
		add_check(c, "sandbox", ST_OK, NULL, "sandboxed browsers: no Flatpak or Snap browser found");
}

/* ---- rendering ---- */

static const char *status_name(check_status s)
{
	return s == ST_OK ? "ok" : s == ST_PROBLEM ? "problem" : "info";
}

static void print_json(const checks *c, int ok)
{
	cJSON *o = cJSON_CreateObject(), *arr;
	size_t i;

	cJSON_AddBoolToObject(o, "ok", ok);
	arr = cJSON_AddArrayToObject(o, "checks");
	for (i = 0; i < c->n; i++) {
		cJSON *k = cJSON_CreateObject();

		cJSON_AddStringToObject(k, "name", c->items[i].name);
		cJSON_AddStringToObject(k, "status", status_name(c->items[i].status));
		cJSON_AddStringToObject(k, "detail", c->items[i].detail ? c->items[i].detail : "");
		if (c->items[i].fix)
			cJSON_AddStringToObject(k, "fix", c->items[i].fix);
		else
			cJSON_AddNullToObject(k, "fix");
		cJSON_AddItemToArray(arr, k);
	}
	cli_print_json(o);
}

/* The fix, each of its lines indented under the check. */
static void print_fix(const char *label, const char *fix)
{
	const char *line = fix;

	printf("          %s ", label);
	while (*line) {
		size_t n = strcspn(line, "\n");

		printf("%.*s\n", (int)n, line);
		line += n + (line[n] == '\n');
		if (*line)
			printf("%*s", 11 + cli_display_width(label), "");
	}
}

static void print_text(const checks *c, size_t problems)
{
	const char *const label[] = {T_("OK"), T_("PROBLEM"), T_("INFO")};
	size_t i;

	for (i = 0; i < c->n; i++) {
		printf("%s%*s %s\n", label[c->items[i].status], 9 - cli_display_width(label[c->items[i].status]), "", c->items[i].detail ? c->items[i].detail : "");
		if (c->items[i].fix)
			print_fix(c->items[i].status == ST_INFO ? T_("how:") : T_("fix:"), c->items[i].fix);
	}
	if (problems)
		printf(ngettext("\n%zu problem found.\n", "\n%zu problems found.\n", problems), problems);
	else
		fputs(_("\nEverything leaktrace needs is in place.\n"), stdout);
}

int cmd_doctor(int argc, char **argv)
{
	static const struct option opts[] = {{"json", 0, 0, OPT_JSON}, {0, 0, 0, 0}};
	checks c = {.n = 0};
	place p[MAX_PLACES];
	size_t n, i, problems = 0;
	int ch, json = 0;

	FOR_EACH_OPTION(argc, argv, opts, ch) {
		if (ch != OPT_JSON)
			return cli_usage_error(cli_find_command("doctor"), "unknown option");
		json = 1;
	}
	if (optind != argc)
		return cli_usage_error(cli_find_command("doctor"), "doctor takes no arguments");
	for_people = !json;
	check_keyring(&c);
	n = list_places(p);
	for (i = 0; i < n; i++)
		check_place(&c, &p[i]);
	check_missing(&c, p, n);
	check_ping(&c, p, n);
	check_region(&c);
	check_sources(&c);
	check_sandboxes(&c);
	for (i = 0; i < c.n; i++)
		problems += c.items[i].status == ST_PROBLEM;
	if (json)
		print_json(&c, problems == 0);
	else
		print_text(&c, problems);
	for (i = 0; i < n; i++) {
		free(p[i].dir);
		free(p[i].host);
	}
	for (i = 0; i < c.n; i++) {
		free(c.items[i].name);
		free(c.items[i].detail);
		free(c.items[i].fix);
	}
	return problems ? EXIT_NOTHING : EXIT_DONE;
}
