/* SPDX-License-Identifier: MIT */
/* imap_cmd.h: `leaktrace mail add imap` and `mail login` (imap_cmd.c), for cmd_mail.c. */
#ifndef LT_IMAP_CMD_H
#define LT_IMAP_CMD_H

typedef struct {
	int password_fd;            /* -1: ask on the terminal */
	const char *oauth2_command; /* XOAUTH2 with the token this command prints */
	const char *ca_file;
	const char *name;           /* the source's name, NULL: imap-N */
	int quiet;
} cli_imap_add_opts;

/* Check the login to URL (imaps://USER@HOST[:PORT]) and add it as a mail
 * source, its login in the keyring. Returns an exit code; prints why not. */
int cli_mail_add_imap(const char *url, const cli_imap_add_opts *o);
/* `mail login NAME`: a new password (or token command) for the IMAP source
 * NAME, tried once, then kept in the keyring in place of the old one. */
int cli_mail_login_imap(const char *name, const cli_imap_add_opts *o);

#endif
