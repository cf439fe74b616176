/* SPDX-License-Identifier: MIT */
/* cmd_mail.c: `leaktrace mail add|list|remove|login|scan|check|review|
 * allow|deny|timer` -- the person's mailbox read for leaks (host/sources/mail_feed.h):
 * sources added, listed and removed, scanned, single messages judged, reviews
 * settled, accounts found in mail accepted. Parsing and rendering only. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "imap.h"
#include "imap_cmd.h"
#include "mail_feed.h"
#include "mail_local.h"
#include "mail_store.h"
#include "setting.h"
#include "store.h"

enum { OPT_DRY_RUN = 1200, OPT_QUIET, OPT_ACCEPT_ALL, OPT_MNAME, OPT_PASSWORD_FD, OPT_OAUTH2, OPT_CA_FILE, OPT_EVERY };

typedef struct {
	int json, dry_run, quiet, accept_all;
	const char *since, *name, *every;
	int password_fd; /* mail add imap: -1 asks on the terminal */
	const char *oauth2_command, *ca_file;
} mail_opts;

static const lt_command *mail_cmd(void)
{
	return cli_find_command("mail");
}

static int parse(int argc, char **argv, mail_opts *o)
{
	static const struct option opts[] = {
		{"json", 0, 0, OPT_JSON},	  {"dry-run", 0, 0, OPT_DRY_RUN},	 {"quiet", 0, 0, OPT_QUIET},
		{"since", 1, 0, OPT_SINCE},	  {"accept-all", 0, 0, OPT_ACCEPT_ALL}, {"name", 1, 0, OPT_MNAME},
		{"password-fd", 1, 0, OPT_PASSWORD_FD}, {"oauth2-command", 1, 0, OPT_OAUTH2}, {"ca-file", 1, 0, OPT_CA_FILE},
		{"every", 1, 0, OPT_EVERY},	  {0, 0, 0, 0},
	};
	int c;

	FOR_EACH_OPTION(argc, argv, opts, c) {
		switch (c) {
		case OPT_JSON: o->json = 1; break;
		case OPT_DRY_RUN: o->dry_run = 1; break;
		case OPT_QUIET: o->quiet = 1; break;
		case OPT_SINCE: o->since = optarg; break;
		case OPT_ACCEPT_ALL: o->accept_all = 1; break;
		case OPT_MNAME: o->name = optarg; break;
		case OPT_PASSWORD_FD: {
			char *end;
			long fd = strtol(optarg, &end, 10);

			if (*end || end == optarg || fd < 0 || fd > 1023)
				return cli_usage_error(mail_cmd(), "--password-fd takes a file descriptor number");
			o->password_fd = (int)fd;
			break;
		}
		case OPT_OAUTH2: o->oauth2_command = optarg; break;
		case OPT_CA_FILE: o->ca_file = optarg; break;
		case OPT_EVERY: o->every = optarg; break;
		default: return cli_usage_error(mail_cmd(), "unknown option");
		}
	}
	return EXIT_DONE;
}

/* ---- add ---- */

static int add_one(lt_store *store, lt_mail_kind kind, const char *path, const char *shown_as, const mail_opts *o)
{
	char *real, *name = NULL;
	lt_err e = LT_OK;

	if (cli_check_input(path) != EXIT_DONE || !(real = realpath(path, NULL)))
		return EXIT_USAGE;
	if (kind == LT_MAIL_MAILDIR)
		e = lt_mail_maildir_check(real);
	if (e == LT_OK)
		e = lt_mail_source_add(store, kind, real, NULL, o->name ? o->name : shown_as, &name);
	free(real);
	if (e != LT_OK)
		return cli_fail(e, _("cannot add the mail source"));
	if (!o->quiet)
		printf(_("Added %s (%s). Next: leaktrace mail scan\n"), name, lt_mail_kind_name(kind));
	free(name);
	return EXIT_DONE;
}

