/* SPDX-License-Identifier: MIT */
/* test_backup.c: sealed backups (core/backup_seal.c), backup files
 * (core/backup_file.c) and strict reading of the document (core/backup.c),
 * all in memory or in a temporary folder, without the keyring.
 *
 * The byte-flip and truncation sweeps seal with the cheapest scrypt cost the
 * reader accepts, so that every one of them can run the KDF: the reader
 * treats each flipped or missing byte the same whatever the cost. */
#include <fcntl.h>
#include <openssl/rand.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "backup.h"
#include "backup_doc.h"
#include "outfile.h"
#include "site.h"

static const char pass[] = "correct horse battery staple";
static const lt_backup_kdf cheap = {10, 8, 1};
static const char small[] = "{\"format\":\"leaktrace-backup\"}"; /* for the sweeps: each byte costs a KDF */

static const char doc[] =
	"{\"format\":\"leaktrace-backup\",\"version\":1,\"created\":\"2026-11-20T10:00:00Z\","
	"\"accounts\":[{\"version\":1,\"site\":\"shop.example\",\"url\":null,\"title\":\"Shop\",\"top_site\":null,"
	"\"identifiers\":[{\"kind\":\"phone\",\"value\":\"138 0013 8000\",\"normalized\":\"+8613800138000\"}],"
	"\"capture\":\"signup\",\"captures\":[\"signup\",\"login\"],\"first_seen\":\"2026-11-01T08:00:00Z\","
	"\"last_seen\":\"2026-11-02T08:00:00Z\",\"note\":null}],"
	"\"incidents\":[{\"version\":1,\"id\":\"0123456789ab\",\"kind\":\"call\",\"identifier\":{\"kind\":\"phone\","
	"\"value\":\"13800138000\",\"normalized\":\"+8613800138000\"},\"from\":null,\"at\":\"2026-11-20T10:30:00Z\","
	"\"note\":null,\"recorded\":\"2026-11-20T10:31:00Z\"}],"
	"\"aliases\":[{\"version\":1,\"site\":\"shop.example\",\"tag\":\"k7dm3xq9\",\"alias\":\"me+k7dm3xq9@mail.example\","
	"\"issued\":\"2026-11-01T08:00:00Z\"}],"
	"\"keys\":[{\"version\":1,\"purpose\":\"alias\","
	"\"key\":\"00112233445566778899AABBCCDDEEFF00112233445566778899aabbccddeeff\",\"created\":\"2026-11-01T08:00:00Z\"}],"
	"\"settings\":[{\"name\":\"phone-pool\",\"value\":{\"numbers\":[\"+8613800138000\"]}}]}";

static unsigned char *seal(const char *text, size_t len, const lt_backup_kdf *kdf, size_t *outlen)
{
	unsigned char *out = NULL;

	assert_int_equal(lt_backup_seal(pass, strlen(pass), kdf, text, len, &out, outlen), LT_OK);
	return out;
}

/* Opening fails, and leaves no plaintext behind. */
static void refused(const unsigned char *in, size_t len, const char *with)
{
	char *plain = (char *)1;
	size_t plen = 1;

	assert_int_not_equal(lt_backup_open(with, strlen(with), in, len, &plain, &plen), LT_OK);
	assert_null(plain);
	assert_int_equal(plen, 0);
}

static void round_trip_gives_the_same_bytes(void **state)
{
	size_t len, plen;
	unsigned char *sealed = seal(doc, sizeof doc - 1, NULL, &len);
	char *plain = NULL;

	(void)state;
	assert_int_equal(len, LT_BACKUP_HEADER_LEN + sizeof doc - 1 + LT_BACKUP_TAG_LEN);
	assert_true(lt_backup_is_sealed(sealed, len));
	assert_null(memmem(sealed, len, "shop.example", 12)); /* encrypted, not encoded */
	assert_int_equal(lt_backup_open(pass, strlen(pass), sealed, len, &plain, &plen), LT_OK);
	assert_int_equal(plen, sizeof doc - 1);
	assert_memory_equal(plain, doc, plen);
	assert_int_equal(plain[plen], '\0');
	free(plain);
	free(sealed);
}

