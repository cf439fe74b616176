/* evidence.h: the evidence report -- a trace result turned into one document
 * a person can hand to the police or a regulator.
 *
 * Two steps, so that every form says the same thing: lt_evidence_build makes
 * the canonical evidence object (sorted keys, UTC times, no presentation),
 * and lt_evidence_render writes it as JSON, Markdown or HTML. The reports
 * carry the SHA-256 of the canonical JSON text, so a copy of any form can be
 * checked against the data it was made from. The object holds only what the
 * records say, not when the report was made: the same records give the same
 * fingerprint on every run. The generation time is shown beside the data in
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
 *    "incidents":[{"id","kind","at","from","note","recorded"}],
 *    "timeline":[{"at","event":"given","site","rank","capture","certainty"} |
 *                {"at","event":"incident","kind","id","from"}]}   (by time) */
#ifndef LT_EVIDENCE_H
#define LT_EVIDENCE_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "error.h"
#include "trace.h"

#define LT_EVIDENCE_VERSION 2 /* 2: no generated_at in the data */

typedef enum { LT_EVIDENCE_JSON, LT_EVIDENCE_MD, LT_EVIDENCE_HTML } lt_evidence_format;
typedef enum { LT_LANG_EN, LT_LANG_ZH } lt_lang;

/* The canonical evidence object (keys sorted); NULL when out of memory. */
cJSON *lt_evidence_build(const lt_trace_result *r);

/* Sort the members of every object, recursively, by key (byte order). */
void lt_json_sort_keys(cJSON *j);
/* Compact text with sorted keys (malloc'd); NULL when out of memory. */
char *lt_evidence_canonical(const cJSON *e);

/* LC_ALL, else LC_MESSAGES, else LANG: "zh..." is Chinese, anything else English. */
lt_lang lt_lang_default(void);
/* "json", "md" (or "markdown"), "html"; LT_ERR_BAD_REQUEST otherwise. */
lt_err lt_evidence_format_from_name(const char *name, lt_evidence_format *out);
/* "en", "zh", and regional forms ("zh_CN", "zh-CN", "en_US"); LT_ERR_BAD_REQUEST otherwise. */
lt_err lt_lang_from_name(const char *name, lt_lang *out);

/* The document (malloc'd): JSON is the canonical text and a newline (the
 * data alone); Markdown and HTML are self-contained reports with labels in
 * `lang` that also show generated_at (UTC RFC 3339, as from lt_time_now),
 * outside the fingerprinted data. NULL when out of memory. */
char *lt_evidence_render(const cJSON *e, lt_evidence_format f, lt_lang lang, const char *generated_at);

/* SHA-256 of data, as 64 lower-case hex digits and a NUL ("" only when
 * OpenSSL fails, i.e. out of memory). */
void lt_sha256_hex(const void *data, size_t len, char out[65]);

#endif