static int add_thunderbird(lt_store *store, const mail_opts *o)
{
	char **profiles = NULL;
	int rc = EXIT_DONE;

	if (lt_thunderbird_profiles(&profiles) != LT_OK || !profiles[0]) {
		fputs(_("leaktrace: no Thunderbird profile under ~/.thunderbird: give its folder\n"), stderr);
		rc = EXIT_NOTHING;
	}
	for (size_t i = 0; profiles && profiles[i] && rc == EXIT_DONE; i++)
		rc = add_one(store, LT_MAIL_THUNDERBIRD, profiles[i], NULL, o);
	lt_thunderbird_profiles_free(profiles);
	return rc;
}

/* Evolution's or KMail's local store: a maildir source named after the client. */
static int add_desktop(lt_store *store, const char *client, const char *dir, const mail_opts *o)
{
	char found[4096];
	lt_err e;

	if (dir)
		return add_one(store, LT_MAIL_MAILDIR, dir, client, o);
	if ((e = lt_mail_desktop_store(client, found, sizeof found)) != LT_OK) {
		cli_fail(e, _("cannot add the mail source"));
		return e == LT_ERR_NOT_FOUND ? EXIT_NOTHING : EXIT_USAGE;
	}
	return add_one(store, LT_MAIL_MAILDIR, found, client, o);
}

static int mail_add(char **args, int n, const mail_opts *o)
{
	int desktop = n > 0 && (strcmp(args[0], "evolution") == 0 || strcmp(args[0], "kmail") == 0);
	lt_mail_kind kind = n > 0 ? lt_mail_kind_from_name(args[0]) : LT_MAIL_KIND_COUNT;
	lt_store *store;
	int rc;

	if ((kind == LT_MAIL_KIND_COUNT && !desktop) || (kind != LT_MAIL_THUNDERBIRD && !desktop && n != 2) || n > 2)
		return cli_usage_error(mail_cmd(), "mail add maildir DIR, mbox FILE, thunderbird [PROFILE], evolution [DIR], "
						   "kmail [DIR] or imap imaps://USER@HOST");
	if ((o->password_fd >= 0 || o->oauth2_command || o->ca_file) && kind != LT_MAIL_IMAP)
		return cli_usage_error(mail_cmd(), "--password-fd, --oauth2-command and --ca-file are for mail add imap");
	if (kind == LT_MAIL_IMAP) {
		cli_imap_add_opts io = {.password_fd = o->password_fd, .oauth2_command = o->oauth2_command,
					.ca_file = o->ca_file, .name = o->name, .quiet = o->quiet};

		return cli_mail_add_imap(args[1], &io);
	}
	if (!(store = lt_store_new()))
		return cli_fail(LT_ERR_NOMEM, _("cannot add the mail source"));
	if (desktop)
		rc = add_desktop(store, args[0], n == 2 ? args[1] : NULL, o);
	else if (n == 2)
		rc = add_one(store, kind, args[1], NULL, o);
	else
		rc = add_thunderbird(store, o);
	lt_store_free(store);
	return rc;
}

/* ---- list, remove, login ---- */

/* Where a source reads from, as people know it: USER at imaps://HOST, or the path. */
static void where(const lt_mail_source *src, char *buf, size_t size)
{
	if (src->user)
		snprintf(buf, size, "%s @ %s", src->user, src->location);
	else
		snprintf(buf, size, "%s", src->location);
}

