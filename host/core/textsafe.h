/* SPDX-License-Identifier: MIT */
/* textsafe.h: what no displayed text may carry as is.
 *
 * Bidirectional controls (U+061C, U+200E, U+200F, U+202A-U+202E,
 * U+2066-U+2069) reorder what follows them on screen: a right-to-left
 * override in a page title or a username can make "moc.elppa" read as
 * "apple.com", or push a date out of its column. Wherever leaktrace shows text
 * (the terminal, the evidence report) each one is written as the visible
 * escape "\u202E" -- which is also how JSON writes that character, so JSON
 * output stays the same data. */
#ifndef LT_TEXTSAFE_H
#define LT_TEXTSAFE_H

#include <stddef.h>

#define LT_BIDI_ESCAPE_LEN 6 /* "\u202E" */

/* Is there a bidi control at s (n bytes available)? Its length in bytes
 * (2 or 3), with its escape written to esc (NUL-terminated); 0 when there is
 * none; -1 when the n bytes are the start of one and more are needed. */
int lt_bidi_control_at(const char *s, size_t n, char esc[LT_BIDI_ESCAPE_LEN + 1]);

/* A malloc'd copy of s with every bidi control written as its escape (NULL
 * when out of memory). For JSON text this is the same data. */
char *lt_bidi_escape_dup(const char *s);

#endif
