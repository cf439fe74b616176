/* SPDX-License-Identifier: MIT */
/* primitives.c: wiping secrets, random bytes and SHA-256 (primitives.h says
 * why they do not come from OpenSSL). */
#include "primitives.h"

#include <errno.h>
#include <glib.h>
#include <string.h>
#include <sys/random.h>

void lt_wipe(void *p, size_t n)
{
	if (p && n)
		explicit_bzero(p, n);
}

lt_err lt_random(void *buf, size_t n)
{
	unsigned char *at = buf;

	while (n > 0) {
		ssize_t got = getrandom(at, n, 0);

		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return lt_fail(LT_ERR_IO, "no randomness from the kernel: %s", strerror(errno));
		at += got;
		n -= (size_t)got;
	}
	return LT_OK;
}

void lt_sha256_hex(const void *data, size_t len, char out[LT_SHA256_HEX])
{
	GChecksum *c = g_checksum_new(G_CHECKSUM_SHA256);

	g_checksum_update(c, data, (gssize)len);
	memcpy(out, g_checksum_get_string(c), LT_SHA256_HEX - 1);
	out[LT_SHA256_HEX - 1] = '\0';
	g_checksum_free(c);
}