static int mail_list(int n, const mail_opts *o)
{
	lt_store *store = lt_store_new();
	lt_mail_source *all = NULL;
	size_t count = 0;
	lt_err e = store ? lt_mail_sources(store, &all, &count) : LT_ERR_NOMEM;
	cJSON *out = NULL;

	lt_store_free(store);
	if (n != 0)
		return cli_usage_error(mail_cmd(), "mail list takes no argument");
	if (e != LT_OK)
		return cli_fail(e, _("cannot list the mail sources"));
	if (o->json)
		out = cJSON_CreateArray();
	else if (count == 0)
		puts(_("No mail source yet: leaktrace mail add thunderbird, maildir DIR, mbox FILE or imap URL."));
	for (size_t i = 0; i < count; i++) {
		char at[4200];

		where(&all[i], at, sizeof at);
		if (out) {
			cJSON *one = cJSON_CreateObject();

			cJSON_AddStringToObject(one, "name", all[i].name);
			cJSON_AddStringToObject(one, "kind", lt_mail_kind_name(all[i].kind));
			cJSON_AddStringToObject(one, "location", all[i].location);
			if (all[i].user)
				cJSON_AddStringToObject(one, "user", all[i].user);
			cJSON_AddItemToArray(out, one);
		} else {
			printf("  %-14s %-11s %s\n", all[i].name, lt_mail_kind_name(all[i].kind), at);
		}
	}
	lt_mail_sources_free(all, count);
	if (out)
		cli_print_json(out);
	return EXIT_DONE;
}

static int mail_remove(char **args, int n, const mail_opts *o)
{
	lt_store *store;
	lt_mail_kind kind;
	lt_err e;

	if (n != 1)
		return cli_usage_error(mail_cmd(), "mail remove NAME (leaktrace mail list shows the names)");
	store = lt_store_new();
	e = store ? lt_mail_source_remove(store, args[0], &kind) : LT_ERR_NOMEM;
	lt_store_free(store);
	if (e != LT_OK)
		return cli_fail(e, _("cannot remove the mail source"));
	if (!o->quiet)
		printf(kind == LT_MAIL_IMAP ? _("Removed %s and its login. What its mail showed stays in your records.\n")
					    : _("Removed %s. What its mail showed stays in your records.\n"),
		       args[0]);
	return EXIT_DONE;
}

static int mail_login(char **args, int n, const mail_opts *o)
{
	cli_imap_add_opts io = {.password_fd = o->password_fd, .oauth2_command = o->oauth2_command,
				.ca_file = o->ca_file, .quiet = o->quiet};

	if (n != 1)
		return cli_usage_error(mail_cmd(), "mail login NAME [--password-fd N | --oauth2-command CMD]");
	return cli_mail_login_imap(args[0], &io);
}

/* ---- rendering a scan ---- */

static cJSON *note_json(const lt_mail_note *n)
{
	cJSON *j = cJSON_CreateObject(), *why;

	cJSON_AddStringToObject(j, "verdict", n->verdict);
	cJSON_AddBoolToObject(j, "certain", n->certain);
	cJSON_AddStringToObject(j, "address", n->address);
	if (n->site)
		cJSON_AddStringToObject(j, "site", n->site);
	if (n->org)
		cJSON_AddStringToObject(j, "sender", n->org);
	if (n->at[0])
		cJSON_AddStringToObject(j, "at", n->at);
	why = cJSON_AddArrayToObject(j, "reasons");
	for (int i = 0; i < LT_INCIDENT_REASONS && n->reasons[i]; i++)
		cJSON_AddItemToArray(why, cJSON_CreateString(n->reasons[i]));
	return j;
}

static cJSON *result_json(const lt_mail_result *r, int dry_run)
{
	cJSON *j = cJSON_CreateObject(), *arr;

	cJSON_AddBoolToObject(j, "dry_run", dry_run);
	cJSON_AddNumberToObject(j, "messages", (double)r->messages);
	cJSON_AddNumberToObject(j, "skipped", (double)r->skipped);
	cJSON_AddNumberToObject(j, "broken", (double)r->broken);
	cJSON_AddNumberToObject(j, "related", (double)r->related);
	cJSON_AddNumberToObject(j, "leaks", (double)r->leaks);
	cJSON_AddNumberToObject(j, "review", (double)r->review);
	cJSON_AddNumberToObject(j, "spam", (double)r->spam);
	cJSON_AddNumberToObject(j, "proposed", (double)r->proposed);
	cJSON_AddNumberToObject(j, "added", (double)r->added);
	cJSON_AddNumberToObject(j, "merged", (double)r->merged);
	arr = cJSON_AddArrayToObject(j, "incidents");
	for (size_t i = 0; i < r->n_made; i++)
		cJSON_AddItemToArray(arr, lt_incident_to_json(&r->made[i]));
	return j;
}

