/* SPDX-License-Identifier: MIT */
/* evidence.h: the evidence report -- a trace result turned into one document
 * a person can hand to the police or a regulator.
 *
 * Two steps, so that every form says the same thing: lt_evidence_build makes
 * the canonical evidence object (sorted keys, UTC times, no presentation),
 * and lt_evidence_render writes it as JSON, Markdown or HTML. The reports
 * carry the SHA-256 of the canonical JSON text, so a copy of any form can be
 * checked against the data it was made from. The object holds only what the
 * records say, not when the report was made nor in which time zone it is
 * read (times are UTC, RFC 3339 with the offset Z): the same records give the
 * same fingerprint on every run, in Beijing as in Berlin. The generation time is shown beside the data in
 * the Markdown and HTML reports, outside what is fingerprinted.
 *
 * The object:
 *   {"format":"leaktrace-evidence", "version":2,
 *    "identifier":{"query","kind","normalized"},
 *    "cutoff":{"at","source"} | null,
 *    "suspected_source":{"site","reason","reason_code","certain","verdict","verdict_text","certainty"} | null,
 *    "sites":[{"rank","site","url","title","top_site","first_seen","certainty","last_seen",
 *              "capture","captures","match","reason","reason_code","ruled_out",
 *              "seconds_before","record_lost"}],
 *    "incidents":[{"id","kind","at","from","note","recorded","on","on_kind"}],
 *    "timeline":[{"at","event":"given","site","rank","capture","certainty"} |
 *                {"at","event":"incident","kind","id","from"}]}   (by time) */
#ifndef LT_EVIDENCE_H
#define LT_EVIDENCE_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "error.h"
#include "primitives.h" /* lt_sha256_hex, for the report's fingerprints */
#include "trace.h"
#include "words.h"

#define LT_EVIDENCE_VERSION 3 /* 2: no generated_at in the data; 3: incidents say the identifier they arrived on */

/* PDF is the HTML report, printed (lt_evidence_pdf). */
typedef enum { LT_EVIDENCE_JSON, LT_EVIDENCE_MD, LT_EVIDENCE_HTML, LT_EVIDENCE_PDF } lt_evidence_format;

/* The canonical evidence object (keys sorted); NULL when out of memory. */
cJSON *lt_evidence_build(const lt_trace_result *r);

/* Sort the members of every object, recursively, by key (byte order). */
void lt_json_sort_keys(cJSON *j);
/* Compact text with sorted keys (malloc'd); NULL when out of memory. */
char *lt_evidence_canonical(const cJSON *e);

/* LC_ALL, else LC_MESSAGES, else LANG: "zh..." is Chinese, anything else English. */
lt_lang lt_lang_default(void);
/* "json", "md" (or "markdown"), "html", "pdf"; LT_ERR_BAD_REQUEST otherwise. */
lt_err lt_evidence_format_from_name(const char *name, lt_evidence_format *out);
/* "en", "zh", and regional forms ("zh_CN", "zh-CN", "en_US"); LT_ERR_BAD_REQUEST otherwise. */
lt_err lt_lang_from_name(const char *name, lt_lang *out);

/* How a report is drawn. Beside the data, outside the fingerprint: when it
 * was generated, and the person's details for the header, which exist only
 * in this document (never in the data, never stored). */
typedef struct {
	lt_evidence_format format;
	lt_lang lang;
	const char *generated_at; /* UTC RFC 3339, as from lt_time_now */
	const char *name;         /* the person's name; NULL: none */
	const char *id_number;    /* shown masked but for its last 4 characters; NULL: none */
	const char *contact;      /* a phone number or address to reach them; NULL: none */
} lt_report_opts;

/* The document (malloc'd): JSON is the canonical text and a newline (the
 * data alone); Markdown and HTML are self-contained reports with labels in
 * o->lang, times in the local zone with their offset (timefmt.h), the
 * person's details, a signature line and, printed, page numbers. NULL when
 * out of memory. */
char *lt_evidence_render(const cJSON *e, const lt_report_opts *o);
/* The report of r as o draws it (*doc malloc'd) and the SHA-256 of its data
 * (the canonical JSON, which the generation time and the person's details
 * are not part of): what every door that writes a report uses (the CLI's
 * evidence, the host's evidence action). */
lt_err lt_evidence_make(const lt_trace_result *r, const lt_report_opts *o, char **doc, char data_sha256[65]);
/* An ID number masked but for its last 4 characters ("**************1234"),
 * into out (size bytes; at least strlen(id) + 1). */
void lt_mask_id_number(const char *id, char *out, size_t size);

/* The browser that prints PDFs: LEAKTRACE_CHROMIUM when set, else the first
 * of the Chromium family in PATH (browsers.h), into out (size bytes);
 * LT_ERR_NOT_FOUND, naming what is missing, when there is none. */
lt_err lt_print_browser(char *out, size_t size);
/* Print the HTML report to a PDF at path with that browser (evidence_pdf.c),
 * written whole or not at all, an existing file replaced only with force
 * (outfile.h). LT_ERR_NOT_FOUND when no browser, LT_ERR_IO when printing fails. */
lt_err lt_evidence_pdf(const char *html, const char *path, int force);

#endif
