/* SPDX-License-Identifier: MIT */
/* pace.h: writes to the keyring at a pace its provider survives.
 *
 * KeePassXC 2.7 saves its database in a thread of Qt's pool 150 ms after a
 * change, and keeps answering D-Bus while it saves; a write answered then
 * can crash it (pace.c says how and why). Before each write keyring.c asks
 * lt_pace_before_write, which lets a short burst through and otherwise waits
 * until such a save has run; after it, lt_pace_after_write notes the time.
 * Other providers are never slowed. */
#ifndef LT_PACE_H
#define LT_PACE_H

#include <stdint.h>

typedef struct {
	unsigned pid;        /* the provider's process; 0: not paced */
	int64_t burst_start; /* ms (CLOCK_REALTIME) of this burst's first write; 0: none */
	int64_t last_write;  /* ms of this process's last write */
} lt_pace;

/* Pace the provider `comm` (its /proc comm) running as pid: only KeePassXC is. */
void lt_pace_init(lt_pace *p, unsigned pid, const char *comm);

/* Wait, at most cap_ms, until a write cannot meet a save in progress. */
void lt_pace_before_write(lt_pace *p, int cap_ms);
void lt_pace_after_write(lt_pace *p);

#endif
