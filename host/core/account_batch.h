/* SPDX-License-Identifier: MIT */
/* account_batch.h: recording many accounts in one go (an import of past
 * accounts).
 *
 * One batch read first (every account, or the accounts of the batch's sites
 * when they are few); then each account is matched in memory against that
 * snapshot (indexed by site), and only one that changes
 * something is recorded -- through lt_store_record, the one record, which
 * merges under the lock. So importing the same file twice costs reads only.
 * An import never replaces the page details (URL, title, note) of an account
 * already here: it brings identifiers, earlier dates and passwords. */
#ifndef LT_ACCOUNT_BATCH_H
#define LT_ACCOUNT_BATCH_H

#include "keyring.h"
#include "record.h"

typedef enum { LT_BATCH_ADDED, LT_BATCH_MERGED, LT_BATCH_UNCHANGED } lt_batch_outcome;

typedef struct lt_account_batch lt_account_batch;

/* Up to this many sites, the snapshot holds their accounts alone, one search
 * each, instead of every account: reading an item costs a keyring time that
 * grows with its size (gnome-keyring looks each one up among all), so all of
 * 10,000 take seconds where 50 searches take a fraction of one. */
#define LT_BATCH_SITES_MAX 50

/* Read the snapshot: the accounts of sites[0..n_sites) (duplicates allowed),
 * which the batch may only be asked about; sites NULL: every account. */
lt_err lt_account_batch_open(lt_store *s, const char *const *sites, size_t n_sites, lt_account_batch **out);
/* Record `add` (site, identifiers, times set), or with dry_run only say what
 * recording it would do; the snapshot follows either way. */
lt_err lt_account_batch_record(lt_account_batch *b, const lt_account *add, int dry_run, lt_batch_outcome *outcome);
void lt_account_batch_close(lt_account_batch *b);
/* The k-th account of `site` in the snapshot (0, 1, ...), NULL past the last. */
const lt_account *lt_account_batch_site(const lt_account_batch *b, const char *site, size_t k);

/* A deep copy of an account (out is overwritten). */
lt_err lt_account_copy(const lt_account *a, lt_account *out);

#endif
