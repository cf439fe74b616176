/* SPDX-License-Identifier: MIT */
/* evidence_cmd.c: `leaktrace evidence` -- one self-contained report for the
 * police or a regulator (rendering is core/evidence.c). This file owns the
 * order that makes the report safe to rely on: check the output path before
 * any work (an existing file only with --force, and only a regular file),
 * build the data once, write it whole through outfile.h (a temporary file
 * beside the target, renamed) or print it to PDF through the browser
 * (evidence_pdf.c), then print the SHA-256 of what was written. The
 * person's details (--name, --id-number, --contact) go into this document
 * alone: never into the data, the keyring or a log. */
#include <errno.h>
#include <getopt.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "evidence.h"
#include "outfile.h"
#include "trace.h"

typedef struct {
	const char *out, *format, *lang, *since, *kind, *region, *tz;
	const char *name, *id_number, *contact;
	int force;
} evidence_opts;

enum { OPT_TZ = 2000, OPT_PERSON_NAME, OPT_ID_NUMBER, OPT_CONTACT };
#define PERSON_MAX 200 /* bytes of a name or contact line */

/* Printable UTF-8 of bounded size; an ID number is letters and digits (an
 * ID card's last character may be X), more than 4 of them, since all but the
 * last 4 are masked. */
static int check_person(const evidence_opts *o, const lt_command *cmd)
{
	const char *const text[] = {o->name, o->contact};
	size_t i, n;

	for (i = 0; i < 2; i++)
		if (text[i] && (!text[i][0] || strlen(text[i]) > PERSON_MAX || !g_utf8_validate(text[i], -1, NULL) ||
				strpbrk(text[i], "\n\r\t")))
			return cli_usage_error(cmd, "--name and --contact are one line of text, at most %d bytes", PERSON_MAX);
	if (o->id_number) {
		n = strlen(o->id_number);
		if (n < 5 || n > 32 ||
		    strspn(o->id_number, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") != n)
			return cli_usage_error(cmd, "--id-number is 5 to 32 letters and digits");
	}
	return EXIT_DONE;
}

static int parse(int argc, char **argv, evidence_opts *o)
{
	static const struct option opts[] = {
		{"format", 1, 0, 'f'}, {"output", 1, 0, 'o'}, {"lang", 1, 0, 'l'},   {"since", 1, 0, OPT_SINCE},
		{"kind", 1, 0, 'k'},   {"region", 1, 0, 'r'}, {"force", 0, 0, 'F'},   {"tz", 1, 0, OPT_TZ},
		{"name", 1, 0, OPT_PERSON_NAME}, {"id-number", 1, 0, OPT_ID_NUMBER}, {"contact", 1, 0, OPT_CONTACT},
		{0, 0, 0, 0},
	};
	const lt_command *cmd = cli_find_command("evidence");
	int c;

	for (optind = 1, opterr = 0, cli_opt_argv = argv; (c = getopt_long(argc, argv, "o:", opts, NULL)) != -1;) {
		switch (c) {
		case 'f': o->format = optarg; break;
		case 'o': o->out = optarg; break;
		case 'l': o->lang = optarg; break;
		case OPT_SINCE: o->since = optarg; break;
		case 'k': o->kind = optarg; break;
		case 'r': o->region = optarg; break;
		case 'F': o->force = 1; break;
		case OPT_TZ: o->tz = optarg; break;
		case OPT_PERSON_NAME: o->name = optarg; break;
		case OPT_ID_NUMBER: o->id_number = optarg; break;
		case OPT_CONTACT: o->contact = optarg; break;
		default: return cli_usage_error(cmd, "unknown option");
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(cmd, "give one email address, phone number or username");
	return check_person(o, cmd);
}

/* The format named, else the one -o's extension says, else HTML. */
static lt_err pick_format(const evidence_opts *o, lt_evidence_format *f)
{
	const char *dot = o->out ? strrchr(o->out, '.') : NULL;

	if (o->format)
		return lt_evidence_format_from_name(o->format, f);
	*f = LT_EVIDENCE_HTML;
	if (dot && strcmp(dot, ".md") == 0)
		*f = LT_EVIDENCE_MD;
	else if (dot && strcmp(dot, ".json") == 0)
		*f = LT_EVIDENCE_JSON;
	else if (dot && strcasecmp(dot, ".pdf") == 0)
		*f = LT_EVIDENCE_PDF;
	return LT_OK;
}

/* The whole text to standard output; the write is checked at exit too (main.c). */
static lt_err write_stdout(const char *text)
{
	size_t len = strlen(text);

	if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0)
		return lt_fail(LT_ERR_IO, "cannot write the report: %s", strerror(errno));
	return LT_OK;
}

static lt_err run_trace(const char *query, const evidence_opts *o, lt_trace_result *r)
{
	lt_kind kind = o->kind ? lt_kind_from_name(o->kind) : LT_KIND_NONE;
	lt_store *store;
	time_t since;
	lt_err e;

	if (o->kind && kind == LT_KIND_NONE)
		return lt_fail(LT_ERR_BAD_REQUEST, "--kind is %s", lt_kind_names_text());
	if (o->since && (e = lt_time_parse(o->since, &since)) != LT_OK)
		return e;
	store = lt_store_new();
	e = lt_trace(store, query, kind, o->region, o->since ? &since : NULL, r);
	lt_store_free(store);
	return e;
}

/* The SHA-256 of the file written (a PDF is read back). */
static void file_sha256(const char *path, const char *doc, char out[65])
{
	gchar *data = NULL;
	gsize len = 0;

	if (!path || !g_file_get_contents(path, &data, &len, NULL))
		lt_sha256_hex(doc, strlen(doc), out);
	else
		lt_sha256_hex(data, len, out);
	g_free(data);
}

/* Render and write the report to o->out, or standard output when none. */
static int emit(const lt_trace_result *r, lt_evidence_format f, lt_lang lang, const evidence_opts *o)
{
	char now[LT_TIME_LEN], file_sum[65], data_sum[65];
	lt_report_opts ro = {f, lang, now, o->name, o->id_number, o->contact};
	char *doc = NULL;
	lt_err err;

	lt_time_now(now);
	err = lt_evidence_make(r, &ro, &doc, data_sum);
	if (err == LT_OK && f == LT_EVIDENCE_PDF)
		err = lt_evidence_pdf(doc, o->out, o->force);
	else if (err == LT_OK)
		err = o->out ? lt_outfile_write(o->out, doc, strlen(doc), o->force) : write_stdout(doc);
	if (err == LT_OK) {
		file_sha256(f == LT_EVIDENCE_PDF ? o->out : NULL, doc, file_sum);
		if (o->out)
			fprintf(stderr, _("Wrote %s\n"), o->out);
		fprintf(stderr, _("SHA-256 of the report: %s\ndata fingerprint (SHA-256 of the canonical JSON): %s\n"), file_sum,
			data_sum);
	}
	free(doc);
	if (err == LT_OK)
		return EXIT_DONE;
	if (f == LT_EVIDENCE_PDF && err == LT_ERR_NOT_FOUND)
		return cli_fail(err, "cannot print the PDF");
	return o->out ? cli_fail_output(err, o->out) : cli_fail(err, "cannot write the report");
}

int cmd_evidence(int argc, char **argv)
{
	evidence_opts o = {0};
	lt_evidence_format f;
	lt_lang lang = cli_lang();
	lt_trace_result r;
	int rc = parse(argc, argv, &o);
	lt_err e;

	if (rc != EXIT_DONE)
		return rc;
	if ((e = pick_format(&o, &f)) != LT_OK || (o.lang && (e = lt_lang_from_name(o.lang, &lang)) != LT_OK))
		return cli_usage_error(cli_find_command("evidence"), "--format is html, pdf, md or json; --lang is zh or en");
	if (f == LT_EVIDENCE_PDF && !o.out)
		return cli_usage_error(cli_find_command("evidence"), "a PDF is written to a file: give -o FILE.pdf");
	if (o.tz && (e = lt_tz_use(o.tz)) != LT_OK)
		return cli_usage_error(cli_find_command("evidence"),
				       "unknown time zone: --tz is an IANA name (Asia/Shanghai) or an offset (+08:00)");
	if (o.out && (rc = cli_check_output(o.out, o.force)) != EXIT_DONE)
		return rc;
	if (f == LT_EVIDENCE_PDF && (e = lt_print_browser((char[1024]){0}, 1024)) != LT_OK)
		return cli_fail(e, "cannot print the PDF"); /* before any work */
	if ((e = run_trace(argv[optind], &o, &r)) != LT_OK)
		return cli_fail(e, "cannot build the report");
	if (r.n == 0 && r.n_incidents == 0) {
		printf(_("No records for %s (%s): nothing to report.\n"), r.normalized, cli_word(LT_WORDS_KIND, lt_kind_name(r.kind)));
		rc = EXIT_NOTHING;
	} else {
		rc = emit(&r, f, lang, &o);
	}
	lt_trace_result_clear(&r);
	return rc;
}
