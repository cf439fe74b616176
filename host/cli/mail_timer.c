/* SPDX-License-Identifier: MIT */
/* mail_timer.c: `leaktrace mail timer enable [--every hourly|daily] |
 * disable | status` -- a systemd user timer that runs `leaktrace mail scan
 * --quiet`, so new mail is read without the person thinking of it.
 *
 * The two units are written to $XDG_CONFIG_HOME/systemd/user (else
 * ~/.config/systemd/user), leaktrace-mail.service and leaktrace-mail.timer,
 * the service naming this very program by its absolute path; then
 * `systemctl --user` reloads and starts the timer. Where no user manager
 * answers (a container, an SSH session without lingering) the units stay
 * written and the message says the one command to run in the desktop
 * session. The units hold no identifier, site or password: the scan reads
 * its sources from the keyring. */
#include <errno.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "userdirs.h"

#define UNIT "leaktrace-mail"

/* The folder of the user's units, into buf; 0 when no HOME. */
static int unit_dir(char *buf, size_t size)
{
	return lt_xdg_path(LT_XDG_CONFIG, "systemd/user", buf, size);
}

/* The `leaktrace` command's path (the one that handed `mail` over, else this
 * program) as ExecStart reads it: quoted, with %, $, \ and " escaped. */
static char *exec_path(void)
{
	const char *front = getenv(LT_COMMAND_ENV);
	char *self = realpath(front && front[0] == '/' ? front : "/proc/self/exe", NULL);
	GString *q;

	if (!self)
		return NULL;
	q = g_string_new("\"");
	for (const char *p = self; *p; p++) {
		if (*p == '%' || *p == '$')
			g_string_append_c(q, *p);
		else if (*p == '\\' || *p == '"')
			g_string_append_c(q, '\\');
		g_string_append_c(q, *p);
	}
	g_string_append_c(q, '"');
	free(self);
	return g_string_free(q, FALSE);
}

/* Write dir/name with text, through a temporary file and rename. */
static int write_unit(const char *dir, const char *name, const char *text)
{
	char path[4200];
	GError *err = NULL;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (!g_file_set_contents(path, text, -1, &err)) {
		fprintf(stderr, _("leaktrace: cannot write %s: %s\n"), path, err->message);
		g_error_free(err);
		return EXIT_FAILED;
	}
	return EXIT_DONE;
}

/* Run systemctl --user with args; 1 when it succeeded, else 0 with its first line of error in why. */
static int systemctl(const char *const *args, char *why, size_t size)
{
	const char *argv[8] = {"systemctl", "--user"};
	char *err = NULL;
	int status = -1, n = 2;
	GError *e = NULL;

	for (; *args && n < 7; args++)
		argv[n++] = *args;
	argv[n] = NULL;
	if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
			  NULL, &err, &status, &e)) {
		snprintf(why, size, "%s", e->message);
		g_error_free(e);
		return 0;
	}
	if (g_spawn_check_wait_status(status, NULL)) {
		g_free(err);
		return 1;
	}
	snprintf(why, size, "%.*s", (int)strcspn(err ? err : "", "\n"), err ? err : "");
	g_free(err);
	return 0;
}

