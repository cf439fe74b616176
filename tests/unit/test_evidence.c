/* SPDX-License-Identifier: MIT */
/* test_evidence.c: the evidence report (host/core/evidence.c), from a trace
 * result made by hand (no keyring): the canonical object (sorted keys at
 * every level, the same text on every build, every field), and its three
 * renderings read back -- HTML (balanced tags, nothing from a page gets
 * through as markup, labels in the chosen language, the fingerprint is the
 * SHA-256 of the canonical text), Markdown (one table row per site and per
 * incident, escaped cells) and JSON. Titles and notes are CJK and hostile. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "evidence.h"

#define CUTOFF "2026-11-20T02:31:00Z"
#define GENERATED "2026-11-25T08:00:00Z"
#define DAY 86400L

static char *dup(const char *s)
{
	return s ? strdup(s) : NULL;
}

typedef struct {
	int rank;
	const char *site, *url, *title, *top;
	lt_capture capture;
	unsigned captures;
	const char *first, *last;
	lt_match_kind match;
	lt_reason reason;
	long seconds_before;
	int ruled_out;
} match_spec;

static void set_match(lt_match *m, const match_spec *s)
{
	memset(m, 0, sizeof *m);
	m->account.site = dup(s->site);
	m->account.url = dup(s->url);
	m->account.title = dup(s->title);
	m->account.top_site = dup(s->top);
	m->account.capture = s->capture;
	m->account.captures = s->captures | (1u << s->capture);
	strcpy(m->account.first_seen, s->first);
	strcpy(m->account.last_seen, s->last);
	m->match = s->match;
	m->reason = s->reason;
	m->rank = s->rank;
	m->seconds_before = s->seconds_before;
	m->ruled_out = s->ruled_out;
}

static void set_incident(lt_incident *inc, const char *id, lt_incident_kind k, const char *at, const char *from,
			 const char *note)
{
	memset(inc, 0, sizeof *inc);
	strcpy(inc->id, id);
	inc->kind = k;
	inc->ident_kind = LT_KIND_EMAIL;
	inc->value = dup("Me+k7x2q@Mail.example");
	inc->normalized = dup("me+k7x2q@mail.example");
	inc->from = dup(from);
	inc->note = dup(note);
	strcpy(inc->at, at);
	strcpy(inc->recorded, "2026-11-21T10:00:00Z");
}

static const match_spec specs[3] = {
	{1, "shop.example", "https://shop.example/signup", "<script>alert(1)</script> 注册 | 商城", NULL,
	 LT_CAPTURE_SIGNUP, 1u << LT_CAPTURE_LOGIN, "2026-11-10T02:31:00Z", "2026-11-12T09:00:00Z", LT_MATCH_ALIAS,
	 LT_REASON_ALIAS, 10 * DAY, 0},
	{2, "forum.example", "https://forum.example/register", "a|b **x** 论坛_注册 [link](javascript:x) `c`",
	 "portal.example", LT_CAPTURE_OTP_LOGIN, 0, "2026-11-17T02:31:00Z", "2026-11-17T02:31:00Z", LT_MATCH_EXACT,
	 LT_REASON_BEFORE, 3 * DAY, 0},
	{3, "news.example", "https://news.example/sub", "Tom & Jerry's \"news\" 新闻", NULL, LT_CAPTURE_NEWSLETTER, 0,
	 "2026-11-22T02:31:00Z", "2026-11-22T02:31:00Z", LT_MATCH_EXACT, LT_REASON_AFTER, -2 * DAY, 1},
};

/* Three sites (certain alias, 3 days before, ruled out) and two incidents. */
static void make_result(lt_trace_result *r)
{
	size_t i;

	memset(r, 0, sizeof *r);
	r->query = dup("Me+k7x2q@Mail.example");
	r->kind = LT_KIND_EMAIL;
	r->normalized = dup("me+k7x2q@mail.example");
	r->matches = calloc(3, sizeof *r->matches);
	assert_non_null(r->matches);
	for (i = 0; i < 3; i++)
		set_match(&r->matches[i], &specs[i]);
	r->n = 3;
	r->cutoff_source = LT_CUTOFF_INCIDENT;
	strcpy(r->cutoff, CUTOFF);
	r->incidents = calloc(2, sizeof *r->incidents);
	assert_non_null(r->incidents);
	set_incident(&r->incidents[0], "a1b2c3d4e5f6", LT_INCIDENT_SMS, CUTOFF, "+8613900139000",
		     "贷款广告短信，自称“客服” <b>免费</b> & 'urgent'\nsecond | line");
	set_incident(&r->incidents[1], "0f0e0d0c0b0a", LT_INCIDENT_CALL, "2026-11-21T09:15:00Z", NULL,
		     "推销电话 <script>alert(2)</script> 自称银行");
	r->n_incidents = 2;
}

