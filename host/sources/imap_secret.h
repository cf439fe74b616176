/* SPDX-License-Identifier: MIT */
/* imap_secret.h: what an IMAP source needs to log in, kept in the keyring
 * (never in a file): one setting, "mail-imap", {SOURCE: {password |
 * oauth2_command, ca_file}}, whose name attribute says nothing about whom it
 * is for. The password is the secret of a keyring item like every record;
 * it is read back only to log in. */
#ifndef LT_IMAP_SECRET_H
#define LT_IMAP_SECRET_H

#include "keyring.h"

#define LT_IMAP_SET_SECRETS "mail-imap"
#define LT_IMAP_PASSWORD_MAX 1024
#define LT_IMAP_TOKEN_MAX (16 * 1024)

typedef struct {
	char *password;       /* NULL when OAuth2 */
	char *oauth2_command; /* run by /bin/sh; its first line of output is the bearer token */
	char *ca_file;        /* NULL: the system's certificates */
} lt_imap_secret;

/* Store (replace) the login of source `name`. */
lt_err lt_imap_secret_put(lt_store *s, const char *name, const lt_imap_secret *sec);
/* The login of source `name`; LT_ERR_NOT_FOUND when none was stored. */
lt_err lt_imap_secret_get(lt_store *s, const char *name, lt_imap_secret *out);
/* Drop the login of `name` (nothing when there is none). */
lt_err lt_imap_secret_drop(lt_store *s, const char *name);
/* Wipe and free the fields. */
void lt_imap_secret_clear(lt_imap_secret *sec);

/* Run the OAuth2 token command; *token (malloc'd, wiped by the caller with
 * lt_imap_wipe_free) is the first line it prints. LT_ERR_AUTH when it fails
 * or prints nothing; its output never goes into an error. */
lt_err lt_imap_oauth2_token(const char *command, char **token);
void lt_imap_wipe_free(char *s);

#endif
