/* SPDX-License-Identifier: MIT */
/* fuzz_backup: libFuzzer target for what a backup file can hold -- the plain
 * document parser and validator (lt_backup_parse: every record checked and its
 * site and identifiers derived again), and the sealed file's header reader
 * (lt_backup_open). Opening runs scrypt at the cost the header names, so a
 * cost it would run is lowered to the cheapest: the fuzzer looks for memory
 * errors and crashes in the parsing, not for the key. Nothing touches a
 * keyring: import writes only after a whole document has parsed. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "backup.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setenv("LEAKTRACE_REGION", "CN", 1);
	return 0;
}

static void parse(const uint8_t *data, size_t size)
{
	lt_backup *b = NULL;
	lt_backup_stats st;

	if (lt_backup_parse((const char *)data, size, &b) == LT_OK) {
		if (!b)
			abort(); /* success always gives a document */
		lt_backup_counts(b, &st);
		lt_backup_free(b);
	} else if (b) {
		abort(); /* failure never leaves one half made */
	}
}

/* A sealed file. A cost scrypt would run is forced to the cheapest it
 * accepts (log2 N = 10, r = p = 1); one below the bounds is left, to be refused. */
static void open_sealed(const uint8_t *data, size_t size)
{
	unsigned char *copy;
	char *plain = NULL;
	size_t plen = 0;

	if (size < LT_BACKUP_HEADER_LEN || !lt_backup_is_sealed(data, size) || !(copy = malloc(size)))
		return;
	memcpy(copy, data, size);
	if (copy[6] >= 10) {
		copy[6] = 10;
		memcpy(copy + 7, "\0\0\0\1\0\0\0\1", 8);
	}
	if (lt_backup_open("fuzz", 4, copy, size, &plain, &plen) == LT_OK)
		free(plain);
	free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	parse(data, size);
	open_sealed(data, size);
	return 0;
}
