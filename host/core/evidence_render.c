/* SPDX-License-Identifier: MIT */
/* evidence_render.c: the evidence object (evidence.c) as a document people
 * read -- Markdown or HTML printable on A4 -- in Chinese or English.
 *
 * Shape: one table of words in both languages (no copy of code per language),
 * one description of the document written through a small writer interface
 * with one writer per format, and every string escaped by its writer, since
 * page titles and notes come from web pages and must be taken as hostile.
 * The document is drawn from the evidence object, not from the trace, so the
 * fingerprint it shows covers exactly the data it shows; the one thing shown
 * beside the data is when the report was generated, so the same records give
 * the same fingerprint on every run. */
#include "evidence.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "textsafe.h"
#include "timefmt.h"
#include "words.h"

/* ---- a growing string ---- */

typedef struct {
	char *s;
	size_t len, cap;
	int failed;
} sbuf;

static void sb_addn(sbuf *b, const char *s, size_t n)
{
	if (b->failed)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		char *p;

		while (cap < b->len + n + 1)
			cap *= 2;
		if (!(p = realloc(b->s, cap))) {
			b->failed = 1;
			return;
		}
		b->s = p;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void sb_add(sbuf *b, const char *s)
{
	sb_addn(b, s, strlen(s));
}

/* The text (caller frees), or NULL when any append failed. */
static char *sb_take(sbuf *b)
{
	if (b->failed || !b->s) {
		free(b->s);
		return NULL;
	}
	return b->s;
}

/* The text so far, for a scratch buffer that is then reset. */
static const char *sb_str(const sbuf *b)
{
	return b->s && !b->failed ? b->s : "";
}

static void sb_reset(sbuf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

typedef lt_slot slot;

/* Append a template from the label table with its "{name}" slots filled (words.h). */
static void sb_expand(sbuf *b, const char *tmpl, const slot *slots, size_t n)
{
	char *text = lt_template_fill(tmpl, slots, n);

	if (!text)
		b->failed = 1;
	else
		sb_add(b, text);
	free(text);
}

/* ---- the words, in one table ---- */

enum label {
	L_TITLE, L_IDENTIFIER, L_KIND, L_QUERY, L_GENERATED, L_CUTOFF_INCIDENT, L_CUTOFF_SINCE,
	L_CUTOFF, L_NO_CUTOFF, L_TIMEZONE, L_TIMEZONE_NOTE,
	L_PERSON, L_NAME, L_ID_NUMBER, L_CONTACT, L_SIGN_LINE, L_PAGE,
	L_SUSPECTED, L_CONFIDENCE, L_CERTAIN, L_NOT_CERTAIN, L_REASONING, L_FACTS, L_LAST_BEFORE, L_EARLIEST,
	L_NO_SUSPECT, L_METHOD,
	L_TIMELINE, L_COL_TIME, L_COL_EVENT, L_EV_GIVEN, L_EV_INCIDENT, L_EV_INCIDENT_FROM, L_NO_EVENTS,
	L_SITES, L_NO_SITES, L_COL_RANK, L_COL_SITE, L_COL_TITLE, L_COL_URL, L_COL_GIVEN,
	L_COL_CAPTURE, L_IN_FRAME, L_LAST_SEEN, L_SITE_DECEPTIVE, L_SITE_ASCII,
	L_INCIDENTS, L_NO_INCIDENTS, L_COL_KIND, L_COL_FROM, L_COL_ON, L_COL_NOTE,
	L_TIMES, L_SMS_TEXT, L_SMS_SHA, L_MAIL_SUBJECT, L_MAIL_AUTH, L_MAIL_ID, L_MAIL_SHA,
	L_FINGERPRINT, L_FINGERPRINT_HOW, L_NONE, L_LIST_SEP, L_CLAUSE_SEP, L_COLON,
	L_R_ALIAS, L_R_BEFORE, L_R_AFTER, L_R_NO_TIME, L_R_LOST, L_R_NLT_BEFORE, L_R_EVIDENCE_AFTER,
	L_R_DATE_UNKNOWN, L_GIVEN_NLT, L_GIVEN_UNKNOWN, L_EV_GIVEN_NLT, L_CUT_INCIDENT, L_CUT_SINCE,
	L_DAY, L_DAYS, L_HOUR, L_HOURS, L_MINUTE, L_MINUTES, L_UNDER_MINUTE,
	L_COUNT
};

/* [label][lt_lang]: English, Chinese. "{name}" marks a slot (sb_expand). */
static const char *const labels[L_COUNT][2] = {
	[L_TITLE] = {"Leak evidence report", "个人信息泄露证据报告"},
	[L_IDENTIFIER] = {"Identifier", "被泄露的标识"},
	[L_KIND] = {"Kind", "类型"},
	[L_QUERY] = {"As entered", "查询输入"},
	[L_GENERATED] = {"Report generated", "报告生成时间"},
	[L_CUTOFF_INCIDENT] = {"First incident", "首次骚扰时间"},
	[L_CUTOFF_SINCE] = {"Cutoff (given)", "截止时间（指定）"},
	[L_CUTOFF] = {"Cutoff", "截止时间"},
	[L_NO_CUTOFF] = {"none: no incident logged", "无：没有骚扰记录"},
	[L_TIMEZONE] = {"Time zone", "时区"},
	[L_TIMEZONE_NOTE] = {"{zone}: every time is the local time there, its offset from UTC in brackets",
			     "{zone}：所有时间均为该时区的当地时间，括号内为与 UTC 的时差"},
	[L_PERSON] = {"Reported by", "报告人"},
	[L_NAME] = {"Name", "姓名"},
	[L_ID_NUMBER] = {"ID number", "身份证件号码"},
	[L_CONTACT] = {"Contact", "联系方式"},
	[L_SIGN_LINE] = {"Signature: ____________________      Date: ____________________",
			 "签名：____________________      日期：____________________"},
	[L_PAGE] = {"Page {x} of {y}", "第 {x} 页 / 共 {y} 页"},
	[L_SUSPECTED] = {"Suspected source", "疑似泄露来源"},
	[L_CONFIDENCE] = {"Conclusion", "判断结论"},
	[L_CERTAIN] = {"certain", "确定"},
	[L_NOT_CERTAIN] = {"not certain: ranked by time alone, and time alone proves nothing",
			   "不能确定：仅按时间先后排列，时间先后本身不能证明泄露"},
	[L_REASONING] = {"Reasoning", "判断依据"},
	[L_FACTS] = {"Facts", "事实"},
	[L_LAST_BEFORE] = {"{site} is the last recorded site to have received {what} before {cutoff}",
			   "{site} 是{cutoff}前最后一个收到{what}的已记录网站"},
	[L_EARLIEST] = {"the earliest recipient on record is {site}, {dur} before {cutoff}",
			"最早收到的已记录网站是 {site}，在{cutoff}前 {dur}"},
	[L_NO_SUSPECT] = {"No suspected source: no site on record received it before {cutoff}. The source is probably "
			  "a site that is not recorded (past accounts can be imported: leaktrace accounts import).",
			  "无法确定疑似来源：记录中没有网站在{cutoff}前收到该标识。来源很可能是未记录的网站"
			  "（可导入以往的账户：leaktrace accounts import）。"},
	[L_METHOD] = {"How sites are ranked: a per-site alias names its site for certain; of the other sites, "
		      "those that received the identifier only after {cutoff} are ruled out, and the rest are "
		      "ranked by how shortly before {cutoff} they received it, the closest first: an order to check them "
		      "in, not a proof. Only an exact date rules a site out: a "
		      "site known to have had it no later than some date, or whose date is unknown, is ranked after "
		      "the dated ones and never ruled out.",
		      "排序方法：专用别名只对应一个网站，可确定来源；其余网站中，在{cutoff}之后才收到该标识的予以排除，"
		      "其余按收到时间距{cutoff}的远近排序，越近越靠前：这是核查的先后顺序，不是证据。只有确切日期才能排除网站：仅知“不晚于”某日期或日期不明的网站"
		      "排在有确切日期的网站之后，且不予排除。"},
	[L_TIMELINE] = {"Timeline", "时间线"},
	[L_COL_TIME] = {"Time", "时间"},
	[L_COL_EVENT] = {"Event", "事件"},
	[L_EV_GIVEN] = {"Given to {site} ({capture})", "提供给 {site}（{capture}）"},
	[L_EV_INCIDENT] = {"Incident: {kind}", "骚扰：{kind}"},
	[L_EV_INCIDENT_FROM] = {"Incident: {kind} from {from}", "骚扰：{kind}，来自 {from}"},
	[L_NO_EVENTS] = {"No dated events.", "没有带时间的事件。"},
	[L_SITES] = {"Sites that received it ({n})", "收到该标识的网站（{n} 个）"},
	[L_NO_SITES] = {"No site on record received it.", "记录中没有网站收到该标识。"},
	[L_COL_RANK] = {"#", "排名"},
	[L_COL_SITE] = {"Site", "网站"},
	[L_COL_TITLE] = {"Page title", "页面标题"},
	[L_COL_URL] = {"Page URL", "页面地址"},
	[L_COL_GIVEN] = {"Given", "提供时间"},
	[L_COL_CAPTURE] = {"How captured", "记录方式"},
	[L_IN_FRAME] = {"in a frame on {site}", "嵌在 {site} 的页面中"},
	[L_SITE_DECEPTIVE] = {"in Unicode {site}, which could pass for another site: the ASCII form is the real one",
			      "Unicode 写法为 {site}，可能冒充其他网站；以 ASCII 写法为准"},
	[L_SITE_ASCII] = {"ASCII form: {site}", "ASCII 写法：{site}"},
	[L_LAST_SEEN] = {"last seen {time}", "最近一次 {time}"},
	[L_INCIDENTS] = {"Incidents ({n})", "骚扰记录（{n} 条）"},
	[L_NO_INCIDENTS] = {"No incident logged.", "没有骚扰记录。"},
	[L_COL_KIND] = {"Kind", "类型"},
	[L_COL_FROM] = {"From (caller or sender)", "来电号码 / 发送方"},
	[L_COL_ON] = {"Arrived on", "接收的号码 / 地址"},
	[L_COL_NOTE] = {"Details", "详情"},
	[L_TIMES] = {"{n} times that day", "当天共 {n} 次"},
	[L_SMS_TEXT] = {"SMS text: {text}", "短信内容：{text}"},
	[L_SMS_SHA] = {"SMS text not kept; its SHA-256: {sha}", "未保存短信内容，其 SHA-256：{sha}"},
	[L_MAIL_SUBJECT] = {"Subject: {text}", "邮件主题：{text}"},
	[L_MAIL_AUTH] = {"Authentication-Results (added by your mail provider): {text}",
			 "Authentication-Results（你的邮件服务商添加的验证结果）：{text}"},
	[L_MAIL_ID] = {"Message-ID: {text}", "Message-ID：{text}"},
	[L_MAIL_SHA] = {"SHA-256 of the mail's header block: {text}", "邮件头部的 SHA-256：{text}"},
	[L_FINGERPRINT] = {"Data fingerprint", "数据指纹"},
	[L_FINGERPRINT_HOW] = {"The SHA-256 of this report's data in canonical JSON form, the output of "
			       "\"leaktrace evidence --format json\" for the same report without its final newline. "
			       "Any change to the data changes it; the time the report was generated is not part of "
			       "the data, so the same records give the same fingerprint every time.",
			       "本报告数据的规范 JSON 形式（同一份报告 \"leaktrace evidence --format json\" 的输出，"
			       "不含末尾换行）的 SHA-256 值。数据的任何改动都会使其改变；报告生成时间不属于数据，"
			       "同样的记录每次生成的指纹都相同。"},
	[L_NONE] = {"—", "—"},
	[L_LIST_SEP] = {", ", "、"},
	[L_CLAUSE_SEP] = {"; ", "；"},
	[L_COLON] = {": ", "："},
	[L_R_ALIAS] = {"the alias was made for this site alone: certain", "该别名专为此网站生成，可确定来源"},
	[L_R_BEFORE] = {"received {what} {dur} before {cutoff}", "在{cutoff}前 {dur}收到{what}"},
	[L_R_AFTER] = {"received {what} only {dur} after {cutoff}: ruled out", "在{cutoff}后 {dur}才收到{what}，已排除"},
	[L_R_NO_TIME] = {"no incident logged: ranked by how it matched, then oldest first",
			 "没有骚扰记录：按匹配方式排序，再按收到时间先后排序"},
	[L_R_LOST] = {" (its account record is gone; the alias still names the site)",
		      "（账户记录已删除，别名仍可确定网站）"},
	[L_R_NLT_BEFORE] = {"had {what} no later than {date}, {dur} before {cutoff}",
			    "不晚于 {date} 已有{what}，即{cutoff}前至少 {dur}"},
	[L_R_EVIDENCE_AFTER] = {"had {what} no later than {date}, {dur} after {cutoff}; it may have had it earlier: "
				"not ruled out",
				"不晚于 {date} 已有{what}（{cutoff}后 {dur}），可能更早已有：不予排除"},
	[L_R_DATE_UNKNOWN] = {"date unknown: not ruled out", "日期不明：不予排除"},
	[L_GIVEN_NLT] = {"no later than {time}", "不晚于 {time}"},
	[L_GIVEN_UNKNOWN] = {"date unknown", "日期不明"},
	[L_EV_GIVEN_NLT] = {"{site} had it by this time ({capture})", "{site} 不晚于此时已有（{capture}）"},
	[L_CUT_INCIDENT] = {"the first incident", "首次骚扰"},
	[L_CUT_SINCE] = {"the given cutoff time", "指定的截止时间"},
	[L_DAY] = {"{n} day", "{n} 天"},
	[L_DAYS] = {"{n} days", "{n} 天"},
	[L_HOUR] = {"{n} hour", "{n} 小时"},
	[L_HOURS] = {"{n} hours", "{n} 小时"},
	[L_MINUTE] = {"{n} minute", "{n} 分钟"},
	[L_MINUTES] = {"{n} minutes", "{n} 分钟"},
	[L_UNDER_MINUTE] = {"less than a minute", "1 分钟内"},
};

static const char *tr(lt_lang lang, enum label l)
{
	return labels[l][lang];
}

/* The word for a machine name of set (words.h); none is a dash. */
static const char *word(lt_lang lang, lt_word_set set, const char *name)
{
	return name ? lt_word(set, name, lang) : tr(lang, L_NONE);
}

/* ---- writers: one per format, each escaping what it is given ---- */

typedef struct {
	enum label label;
	int width; /* per cent of the page */
	int mono;
} column;

typedef struct {
	/* footer: the page numbers' words ("{x}", "{y}") at every printed page's foot, beside the fingerprint fp */
	void (*begin)(sbuf *b, lt_lang lang, const char *title, const char *footer, const char *fp);
	void (*heading)(sbuf *b, const char *text);
	void (*fields_begin)(sbuf *b, int boxed);
	void (*field)(sbuf *b, const char *label, const char *value, int mono);
	void (*fields_end)(sbuf *b, int boxed);
	void (*para)(sbuf *b, const char *text);
	void (*table_begin)(sbuf *b, lt_lang lang, const column *cols, size_t n);
	void (*row)(sbuf *b, const char *const *cells, const column *cols, size_t n, int muted);
	void (*table_end)(sbuf *b);
	void (*end)(sbuf *b);
} writer;

/* Append s with bytes that need it replaced by esc(c) (NULL: copy as is),
 * and bidi controls shown as their escapes (textsafe.h), in every format. */
static void sb_escape(sbuf *b, const char *s, const char *(*esc)(unsigned char c))
{
	const char *run = s;
	char bidi[LT_BIDI_ESCAPE_LEN + 1];

	for (; *s; s++) {
		int n = lt_bidi_control_at(s, strnlen(s, 3), bidi);
		const char *rep = n > 0 ? bidi : esc((unsigned char)*s);

		if (!rep)
			continue;
		sb_addn(b, run, (size_t)(s - run));
		sb_add(b, rep);
		s += n > 0 ? n - 1 : 0;
		run = s + 1;
	}
	sb_addn(b, run, (size_t)(s - run));
}

/* Control characters other than a newline become a space in both formats. */
static const char *html_esc_char(unsigned char c)
{
	switch (c) {
	case '&': return "&amp;";
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '"': return "&quot;";
	case '\'': return "&#39;";
	case '\n': return "<br>";
	default: return c < 0x20 || c == 0x7f ? " " : NULL;
	}
}

static void html_esc(sbuf *b, const char *s)
{
	sb_escape(b, s, html_esc_char);
}

static const char *const html_css =
	"@page{size:A4;margin:16mm 14mm}"
	"html{font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"PingFang SC\",\"Microsoft YaHei\","
	"\"WenQuanYi Zen Hei\",\"Noto Sans\",\"DejaVu Sans\",Arial,sans-serif;font-size:10pt;line-height:1.4;"
	"color:#111;background:#fff}"
	"body{max-width:182mm;margin:0 auto;padding:8mm 4mm}"
	"@media print{body{max-width:none;padding:0}}"
	"h1{font-size:17pt;margin:0 0 4mm;padding-bottom:2mm;border-bottom:2px solid #222}"
	"h2{font-size:12.5pt;margin:7mm 0 2mm;break-after:avoid;page-break-after:avoid}"
	"dl{display:grid;grid-template-columns:max-content 1fr;gap:1mm 5mm;margin:0 0 3mm}"
	"dt{font-weight:bold;color:#444}dd{margin:0;overflow-wrap:anywhere}"
	".box{border:1.5px solid #333;background:#f4f4f4;padding:3mm 4mm;margin:2mm 0 3mm;"
	"break-inside:avoid;page-break-inside:avoid}.box dl{margin:0}"
	"p{margin:2mm 0}"
	"table{width:100%;border-collapse:collapse;table-layout:fixed;margin:1mm 0 3mm;font-size:9pt}"
	"thead{display:table-header-group}"
	"tr{break-inside:avoid;page-break-inside:avoid}"
	"th,td{border:1px solid #999;padding:1.2mm 1.6mm;text-align:left;vertical-align:top;"
	"overflow-wrap:anywhere;word-break:break-word}"
	"th{background:#e8e8e8}"
	"tr.out td{color:#666;background:#fafafa}"
	".mono{font-family:\"DejaVu Sans Mono\",Menlo,Consolas,monospace;font-size:8.5pt}";

/* The printed page's foot, in CSS paged media: the words of L_PAGE around
 * the page counters, and the data fingerprint's start, so that a loose page
 * can be put back with its report. `footer` has "{x}" and "{y}" for them. */
static void html_page_css(sbuf *b, const char *footer, const char *fp)
{
	static const slot counters[] = {{"x", "\" counter(page) \""}, {"y", "\" counter(pages) \""}};

	sb_add(b, "@page{@bottom-right{content:\"");
	sb_expand(b, footer, counters, 2);
	sb_add(b, "\";font-size:8pt;color:#444}@bottom-left{content:\"SHA-256 ");
	sb_addn(b, fp, strnlen(fp, 16));
	sb_add(b, "\\2026\";font-size:8pt;color:#444;font-family:monospace}}");
}

static void html_begin(sbuf *b, lt_lang lang, const char *title, const char *footer, const char *fp)
{
	sb_add(b, "<!DOCTYPE html>\n<html lang=\"");
	sb_add(b, lang == LT_LANG_ZH ? "zh-CN" : "en");
	sb_add(b, "\">\n<head>\n<meta charset=\"utf-8\">\n"
		  "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
		  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	html_esc(b, title);
	sb_add(b, "</title>\n<style>");
	sb_add(b, html_css);
	html_page_css(b, footer, fp);
	sb_add(b, "</style>\n</head>\n<body>\n<h1>");
	html_esc(b, title);
	sb_add(b, "</h1>\n");
}

static void html_heading(sbuf *b, const char *text)
{
	sb_add(b, "<h2>");
	html_esc(b, text);
	sb_add(b, "</h2>\n");
}

static void html_fields_begin(sbuf *b, int boxed)
{
	sb_add(b, boxed ? "<div class=\"box\">\n<dl>\n" : "<dl>\n");
}

static void html_field(sbuf *b, const char *label, const char *value, int mono)
{
	sb_add(b, "<dt>");
	html_esc(b, label);
	sb_add(b, mono ? "</dt><dd class=\"mono\">" : "</dt><dd>");
	html_esc(b, value);
	sb_add(b, "</dd>\n");
}

static void html_fields_end(sbuf *b, int boxed)
{
	sb_add(b, boxed ? "</dl>\n</div>\n" : "</dl>\n");
}

static void html_para(sbuf *b, const char *text)
{
	sb_add(b, "<p>");
	html_esc(b, text);
	sb_add(b, "</p>\n");
}

static void html_table_begin(sbuf *b, lt_lang lang, const column *cols, size_t n)
{
	char w[48];
	size_t i;

	sb_add(b, "<table>\n<colgroup>");
	for (i = 0; i < n; i++) {
		snprintf(w, sizeof w, "<col style=\"width:%d%%\">", cols[i].width);
		sb_add(b, w);
	}
	sb_add(b, "</colgroup>\n<thead><tr>");
	for (i = 0; i < n; i++) {
		sb_add(b, "<th>");
		html_esc(b, tr(lang, cols[i].label));
		sb_add(b, "</th>");
	}
	sb_add(b, "</tr></thead>\n<tbody>\n");
}

static void html_row(sbuf *b, const char *const *cells, const column *cols, size_t n, int muted)
{
	size_t i;

	sb_add(b, muted ? "<tr class=\"out\">" : "<tr>");
	for (i = 0; i < n; i++) {
		sb_add(b, cols[i].mono ? "<td class=\"mono\">" : "<td>");
		html_esc(b, cells[i]);
		sb_add(b, "</td>");
	}
	sb_add(b, "</tr>\n");
}

static void html_table_end(sbuf *b)
{
	sb_add(b, "</tbody>\n</table>\n");
}

static void html_end(sbuf *b)
{
	sb_add(b, "</body>\n</html>\n");
}

static const writer html_writer = {
	html_begin, html_heading, html_fields_begin, html_field, html_fields_end,
	html_para, html_table_begin, html_row, html_table_end, html_end,
};

/* Markdown: the characters that start emphasis, links, code and tables are
 * backslash-escaped; "<", ">" and "&" become entities so no HTML gets through; a
 * newline becomes <br> so a table cell stays on one line. */
static const char *md_esc_char(unsigned char c)
{
	switch (c) {
	case '\\': return "\\\\";
	case '|': return "\\|";
	case '*': return "\\*";
	case '_': return "\\_";
	case '[': return "\\[";
	case ']': return "\\]";
	case '`': return "\\`";
	case '~': return "\\~";
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '&': return "&amp;";
	case '\n': return "<br>";
	default: return c < 0x20 || c == 0x7f ? " " : NULL;
	}
}

static void md_esc(sbuf *b, const char *s)
{
	sb_escape(b, s, md_esc_char);
}

static void md_begin(sbuf *b, lt_lang lang, const char *title, const char *footer, const char *fp)
{
	(void)lang;
	(void)footer;
	(void)fp;
	sb_add(b, "# ");
	md_esc(b, title);
	sb_add(b, "\n\n");
}

static void md_heading(sbuf *b, const char *text)
{
	sb_add(b, "## ");
	md_esc(b, text);
	sb_add(b, "\n\n");
}

static void md_fields_begin(sbuf *b, int boxed)
{
	(void)b;
	(void)boxed;
}

static void md_field(sbuf *b, const char *label, const char *value, int mono)
{
	(void)mono;
	sb_add(b, "- **");
	md_esc(b, label);
	sb_add(b, "**: ");
	md_esc(b, value);
	sb_add(b, "\n");
}

static void md_fields_end(sbuf *b, int boxed)
{
	(void)boxed;
	sb_add(b, "\n");
}

static void md_para(sbuf *b, const char *text)
{
	md_esc(b, text);
	sb_add(b, "\n\n");
}

static void md_table_begin(sbuf *b, lt_lang lang, const column *cols, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		sb_add(b, "| ");
		md_esc(b, tr(lang, cols[i].label));
		sb_add(b, " ");
	}
	sb_add(b, "|\n");
	for (i = 0; i < n; i++)
		sb_add(b, "| --- ");
	sb_add(b, "|\n");
}

static void md_row(sbuf *b, const char *const *cells, const column *cols, size_t n, int muted)
{
	size_t i;

	(void)cols;
	(void)muted;
	for (i = 0; i < n; i++) {
		sb_add(b, "| ");
		md_esc(b, cells[i]);
		sb_add(b, " ");
	}
	sb_add(b, "|\n");
}

static void md_table_end(sbuf *b)
{
	sb_add(b, "\n");
}

static void md_end(sbuf *b)
{
	(void)b;
}

static const writer md_writer = {
	md_begin, md_heading, md_fields_begin, md_field, md_fields_end,
	md_para, md_table_begin, md_row, md_table_end, md_end,
};

/* ---- the document, written once for every writer ---- */

typedef struct {
	sbuf *out;
	const writer *w;
	lt_lang lang;
	const cJSON *e;
	const lt_report_opts *o; /* when it was made and by whom: shown, not part of the data */
	const char *kind;   /* of the identifier: "phone", ... */
	const char *cutoff; /* the cutoff in words: "the first incident" */
	const char *fp;     /* the data fingerprint, hex */
	sbuf cell[7];       /* scratch, one per table column */
} doc;

static const char *jstr(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int jtrue(const cJSON *o, const char *key)
{
	return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, key));
}

static const cJSON *jarr(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsArray(v) ? v : NULL;
}

/* "2026-11-20T02:31:00Z" as the local "2026-11-20 10:31 (UTC+08:00)": the
 * time a phone's call log shows, with its offset stated. */
static void sb_time(sbuf *b, lt_lang lang, const char *t)
{
	char local[LT_LOCAL_LEN];

	if (!t)
		sb_add(b, tr(lang, L_NONE));
	else
		sb_add(b, lt_time_local(t, local) ? local : t);
}

static void sb_count(sbuf *b, const char *tmpl, size_t n)
{
	char num[24];

	snprintf(num, sizeof num, "%zu", n);
	sb_expand(b, tmpl, &(slot){"n", num}, 1);
}

/* "3 days 4 hours", "3 天 4 小时": at most two units. */
static void sb_duration(sbuf *b, lt_lang lang, double seconds)
{
	long s = seconds < 0 ? 0 : (long)seconds;
	long v[3] = {s / 86400, s % 86400 / 3600, s % 3600 / 60};
	enum label unit[3] = {L_DAY, L_HOUR, L_MINUTE};
	int i, shown = 0;

	for (i = 0; i < 3 && shown < 2; i++) {
		if (!v[i]) {
			if (shown)
				break;
			continue;
		}
		if (shown++)
			sb_add(b, " ");
		sb_count(b, tr(lang, v[i] == 1 ? unit[i] : unit[i] + 1), (size_t)v[i]);
	}
	if (!shown)
		sb_add(b, tr(lang, L_UNDER_MINUTE));
}

/* Why a site is where it is, in the report's language, from reason_code
 * and seconds_before; the English sentence of the data when neither fits. */
static void sb_reason(doc *d, sbuf *b, const cJSON *site)
{
	const char *code = jstr(site, "reason_code");
	const cJSON *secs = cJSON_GetObjectItemCaseSensitive(site, "seconds_before");
	int before = code && strcmp(code, "before") == 0, after = code && strcmp(code, "after") == 0;
	sbuf dur = {0};

	int nlt = jstr(site, "certainty") && strcmp(jstr(site, "certainty"), "no-later-than") == 0;
	int ev_after = code && strcmp(code, "evidence_after") == 0;

	if (code && strcmp(code, "alias") == 0) {
		sb_add(b, tr(d->lang, L_R_ALIAS));
	} else if (code && strcmp(code, "date_unknown") == 0) {
		sb_add(b, tr(d->lang, L_R_DATE_UNKNOWN));
	} else if ((ev_after || (before && nlt)) && cJSON_IsNumber(secs) && jstr(site, "first_seen")) {
		char date[11], local[LT_LOCAL_LEN];
		const char *first = jstr(site, "first_seen");
		slot slots[4] = {{"what", word(d->lang, LT_WORDS_WHAT, d->kind)},
				 {"dur", NULL},
				 {"cutoff", d->cutoff},
				 {"date", date}};

		snprintf(date, sizeof date, "%.10s", lt_time_local(first, local) ? local : first); /* the local day */
		sb_duration(&dur, d->lang, before ? secs->valuedouble : -secs->valuedouble);
		slots[1].value = sb_str(&dur);
		sb_expand(b, tr(d->lang, before ? L_R_NLT_BEFORE : L_R_EVIDENCE_AFTER), slots, 4);
	} else if (code && strcmp(code, "no_time") == 0) {
		sb_add(b, tr(d->lang, L_R_NO_TIME));
	} else if ((before || after) && cJSON_IsNumber(secs)) {
		slot slots[3] = {{"what", word(d->lang, LT_WORDS_WHAT, d->kind)},
				 {"dur", NULL},
				 {"cutoff", d->cutoff}};

		sb_duration(&dur, d->lang, before ? secs->valuedouble : -secs->valuedouble);
		slots[1].value = sb_str(&dur);
		sb_expand(b, tr(d->lang, before ? L_R_BEFORE : L_R_AFTER), slots, 3);
	} else {
		sb_add(b, jstr(site, "reason") ? jstr(site, "reason") : tr(d->lang, L_NONE));
	}
	if (jtrue(site, "record_lost"))
		sb_add(b, tr(d->lang, L_R_LOST));
	b->failed |= dur.failed;
	free(dur.s);
}

void lt_mask_id_number(const char *id, char *out, size_t size)
{
	size_t n = strlen(id), i;

	if (!size)
		return;
	for (i = 0; i < n && i + 1 < size; i++)
		out[i] = i + 4 < n ? '*' : id[i];
	out[i] = '\0';
}

/* Who reports: the details the person gave for this document alone. */
static void doc_person(doc *d)
{
	const lt_report_opts *o = d->o;
	char *masked;

	if (!o->name && !o->id_number && !o->contact)
		return;
	d->w->heading(d->out, tr(d->lang, L_PERSON));
	d->w->fields_begin(d->out, 0);
	if (o->name)
		d->w->field(d->out, tr(d->lang, L_NAME), o->name, 0);
	if (o->id_number && (masked = malloc(strlen(o->id_number) + 1))) {
		lt_mask_id_number(o->id_number, masked, strlen(o->id_number) + 1);
		d->w->field(d->out, tr(d->lang, L_ID_NUMBER), masked, 1);
		free(masked);
	} else if (o->id_number) {
		d->out->failed = 1;
	}
	if (o->contact)
		d->w->field(d->out, tr(d->lang, L_CONTACT), o->contact, 0);
	d->w->fields_end(d->out, 0);
}

static void doc_header(doc *d)
{
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(d->e, "identifier");
	const cJSON *cut = cJSON_GetObjectItemCaseSensitive(d->e, "cutoff");
	const char *src = jstr(cut, "source");
	sbuf *t = &d->cell[0];
	enum label cut_label = !src ? L_CUTOFF : strcmp(src, "since") == 0 ? L_CUTOFF_SINCE : L_CUTOFF_INCIDENT;

	d->w->begin(d->out, d->lang, tr(d->lang, L_TITLE), tr(d->lang, L_PAGE), d->fp);
	d->w->fields_begin(d->out, 0);
	d->w->field(d->out, tr(d->lang, L_IDENTIFIER), jstr(id, "normalized") ? jstr(id, "normalized") : "", 1);
	d->w->field(d->out, tr(d->lang, L_KIND), word(d->lang, LT_WORDS_KIND, d->kind), 0);
	d->w->field(d->out, tr(d->lang, L_QUERY), jstr(id, "query") ? jstr(id, "query") : "", 0);
	sb_time(t, d->lang, d->o->generated_at);
	d->w->field(d->out, tr(d->lang, L_GENERATED), sb_str(t), 0);
	sb_reset(t);
	if (jstr(cut, "at"))
		sb_time(t, d->lang, jstr(cut, "at"));
	else
		sb_add(t, tr(d->lang, L_NO_CUTOFF));
	d->w->field(d->out, tr(d->lang, cut_label), sb_str(t), 0);
	sb_reset(t);
	sb_expand(t, tr(d->lang, L_TIMEZONE_NOTE), &(slot){"zone", lt_tz_name()}, 1);
	d->w->field(d->out, tr(d->lang, L_TIMEZONE), sb_str(t), 0);
	sb_reset(t);
	d->w->fields_end(d->out, 0);
	doc_person(d);
}

/* The site entry the suspect was taken from: the first one not ruled out. */
static const cJSON *suspect_site(const doc *d, const char *name)
{
	const cJSON *s;

	cJSON_ArrayForEach(s, jarr(d->e, "sites")) {
		const char *site = jstr(s, "site");

		if (site && name && strcmp(site, name) == 0 && !jtrue(s, "ruled_out"))
			return s;
	}
	return NULL;
}

static int exact_before(const cJSON *s)
{
	const char *code = jstr(s, "reason_code"), *c = jstr(s, "certainty");
	const cJSON *secs = cJSON_GetObjectItemCaseSensitive(s, "seconds_before");

	return code && strcmp(code, "before") == 0 && c && strcmp(c, "exact") == 0 && cJSON_IsNumber(secs);
}

/* What the dates say about a suspect ranked by time, and nothing more: that
 * it is the last recorded site to get the identifier before the cutoff, and
 * which site got it first. 0 when there is nothing to say. */
static int sb_facts(doc *d, sbuf *b, const cJSON *suspect)
{
	const cJSON *s, *earliest = NULL;
	const char *what = word(d->lang, LT_WORDS_WHAT, d->kind);
	sbuf dur = {0};

	if (!exact_before(suspect))
		return 0;
	cJSON_ArrayForEach(s, jarr(d->e, "sites"))
		if (exact_before(s) && !jtrue(s, "ruled_out") &&
		    (!earliest || cJSON_GetObjectItemCaseSensitive(s, "seconds_before")->valuedouble >
					  cJSON_GetObjectItemCaseSensitive(earliest, "seconds_before")->valuedouble))
			earliest = s;
	sb_expand(b, tr(d->lang, L_LAST_BEFORE),
		  (slot[]){{"site", jstr(suspect, "site")}, {"what", what}, {"cutoff", d->cutoff}}, 3);
	if (earliest && earliest != suspect) {
		sb_duration(&dur, d->lang, cJSON_GetObjectItemCaseSensitive(earliest, "seconds_before")->valuedouble);
		sb_add(b, tr(d->lang, L_CLAUSE_SEP));
		sb_expand(b, tr(d->lang, L_EARLIEST),
			  (slot[]){{"site", jstr(earliest, "site")}, {"dur", sb_str(&dur)}, {"cutoff", d->cutoff}}, 3);
	}
	b->failed |= dur.failed;
	free(dur.s);
	return 1;
}

static void doc_suspect(doc *d)
{
	const cJSON *sus = cJSON_GetObjectItemCaseSensitive(d->e, "suspected_source");
	const cJSON *site = suspect_site(d, jstr(sus, "site"));
	sbuf *t = &d->cell[0];
	slot cut = {"cutoff", d->cutoff};

	d->w->heading(d->out, tr(d->lang, L_SUSPECTED));
	if (!cJSON_IsObject(sus)) {
		sb_expand(t, tr(d->lang, L_NO_SUSPECT), &cut, 1);
		d->w->para(d->out, sb_str(t));
	} else {
		d->w->fields_begin(d->out, 1);
		d->w->field(d->out, tr(d->lang, L_COL_SITE), jstr(sus, "site") ? jstr(sus, "site") : "", 0);
		d->w->field(d->out, tr(d->lang, L_CONFIDENCE), tr(d->lang, jtrue(sus, "certain") ? L_CERTAIN : L_NOT_CERTAIN), 0);
		if (site)
			sb_reason(d, t, site);
		else
			sb_add(t, jstr(sus, "reason") ? jstr(sus, "reason") : "");
		d->w->field(d->out, tr(d->lang, L_REASONING), sb_str(t), 0);
		sb_reset(t);
		if (!jtrue(sus, "certain") && site && sb_facts(d, t, site))
			d->w->field(d->out, tr(d->lang, L_FACTS), sb_str(t), 0);
		d->w->fields_end(d->out, 1);
	}
	sb_reset(t);
	sb_expand(t, tr(d->lang, L_METHOD), &cut, 1);
	d->w->para(d->out, sb_str(t));
	sb_reset(t);
}

static void event_text(doc *d, sbuf *b, const cJSON *ev)
{
	const char *what = jstr(ev, "event");

	if (what && strcmp(what, "given") == 0) {
		slot s[2] = {{"site", jstr(ev, "site")},
			     {"capture", word(d->lang, LT_WORDS_CAPTURE, jstr(ev, "capture"))}};

		const char *c = jstr(ev, "certainty");

		sb_expand(b, tr(d->lang, c && strcmp(c, "no-later-than") == 0 ? L_EV_GIVEN_NLT : L_EV_GIVEN), s, 2);
	} else {
		slot s[2] = {{"kind", word(d->lang, LT_WORDS_INCIDENT, jstr(ev, "kind"))},
			     {"from", jstr(ev, "from")}};

		sb_expand(b, tr(d->lang, s[1].value ? L_EV_INCIDENT_FROM : L_EV_INCIDENT), s, 2);
	}
}

static void doc_timeline(doc *d)
{
	static const column cols[] = {{L_COL_TIME, 26, 0}, {L_COL_EVENT, 74, 0}};
	const cJSON *arr = jarr(d->e, "timeline"), *ev;
	const char *cells[2];

	d->w->heading(d->out, tr(d->lang, L_TIMELINE));
	if (cJSON_GetArraySize(arr) == 0) {
		d->w->para(d->out, tr(d->lang, L_NO_EVENTS));
		return;
	}
	d->w->table_begin(d->out, d->lang, cols, 2);
	cJSON_ArrayForEach(ev, arr) {
		sb_time(&d->cell[0], d->lang, jstr(ev, "at"));
		event_text(d, &d->cell[1], ev);
		cells[0] = sb_str(&d->cell[0]);
		cells[1] = sb_str(&d->cell[1]);
		d->w->row(d->out, cells, cols, 2, 0);
		sb_reset(&d->cell[0]);
		sb_reset(&d->cell[1]);
	}
	d->w->table_end(d->out);
}

/* The captures of a site, its first one first, in words. */
static void sb_captures(doc *d, sbuf *b, const cJSON *site)
{
	const char *first = jstr(site, "capture");
	const cJSON *c;

	sb_add(b, word(d->lang, LT_WORDS_CAPTURE, first));
	cJSON_ArrayForEach(c, jarr(site, "captures")) {
		if (!cJSON_IsString(c) || (first && strcmp(c->valuestring, first) == 0))
			continue;
		sb_add(b, tr(d->lang, L_LIST_SEP));
		sb_add(b, word(d->lang, LT_WORDS_CAPTURE, c->valuestring));
	}
}

/* The first-given time with how sure it is: "no later than ...", "date unknown". */
static void sb_given(doc *d, sbuf *b, const cJSON *s)
{
	const char *c = jstr(s, "certainty"), *first = jstr(s, "first_seen");
	sbuf t = {0};

	if (c && strcmp(c, "unknown") == 0) {
		sb_add(b, tr(d->lang, L_GIVEN_UNKNOWN));
	} else if (c && strcmp(c, "no-later-than") == 0) {
		sb_time(&t, d->lang, first);
		sb_expand(b, tr(d->lang, L_GIVEN_NLT), &(slot){"time", sb_str(&t)}, 1);
	} else {
		sb_time(b, d->lang, first);
	}
	b->failed |= t.failed;
	free(t.s);
}

/* The other spelling of an international site, on a line of its own. */
static void sb_site_forms(doc *d, sbuf *b, const cJSON *s)
{
	const char *site = jstr(s, "site"), *ascii = jstr(s, "site_ascii"), *unicode = jstr(s, "site_unicode");

	if (!site || !ascii || !unicode || strcmp(ascii, unicode) == 0)
		return;
	sb_add(b, "\n");
	if (strcmp(site, ascii) == 0)
		sb_expand(b, tr(d->lang, L_SITE_DECEPTIVE), &(slot){"site", unicode}, 1);
	else
		sb_expand(b, tr(d->lang, L_SITE_ASCII), &(slot){"site", ascii}, 1);
}

static void site_cells(doc *d, const cJSON *s)
{
	const cJSON *rank = cJSON_GetObjectItemCaseSensitive(s, "rank");
	const char *top = jstr(s, "top_site"), *first = jstr(s, "first_seen"), *last = jstr(s, "last_seen");
	const char *none = tr(d->lang, L_NONE);
	char num[24];

	snprintf(num, sizeof num, "%d", cJSON_IsNumber(rank) ? rank->valueint : 0);
	sb_add(&d->cell[0], num);
	sb_add(&d->cell[1], jstr(s, "site") ? jstr(s, "site") : none);
	sb_site_forms(d, &d->cell[1], s);
	if (top) {
		sb_add(&d->cell[1], "\n");
		sb_expand(&d->cell[1], tr(d->lang, L_IN_FRAME), &(slot){"site", top}, 1);
	}
	sb_add(&d->cell[2], jstr(s, "title") ? jstr(s, "title") : none);
	sb_add(&d->cell[3], jstr(s, "url") ? jstr(s, "url") : none);
	sb_given(d, &d->cell[4], s);
	if (last && (!first || strcmp(first, last) != 0)) {
		sbuf t = {0};

		sb_time(&t, d->lang, last);
		sb_add(&d->cell[4], "\n");
		sb_expand(&d->cell[4], tr(d->lang, L_LAST_SEEN), &(slot){"time", sb_str(&t)}, 1);
		d->cell[4].failed |= t.failed;
		free(t.s);
	}
	sb_captures(d, &d->cell[5], s);
	sb_add(&d->cell[6], word(d->lang, LT_WORDS_MATCH, jstr(s, "match")));
	sb_add(&d->cell[6], tr(d->lang, L_COLON));
	sb_reason(d, &d->cell[6], s);
}

static void doc_sites(doc *d)
{
	static const column cols[] = {
		{L_COL_RANK, 6, 0},  {L_COL_SITE, 15, 0},    {L_COL_TITLE, 16, 0}, {L_COL_URL, 20, 1},
		{L_COL_GIVEN, 13, 0}, {L_COL_CAPTURE, 10, 0}, {L_REASONING, 20, 0},
	};
	const cJSON *arr = jarr(d->e, "sites"), *s;
	const char *cells[7];
	size_t i;

	sb_count(&d->cell[0], tr(d->lang, L_SITES), (size_t)cJSON_GetArraySize(arr));
	d->w->heading(d->out, sb_str(&d->cell[0]));
	sb_reset(&d->cell[0]);
	if (cJSON_GetArraySize(arr) == 0) {
		d->w->para(d->out, tr(d->lang, L_NO_SITES));
		return;
	}
	d->w->table_begin(d->out, d->lang, cols, 7);
	cJSON_ArrayForEach(s, arr) {
		site_cells(d, s);
		for (i = 0; i < 7; i++)
			cells[i] = sb_str(&d->cell[i]);
		d->w->row(d->out, cells, cols, 7, jtrue(s, "ruled_out"));
		for (i = 0; i < 7; i++)
			sb_reset(&d->cell[i]);
	}
	d->w->table_end(d->out);
}

/* Start a new line in a cell that has text already. */
static void sb_line(sbuf *b)
{
	if (sb_str(b)[0])
		sb_add(b, "\n");
}

/* What identifies a mail incident's message, for whoever checks it against
 * the mailbox: the subject (kept for leaks only), the provider's
 * Authentication-Results, the Message-ID and the header block's SHA-256. */
static void sb_mail_facts(doc *d, sbuf *b, const cJSON *mail)
{
	static const struct {
		const char *field;
		enum label label;
	} facts[] = {
		{"subject", L_MAIL_SUBJECT}, {"auth", L_MAIL_AUTH}, {"message_id", L_MAIL_ID}, {"header_sha256", L_MAIL_SHA},
	};

	for (size_t i = 0; i < sizeof facts / sizeof *facts; i++) {
		if (!jstr(mail, facts[i].field))
			continue;
		sb_line(b);
		sb_expand(b, tr(d->lang, facts[i].label), &(slot){"text", jstr(mail, facts[i].field)}, 1);
	}
}

/* What an incident was: the note typed, or for one imported from a phone log
 * or found in mail how many that day and its reasons in the report's
 * language; then the SMS text when the person kept it (else its SHA-256), or
 * the mail's identifying facts, one to a line. */
static void sb_incident_what(doc *d, sbuf *b, const cJSON *inc)
{
	const cJSON *why = cJSON_GetObjectItemCaseSensitive(inc, "reasons"), *r;
	const cJSON *count = cJSON_GetObjectItemCaseSensitive(inc, "count");

	if (jstr(inc, "note"))
		sb_add(b, jstr(inc, "note"));
	if (cJSON_IsNumber(count) && count->valuedouble > 1) {
		sb_line(b);
		sb_count(b, tr(d->lang, L_TIMES), (size_t)count->valuedouble);
	}
	cJSON_ArrayForEach(r, why) {
		char *text;

		if (!cJSON_IsString(r))
			continue;
		sb_line(b);
		if (!(text = lt_reason_text(r->valuestring, d->lang)))
			b->failed = 1;
		else
			sb_add(b, text);
		free(text);
	}
	if (jstr(inc, "text")) {
		sb_line(b);
		sb_expand(b, tr(d->lang, L_SMS_TEXT), &(slot){"text", jstr(inc, "text")}, 1);
	} else if (jstr(inc, "text_sha256")) {
		sb_line(b);
		sb_expand(b, tr(d->lang, L_SMS_SHA), &(slot){"sha", jstr(inc, "text_sha256")}, 1);
	}
	if (cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(inc, "mail")))
		sb_mail_facts(d, b, cJSON_GetObjectItemCaseSensitive(inc, "mail"));
}

