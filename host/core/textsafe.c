/* SPDX-License-Identifier: MIT */
/* textsafe.c: spotting bidirectional controls in UTF-8 (textsafe.h).
 * Their UTF-8 forms are few and fixed, so they are matched as bytes: D8 9C
 * (U+061C), E2 80 8E-8F (U+200E-F), E2 80 AA-AE (U+202A-E), E2 81 A6-A9
 * (U+2066-9). Matching bytes, not decoded characters, lets a caller that gets
 * text in chunks (a stdio stream) ask about a sequence cut at a chunk's end. */
#include "textsafe.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The code point of a whole 3-byte sequence E2 b1 b2 when it is a bidi control, else 0. */
static unsigned three_byte(unsigned char b1, unsigned char b2)
{
	if (b1 == 0x80 && (b2 == 0x8e || b2 == 0x8f || (b2 >= 0xaa && b2 <= 0xae)))
		return 0x2000 + (b2 - 0x80);
	if (b1 == 0x81 && b2 >= 0xa6 && b2 <= 0xa9)
		return 0x2040 + (b2 - 0x80);
	return 0;
}

int lt_bidi_control_at(const char *str, size_t n, char esc[LT_BIDI_ESCAPE_LEN + 1])
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned cp = 0;
	int len = 0;

	if (n == 0 || (s[0] != 0xd8 && s[0] != 0xe2))
		return 0;
	if (n < 2 || (s[0] == 0xe2 && n < 3 && (s[1] == 0x80 || s[1] == 0x81)))
		return -1;
	if (s[0] == 0xd8 && s[1] == 0x9c) {
		cp = 0x061c;
		len = 2;
	} else if (s[0] == 0xe2 && n >= 3 && (cp = three_byte(s[1], s[2])) != 0) {
		len = 3;
	}
	if (len)
		snprintf(esc, LT_BIDI_ESCAPE_LEN + 1, "\\u%04X", cp);
	return len;
}

char *lt_bidi_escape_dup(const char *s)
{
	size_t len = strlen(s), i, o = 0;
	char *out = malloc(len * 2 + 1), esc[LT_BIDI_ESCAPE_LEN + 1]; /* 2-3 bytes become 6 */

	if (!out)
		return NULL;
	for (i = 0; i < len;) {
		int n = lt_bidi_control_at(s + i, len - i, esc);

		if (n > 0) {
			memcpy(out + o, esc, LT_BIDI_ESCAPE_LEN);
			o += LT_BIDI_ESCAPE_LEN;
			i += (size_t)n;
		} else {
			out[o++] = s[i++];
		}
	}
	out[o] = '\0';
	return out;
}