static void two_seals_differ(void **state)
{
	size_t a_len, b_len;
	unsigned char *a = seal(doc, sizeof doc - 1, &cheap, &a_len), *b = seal(doc, sizeof doc - 1, &cheap, &b_len);

	(void)state;
	assert_int_equal(a_len, b_len);
	assert_memory_not_equal(a + 15, b + 15, 28); /* fresh salt and nonce */
	assert_memory_not_equal(a + LT_BACKUP_HEADER_LEN, b + LT_BACKUP_HEADER_LEN, a_len - LT_BACKUP_HEADER_LEN);
	free(a);
	free(b);
}

static void an_empty_document_round_trips(void **state)
{
	size_t len, plen;
	unsigned char *sealed = seal("", 0, &cheap, &len);
	char *plain = NULL;

	(void)state;
	assert_int_equal(lt_backup_open(pass, strlen(pass), sealed, len, &plain, &plen), LT_OK);
	assert_int_equal(plen, 0);
	free(plain);
	free(sealed);
}

static void wrong_passphrase_is_refused(void **state)
{
	size_t len;
	unsigned char *sealed = seal(doc, sizeof doc - 1, NULL, &len);

	(void)state;
	refused(sealed, len, "correct horse battery stapler");
	refused(sealed, len, "Correct horse battery staple");
	refused(sealed, len, "");
	free(sealed);
}

static void every_flipped_byte_is_refused(void **state)
{
	static const unsigned char flips[] = {0x01, 0x80, 0xff};
	size_t len, i, f;
	unsigned char *sealed = seal(small, sizeof small - 1, &cheap, &len);

	(void)state;
	for (i = 0; i < len; i++)
		for (f = 0; f < sizeof flips; f++) {
			sealed[i] ^= flips[f];
			refused(sealed, len, pass);
			sealed[i] ^= flips[f];
		}
	free(sealed);
}

static void every_truncation_is_refused(void **state)
{
	size_t len, cut;
	unsigned char *sealed = seal(small, sizeof small - 1, &cheap, &len);

	(void)state;
	for (cut = 0; cut < len; cut++)
		refused(sealed, cut, pass);
	free(sealed);
}

static void appended_bytes_are_refused(void **state)
{
	size_t len;
	unsigned char *sealed = seal(doc, sizeof doc - 1, &cheap, &len), *longer = malloc(len + 1);

	(void)state;
	memcpy(longer, sealed, len);
	longer[len] = 0;
	refused(longer, len + 1, pass);
	free(longer);
	free(sealed);
}

static void garbage_is_refused(void **state)
{
	unsigned char junk[4096];
	size_t sizes[] = {0, 1, 4, 43, 59, 60, 100, sizeof junk}, i;

	(void)state;
	assert_int_equal(RAND_bytes(junk, sizeof junk), 1);
	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		refused(junk, sizes[i], pass);
		memcpy(junk, "LTBK\x01\x01\x0a\0\0\0\x08\0\0\0\x01", 15); /* a valid header, random rest */
		refused(junk, sizes[i], pass);
	}
	refused((const unsigned char *)doc, sizeof doc - 1, pass); /* a plain export */
}

static void costly_or_unknown_headers_are_refused(void **state)
{
	size_t len;
	unsigned char *sealed = seal(doc, sizeof doc - 1, &cheap, &len);
	const lt_backup_kdf too_much = {22, 8, 1};
	unsigned char *out = NULL;
	size_t outlen;

	(void)state;
	sealed[6] = 30; /* N = 2^30: refused before any work */
	refused(sealed, len, pass);
	assert_int_not_equal(lt_backup_seal(pass, strlen(pass), &too_much, doc, 10, &out, &outlen), LT_OK);
	assert_int_not_equal(lt_backup_seal("", 0, NULL, doc, 10, &out, &outlen), LT_OK);
	assert_null(out);
	free(sealed);
}

