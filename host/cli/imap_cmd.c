/* SPDX-License-Identifier: MIT */
/* imap_cmd.c: `leaktrace mail add imap imaps://USER@HOST[:PORT]
 * [--password-fd N] [--oauth2-command CMD] [--ca-file F]` and `mail login
 * NAME` (the same options): the password read from the terminal (not echoed)
 * or from a file descriptor, the login tried once, then the source and its
 * login stored in the keyring (never in a file). Nothing printed here names
 * the password. */
#include "imap_cmd.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"
#include "imap.h"
#include "imap_secret.h"
#include "mail_store.h"

/* Up to LT_IMAP_PASSWORD_MAX bytes from fd, to its first line end or EOF. */
static lt_err read_password(int fd, char **out)
{
	char *buf = calloc(1, LT_IMAP_PASSWORD_MAX + 1);
	size_t n = 0;

	*out = NULL;
	if (!buf)
		return LT_ERR_NOMEM;
	while (n < LT_IMAP_PASSWORD_MAX) {
		ssize_t r = read(fd, buf + n, 1);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			lt_imap_wipe_free(buf);
			return lt_fail(LT_ERR_IO, "reading the password failed: %s", strerror(errno));
		}
		if (r == 0 || buf[n] == '\n')
			break;
		n++;
	}
	buf[n] = '\0';
	if (n > 0 && buf[n - 1] == '\r')
		buf[--n] = '\0';
	if (n == LT_IMAP_PASSWORD_MAX || n == 0) {
		lt_imap_wipe_free(buf);
		return lt_fail(LT_ERR_BAD_REQUEST, n ? "a password over %d bytes" : "an empty password",
			       LT_IMAP_PASSWORD_MAX - 1);
	}
	*out = buf;
	return LT_OK;
}

/* Ask on the terminal, echo off. */
static lt_err ask_password(char **out)
{
	struct termios was, quiet;
	int tty = open("/dev/tty", O_RDWR | O_CLOEXEC);
	lt_err e;

	*out = NULL;
	if (tty < 0)
		return lt_fail(LT_ERR_BAD_REQUEST, "no terminal to ask the password on: give --password-fd N");
	if (tcgetattr(tty, &was) != 0) {
		close(tty);
		return lt_fail(LT_ERR_BAD_REQUEST, "no terminal to ask the password on: give --password-fd N");
	}
	quiet = was;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	dprintf(tty, "%s", _("IMAP password (not shown): "));
	tcsetattr(tty, TCSAFLUSH, &quiet);
	e = read_password(tty, out);
	tcsetattr(tty, TCSAFLUSH, &was);
	dprintf(tty, "\n");
	close(tty);
	return e;
}

/* The login as the options give it: a password, or the OAuth2 command (its token tried now). */
static lt_err gather(const cli_imap_add_opts *o, lt_imap_secret *sec, char **token)
{
	lt_err e = LT_OK;

	*token = NULL;
	if (o->oauth2_command) {
		if (!(sec->oauth2_command = strdup(o->oauth2_command)))
			return LT_ERR_NOMEM;
		return lt_imap_oauth2_token(o->oauth2_command, token);
	}
	e = o->password_fd >= 0 ? read_password(o->password_fd, &sec->password) : ask_password(&sec->password);
	return e;
}

/* The login of o tried on url, kept in *sec for the keyring: the CA file
 * made absolute, the password gathered, the login checked once. Returns an
 * exit code; prints why not. */
static int try_login(const char *url, const cli_imap_add_opts *o, const char *what, lt_imap_secret *sec)
{
	lt_imap_options io = {.url = url};
	char *token = NULL;
	lt_err e;

	if (o->password_fd >= 0 && o->oauth2_command)
		return cli_usage_error(cli_find_command("mail"), "give --password-fd or --oauth2-command, not both");
	if (o->ca_file && (cli_check_input(o->ca_file) != EXIT_DONE || !(sec->ca_file = realpath(o->ca_file, NULL))))
		return EXIT_USAGE;
	io.ca_file = sec->ca_file;
	e = gather(o, sec, &token);
	if (e == LT_OK) {
		io.password = sec->password;
		io.oauth2_token = token;
		e = lt_imap_login_check(&io);
	}
	lt_imap_wipe_free(token);
	return e == LT_OK ? EXIT_DONE : cli_fail(e, what);
}

int cli_mail_add_imap(const char *url, const cli_imap_add_opts *o)
{
	lt_imap_url u;
	lt_imap_secret sec = {0};
	char *location = NULL, *added = NULL;
	lt_store *store = NULL;
	lt_err e;
	int rc;

	if ((e = lt_imap_url_parse(url, &u)) != LT_OK)
		return cli_fail(e, _("cannot add the mail source"));
	if ((rc = try_login(url, o, N_("cannot add the mail source"), &sec)) == EXIT_DONE) {
		e = lt_imap_url_location(&u, &location);
		if (e == LT_OK && !(store = lt_store_new()))
			e = LT_ERR_NOMEM;
		if (e == LT_OK)
			e = lt_mail_source_add(store, LT_MAIL_IMAP, location, u.user, o->name, &added);
		if (e == LT_OK)
			e = lt_imap_secret_put(store, added, &sec);
		if (e != LT_OK)
			rc = cli_fail(e, _("cannot add the mail source"));
		else if (!o->quiet)
			printf(_("Added %s (%s). Next: leaktrace mail scan\n"), added, "imap");
	}
	lt_store_free(store);
	lt_imap_secret_clear(&sec);
	lt_imap_url_clear(&u);
	free(location);
	free(added);
	return rc;
}

int cli_mail_login_imap(const char *name, const cli_imap_add_opts *o)
{
	lt_store *store = lt_store_new();
	lt_mail_source *src = NULL;
	lt_imap_secret sec = {0};
	char *url = NULL;
	lt_err e = store ? lt_mail_source_find(store, name, &src) : LT_ERR_NOMEM;
	int rc;

	if (e == LT_OK && src->kind != LT_MAIL_IMAP)
		e = lt_fail(LT_ERR_BAD_REQUEST, "only an IMAP source has a login; %s is %s", name,
			    lt_mail_kind_name(src->kind));
	if (e == LT_OK)
		e = lt_imap_url_join(src->location, src->user, &url);
	if (e != LT_OK)
		rc = cli_fail(e, N_("cannot change the login"));
	else if ((rc = try_login(url, o, N_("cannot change the login"), &sec)) == EXIT_DONE) {
		if ((e = lt_imap_secret_put(store, name, &sec)) != LT_OK)
			rc = cli_fail(e, N_("cannot change the login"));
		else if (!o->quiet)
			printf(_("The new login of %s works and is kept in the keyring.\n"), name);
	}
	lt_imap_secret_clear(&sec);
	lt_mail_sources_free(src, src ? 1 : 0);
	lt_store_free(store);
	free(url);
	return rc;
}