static void print_notes(const lt_mail_result *r)
{
	char when[32];

	for (size_t i = 0; i < r->n_notes; i++) {
		const lt_mail_note *n = &r->notes[i];

		printf("%s%s  %s  %s%s%s\n", cli_word(LT_WORDS_VERDICT, n->verdict), n->certain && strcmp(n->verdict, "leak") == 0 ? _(" (certain)") : "",
		       n->at[0] ? cli_local_time(n->at, when) : "-", n->address, n->site ? " -> " : "",
		       n->site ? n->site : "");
		for (int k = 0; k < LT_INCIDENT_REASONS && n->reasons[k]; k++) {
			char *why = lt_reason_text(n->reasons[k], cli_lang());

			printf("    %s\n", why ? why : n->reasons[k]);
			free(why);
		}
	}
}

static void print_result(const lt_mail_result *r, int dry_run)
{
	printf(_("Read %zu messages (%zu passed over, %zu unreadable): %zu related, %zu leaks, %zu to review, %zu spam; "
		 "%zu accounts found.\n"),
	       r->messages, r->skipped, r->broken, r->related, r->leaks, r->review, r->spam, r->proposed);
	if (dry_run)
		printf(_("%zu incidents (dry run: nothing stored).\n"), r->n_made);
	else
		printf(_("%zu incidents: %zu new, %zu grown, the rest logged before.\n"), r->n_made, r->added, r->merged);
	for (size_t i = 0; i < r->n_notes; i++)
		if (strcmp(r->notes[i].verdict, "related") != 0) {
			puts("");
			print_notes(&(lt_mail_result){.notes = r->notes + i, .n_notes = 1});
		}
	if (r->review || r->proposed)
		printf(_("\nNext: leaktrace mail review\n"));
}

/* ---- scan and check ---- */

/* The progress of a scan on a terminal: the bar when the total is known,
 * else the count of messages read so far, on one line. */
static int progress_shown;

static void progress(size_t done, size_t total, void *ctx)
{
	if (total) {
		cli_progress(done, total, ctx);
		return;
	}
	fputc('\r', stderr);
	fprintf(stderr, _("%s: %zu"), (const char *)ctx, done);
	fflush(stderr);
	progress_shown = 1;
}

/* The transport of each kind of source (mail_feed.h's lt_mail_reader). */
static const lt_mail_reader readers[LT_MAIL_KIND_COUNT] = {
	[LT_MAIL_MAILDIR] = lt_mail_read_local,
	[LT_MAIL_MBOX] = lt_mail_read_local,
	[LT_MAIL_THUNDERBIRD] = lt_mail_read_local,
	[LT_MAIL_IMAP] = lt_imap_read,
};

static int scan_sources(lt_store *store, const mail_opts *o, lt_mail_scan_opts *so)
{
	lt_mail_source *list = NULL;
	lt_mail_scan *scan = NULL;
	lt_mail_result r = {0};
	size_t n = 0, i;
	const char *failed = "";
	int tty = !o->quiet && !o->json && isatty(STDERR_FILENO);
	lt_err e = lt_mail_sources(store, &list, &n);

	if (e == LT_OK && n == 0) {
		lt_mail_sources_free(list, n);
		fputs(_("leaktrace: no mail source yet: leaktrace mail add maildir|mbox|thunderbird|imap ...\n"), stderr);
		return EXIT_NOTHING;
	}
	if (e == LT_OK)
		e = lt_mail_scan_new(store, so, &scan);
	for (i = 0; e == LT_OK && i < n; i++)
		if (readers[list[i].kind] &&
		    (e = readers[list[i].kind](scan, &list[i], tty ? progress : NULL, (void *)_("reading mail (messages)"))) != LT_OK)
			failed = list[i].name;
	if (progress_shown)
		fputc('\n', stderr);
	if (e == LT_OK)
		e = lt_mail_scan_finish(scan, &r);
	lt_mail_scan_free(scan);
	if (e != LT_OK) {
		char what[300];

		snprintf(what, sizeof what, _("cannot scan the mail source %.200s"), failed);
		lt_mail_sources_free(list, n);
		return cli_fail(e, what);
	}
	lt_mail_sources_free(list, n);
	if (o->json)
		cli_print_json(result_json(&r, o->dry_run));
	else if (!o->quiet)
		print_result(&r, o->dry_run);
	lt_mail_result_clear(&r);
	return EXIT_DONE;
}