/* ---- the document -------------------------------------------------------- */

static void a_valid_document_parses(void **state)
{
	lt_backup *b = NULL;
	lt_backup_stats st;

	(void)state;
	assert_int_equal(lt_backup_parse(doc, sizeof doc - 1, &b), LT_OK);
	lt_backup_counts(b, &st);
	assert_int_equal(st.count[LT_BK_ACCOUNTS], 1);
	assert_int_equal(st.count[LT_BK_INCIDENTS], 1);
	assert_int_equal(st.count[LT_BK_ALIASES], 1);
	assert_int_equal(st.count[LT_BK_KEYS], 1);
	assert_int_equal(st.count[LT_BK_SETTINGS], 1);
	lt_backup_free(b);
}

/* The document with the first `from` replaced by `to` (malloc'd). */
static char *variant(const char *from, const char *to)
{
	const char *at = strstr(doc, from);
	size_t n = strlen(doc) + strlen(to) + 1;
	char *text = malloc(n);

	assert_non_null(at);
	snprintf(text, n, "%.*s%s%s", (int)(at - doc), doc, to, at + strlen(from));
	return text;
}

/* The variant, parsed: it must fail. */
static void bad_variant(const char *from, const char *to)
{
	char *text = variant(from, to);
	lt_backup *b = (lt_backup *)1;

	if (lt_backup_parse(text, strlen(text), &b) == LT_OK)
		fail_msg("accepted: %s -> %s", from, to);
	assert_null(b);
	free(text);
}

/* The variant, parsed: it must pass; the caller frees it. */
static lt_backup *good_variant(const char *from, const char *to)
{
	char *text = variant(from, to);
	lt_backup *b = NULL;

	if (lt_backup_parse(text, strlen(text), &b) != LT_OK)
		fail_msg("refused: %s -> %s: %s", from, to, lt_err_detail());
	free(text);
	return b;
}

/* What a hand-edited record says is derived again, as a recording would. */
static void import_derives_site_and_identifiers_again(void **state)
{
	lt_backup *b;

	(void)state;
	b = good_variant("\"site\":\"shop.example\",\"url\":null", "\"site\":\"WWW.Shop.EXAMPLE.\",\"url\":null");
	assert_string_equal(b->accounts[0].site, "shop.example");
	lt_backup_free(b);
	b = good_variant("\"site\":\"shop.example\",\"url\":null",
			 "\"site\":\"shop.example\",\"url\":\"https://WWW.Shop.example/reg?token=1\"");
	assert_string_equal(b->accounts[0].url, "https://www.shop.example/reg");
	lt_backup_free(b);
	b = good_variant("\"value\":\"138 0013 8000\",\"normalized\":\"+8613800138000\"",
			 "\"value\":\"138 0013 8000\",\"normalized\":\"+86 138-0013-8000\"");
	assert_string_equal(b->accounts[0].ids[LT_KIND_PHONE].normalized, "+8613800138000");
	lt_backup_free(b);
	b = good_variant("\"kind\":\"phone\",\"value\":\"138 0013 8000\",\"normalized\":\"+8613800138000\"",
			 "\"kind\":\"email\",\"value\":\"Me@Mail.Example\",\"normalized\":\"ME@mail.example\"");
	assert_string_equal(b->accounts[0].ids[LT_KIND_EMAIL].normalized, "me@mail.example");
	lt_backup_free(b);
	b = good_variant("\"site\":\"shop.example\",\"tag\"", "\"site\":\"WWW.SHOP.example\",\"tag\"");
	assert_string_equal(b->items[LT_BK_ALIASES][0].site, "shop.example");
	lt_backup_free(b);
	/* fields that contradict each other: refused, with the record's place */
	bad_variant("\"normalized\":\"+8613800138000\"}],\"capture\"", "\"normalized\":\"+8613800138001\"}],\"capture\"");
	assert_non_null(strstr(lt_err_detail(), "accounts[0]"));
	bad_variant("\"site\":\"shop.example\",\"url\":null", "\"site\":\"shop.example\",\"url\":\"https://evil.example/\"");
	assert_non_null(strstr(lt_err_detail(), "accounts[0]"));
	/* an unresolved number is kept as its digits: only the value's own digits */
	bad_variant("\"normalized\":\"+8613800138000\"}],\"capture\"", "\"normalized\":\"13800138001\"}],\"capture\"");
	bad_variant("\"kind\":\"phone\",\"value\":\"138 0013 8000\",\"normalized\":\"+8613800138000\"",
		    "\"kind\":\"email\",\"value\":\"me@mail.example\",\"normalized\":\"you@mail.example\"");
	bad_variant("\"value\":\"13800138000\",\"normalized\":\"+8613800138000\"},\"from\"",
		    "\"value\":\"13800138000\",\"normalized\":\"+8613900139000\"},\"from\"");
	assert_non_null(strstr(lt_err_detail(), "incidents[0]"));
	bad_variant("\"site\":\"shop.example\",\"url\":null", "\"site\":\"not a site\",\"url\":null");
}

