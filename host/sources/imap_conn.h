/* SPDX-License-Identifier: MIT */
/* imap_conn.h: one logged-in IMAP connection (imap_conn.c) and the commands
 * sent over it, for imap_scan.c. */
#ifndef LT_IMAP_CONN_H
#define LT_IMAP_CONN_H

#include "imap.h"
#include "imap_parse.h"

typedef struct lt_imap_conn lt_imap_conn;

/* Connect, verify TLS, log in (libcurl). Errors: LT_ERR_NETWORK, LT_ERR_TLS,
 * LT_ERR_AUTH, LT_ERR_BAD_SITE (the URL). */
lt_err lt_imap_connect(const lt_imap_options *o, lt_imap_conn **out);
/* LOGOUT (its answer is not waited for) and close. */
void lt_imap_close(lt_imap_conn *c);

/* Each untagged response of a command goes here; a non-OK return ends the
 * command (its tagged answer is still read, so the connection stays usable). */
typedef lt_err (*lt_imap_untagged_fn)(const lt_imap_response *r, void *ctx);

/* Send the command (the tag is added) and read until its tagged answer.
 * NO or BAD: LT_ERR_PROTOCOL ("the server refused EXAMINE: ..."), *refused = 1
 * when refused is not NULL (the connection stays usable). */
lt_err lt_imap_command(lt_imap_conn *c, lt_imap_untagged_fn fn, void *ctx, int *refused, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* name as an IMAP quoted string into buf ("" and LT_ERR_TOO_LARGE when it
 * does not fit; LT_ERR_BAD_REQUEST for bytes a quoted string cannot hold). */
lt_err lt_imap_quote(const char *name, char *buf, size_t size);

#endif