static int timer_enable(const char *every)
{
	static const char *const reload[] = {"daemon-reload", NULL}, *const start[] = {"enable", "--now", UNIT ".timer", NULL};
	char dir[4096], why[512], *exe, *service, *timer;
	int rc;

	if (strcmp(every, "hourly") != 0 && strcmp(every, "daily") != 0)
		return cli_usage_error(cli_find_command("mail"), "--every is hourly or daily");
	if (!unit_dir(dir, sizeof dir) || g_mkdir_with_parents(dir, 0755) != 0) {
		fprintf(stderr, _("leaktrace: cannot make the folder of your systemd user units: %s\n"), strerror(errno));
		return EXIT_FAILED;
	}
	if (!(exe = exec_path()))
		return cli_fail(LT_ERR_IO, N_("cannot find this program's own path"));
	service = g_strdup_printf("# Written by `leaktrace mail timer enable`; `leaktrace mail timer disable` removes it.\n"
				  "[Unit]\nDescription=leaktrace: read new mail for leaks\nDocumentation=man:leaktrace(1)\n\n"
				  "[Service]\nType=oneshot\nExecStart=%s mail scan --quiet\n",
				  exe);
	timer = g_strdup_printf("# Written by `leaktrace mail timer enable`; `leaktrace mail timer disable` removes it.\n"
				"[Unit]\nDescription=leaktrace: read new mail for leaks, %s\nDocumentation=man:leaktrace(1)\n\n"
				"[Timer]\nOnCalendar=%s\nRandomizedDelaySec=10min\nPersistent=true\n\n"
				"[Install]\nWantedBy=timers.target\n",
				every, every);
	rc = write_unit(dir, UNIT ".service", service);
	if (rc == EXIT_DONE)
		rc = write_unit(dir, UNIT ".timer", timer);
	g_free(exe);
	g_free(service);
	g_free(timer);
	if (rc != EXIT_DONE)
		return rc;
	if (systemctl(reload, why, sizeof why) && systemctl(start, why, sizeof why)) {
		printf(_("Your mail is read %s from now on (systemd user timer %s.timer).\n"), every, UNIT);
		return EXIT_DONE;
	}
	fprintf(stderr, _("leaktrace: the timer is written in %s, but systemctl --user could not start it: %s\n"
			  "hint: in your desktop session, run: systemctl --user enable --now %s.timer\n"),
		dir, why, UNIT);
	return EXIT_FAILED;
}

static int timer_disable(void)
{
	static const char *const stop[] = {"disable", "--now", UNIT ".timer", NULL}, *const reload[] = {"daemon-reload", NULL};
	char dir[4096], path[4200], why[512];
	int had = 0;

	if (!unit_dir(dir, sizeof dir))
		return cli_fail(LT_ERR_IO, N_("cannot find your systemd user units (no HOME)"));
	systemctl(stop, why, sizeof why); /* not loaded, or no manager: the files still go */
	for (int i = 0; i < 2; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, i ? UNIT ".timer" : UNIT ".service");
		if (unlink(path) == 0)
			had = 1;
		else if (errno != ENOENT)
			return cli_fail(LT_ERR_IO, N_("cannot remove the timer"));
	}
	systemctl(reload, why, sizeof why);
	puts(had ? _("The mail timer is off and its units are removed.") : _("There was no mail timer."));
	return EXIT_DONE;
}

static int timer_status(void)
{
	static const char *const active[] = {"is-active", "--quiet", UNIT ".timer", NULL};
	char dir[4096], path[4200], why[512];
	struct stat st;

	if (!unit_dir(dir, sizeof dir))
		return cli_fail(LT_ERR_IO, N_("cannot find your systemd user units (no HOME)"));
	snprintf(path, sizeof path, "%s/%s.timer", dir, UNIT);
	if (stat(path, &st) != 0) {
		puts(_("No mail timer: leaktrace mail timer enable reads your mail every hour."));
		return EXIT_NOTHING;
	}
	if (systemctl(active, why, sizeof why))
		printf(_("The mail timer is on (%s).\n"), path);
	else
		printf(_("The mail timer is written (%s) but not running: systemctl --user enable --now %s.timer\n"), path,
		       UNIT);
	return EXIT_DONE;
}

int cli_mail_timer(char **args, int n, const char *every)
{
	if (n == 1 && strcmp(args[0], "enable") == 0)
		return timer_enable(every ? every : "hourly");
	if (every)
		return cli_usage_error(cli_find_command("mail"), "--every is for mail timer enable");
	if (n == 1 && strcmp(args[0], "disable") == 0)
		return timer_disable();
	if (n == 1 && strcmp(args[0], "status") == 0)
		return timer_status();
	return cli_usage_error(cli_find_command("mail"), "mail timer enable [--every hourly|daily], disable or status");
}