static int mail_scan(int n, const mail_opts *o)
{
	lt_mail_scan_opts so = {.dry_run = o->dry_run};
	lt_store *store;
	int rc;

	if (n != 0)
		return cli_usage_error(mail_cmd(), "mail scan takes no argument: add sources with mail add");
	if (o->since && lt_time_parse(o->since, &so.since) != LT_OK)
		return cli_fail(LT_ERR_BAD_TIME, "bad --since");
	store = lt_store_new();
	rc = scan_sources(store, o, &so);
	lt_store_free(store);
	return rc;
}

static int mail_check(char **args, int n, const mail_opts *o)
{
	lt_mail_scan_opts so = {.dry_run = 1, .check = 1};
	lt_mail_source one = {.name = "check", .kind = LT_MAIL_MAILDIR, .location = args[0]};
	lt_mail_scan *scan = NULL;
	lt_mail_result r = {0};
	lt_store *store;
	lt_err e;

	if (n != 1)
		return cli_usage_error(mail_cmd(), "mail check FILE.eml");
	if (cli_check_input(args[0]) != EXIT_DONE)
		return EXIT_USAGE;
	store = lt_store_new();
	e = lt_mail_scan_new(store, &so, &scan);
	if (e == LT_OK)
		e = lt_mail_read_eml(scan, &one, args[0]);
	if (e == LT_OK)
		e = lt_mail_scan_finish(scan, &r);
	lt_mail_scan_free(scan);
	lt_store_free(store);
	if (e != LT_OK)
		return cli_fail(e, _("cannot check the mail"));
	if (o->json) {
		cJSON *arr = cJSON_CreateArray();

		for (size_t i = 0; i < r.n_notes; i++)
			cJSON_AddItemToArray(arr, note_json(&r.notes[i]));
		cli_print_json(arr);
	} else if (r.broken) {
		printf(_("Not a mail header leaktrace can read.\n"));
	} else if (r.n_notes == 0) {
		printf(_("Not to an alias or a recorded address, or not spam: nothing to judge.\n"));
	} else {
		print_notes(&r);
	}
	n = r.broken ? EXIT_USAGE : r.n_notes ? EXIT_DONE : EXIT_NOTHING;
	lt_mail_result_clear(&r);
	return n;
}

/* ---- review, allow, deny ---- */

/* The group of (site, sender) in out, or a new one (incidents come oldest first). */
static cJSON *review_group(cJSON *out, const lt_incident *inc, const char *org)
{
	cJSON *g;

	cJSON_ArrayForEach(g, out)
		if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(g, "site")), inc->site) == 0 &&
		    strcmp(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(g, "sender")), org) == 0)
			return g;
	g = cJSON_CreateObject();
	cJSON_AddStringToObject(g, "site", inc->site);
	cJSON_AddStringToObject(g, "sender", org);
	cJSON_AddNumberToObject(g, "messages", 0);
	cJSON_AddStringToObject(g, "since", inc->at);
	cJSON_AddStringToObject(g, "reason", inc->reasons[0] ? inc->reasons[0] : "");
	cJSON_AddItemToArray(out, g);
	return g;
}

