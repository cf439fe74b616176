/* SPDX-License-Identifier: MIT */
/* probe.h: looking at the running system the way a browser and the keyring
 * see it, for `leaktrace doctor`: which program provides the Secret Service,
 * and whether a host binary answers a ping through native messaging framing.
 * Results and errors are returned; nothing is printed. */
#ifndef LT_PROBE_H
#define LT_PROBE_H

#include <stddef.h>

#include "error.h"

/* The process that owns org.freedesktop.secrets on the session bus
 * (org.freedesktop.DBus.GetConnectionUnixProcessID): its pid and its
 * /proc/PID/comm ("" when unreadable). LT_ERR_KEYRING_UNAVAILABLE when there
 * is no session bus or no owner. */
lt_err lt_probe_secret_owner(unsigned *pid, char comm[32]);
/* "GNOME Keyring", "KWallet", "KeePassXC" for a known comm, else NULL. */
const char *lt_probe_provider_name(const char *comm);
/* The version of the program running as pid, from its --version (run
 * headless, killed after timeout_ms): the first "N.N..." it prints. Only for
 * a provider lt_probe_provider_name knows. */
lt_err lt_probe_provider_version(unsigned pid, int timeout_ms, char version[32]);
/* How many collections the Secret Service offers that answer as such
 * (KeePassXC: one per open database with an exposed group, locked or not;
 * none when no group is exposed). */
lt_err lt_probe_collections(size_t *n);

/* The version of the WebExtensions portal (org.freedesktop.portal.Desktop),
 * through which a sandboxed Firefox starts hosts outside its sandbox.
 * LT_ERR_NOT_FOUND when the session has no such portal. */
lt_err lt_probe_webext_portal(unsigned *version);

typedef struct {
	char *version;        /* the host's version */
	char *keyring;        /* "ok", "locked" or "unavailable" */
	char *keyring_detail; /* may be NULL */
	long ms;              /* start to answer */
} lt_ping_result;

/* Start `host_path` with `args` (argv[1..], NULL-terminated) on pipes, as a
 * browser does, send {"id":1,"action":"ping"} in one frame, close its input
 * and read one framed answer within timeout_ms. The host is killed if it is
 * still running after that. An error answer comes back as its lt_err; the
 * detail also carries the first line the host wrote to stderr. */
lt_err lt_probe_ping(const char *host_path, const char *const *args, int timeout_ms, lt_ping_result *r);
void lt_ping_result_clear(lt_ping_result *r);

#endif
