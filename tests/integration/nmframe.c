/* SPDX-License-Identifier: MIT */
/* nmframe: the browser's side of native messaging framing, for tests.
 *   nmframe -e   frame each line of stdin (a 4-byte native-endian length, then the line)
 *   nmframe -d   print each frame of stdin as one line; exit 3 on a truncated frame
 * Integration tests pipe `nmframe -e | leaktrace-host ORIGIN | nmframe -d`. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int encode(void)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	while ((n = getline(&line, &cap, stdin)) > 0) {
		uint32_t len;

		if (line[n - 1] == '\n')
			n--;
		len = (uint32_t)n;
		fwrite(&len, 1, sizeof len, stdout);
		fwrite(line, 1, (size_t)n, stdout);
		fflush(stdout);
	}
	free(line);
	return 0;
}

static int decode(void)
{
	uint32_t len;
	size_t got;

	while ((got = fread(&len, 1, sizeof len, stdin)) == sizeof len) {
		char *buf = malloc((size_t)len + 1);

		if (!buf || fread(buf, 1, len, stdin) != len) {
			fprintf(stderr, "nmframe: truncated frame\n");
			return 3;
		}
		fwrite(buf, 1, len, stdout);
		fputc('\n', stdout);
		free(buf);
	}
	if (got != 0) {
		fprintf(stderr, "nmframe: truncated header\n");
		return 3;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "-e") == 0)
		return encode();
	if (argc == 2 && strcmp(argv[1], "-d") == 0)
		return decode();
	fprintf(stderr, "usage: nmframe -e|-d\n");
	return 2;
}