/* The review incidents, one line per (site, sender organisation): settled once. */
static int review_incidents(lt_store *store, const mail_opts *o, cJSON *out)
{
	lt_incident *list = NULL;
	size_t n = 0;
	const cJSON *g;
	char when[32];
	lt_err e = lt_incident_list(store, LT_KIND_EMAIL, NULL, &list, &n);

	if (e != LT_OK)
		return cli_fail(e, _("cannot read the incidents"));
	for (size_t i = 0; i < n; i++) {
		const lt_incident *inc = &list[i];
		const char *org = inc->mail ? cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(inc->mail, "org")) : NULL;
		cJSON *grp, *count;

		if (inc->verdict != LT_IV_REVIEW || !inc->site)
			continue;
		grp = review_group(out, inc, org ? org : "");
		count = cJSON_GetObjectItemCaseSensitive(grp, "messages");
		cJSON_SetNumberValue(count, count->valuedouble + inc->count);
	}
	lt_incidents_free(list, n);
	if (!o->json && cJSON_GetArraySize(out) > 0)
		printf(_("Mail to an alias from a sender to settle (leaktrace mail allow|deny SITE DOMAIN):\n\n"));
	cJSON_ArrayForEach(g, out) {
		char *why = o->json ? NULL : lt_reason_text(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(g, "reason")),
							    cli_lang());

		if (!o->json)
			printf("  %s <- %s  ×%.0f  %s\n    %s\n", cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(g, "site")),
			       cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(g, "sender")),
			       cJSON_GetObjectItemCaseSensitive(g, "messages")->valuedouble,
			       cli_local_time(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(g, "since")), when),
			       why ? why : "");
		free(why);
	}
	return cJSON_GetArraySize(out) > 0 ? EXIT_DONE : EXIT_NOTHING;
}

/* Record a proposed account with its no-later-than date. */
static lt_err accept(lt_store *store, const cJSON *p)
{
	lt_record_input in = {.url = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(p, "site")),
			      .capture = LT_CAPTURE_IMPORT,
			      .given = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(p, "date")),
			      .certainty = LT_CERTAINTY_NO_LATER_THAN,
			      .note = "found in a welcome or confirmation mail"};
	lt_account a;
	lt_err e;

	in.ids[LT_KIND_EMAIL] = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(p, "address"));
	if ((e = lt_account_from_input(&in, &a)) == LT_OK)
		e = lt_store_record(store, &a, NULL, NULL);
	lt_account_clear(&a);
	return e;
}

static int ask(const char *site, const char *date)
{
	char line[16], when[32];

	printf(_("Add an account on %s, given no later than %s? [y/N] "), site, cli_local_time(date, when));
	fflush(stdout);
	return fgets(line, sizeof line, stdin) && (line[0] == 'y' || line[0] == 'Y');
}

static int review_proposed(lt_store *store, const mail_opts *o, cJSON *out)
{
	cJSON *prop = NULL, *p, *left = cJSON_CreateArray();
	size_t accepted = 0, shown = 0;
	int interactive = !o->json && isatty(STDIN_FILENO) && !o->accept_all;
	lt_err e = lt_mail_setting(store, LT_MAIL_SET_PROPOSED, cJSON_Array, &prop);

	cJSON_ArrayForEach(p, prop) {
		const char *site = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(p, "site"));
		const char *date = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(p, "date"));
		char when[32];

		if (e != LT_OK || !site || !date)
			continue;
		shown++;
		if (o->accept_all || (interactive && ask(site, date))) {
			if ((e = accept(store, p)) == LT_OK)
				accepted++;
			continue;
		}
		if (o->json)
			cJSON_AddItemToArray(out, cJSON_Duplicate(p, 1));
		else if (!interactive)
			printf(_("  proposed: an account on %s, given no later than %s\n"), site, cli_local_time(date, when));
		cJSON_AddItemToArray(left, cJSON_Duplicate(p, 1));
	}
	if (e == LT_OK && accepted)
		e = lt_setting_put(store, LT_MAIL_SET_PROPOSED, left);
	cJSON_Delete(prop);
	cJSON_Delete(left);
	if (e != LT_OK)
		return cli_fail(e, _("cannot add the accounts found in mail"));
	if (accepted && !o->json)
		printf(_("%zu accounts added from mail.\n"), accepted);
	else if (shown && !o->json && !interactive)
		printf(_("Add them: leaktrace mail review --accept-all\n"));
	return shown ? EXIT_DONE : EXIT_NOTHING;
}