static void doc_incidents(doc *d)
{
	static const column cols[] = {
		{L_COL_TIME, 19, 0}, {L_COL_KIND, 8, 0}, {L_COL_FROM, 18, 0}, {L_COL_ON, 18, 0}, {L_COL_NOTE, 37, 0},
	};
	const cJSON *arr = jarr(d->e, "incidents"), *inc;
	const char *cells[5], *none = tr(d->lang, L_NONE);

	sb_count(&d->cell[0], tr(d->lang, L_INCIDENTS), (size_t)cJSON_GetArraySize(arr));
	d->w->heading(d->out, sb_str(&d->cell[0]));
	sb_reset(&d->cell[0]);
	if (cJSON_GetArraySize(arr) == 0) {
		d->w->para(d->out, tr(d->lang, L_NO_INCIDENTS));
		return;
	}
	d->w->table_begin(d->out, d->lang, cols, 5);
	cJSON_ArrayForEach(inc, arr) {
		sb_time(&d->cell[0], d->lang, jstr(inc, "at"));
		cells[0] = sb_str(&d->cell[0]);
		cells[1] = word(d->lang, LT_WORDS_INCIDENT, jstr(inc, "kind"));
		cells[2] = jstr(inc, "from") ? jstr(inc, "from") : none;
		cells[3] = jstr(inc, "on") ? jstr(inc, "on") : none;
		sb_incident_what(d, &d->cell[1], inc);
		cells[4] = sb_str(&d->cell[1])[0] ? sb_str(&d->cell[1]) : none;
		d->w->row(d->out, cells, cols, 5, 0);
		sb_reset(&d->cell[0]);
		sb_reset(&d->cell[1]);
	}
	d->w->table_end(d->out);
}

