/* SPDX-License-Identifier: MIT */
/* lock.h: the advisory lock that serialises read-modify-write on the keyring.
 * The browser's host and the CLI (and two browsers) may write at once; every
 * writer takes this lock around "search, merge, write". */
#ifndef LT_LOCK_H
#define LT_LOCK_H

#include <stdint.h>

#include "error.h"

/* Take the lock ($XDG_RUNTIME_DIR/leaktrace.lock; when unset /run/user/UID,
 * else the cache folder), waiting up to 10 s. LT_ERR_IO when XDG_RUNTIME_DIR
 * names a missing folder, LT_ERR_LOCK when the lock stays busy.
 * On success *fd is the open lock file; give it back to lt_lock_release. */
lt_err lt_lock_take(int *fd);
void lt_lock_release(int fd);

/* While the lock is held: note that a keyring write happened now (the lock
 * file's mtime), or that what the last one set off has passed (the mtime
 * goes back to the epoch), and read when the last pending one happened,
 * whichever process made it (ms since the epoch; 0 when none is pending or
 * the lock is not held). pace.c uses it. */
void lt_lock_mark_write(void);
void lt_lock_mark_settled(void);
int64_t lt_lock_last_write_ms(void);

#endif