static void bad_documents_are_refused(void **state)
{
	char big[LT_URL_MAX + 32];

	(void)state;
	bad_variant("leaktrace-backup", "leaktrace-backup2");
	bad_variant("\"version\":1,\"created\"", "\"version\":2,\"created\"");
	bad_variant("\"version\":1,\"created\"", "\"version\":\"1\",\"created\"");
	bad_variant("\"created\":\"2026-11-20T10:00:00Z\"", "\"created\":\"yesterday\"");
	bad_variant("\"accounts\":[", "\"accounts\":{\"x\":");
	bad_variant("\"settings\":[{", "\"settingz\":[{");
	bad_variant("\"site\":\"shop.example\",\"url\"", "\"site\":\"\",\"url\"");
	bad_variant("\"site\":\"shop.example\",\"url\"", "\"site\":7,\"url\"");
	bad_variant("\"kind\":\"phone\",\"value\":\"138", "\"kind\":\"fax\",\"value\":\"138");
	bad_variant("\"captures\":[\"signup\",", "\"captures\":[\"sigh\",");
	bad_variant("\"id\":\"0123456789ab\"", "\"id\":\"0123456789zz\"");
	bad_variant("\"id\":\"0123456789ab\"", "\"id\":\"01234\"");
	bad_variant("\"kind\":\"call\"", "\"kind\":\"fax\"");
	bad_variant("\"tag\":\"k7dm3xq9\"", "\"tag\":\"k7dm3xq\"");
	bad_variant("\"tag\":\"k7dm3xq9\"", "\"tag\":\"K7DM3XQ9\"");
	bad_variant("\"alias\":\"me+k7dm3xq9@mail.example\"", "\"alias\":\"nobody\"");
	bad_variant("\"key\":\"0011", "\"key\":\"zz11");
	bad_variant("\"key\":\"0011", "\"key\":\"11");
	bad_variant("\"purpose\":\"alias\"", "\"purpose\":\"../alias\"");
	bad_variant("\"name\":\"phone-pool\",\"value\":{\"numbers\":[\"+8613800138000\"]}", "\"name\":\"phone-pool\"");
	bad_variant("\"title\":\"Shop\"", "\"title\":\"\xc3\x28\""); /* not UTF-8 */
	bad_variant("\"value\":{\"numbers\"", "\"value\":[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]],\"x\":{\"numbers\"");
	bad_variant("]}}]}", "]}}]} {}"); /* trailing data */
	bad_variant("{\"format\"", "[{\"format\"");
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	memcpy(big, "\"title\":\"", 9);
	big[sizeof big - 2] = '"';
	bad_variant("\"title\":\"Shop\"", big);
}

/* ---- files --------------------------------------------------------------- */