/* The report in format f and language lang, made at `generated`, by nobody. */
static char *rend(const cJSON *e, lt_evidence_format f, lt_lang lang, const char *generated)
{
	lt_report_opts o = {.format = f, .lang = lang, .generated_at = generated};

	return lt_evidence_render(e, &o);
}

static cJSON *build(void)
{
	lt_trace_result r;
	cJSON *e;

	make_result(&r);
	e = lt_evidence_build(&r);
	lt_trace_result_clear(&r);
	assert_non_null(e);
	return e;
}

static char *render(lt_evidence_format f, lt_lang lang)
{
	cJSON *e = build();
	char *text = rend(e, f, lang, GENERATED);

	cJSON_Delete(e);
	assert_non_null(text);
	return text;
}

/* ---- SHA-256 ---- */

static void sha256_vectors(void **state)
{
	char hex[65];

	(void)state;
	lt_sha256_hex("abc", 3, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	lt_sha256_hex("", 0, hex);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

/* ---- the canonical object ---- */

/* Every object's keys strictly ascending, at every depth. */
static void assert_sorted(const cJSON *j)
{
	const cJSON *c;

	for (c = j->child; c; c = c->next) {
		if (cJSON_IsObject(j) && c->next && strcmp(c->string, c->next->string) >= 0)
			fail_msg("keys out of order: %s before %s", c->string, c->next->string);
		assert_sorted(c);
	}
}

static void canonical_sorted_and_stable(void **state)
{
	cJSON *a = build(), *b = build(), *back;
	char *ta = lt_evidence_canonical(a), *tb = lt_evidence_canonical(b);

	(void)state;
	assert_non_null(ta);
	assert_string_equal(ta, tb);
	assert_null(strchr(ta, '\n'));
	assert_non_null(back = cJSON_Parse(ta));
	assert_sorted(back);
	assert_sorted(a);
	cJSON_Delete(back);
	cJSON_Delete(a);
	cJSON_Delete(b);
	free(ta);
	free(tb);
}

static void sort_keys_nested(void **state)
{
	cJSON *j = cJSON_Parse("{\"z\":1,\"b\":[{\"y\":1,\"x\":{\"d\":1,\"c\":2}}],\"a\":{\"k\":0,\"_\":0},\"é\":1,\"B\":2}");
	char *s;

	(void)state;
	lt_json_sort_keys(j);
	s = cJSON_PrintUnformatted(j);
	assert_string_equal(s, "{\"B\":2,\"a\":{\"_\":0,\"k\":0},\"b\":[{\"x\":{\"c\":2,\"d\":1},\"y\":1}],\"z\":1,\"é\":1}");
	/* the sibling list stays whole for cJSON: last item reachable through prev */
	assert_string_equal(j->child->prev->string, "é");
	assert_non_null(cJSON_GetObjectItemCaseSensitive(j, "z"));
	free(s);
	cJSON_Delete(j);
}

static const cJSON *get(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	if (!v)
		fail_msg("missing field %s", k);
	return v;
}

static const char *str(const cJSON *o, const char *k)
{
	const cJSON *v = get(o, k);

	assert_true(cJSON_IsString(v));
	return v->valuestring;
}

static double num(const cJSON *o, const char *k)
{
	const cJSON *v = get(o, k);

	assert_true(cJSON_IsNumber(v));
	return v->valuedouble;
}

static void fields_top(const cJSON *e)
{
	const cJSON *id = get(e, "identifier"), *cut = get(e, "cutoff"), *sus = get(e, "suspected_source");

	assert_string_equal(str(e, "format"), "leaktrace-evidence");
	assert_int_equal((int)num(e, "version"), 3);
	assert_null(cJSON_GetObjectItemCaseSensitive(e, "generated_at")); /* shown beside the data, not in it */
	assert_string_equal(str(id, "query"), "Me+k7x2q@Mail.example");
	assert_string_equal(str(id, "kind"), "email");
	assert_string_equal(str(id, "normalized"), "me+k7x2q@mail.example");
	assert_string_equal(str(cut, "at"), CUTOFF);
	assert_string_equal(str(cut, "source"), "incident");
	assert_string_equal(str(sus, "site"), "shop.example");
	assert_string_equal(str(sus, "reason_code"), "alias");
	assert_true(strlen(str(sus, "reason")) > 0);
	assert_true(cJSON_IsTrue(get(sus, "certain")));
}

static void fields_sites(const cJSON *e)
{
	const cJSON *sites = get(e, "sites");
	static const char *const codes[3] = {"alias", "before", "after"};
	int i;

	assert_int_equal(cJSON_GetArraySize(sites), 3);
	for (i = 0; i < 3; i++) {
		const cJSON *s = cJSON_GetArrayItem(sites, i);

		assert_int_equal((int)num(s, "rank"), specs[i].rank);
		assert_string_equal(str(s, "site"), specs[i].site);
		assert_string_equal(str(s, "url"), specs[i].url);
		assert_string_equal(str(s, "title"), specs[i].title);
		assert_string_equal(str(s, "first_seen"), specs[i].first);
		assert_string_equal(str(s, "last_seen"), specs[i].last);
		assert_string_equal(str(s, "capture"), lt_capture_name(specs[i].capture));
		assert_string_equal(str(s, "reason_code"), codes[i]);
		assert_true(strlen(str(s, "reason")) > 0);
		assert_int_equal((long)num(s, "seconds_before"), specs[i].seconds_before);
		assert_int_equal(cJSON_IsTrue(get(s, "ruled_out")), specs[i].ruled_out);
		assert_true(cJSON_IsFalse(get(s, "record_lost")));
	}
	assert_string_equal(str(cJSON_GetArrayItem(sites, 0), "match"), "alias");
	assert_string_equal(str(cJSON_GetArrayItem(sites, 1), "top_site"), "portal.example");
	assert_true(cJSON_IsNull(get(cJSON_GetArrayItem(sites, 0), "top_site")));
	assert_int_equal(cJSON_GetArraySize(get(cJSON_GetArrayItem(sites, 0), "captures")), 2);
}

static void fields_incidents_timeline(const cJSON *e)
{
	const cJSON *incs = get(e, "incidents"), *tl = get(e, "timeline");
	const cJSON *i0 = cJSON_GetArrayItem(incs, 0), *i1 = cJSON_GetArrayItem(incs, 1);
	static const char *const order[5][2] = {
		{"given", "2026-11-10T02:31:00Z"}, {"given", "2026-11-17T02:31:00Z"}, {"incident", CUTOFF},
		{"incident", "2026-11-21T09:15:00Z"}, {"given", "2026-11-22T02:31:00Z"},
	};
	int i;

	assert_int_equal(cJSON_GetArraySize(incs), 2);
	assert_string_equal(str(i0, "id"), "a1b2c3d4e5f6");
	assert_string_equal(str(i0, "kind"), "sms");
	assert_string_equal(str(i0, "at"), CUTOFF);
	assert_string_equal(str(i0, "from"), "+8613900139000");
	assert_non_null(strstr(str(i0, "note"), "贷款广告短信"));
	assert_string_equal(str(i0, "recorded"), "2026-11-21T10:00:00Z");
	assert_string_equal(str(i0, "on"), "me+k7x2q@mail.example"); /* which of the person's identifiers */
	assert_string_equal(str(i0, "on_kind"), "email");
	assert_string_equal(str(i1, "kind"), "call");
	assert_true(cJSON_IsNull(get(i1, "from")));
	assert_int_equal(cJSON_GetArraySize(tl), 5);
	for (i = 0; i < 5; i++) {
		const cJSON *ev = cJSON_GetArrayItem(tl, i);

		assert_string_equal(str(ev, "event"), order[i][0]);
		assert_string_equal(str(ev, "at"), order[i][1]);
	}
	assert_string_equal(str(cJSON_GetArrayItem(tl, 0), "site"), "shop.example");
	assert_string_equal(str(cJSON_GetArrayItem(tl, 2), "kind"), "sms");
}

static void fields_present(void **state)
{
	cJSON *e = build();
	char *text = lt_evidence_canonical(e);
	cJSON *back = cJSON_Parse(text);

	(void)state;
	fields_top(back);
	fields_sites(back);
	fields_incidents_timeline(back);
	cJSON_Delete(back);
	cJSON_Delete(e);
	free(text);
}

/* The best match ruled out: no suspect. No cutoff: seconds_before is null. */
static void suspect_and_cutoff_absent(void **state)
{
	lt_trace_result r;
	cJSON *e;

	(void)state;
	make_result(&r);
	r.matches[0].ruled_out = 1;
	e = lt_evidence_build(&r);
	assert_true(cJSON_IsNull(get(e, "suspected_source")));
	cJSON_Delete(e);
	r.cutoff_source = LT_CUTOFF_NONE;
	r.cutoff[0] = '\0';
	e = lt_evidence_build(&r);
	assert_true(cJSON_IsNull(get(e, "cutoff")));
	assert_true(cJSON_IsNull(get(cJSON_GetArrayItem(get(e, "sites"), 1), "seconds_before")));
	cJSON_Delete(e);
	lt_trace_result_clear(&r);
}

/* Every site ruled out: the source box says there is no suspect and how to
 * import past accounts, in both languages and both document formats; a
 * report that has a suspect has no such hint. */
static void no_suspect_box(void **state)
{
	static const char *const want[2][2] = {
		{"No suspected source: no site on record received it before the first incident.",
		 "(past accounts can be imported: leaktrace accounts import)"},
		{"无法确定疑似来源：记录中没有网站在首次骚扰前收到该标识。", "（可导入以往的账户：leaktrace accounts import）"},
	};
	static const lt_evidence_format formats[] = {LT_EVIDENCE_MD, LT_EVIDENCE_HTML};
	lt_trace_result r;
	cJSON *e;
	char *text;
	size_t i, f;

	(void)state;
	make_result(&r);
	for (i = 0; i < r.n; i++) {
		r.matches[i].match = LT_MATCH_EXACT;
		r.matches[i].reason = LT_REASON_AFTER;
		r.matches[i].seconds_before = -(long)(i + 1) * DAY;
		r.matches[i].ruled_out = 1;
	}
	e = lt_evidence_build(&r);
	assert_true(cJSON_IsNull(get(e, "suspected_source")));
	for (f = 0; f < 2; f++)
		for (i = 0; i < 2; i++) {
			text = rend(e, formats[f], i ? LT_LANG_ZH : LT_LANG_EN, GENERATED);
			assert_non_null(text);
			if (!strstr(text, want[i][0]) || !strstr(text, want[i][1]))
				print_error("format %zu, %s: the no-suspect box is missing:\n%s\n", f, i ? "zh" : "en", text);
			assert_non_null(strstr(text, want[i][0]));
			assert_non_null(strstr(text, want[i][1]));
			free(text);
		}
	cJSON_Delete(e);
	lt_trace_result_clear(&r);
	text = render(LT_EVIDENCE_MD, LT_LANG_EN); /* a certain suspect */
	assert_null(strstr(text, "leaktrace accounts import"));
	free(text);
}

/* ---- HTML ---- */

/* The elements the report emits; anything else is markup that got through. */
static int html_known(const char *name, int *is_void)
{
	static const char *const paired[] = {"html", "head", "title", "style", "body", "h1", "h2", "p", "dl",
					     "dt", "dd", "div", "table", "colgroup", "thead", "tbody", "tr",
					     "th", "td"};
	static const char *const voids[] = {"meta", "col", "br"};
	size_t i;

	for (i = 0; i < sizeof voids / sizeof *voids; i++)
		if (strcmp(name, voids[i]) == 0)
			return *is_void = 1;
	*is_void = 0;
	for (i = 0; i < sizeof paired / sizeof *paired; i++)
		if (strcmp(name, paired[i]) == 0)
			return 1;
	return 0;
}

/* Every tag known, every element closed in order, "<" only ever opens a tag. */
static void assert_html_balanced(const char *html)
{
	char stack[64][16], name[16];
	int depth = 0, is_void;
	const char *p = html;

	while ((p = strchr(p, '<'))) {
		int closing = p[1] == '/';
		size_t n = strspn(p + 1 + closing, "abcdefghijklmnopqrstuvwxyz0123456789");
		const char *end = strchr(p, '>');

		assert_non_null(end);
		if (p[1] == '!') { /* the doctype */
			p = end + 1;
			continue;
		}
		assert_true(n > 0 && n < sizeof name);
		memcpy(name, p + 1 + closing, n);
		name[n] = '\0';
		if (!html_known(name, &is_void))
			fail_msg("unexpected element <%s>", name);
		if (closing) {
			assert_true(depth > 0);
			assert_string_equal(stack[--depth], name);
		} else if (!is_void) {
			assert_true(depth < 64);
			strcpy(stack[depth++], name);
		}
		p = end + 1;
	}
	assert_int_equal(depth, 0);
}

/* The 64 hex digits after "SHA-256" in a report (into out). */
static void fingerprint_of(const char *doc, char out[65])
{
	const char *at = strstr(doc, "SHA-256");

	assert_non_null(at);
	while (*at && strspn(at, "0123456789abcdef") < 64)
		at++;
	assert_true(*at);
	memcpy(out, at, 64);
	out[64] = '\0';
}

/* The fingerprint printed in a report is the SHA-256 of the canonical data. */
static void assert_fingerprint(const char *doc)
{
	cJSON *e = build();
	char *canon = lt_evidence_canonical(e), want[65], got[65];

	lt_sha256_hex(canon, strlen(canon), want);
	fingerprint_of(doc, got);
	assert_string_equal(got, want);
	free(canon);
	cJSON_Delete(e);
}

static void assert_html_common(const char *html)
{
	size_t i;

	assert_html_balanced(html);
	assert_null(strcasestr(html, "<script"));
	assert_null(strcasestr(html, "src="));
	assert_null(strcasestr(html, "href="));
	assert_null(strcasestr(html, "@import"));
	assert_non_null(strstr(html, "size:A4"));
	assert_non_null(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt; 注册 | 商城"));
	assert_non_null(strstr(html, "Tom &amp; Jerry&#39;s &quot;news&quot; 新闻"));
	assert_non_null(strstr(html, "&lt;b&gt;免费&lt;/b&gt; &amp; &#39;urgent&#39;<br>second | line"));
	for (i = 0; i < 3; i++) {
		assert_non_null(strstr(html, specs[i].site));
		assert_non_null(strstr(html, specs[i].url));
	}
	assert_non_null(strstr(html, "+8613900139000"));
	assert_non_null(strstr(html, "推销电话"));
	assert_non_null(strstr(html, "2026-11-21 09:15 (UTC+00:00)"));
	assert_non_null(strstr(html, "me+k7x2q@mail.example"));
	assert_non_null(strstr(html, "<tr class=\"out\">"));
	assert_fingerprint(html);
}

static void html_zh(void **state)
{
	char *html = render(LT_EVIDENCE_HTML, LT_LANG_ZH);

	(void)state;
	assert_html_common(html);
	assert_non_null(strstr(html, "<html lang=\"zh-CN\">"));
	assert_non_null(strstr(html, "疑似泄露来源"));
	assert_non_null(strstr(html, "时间线"));
	assert_non_null(strstr(html, "骚扰记录（2 条）"));
	assert_non_null(strstr(html, "数据指纹"));
	assert_non_null(strstr(html, "页面标题"));
	assert_non_null(strstr(html, "在首次骚扰前 3 天收到该邮箱地址"));
	assert_non_null(strstr(html, "在首次骚扰后 2 天才收到该邮箱地址，已排除"));
	assert_non_null(strstr(html, "报告生成时间"));
	assert_null(strstr(html, "Suspected source"));
	assert_null(strstr(html, "Timeline"));
	free(html);
}

static void html_en(void **state)
{
	char *html = render(LT_EVIDENCE_HTML, LT_LANG_EN);

	(void)state;
	assert_html_common(html);
	assert_non_null(strstr(html, "<html lang=\"en\">"));
	assert_non_null(strstr(html, "Suspected source"));
	assert_non_null(strstr(html, "Incidents (2)"));
	assert_non_null(strstr(html, "received this address 3 days before the first incident"));
	assert_non_null(strstr(html, "received this address only 2 days after the first incident: ruled out"));
	assert_non_null(strstr(html, "Page title"));
	assert_null(strstr(html, "疑似泄露来源"));
	assert_null(strstr(html, "时间线"));
	free(html);
}

/* ---- Markdown ---- */

/* Pipes that separate cells: not preceded by an odd run of backslashes. */
static int cell_bars(const char *line, size_t len)
{
	int bars = 0;
	size_t i, slashes = 0;

	for (i = 0; i < len; i++) {
		if (line[i] == '|' && slashes % 2 == 0)
			bars++;
		slashes = line[i] == '\\' ? slashes + 1 : 0;
	}
	return bars;
}

/* The rows of the table under `heading`: every line is one row of `cols`. */
static int table_rows(const char *md, const char *heading, int cols)
{
	const char *p = strstr(md, heading);
	int rows = 0;

	assert_non_null(p);
	p = strchr(p, '\n') + 1;
	while (*p == '\n')
		p++;
	while (*p == '|') {
		const char *nl = strchr(p, '\n');

		assert_non_null(nl);
		assert_int_equal(cell_bars(p, (size_t)(nl - p)), cols + 1);
		rows++;
		p = nl + 1;
	}
	return rows - 2; /* the header and the rule */
}

static void markdown_tables(void **state)
{
	char *md = render(LT_EVIDENCE_MD, LT_LANG_EN);

	(void)state;
	assert_int_equal(table_rows(md, "## Sites that received it (3)", 7), 3);
	assert_int_equal(table_rows(md, "## Incidents (2)", 5), 2);
	assert_int_equal(table_rows(md, "## Timeline", 2), 5);
	assert_non_null(strstr(md, "a\\|b \\*\\*x\\*\\* 论坛\\_注册 \\[link\\](javascript:x) \\`c\\`"));
	assert_non_null(strstr(md, "&lt;script&gt;alert(1)&lt;/script&gt; 注册 \\| 商城"));
	assert_non_null(strstr(md, "&lt;b&gt;免费&lt;/b&gt; &amp; 'urgent'<br>second \\| line"));
	assert_null(strstr(md, "<script"));
	assert_null(strstr(md, "a|b"));
	assert_fingerprint(md);
	free(md);
}

static void markdown_zh(void **state)
{
	char *md = render(LT_EVIDENCE_MD, LT_LANG_ZH);

	(void)state;
	assert_int_equal(table_rows(md, "## 收到该标识的网站（3 个）", 7), 3);
	assert_int_equal(table_rows(md, "## 骚扰记录（2 条）", 5), 2);
	assert_non_null(strstr(md, "在首次骚扰前 3 天收到该邮箱地址"));
	free(md);
}

/* A phone, ranked by time, in Chinese: the reason the spec quotes. */
static void reason_phone_zh(void **state)
{
	lt_trace_result r;
	cJSON *e;
	char *md;

	(void)state;
	make_result(&r);
	r.kind = LT_KIND_PHONE;
	r.matches[0].match = LT_MATCH_EXACT;
	r.matches[0].reason = LT_REASON_BEFORE;
	r.matches[0].seconds_before = 3 * DAY + 4 * 3600 + 59;
	e = lt_evidence_build(&r);
	md = rend(e, LT_EVIDENCE_MD, LT_LANG_ZH, GENERATED);
	assert_non_null(strstr(md, "在首次骚扰前 3 天 4 小时收到该号码"));
	assert_non_null(strstr(md, "在首次骚扰前 3 天收到该号码"));
	assert_non_null(strstr(md, "**判断结论**: 不能确定：仅按时间先后排列"));
	assert_non_null(strstr(md, "**事实**: shop.example 是首次骚扰前最后一个收到该号码的已记录网站"));
	assert_null(strstr(md, "可能性最大"));
	free(md);
	md = rend(e, LT_EVIDENCE_MD, LT_LANG_EN, GENERATED);
	assert_non_null(strstr(md, "received this number 3 days 4 hours before the first incident"));
	assert_non_null(strstr(md, "**Conclusion**: not certain: ranked by time alone"));
	assert_null(strcasestr(md, "most likely"));
	free(md);
	cJSON_Delete(e);
	lt_trace_result_clear(&r);
}

/* Nothing found, nothing logged; and a document missing every field. */
static void empty_and_sparse(void **state)
{
	lt_trace_result r = {.query = dup("13800138000"), .kind = LT_KIND_PHONE, .normalized = dup("+8613800138000")};
	cJSON *e = lt_evidence_build(&r), *sparse = cJSON_CreateObject();
	char *html = rend(e, LT_EVIDENCE_HTML, LT_LANG_EN, GENERATED), *md;

	(void)state;
	assert_true(cJSON_IsNull(get(e, "suspected_source")));
	assert_int_equal(cJSON_GetArraySize(get(e, "sites")), 0);
	assert_int_equal(cJSON_GetArraySize(get(e, "timeline")), 0);
	assert_html_balanced(html);
	assert_non_null(strstr(html, "No incident logged."));
	assert_non_null(strstr(html, "No site on record received it."));
	free(html);
	html = rend(sparse, LT_EVIDENCE_HTML, LT_LANG_ZH, GENERATED);
	md = rend(sparse, LT_EVIDENCE_MD, LT_LANG_ZH, GENERATED);
	assert_non_null(md);
	assert_html_balanced(html);
	free(html);
	free(md);
	cJSON_Delete(sparse);
	cJSON_Delete(e);
	lt_trace_result_clear(&r);
}

/* ---- JSON and names ---- */

static void json_is_canonical_line(void **state)
{
	cJSON *e = build();
	char *canon = lt_evidence_canonical(e), *json = rend(e, LT_EVIDENCE_JSON, LT_LANG_ZH, GENERATED);
	size_t n = strlen(canon);

	(void)state;
	assert_int_equal(strlen(json), n + 1);
	assert_memory_equal(json, canon, n);
	assert_int_equal(json[n], '\n');
	free(canon);
	free(json);
	cJSON_Delete(e);
}

/* Issue 21.6: two runs over the same records, at different times, give the
 * same data and the same fingerprint; each report shows its own time. */
static void fingerprint_ignores_generation_time(void **state)
{
	static const char later[] = "2027-03-01T12:34:56Z";
	cJSON *e1 = build(), *e2 = build();
	char *j1 = rend(e1, LT_EVIDENCE_JSON, LT_LANG_EN, GENERATED);
	char *j2 = rend(e2, LT_EVIDENCE_JSON, LT_LANG_EN, later);
	char *m1 = rend(e1, LT_EVIDENCE_MD, LT_LANG_EN, GENERATED);
	char *m2 = rend(e2, LT_EVIDENCE_MD, LT_LANG_EN, later);
	char *h2 = rend(e2, LT_EVIDENCE_HTML, LT_LANG_ZH, later);
	char f1[65], f2[65], fh[65];

	(void)state;
	assert_string_equal(j1, j2);
	assert_null(strstr(j2, later));
	fingerprint_of(m1, f1);
	fingerprint_of(m2, f2);
	fingerprint_of(h2, fh);
	assert_string_equal(f1, f2);
	assert_string_equal(fh, f2);
	assert_non_null(strstr(m1, "2026-11-25 08:00 (UTC+00:00)"));
	assert_non_null(strstr(m2, "2027-03-01 12:34 (UTC+00:00)"));
	assert_non_null(strstr(h2, "2027-03-01 12:34 (UTC+00:00)"));
	assert_null(strstr(m2, "2026-11-25 08:00 (UTC+00:00)"));
	free(j1);
	free(j2);
	free(m1);
	free(m2);
	free(h2);
	cJSON_Delete(e1);
	cJSON_Delete(e2);
}

static void names(void **state)
{
	lt_evidence_format f;
	lt_lang l;

	(void)state;
	assert_int_equal(lt_evidence_format_from_name("html", &f), LT_OK);
	assert_int_equal(f, LT_EVIDENCE_HTML);
	assert_int_equal(lt_evidence_format_from_name("md", &f), LT_OK);
	assert_int_equal(f, LT_EVIDENCE_MD);
	assert_int_equal(lt_evidence_format_from_name("json", &f), LT_OK);
	assert_int_equal(f, LT_EVIDENCE_JSON);
	assert_int_equal(lt_evidence_format_from_name("pdf", &f), LT_OK);
	assert_int_equal(f, LT_EVIDENCE_PDF);
	assert_int_equal(lt_evidence_format_from_name("docx", &f), LT_ERR_BAD_REQUEST);
	assert_int_equal(lt_evidence_format_from_name(NULL, &f), LT_ERR_BAD_REQUEST);
	for (const char *const *z = (const char *const[]){"zh", "zh_CN", "zh-CN", "zh_CN.UTF-8", NULL}; *z; z++) {
		l = LT_LANG_EN;
		assert_int_equal(lt_lang_from_name(*z, &l), LT_OK);
		assert_int_equal(l, LT_LANG_ZH);
	}
	assert_int_equal(lt_lang_from_name("en", &l), LT_OK);
	assert_int_equal(l, LT_LANG_EN);
	assert_int_equal(lt_lang_from_name("fr", &l), LT_ERR_BAD_REQUEST);
	assert_int_equal(lt_lang_from_name("zhx", &l), LT_ERR_BAD_REQUEST);
}

static void lang_from_locale(void **state)
{
	(void)state;
	unsetenv("LC_ALL");
	unsetenv("LC_MESSAGES");
	setenv("LANG", "zh_CN.UTF-8", 1);
	assert_int_equal(lt_lang_default(), LT_LANG_ZH);
	setenv("LC_MESSAGES", "en_US.UTF-8", 1);
	assert_int_equal(lt_lang_default(), LT_LANG_EN);
	setenv("LC_ALL", "zh_TW.UTF-8", 1);
	assert_int_equal(lt_lang_default(), LT_LANG_ZH);
	setenv("LC_ALL", "", 1);
	unsetenv("LC_MESSAGES");
	assert_int_equal(lt_lang_default(), LT_LANG_ZH);
	unsetenv("LANG");
	assert_int_equal(lt_lang_default(), LT_LANG_EN);
	setenv("LC_ALL", "C.UTF-8", 1); /* as `make unit` runs us */
}

/* ---- local time, the person, imported incidents ---- */

static void use_zone(const char *tz)
{
	setenv("TZ", tz, 1);
	tzset();
}

/* A call logged at 10:31 Beijing time reads 10:31, with its offset, in every
 * part of the report; in New York the same instants read in EST or EDT. */
static void local_times(void **state)
{
	cJSON *e = build();
	cJSON *inc = cJSON_GetArrayItem(get(e, "incidents"), 1);
	char *md, *json;

	(void)state;
	cJSON_ReplaceItemInObjectCaseSensitive(inc, "at", cJSON_CreateString("2026-07-01T12:00:00Z"));
	use_zone("Asia/Shanghai");
	md = rend(e, LT_EVIDENCE_MD, LT_LANG_ZH, GENERATED);
	assert_non_null(strstr(md, "**首次骚扰时间**: 2026-11-20 10:31 (UTC+08:00)"));
	assert_non_null(strstr(md, "| 2026-11-20 10:31 (UTC+08:00) | 短信 |"));
	assert_non_null(strstr(md, "**报告生成时间**: 2026-11-25 16:00 (UTC+08:00)"));
	assert_non_null(strstr(md, "**时区**: Asia/Shanghai：所有时间均为该时区的当地时间"));
	assert_null(strstr(md, "UTC（协调世界时）"));
	free(md);
	use_zone("America/New_York");
	md = rend(e, LT_EVIDENCE_MD, LT_LANG_EN, GENERATED);
	assert_non_null(strstr(md, "**First incident**: 2026-11-19 21:31 (UTC-05:00)"));
	assert_non_null(strstr(md, "2026-07-01 08:00 (UTC-04:00)")); /* summer time */
	assert_non_null(strstr(md, "**Time zone**: America/New\\_York: every time is the local time there"));
	free(md);
	/* the data does not move with the zone: UTC, RFC 3339 */
	json = rend(e, LT_EVIDENCE_JSON, LT_LANG_EN, GENERATED);
	assert_non_null(strstr(json, "\"at\":\"2026-11-20T02:31:00Z\""));
	free(json);
	use_zone("UTC");
	cJSON_Delete(e);
}

static void person_and_pages(void **state)
{
	cJSON *e = build();
	lt_report_opts o = {LT_EVIDENCE_HTML, LT_LANG_ZH, GENERATED, "张三 <b>", "110101199001011234", "+86 139 0013 9000"};
	char *html = lt_evidence_render(e, &o), *plain, *json, f1[65], f2[65], masked[32];

	(void)state;
	assert_html_balanced(html);
	assert_non_null(strstr(html, "<h2>报告人</h2>"));
	assert_non_null(strstr(html, "<dd>张三 &lt;b&gt;</dd>"));
	assert_non_null(strstr(html, "**************1234"));
	assert_null(strstr(html, "110101199001011234"));
	assert_null(strstr(html, "11010119900101"));
	assert_non_null(strstr(html, "+86 139 0013 9000"));
	assert_non_null(strstr(html, "签名：____"));
	assert_non_null(strstr(html, "日期：____"));
	assert_non_null(strstr(html, "content:\"第 \" counter(page) \" 页 / 共 \" counter(pages) \" 页\""));
	/* the details are outside the data: same fingerprint without them, none in the JSON */
	o.name = o.id_number = o.contact = NULL;
	plain = lt_evidence_render(e, &o);
	assert_null(strstr(plain, "报告人"));
	fingerprint_of(html, f1);
	fingerprint_of(plain, f2);
	assert_string_equal(f1, f2);
	o.format = LT_EVIDENCE_JSON;
	o.name = "张三";
	json = lt_evidence_render(e, &o);
	assert_null(strstr(json, "张三"));
	free(plain);
	o.format = LT_EVIDENCE_HTML;
	o.lang = LT_LANG_EN;
	plain = lt_evidence_render(e, &o);
	assert_non_null(strstr(plain, "content:\"Page \" counter(page) \" of \" counter(pages) \"\""));
	assert_non_null(strstr(plain, "Signature: ____"));
	lt_mask_id_number("AB12345", masked, sizeof masked);
	assert_string_equal(masked, "***2345");
	free(plain);
	free(json);
	free(html);
	cJSON_Delete(e);
}

/* An incident imported from a phone log: who wrote, on which of the person's
 * numbers, the SMS text kept, and its reasons in Chinese in a Chinese report. */
static void imported_incident_zh(void **state)
{
	static const char *const reasons[][2] = {
		{"【速贷通】 texted a number you never gave it", "【速贷通】向一个你从未提供给它的号码发了短信"},
		{"【速贷通】 is loan.example: your own map (leaktrace phone map)",
		 "【速贷通】即 loan.example：你自己的对应（leaktrace phone map）"},
		{"signed with a company's 【signature】", "带有公司【签名】"},
		{"a company not in your records: 【某某】", "记录中没有的公司：【某某】"},
	};
	lt_trace_result r;
	cJSON *e;
	char *md, *json;
	size_t i;

	(void)state;
	make_result(&r);
	r.incidents[0].source = dup("android-xml");
	r.incidents[0].count = 3;
	r.incidents[0].verdict = LT_IV_LEAK;
	r.incidents[0].certain = 1;
	r.incidents[0].signature = dup("速贷通");
	r.incidents[0].text = dup("【速贷通】您的额度已到账，回T退订");
	for (i = 0; i < 4; i++)
		r.incidents[0].reasons[i] = dup(reasons[i][0]);
	e = lt_evidence_build(&r);
	md = rend(e, LT_EVIDENCE_MD, LT_LANG_ZH, GENERATED);
	for (i = 0; i < 4; i++)
		assert_non_null(strstr(md, reasons[i][1]));
	assert_null(strstr(md, "texted a number"));
	assert_non_null(strstr(md, "当天共 3 次"));
	assert_non_null(strstr(md, "短信内容：【速贷通】您的额度已到账，回T退订"));
	assert_non_null(strstr(md, "| +8613900139000 | me+k7x2q@mail.example |"));
	free(md);
	md = rend(e, LT_EVIDENCE_MD, LT_LANG_EN, GENERATED);
	assert_non_null(strstr(md, reasons[0][0]));
	assert_non_null(strstr(md, "3 times that day"));
	assert_non_null(strstr(md, "SMS text: 【速贷通】"));
	free(md);
	json = rend(e, LT_EVIDENCE_JSON, LT_LANG_EN, GENERATED);
	assert_non_null(strstr(json, "\"on\":\"me+k7x2q@mail.example\""));
	assert_non_null(strstr(json, "\"on_kind\":\"email\""));
	free(json);
	cJSON_Delete(e);
	lt_trace_result_clear(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sha256_vectors),
		cmocka_unit_test(canonical_sorted_and_stable),
		cmocka_unit_test(sort_keys_nested),
		cmocka_unit_test(fields_present),
		cmocka_unit_test(suspect_and_cutoff_absent), cmocka_unit_test(no_suspect_box),
		cmocka_unit_test(html_zh),
		cmocka_unit_test(html_en),
		cmocka_unit_test(markdown_tables),
		cmocka_unit_test(markdown_zh),
		cmocka_unit_test(reason_phone_zh),
		cmocka_unit_test(empty_and_sparse),
		cmocka_unit_test(json_is_canonical_line),
		cmocka_unit_test(fingerprint_ignores_generation_time),
		cmocka_unit_test(names),
		cmocka_unit_test(lang_from_locale),
		cmocka_unit_test(local_times),
		cmocka_unit_test(person_and_pages),
		cmocka_unit_test(imported_incident_zh),
	};

	setenv("TZ", "UTC", 1); /* the reports' local times, unless a test says otherwise */
	tzset();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
