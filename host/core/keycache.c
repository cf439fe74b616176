/* SPDX-License-Identifier: MIT */
/* keycache.c: the attribute key in the kernel's user keyring (keycache.h says
 * why that is safe). Three system calls, made directly: add_key, and keyctl to
 * search, read, time out and invalidate; keyutils' library would add nothing.
 * Where the kernel or a sandbox refuses them, there is no cache and every call
 * reads the key from the Secret Service, as before. */
#include "keycache.h"

#include <linux/keyctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "primitives.h"

/* The possessor may read, write and search; other processes of the user only
 * see that it exists. */
#define PERM_POSSESSOR 0x3f000000u
#define PERM_USER_VIEW 0x00010000u

static int enabled(void)
{
	const char *v = getenv("LEAKTRACE_KEY_CACHE");

	return !v || strcmp(v, "0") != 0;
}

/* "leaktrace:attr-key:" and the first 16 hex digits of the bus address's SHA-256. */
static void description(char out[64])
{
	const char *bus = getenv("DBUS_SESSION_BUS_ADDRESS");
	char hex[LT_SHA256_HEX];

	lt_sha256_hex(bus ? bus : "", bus ? strlen(bus) : 0, hex);
	snprintf(out, 64, "leaktrace:attr-key:%.16s", hex);
}

static long find(void)
{
	char desc[64];

	description(desc);
	return syscall(SYS_keyctl, KEYCTL_SEARCH, KEY_SPEC_USER_KEYRING, "user", desc, 0);
}

int lt_keycache_get(unsigned char key[LT_KEY_LEN])
{
	unsigned char buf[LT_KEY_LEN + 1];
	long id, n;

	if (!enabled() || (id = find()) < 0)
		return 0;
	n = syscall(SYS_keyctl, KEYCTL_READ, id, buf, sizeof buf);
	if (n == LT_KEY_LEN)
		memcpy(key, buf, LT_KEY_LEN);
	lt_wipe(buf, sizeof buf);
	return n == LT_KEY_LEN;
}

void lt_keycache_put(const unsigned char key[LT_KEY_LEN])
{
	char desc[64];
	long id;

	if (!enabled())
		return;
	description(desc);
	id = syscall(SYS_add_key, "user", desc, key, (size_t)LT_KEY_LEN, KEY_SPEC_USER_KEYRING);
	if (id < 0)
		return;
	if (syscall(SYS_keyctl, KEYCTL_SETPERM, id, PERM_POSSESSOR | PERM_USER_VIEW) != 0 ||
	    syscall(SYS_keyctl, KEYCTL_SET_TIMEOUT, id, LT_KEYCACHE_SECONDS) != 0)
		syscall(SYS_keyctl, KEYCTL_INVALIDATE, id);
}

void lt_keycache_drop(void)
{
	long id = enabled() ? find() : -1;

	if (id >= 0)
		syscall(SYS_keyctl, KEYCTL_INVALIDATE, id);
}
