/* SPDX-License-Identifier: MIT */
/* keycache.h: the keyring's attribute key kept, between two leaktrace calls,
 * in the kernel's keyring of this user (memory only, never on disk), so that a
 * `trace` need not read it from the Secret Service each time.
 *
 * Safe to cache because nothing is decided on it unchecked (keyring.c): a
 * search with a keyed attribute that finds something proves the key (an HMAC
 * cannot match by chance); one that finds nothing re-reads the key from the
 * Secret Service before the answer "nothing" is given; every write uses a key
 * read or proved in the same process. The entry expires LT_KEYCACHE_SECONDS
 * after it was last read from the Secret Service, and is dropped as soon as
 * leaktrace finds the keyring locked. It is named after the session bus, so two
 * keyrings on two buses do not share it. LEAKTRACE_KEY_CACHE=0 turns it off. */
#ifndef LT_KEYCACHE_H
#define LT_KEYCACHE_H

#include "key.h"

#define LT_KEYCACHE_SECONDS 300

/* 1 and the key when the kernel holds one for this bus, else 0. */
int lt_keycache_get(unsigned char key[LT_KEY_LEN]);
/* Keep key for LT_KEYCACHE_SECONDS (quietly nothing where the kernel refuses). */
void lt_keycache_put(const unsigned char key[LT_KEY_LEN]);
/* Forget it now. */
void lt_keycache_drop(void);

#endif