static int mail_review(int n, const mail_opts *o)
{
	cJSON *senders = cJSON_CreateArray(), *accounts = cJSON_CreateArray();
	lt_store *store;
	int a, b;

	if (n != 0)
		return cli_usage_error(mail_cmd(), "mail review [--accept-all] [--json]");
	store = lt_store_new();
	a = review_incidents(store, o, senders);
	b = a > EXIT_NOTHING ? a : review_proposed(store, o, accounts);
	lt_store_free(store);
	if (o->json && a <= EXIT_NOTHING && b <= EXIT_NOTHING) {
		cJSON *j = cJSON_CreateObject();

		cJSON_AddItemToObject(j, "senders", senders);
		cJSON_AddItemToObject(j, "accounts", accounts);
		cli_print_json(j);
	} else {
		cJSON_Delete(senders);
		cJSON_Delete(accounts);
		if (a == EXIT_NOTHING && b == EXIT_NOTHING && !o->json)
			printf(_("Nothing to review.\n"));
	}
	if (a > EXIT_NOTHING || b > EXIT_NOTHING)
		return a > EXIT_NOTHING ? a : b;
	return a == EXIT_DONE || b == EXIT_DONE ? EXIT_DONE : EXIT_NOTHING;
}

static int mail_settle(char **args, int n, int allow)
{
	lt_store *store;
	size_t settled = 0;
	lt_err e;

	if (n != 2)
		return cli_usage_error(mail_cmd(), "mail allow SITE DOMAIN or mail deny SITE DOMAIN");
	store = lt_store_new();
	e = lt_mail_settle(store, args[0], args[1], allow, &settled);
	lt_store_free(store);
	if (e != LT_OK)
		return cli_fail(e, _("cannot settle the sender"));
	if (allow)
		printf(_("%s sends for %s from now on; %zu incidents to review settled.\n"), args[1], args[0], settled);
	else
		printf(_("%s has nothing to do with %s: its mail to the alias is a leak; %zu incidents settled.\n"), args[1],
		       args[0], settled);
	return EXIT_DONE;
}

int cmd_mail(int argc, char **argv)
{
	mail_opts o = {.password_fd = -1};
	int rc = parse(argc, argv, &o), args = argc - optind;
	const char *verb = args > 0 ? argv[optind] : "";
	char **rest = argv + optind + 1;

	if (rc != EXIT_DONE)
		return rc;
	if (strcmp(verb, "add") == 0)
		return mail_add(rest, args - 1, &o);
	if (strcmp(verb, "list") == 0)
		return mail_list(args - 1, &o);
	if (strcmp(verb, "remove") == 0)
		return mail_remove(rest, args - 1, &o);
	if (strcmp(verb, "login") == 0)
		return mail_login(rest, args - 1, &o);
	if (strcmp(verb, "timer") == 0)
		return cli_mail_timer(rest, args - 1, o.every);
	if (strcmp(verb, "scan") == 0)
		return mail_scan(args - 1, &o);
	if (strcmp(verb, "check") == 0)
		return mail_check(rest, args - 1, &o);
	if (strcmp(verb, "review") == 0)
		return mail_review(args - 1, &o);
	if (strcmp(verb, "allow") == 0 || strcmp(verb, "deny") == 0)
		return mail_settle(rest, args - 1, verb[0] == 'a');
	return cli_usage_error(mail_cmd(), "mail add|list|remove|login|scan|check|review|allow|deny|timer");
}