static void doc_fingerprint(doc *d, const char *hex)
{
	d->w->heading(d->out, tr(d->lang, L_FINGERPRINT));
	d->w->fields_begin(d->out, 0);
	d->w->field(d->out, "SHA-256", hex, 1);
	d->w->fields_end(d->out, 0);
	d->w->para(d->out, tr(d->lang, L_FINGERPRINT_HOW));
}

/* The line the person signs and dates, on paper, at the police station. */
static void doc_signature(doc *d)
{
	d->w->para(d->out, tr(d->lang, L_SIGN_LINE));
}

static char *render_report(const cJSON *e, const writer *w, const lt_report_opts *o, const char *hex)
{
	const char *src = jstr(cJSON_GetObjectItemCaseSensitive(e, "cutoff"), "source");
	lt_lang lang = o->lang == LT_LANG_ZH ? LT_LANG_ZH : LT_LANG_EN;
	sbuf out = {0};
	doc d = {.out = &out, .w = w, .lang = lang, .e = e, .o = o, .fp = hex};
	int failed = 0;
	size_t i;

	d.kind = jstr(cJSON_GetObjectItemCaseSensitive(e, "identifier"), "kind");
	d.cutoff = tr(lang, src && strcmp(src, "since") == 0 ? L_CUT_SINCE : L_CUT_INCIDENT);
	doc_header(&d);
	doc_suspect(&d);
	doc_timeline(&d);
	doc_sites(&d);
	doc_incidents(&d);
	doc_fingerprint(&d, hex);
	doc_signature(&d);
	w->end(&out);
	for (i = 0; i < sizeof d.cell / sizeof *d.cell; i++) {
		failed |= d.cell[i].failed;
		free(d.cell[i].s);
	}
	if (failed)
		out.failed = 1;
	return sb_take(&out);
}

char *lt_evidence_render(const cJSON *e, const lt_report_opts *o)
{
	lt_evidence_format f = o->format;
	char *canon = lt_evidence_canonical(e), *text, hex[65];
	size_t n;

	if (!canon)
		return NULL;
	n = strlen(canon);
	if (f == LT_EVIDENCE_JSON) {
		if ((text = realloc(canon, n + 2))) {
			text[n] = '\n';
			text[n + 1] = '\0';
		} else {
			free(canon);
		}
		return text;
	}
	lt_sha256_hex(canon, n, hex);
	free(canon);
	if (!hex[0])
		return NULL;
	return render_report(e, f == LT_EVIDENCE_MD ? &md_writer : &html_writer, o, hex);
}