static void files_are_private_and_not_overwritten(void **state)
{
	char dir[] = "/tmp/lt-backup-test.XXXXXX", path[64];
	unsigned char *back = NULL;
	size_t len = 0;
	struct stat st;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/out", dir);
	assert_int_equal(lt_outfile_write(path, "first", 5, 0), LT_OK);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(lt_outfile_write(path, "second", 6, 0), LT_ERR_IO);
	assert_int_equal(lt_backup_read_file(path, &back, &len), LT_OK);
	assert_int_equal(len, 5);
	assert_memory_equal(back, "first", 5);
	free(back);
	assert_int_equal(lt_outfile_write(path, "second", 6, 1), LT_OK);
	assert_int_equal(lt_backup_read_file(path, &back, &len), LT_OK);
	assert_int_equal(len, 6);
	free(back);
	unlink(path);
	assert_int_equal(rmdir(dir), 0); /* no temporary file left behind */
}

/* Even with force, only a regular file is replaced: not a symlink (nor what
 * it points to), not a device node, not a folder. */
static void only_regular_files_are_replaced(void **state)
{
	char dir[] = "/tmp/lt-backup-test.XXXXXX", target[64], link_path[64];
	unsigned char *back = NULL;
	size_t len = 0;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(target, sizeof target, "%s/target", dir);
	snprintf(link_path, sizeof link_path, "%s/link", dir);
	assert_int_equal(lt_outfile_write(target, "kept", 4, 0), LT_OK);
	assert_int_equal(symlink(target, link_path), 0);
	assert_int_equal(lt_outfile_check(link_path, 1), LT_ERR_IO);
	assert_string_equal(lt_err_detail(), "not a regular file");
	assert_int_equal(lt_outfile_write(link_path, "evil", 4, 1), LT_ERR_IO);
	assert_string_equal(lt_err_detail(), "not a regular file");
	assert_int_equal(lt_outfile_write("/dev/null", "x", 1, 1), LT_ERR_IO);
	assert_int_equal(lt_outfile_write(dir, "x", 1, 1), LT_ERR_IO);
	assert_int_equal(lt_outfile_check(target, 0), LT_ERR_IO);
	assert_string_equal(lt_err_detail(), "exists");
	assert_int_equal(lt_outfile_check(target, 1), LT_OK);
	assert_int_equal(lt_backup_read_file(target, &back, &len), LT_OK);
	assert_memory_equal(back, "kept", 4);
	free(back);
	unlink(link_path);
	unlink(target);
	assert_int_equal(rmdir(dir), 0);
}

static void oversized_files_are_refused(void **state)
{
	char dir[] = "/tmp/lt-backup-test.XXXXXX", path[64];
	unsigned char *back = (unsigned char *)1;
	size_t len = 1;
	int fd;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/big", dir);
	fd = open(path, O_CREAT | O_WRONLY, 0600);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, (off_t)LT_BACKUP_FILE_MAX + 1), 0); /* sparse: no disk used */
	close(fd);
	assert_int_equal(lt_backup_read_file(path, &back, &len), LT_ERR_TOO_LARGE);
	assert_null(back);
	assert_int_equal(lt_backup_read_file(dir, &back, &len), LT_ERR_IO); /* not a regular file */
	assert_int_equal(lt_backup_read_file("/nonexistent/backup", &back, &len), LT_ERR_IO);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trip_gives_the_same_bytes),
		cmocka_unit_test(two_seals_differ),
		cmocka_unit_test(an_empty_document_round_trips),
		cmocka_unit_test(wrong_passphrase_is_refused),
		cmocka_unit_test(every_flipped_byte_is_refused),
		cmocka_unit_test(every_truncation_is_refused),
		cmocka_unit_test(appended_bytes_are_refused),
		cmocka_unit_test(garbage_is_refused),
		cmocka_unit_test(costly_or_unknown_headers_are_refused),
		cmocka_unit_test(a_valid_document_parses),
		cmocka_unit_test(bad_documents_are_refused),
		cmocka_unit_test(files_are_private_and_not_overwritten),
		cmocka_unit_test(only_regular_files_are_replaced),
		cmocka_unit_test(import_derives_site_and_identifiers_again),
		cmocka_unit_test(oversized_files_are_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
