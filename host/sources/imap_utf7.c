/* SPDX-License-Identifier: MIT */
/* imap_utf7.c: modified UTF-7 folder names to UTF-8 (imap_utf7.h). Strict:
 * a name that breaks the rules (8-bit bytes, a shift without its '-', bits
 * left over, a lone surrogate) is refused, and the caller shows it raw. */
#include "imap_utf7.h"

#include <stdint.h>

static int b64(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	return c == '+' ? 62 : c == ',' ? 63 : -1;
}

/* Append code point cp as UTF-8. */
static lt_err put(uint32_t cp, char *out, size_t size, size_t *used)
{
	unsigned char b[4];
	size_t n, i;

	if (cp < 0x80) {
		b[0] = (unsigned char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (unsigned char)(0xC0 | cp >> 6);
		b[1] = (unsigned char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (unsigned char)(0xE0 | cp >> 12);
		b[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
		b[2] = (unsigned char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		b[0] = (unsigned char)(0xF0 | cp >> 18);
		b[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
		b[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
		b[3] = (unsigned char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	if (*used + n >= size)
		return LT_ERR_TOO_LARGE;
	for (i = 0; i < n; i++)
		out[(*used)++] = (char)b[i];
	return LT_OK;
}

/* One shifted run, name[*i] just after '&', up to and past its '-'. */
static lt_err shifted(const char *name, size_t len, size_t *i, char *out, size_t size, size_t *used)
{
	uint32_t bits = 0, high = 0;
	int nbits = 0;
	lt_err e;

	for (; *i < len && name[*i] != '-'; (*i)++) {
		int v = b64(name[*i]);

		if (v < 0)
			return LT_ERR_BAD_UTF8;
		bits = (bits << 6 | (uint32_t)v) & 0xFFFFFF;
		nbits += 6;
		if (nbits < 16)
			continue;
		nbits -= 16;
		uint32_t unit = bits >> nbits & 0xFFFF;

		if (unit >= 0xD800 && unit <= 0xDBFF) {
			if (high)
				return LT_ERR_BAD_UTF8;
			high = unit;
			continue;
		}
		if (unit >= 0xDC00 && unit <= 0xDFFF) {
			if (!high)
				return LT_ERR_BAD_UTF8;
			unit = 0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00);
			high = 0;
		} else if (high) {
			return LT_ERR_BAD_UTF8;
		}
		if ((e = put(unit, out, size, used)) != LT_OK)
			return e;
	}
	if (*i >= len || high || nbits >= 6 || (bits & ((1u << nbits) - 1)))
		return LT_ERR_BAD_UTF8;
	(*i)++; /* the '-' */
	return LT_OK;
}

lt_err lt_imap_utf7_decode(const char *name, size_t len, char *out, size_t size)
{
	size_t i = 0, used = 0;
	lt_err e;

	if (size == 0)
		return LT_ERR_TOO_LARGE;
	while (i < len) {
		unsigned char c = (unsigned char)name[i];

		if (c < 0x20 || c > 0x7E)
			return LT_ERR_BAD_UTF8;
		if (c != '&') {
			if ((e = put(c, out, size, &used)) != LT_OK)
				return e;
			i++;
		} else if (i + 1 < len && name[i + 1] == '-') {
			if ((e = put('&', out, size, &used)) != LT_OK)
				return e;
			i += 2;
		} else {
			i++;
			if ((e = shifted(name, len, &i, out, size, &used)) != LT_OK)
				return e;
		}
	}
	out[used] = '\0';
	return LT_OK;
}
