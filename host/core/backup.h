/* SPDX-License-Identifier: MIT */
/* backup.h: every leaktrace record in one file, to move to another machine
 * (keyrings do not sync) or to keep.
 *
 * The document is JSON: {"format":"leaktrace-backup","version":1,"created":T,
 * "accounts":[ACCOUNT...],"incidents":[INCIDENT...],"aliases":[...],
 * "keys":[...],"settings":[...]}, each element the self-describing secret of
 * one keyring item. It is written either plain (for people who want to read
 * their data) or sealed with a passphrase:
 *
 *   "LTBK" | version 1 | kdf 1 (scrypt) | log2 N | r (u32 BE) | p (u32 BE)
 *   | salt (16) | nonce (12) | AES-256-GCM ciphertext | tag (16)
 *
 * The 43-byte header is the GCM additional data, so a change anywhere in the
 * file -- header included -- fails authentication, as a wrong passphrase does.
 *
 * Import is in three steps, so a bad file writes nothing: open (decrypt and
 * authenticate), parse (validate every record strictly: types, sizes, UTF-8),
 * then restore (merge into the keyring without duplicates). Files are read
 * whole, up to LT_BACKUP_FILE_MAX bytes. */
#ifndef LT_BACKUP_H
#define LT_BACKUP_H

#include <stddef.h>

#include "error.h"
#include "keyring.h"

#define LT_BACKUP_FORMAT "leaktrace-backup"
#define LT_BACKUP_VERSION 1
#define LT_BACKUP_FILE_MAX ((size_t)256 << 20) /* 256 MiB, sealed or plain */
#define LT_BACKUP_HEADER_LEN 43
#define LT_BACKUP_TAG_LEN 16
#define LT_PASSPHRASE_MAX 1024

/* scrypt cost: N = 2^log2_n. Sealing uses the default when given NULL;
 * opening accepts what the header says, within bounds on time and memory. */
typedef struct {
	unsigned log2_n, r, p;
} lt_backup_kdf;
#define LT_BACKUP_KDF_DEFAULT ((lt_backup_kdf){16, 8, 1}) /* 64 MiB, ~0.2 s */

/* ---- sealing (backup_seal.c) ------------------------------------------- */

/* Encrypt `len` bytes under the passphrase into a new buffer (*out, malloc'd). */
lt_err lt_backup_seal(const char *pass, size_t passlen, const lt_backup_kdf *kdf, const void *plain, size_t len,
		      unsigned char **out, size_t *outlen);
/* Decrypt and authenticate a sealed file. *plain is NUL-terminated and
 * malloc'd; wipe it (lt_wipe) before freeing. A wrong passphrase and
 * a changed byte both fail with LT_ERR_CORRUPT_RECORD and one message. */
lt_err lt_backup_open(const char *pass, size_t passlen, const unsigned char *in, size_t len, char **plain,
		      size_t *plainlen);
/* Does the buffer start like a sealed backup ("LTBK")? */
int lt_backup_is_sealed(const unsigned char *in, size_t len);

/* ---- files (backup_file.c; writing is outfile.h's) --------------------- */

/* Read a whole regular file of at most LT_BACKUP_FILE_MAX bytes (NUL added). */
lt_err lt_backup_read_file(const char *path, unsigned char **buf, size_t *len);

/* ---- the document (backup.c) ------------------------------------------- */

enum { LT_BK_ACCOUNTS, LT_BK_INCIDENTS, LT_BK_ALIASES, LT_BK_KEYS, LT_BK_SETTINGS, LT_BK_KINDS };

/* What each kind of record ("accounts", ...) was named in the document. */
const char *lt_backup_kind_name(int kind);

typedef struct {
	size_t count[LT_BK_KINDS];
	size_t unreadable; /* keyring items skipped because their secret is not a record */
} lt_backup_stats;

/* The whole document from the keyring, as JSON text (pretty when asked);
 * malloc'd, wipe before freeing. */
lt_err lt_backup_collect(lt_store *s, int pretty, char **json, size_t *len, lt_backup_stats *stats);

/* A parsed, validated document: records ready to write. */
typedef struct lt_backup lt_backup;

/* Validate every record; nothing is written. LT_ERR_CORRUPT_RECORD (detail
 * says which record and why), LT_ERR_TOO_LARGE or LT_ERR_NOMEM. */
lt_err lt_backup_parse(const char *json, size_t len, lt_backup **out);
/* How many records, of each kind, the document holds. */
void lt_backup_counts(const lt_backup *b, lt_backup_stats *stats);
void lt_backup_free(lt_backup *b);

typedef struct {
	size_t added[LT_BK_KINDS];
	size_t merged[LT_BK_KINDS];  /* accounts: merged into one already here */
	size_t skipped[LT_BK_KINDS]; /* already here, unchanged */
	/* Keys present here and in the backup with different values: this
	 * keyring's key is kept (aliases issued elsewhere stay traceable through
	 * their imported Alias items). Purposes, e.g. "alias". */
	char **key_conflicts;
	size_t nkey_conflicts;
} lt_restore_result;

/* Called after each record, done of total. */
typedef void (*lt_backup_progress)(size_t done, size_t total, void *ctx);

/* Merge the records into the keyring: accounts through lt_store_record (the
 * backup's first_seen and captures kept; a reported login, a rotation done
 * and a password change carried too), incidents by id, aliases by tag
 * and settings by name when absent here, keys when absent (kept and reported
 * when different). Records already here are skipped, so importing twice
 * adds nothing. On failure, *r says what was written before it. */
lt_err lt_backup_restore(lt_store *s, const lt_backup *b, lt_backup_progress progress, void *ctx,
			 lt_restore_result *r);
void lt_restore_result_clear(lt_restore_result *r);

#endif
