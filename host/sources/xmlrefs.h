/* SPDX-License-Identifier: MIT */
/* xmlrefs.h: a byte filter in front of libxml2 that mends UTF-16 surrogate
 * character references.
 *
 * Some SMS exports write an emoji as two references to its UTF-16 halves
 * (&#55357;&#56838;). Those are not characters in XML, and libxml2 2.9.14
 * stops at the first one even with RECOVER. The filter joins a high and a low
 * half into one reference (&#128518;) and turns a lone half into U+FFFD
 * (&#65533;); every other byte passes unchanged. The output is never longer
 * than the input. It works on ASCII bytes only, so any ASCII-compatible
 * encoding (UTF-8, GBK, ...) passes through. */
#ifndef LT_XMLREFS_H
#define LT_XMLREFS_H

#include <stddef.h>
#include <sys/types.h>

#define LT_XMLREFS_BUF 65536

/* Reads up to n bytes into buf: the count, 0 at the end, -1 on error. */
typedef ssize_t (*lt_xmlrefs_source)(void *src, void *buf, size_t n);

typedef struct {
	lt_xmlrefs_source read;
	void *src;
	unsigned char buf[LT_XMLREFS_BUF];
	size_t pos, len;
	int eof, failed;
	unsigned long long consumed; /* bytes read from the source so far */
} lt_xmlrefs;

void lt_xmlrefs_init(lt_xmlrefs *f, lt_xmlrefs_source read, void *src);
/* libxml2's xmlInputReadCallback: up to len filtered bytes into out; 0 at the
 * end, -1 when the source failed. */
int lt_xmlrefs_read(void *f, char *out, int len);

#endif
