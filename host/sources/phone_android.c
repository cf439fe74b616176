/* SPDX-License-Identifier: MIT */
/* phone_android.c: the reader of Android "SMS Backup & Restore" exports
 * (phone_log.h): <smses> with <sms> and <mms> records, or <calls> with <call>.
 *
 * libxml2's xmlTextReader streams the file (exports reach hundreds of MB, so
 * never a DOM) through xmlrefs.c's filter, which mends surrogate references.
 * NONET keeps the parser off the network; entities are not substituted and a
 * document type is refused, so no file can make the parser expand or fetch
 * anything. Attributes are read in place (ConstValue), without a copy each. */
#include <errno.h>
#include <fcntl.h>
#include <libxml/xmlreader.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "phone_log.h"
#include "xmlrefs.h"

typedef enum { ROOT_NONE, ROOT_SMSES, ROOT_CALLS } root_kind;

/* An MMS is spread over its element and its <part> and <addr> children. */
typedef struct {
	int open;
	lt_phone_rec rec;
	char *sim, *sender, *to, *text, *contact;
	size_t text_len;
} mms_state;

typedef struct {
	xmlTextReaderPtr r;
	lt_xmlrefs *filter;
	lt_phone_sink sink;
	void *ctx;
	lt_phone_progress prog;
	void *pctx;
	unsigned long long size;
	root_kind root;
	size_t seen;
	mms_state mms;
	char where[64];
} reader;

static ssize_t read_fd(void *src, void *buf, size_t n)
{
	ssize_t got;

	do
		got = read(*(int *)src, buf, n);
	while (got < 0 && errno == EINTR);
	return got;
}

static lt_err too_large(reader *rd, const char *field)
{
	return lt_fail(LT_ERR_TOO_LARGE, "record %zu: %s is over its bound", rd->seen, field);
}

static int is_contact(const char *name)
{
	return name && name[0] && strcmp(name, "(Unknown)") != 0 && strcmp(name, "null") != 0;
}

static time_t ms_time(const char *v)
{
	return v ? (time_t)(strtoll(v, NULL, 10) / 1000) : 0;
}

/* The attributes of the current element, each to fn(name, value). */
typedef lt_err (*attr_fn)(reader *rd, const char *name, const char *value, void *out);

static lt_err each_attr(reader *rd, attr_fn fn, void *out)
{
	lt_err e = LT_OK;

	while (e == LT_OK && xmlTextReaderMoveToNextAttribute(rd->r) == 1)
		e = fn(rd, (const char *)xmlTextReaderConstName(rd->r), (const char *)xmlTextReaderConstValue(rd->r), out);
	xmlTextReaderMoveToElement(rd->r);
	return e;
}

/* The fields of one record, borrowed from the reader until the next move. */
typedef struct {
	const char *number, *date, *type, *body, *contact, *sim;
} fields;

static lt_err bound(reader *rd, const char *name, const char *value, size_t max)
{
	return value && strlen(value) > max ? too_large(rd, name) : LT_OK;
}

static lt_err pick(reader *rd, const char *name, const char *value, void *out)
{
	fields *f = out;

	if (strcmp(name, "address") == 0 || strcmp(name, "number") == 0)
		f->number = value;
	else if (strcmp(name, "date") == 0)
		f->date = value;
	else if (strcmp(name, "type") == 0 || strcmp(name, "msg_box") == 0)
		f->type = value;
	else if (strcmp(name, "body") == 0)
		return bound(rd, name, f->body = value, LT_PHONE_TEXT_MAX);
	else if (strcmp(name, "contact_name") == 0)
		f->contact = value;
	else if (strcmp(name, "sub_id") == 0 || strcmp(name, "subscription_id") == 0)
		f->sim = value;
	else
		return LT_OK;
	return bound(rd, name, value, LT_PHONE_FIELD_MAX);
}

static lt_phone_dir sms_dir(int type)
{
	return type == 1 ? LT_PHONE_IN : type == 2 ? LT_PHONE_OUT : LT_PHONE_OTHER;
}

static lt_call_type call_type(int type)
{
	static const lt_call_type types[] = {LT_CALL_ANSWERED, LT_CALL_ANSWERED, LT_CALL_OUTGOING, LT_CALL_MISSED,
					     LT_CALL_VOICEMAIL, LT_CALL_REJECTED, LT_CALL_BLOCKED, LT_CALL_ANSWERED};

	return type >= 1 && type <= 7 ? types[type] : LT_CALL_ANSWERED;
}

static lt_err emit(reader *rd, const fields *f, int is_call)
{
	int type = f->type ? atoi(f->type) : 0;
	lt_phone_rec rec = {
		.dir = is_call ? (type == 2 ? LT_PHONE_OUT : LT_PHONE_IN) : sms_dir(type),
		.call = is_call ? call_type(type) : LT_CALL_NONE,
		.contact = is_contact(f->contact),
		.at = ms_time(f->date),
		.sim = f->sim && f->sim[0] && strcmp(f->sim, "-1") != 0 ? f->sim : NULL,
		.number = f->number ? f->number : "",
		.text = is_call ? NULL : f->body ? f->body : "",
	};

	if (!f->date)
		return lt_fail(LT_ERR_BAD_FILE, "record %zu has no date", rd->seen);
	return rd->sink(&rec, rd->ctx);
}

static lt_err simple_record(reader *rd, int is_call)
{
	fields f = {0};
	lt_err e = each_attr(rd, pick, &f);

	return e == LT_OK ? emit(rd, &f, is_call) : e;
}

/* ---- MMS: the element opens the record, <part> and <addr> fill it ---- */

static void mms_clear(mms_state *m)
{
	free(m->sim);
	free(m->sender);
	free(m->to);
	free(m->text);
	free(m->contact);
	memset(m, 0, sizeof *m);
}

static lt_err keep(char **field, const char *v)
{
	free(*field);
	*field = v ? strdup(v) : NULL;
	return !v || *field ? LT_OK : LT_ERR_NOMEM;
}

static lt_err mms_begin(reader *rd)
{
	fields f = {0};
	lt_err e = each_attr(rd, pick, &f);
	mms_state *m = &rd->mms;

	mms_clear(m);
	if (e != LT_OK)
		return e;
	if (!f.date)
		return lt_fail(LT_ERR_BAD_FILE, "record %zu has no date", rd->seen);
	m->open = 1;
	m->rec.dir = sms_dir(f.type ? atoi(f.type) : 0);
	m->rec.contact = is_contact(f.contact);
	m->rec.at = ms_time(f.date);
	if (m->rec.at > 100000000000LL) /* some phones write MMS dates in seconds, some in ms */
		m->rec.at /= 1000;
	if ((e = keep(&m->sim, f.sim && f.sim[0] && strcmp(f.sim, "-1") != 0 ? f.sim : NULL)) != LT_OK ||
	    (e = keep(&m->to, f.number)) != LT_OK)
		return e;
	return LT_OK;
}

static lt_err mms_part(reader *rd, const char *name, const char *value, void *out)
{
	const char **kv = out; /* [0] ct, [1] text, [2] address, [3] type */

	(void)rd;
	if (strcmp(name, "ct") == 0)
		kv[0] = value;
	else if (strcmp(name, "text") == 0)
		kv[1] = value;
	else if (strcmp(name, "address") == 0)
		kv[2] = value;
	else if (strcmp(name, "type") == 0)
		kv[3] = value;
	return LT_OK;
}

static lt_err mms_child(reader *rd, const char *el)
{
	const char *kv[4] = {0};
	mms_state *m = &rd->mms;
	lt_err e = each_attr(rd, mms_part, kv);
	size_t add;
	char *grown;

	if (e != LT_OK)
		return e;
	if (strcmp(el, "addr") == 0 && kv[3] && strcmp(kv[3], "137") == 0) {
		if ((e = bound(rd, "address", kv[2], LT_PHONE_FIELD_MAX)) != LT_OK)
			return e;
		return keep(&m->sender, kv[2]);
	}
	if (strcmp(el, "part") != 0 || !kv[0] || strcmp(kv[0], "text/plain") != 0 || !kv[1] || kv[1][0] == '\0')
		return LT_OK;
	add = strlen(kv[1]);
	if (m->text_len + add + 1 > LT_PHONE_TEXT_MAX)
		return too_large(rd, "text");
	if (!(grown = realloc(m->text, m->text_len + add + 2)))
		return LT_ERR_NOMEM;
	m->text = grown;
	if (m->text_len)
		m->text[m->text_len++] = '\n';
	memcpy(m->text + m->text_len, kv[1], add + 1);
	m->text_len += add;
	return LT_OK;
}

static lt_err mms_end(reader *rd)
{
	mms_state *m = &rd->mms;
	lt_err e;

	m->rec.sim = m->sim;
	m->rec.text = m->text ? m->text : "";
	/* received: the sender is the 137 address; sent: the other side is the address of the element */
	m->rec.number = m->rec.dir == LT_PHONE_IN && m->sender ? m->sender : m->to ? m->to : "";
	e = rd->sink(&m->rec, rd->ctx);
	mms_clear(m);
	return e;
}

/* ---- the walk ---- */

static lt_err root(reader *rd, const char *el)
{
	if (strcmp(el, "smses") == 0)
		rd->root = ROOT_SMSES;
	else if (strcmp(el, "calls") == 0)
		rd->root = ROOT_CALLS;
	else
		return lt_fail(LT_ERR_BAD_FILE, "the first element is <%.32s>, not <smses> or <calls>", el);
	return LT_OK;
}

static lt_err element(reader *rd, const char *el, int empty)
{
	if (rd->root == ROOT_NONE)
		return root(rd, el);
	if (rd->mms.open)
		return mms_child(rd, el);
	if (rd->root == ROOT_SMSES && strcmp(el, "sms") == 0)
		return rd->seen++, simple_record(rd, 0);
	if (rd->root == ROOT_CALLS && strcmp(el, "call") == 0)
		return rd->seen++, simple_record(rd, 1);
	if (rd->root == ROOT_SMSES && strcmp(el, "mms") == 0) {
		lt_err e = (rd->seen++, mms_begin(rd));

		return e == LT_OK && empty ? mms_end(rd) : e;
	}
	return LT_OK;
}

static lt_err step(reader *rd)
{
	int type = xmlTextReaderNodeType(rd->r);
	const char *el = (const char *)xmlTextReaderConstLocalName(rd->r);

	if (type == XML_READER_TYPE_DOCUMENT_TYPE)
		return lt_fail(LT_ERR_BAD_FILE, "the file declares a document type; SMS exports do not");
	if (type == XML_READER_TYPE_ELEMENT)
		return element(rd, el ? el : "", xmlTextReaderIsEmptyElement(rd->r) == 1);
	if (type == XML_READER_TYPE_END_ELEMENT && rd->mms.open && el && strcmp(el, "mms") == 0)
		return mms_end(rd);
	return LT_OK;
}

/* libxml2 reports through a callback; keep the first error's place. */
static void on_error(void *arg, const char *msg, xmlParserSeverities sev, xmlTextReaderLocatorPtr loc)
{
	reader *rd = arg;

	(void)msg;
	if ((sev == XML_PARSER_SEVERITY_ERROR || sev == XML_PARSER_SEVERITY_VALIDITY_ERROR) && !rd->where[0])
		snprintf(rd->where, sizeof rd->where, "line %d", xmlTextReaderLocatorLineNumber(loc));
}

static lt_err walk(reader *rd)
{
	int ret;
	lt_err e = LT_OK;

	while (e == LT_OK && (ret = xmlTextReaderRead(rd->r)) == 1) {
		e = step(rd);
		if (rd->prog && (rd->seen & 4095) == 0)
			rd->prog(rd->filter->consumed, rd->size, rd->pctx);
	}
	if (e != LT_OK)
		return e;
	if (rd->filter->failed)
		return lt_fail(LT_ERR_IO, "reading the file failed: %s", strerror(errno));
	if (ret < 0 || rd->mms.open)
		return lt_fail(LT_ERR_BAD_FILE, "the XML is broken or cut off%s%s (after %zu records)",
			       rd->where[0] ? " at " : "", rd->where, rd->seen);
	if (rd->root == ROOT_NONE)
		return lt_fail(LT_ERR_BAD_FILE, "no <smses> or <calls> element");
	return LT_OK;
}

lt_err lt_phone_read_android_from(lt_xmlrefs_source read, void *src, unsigned long long size, lt_phone_sink sink,
				 void *ctx, lt_phone_progress prog, void *pctx)
{
	reader rd = {.sink = sink, .ctx = ctx, .prog = prog, .pctx = pctx, .size = size};
	lt_err e;

	if (!(rd.filter = malloc(sizeof *rd.filter)))
		return LT_ERR_NOMEM;
	lt_xmlrefs_init(rd.filter, read, src);
	rd.r = xmlReaderForIO(lt_xmlrefs_read, NULL, rd.filter, NULL, NULL, XML_PARSE_NONET | XML_PARSE_HUGE);
	if (!rd.r) {
		e = LT_ERR_NOMEM;
	} else {
		xmlTextReaderSetErrorHandler(rd.r, on_error, &rd);
		e = walk(&rd);
		xmlFreeTextReader(rd.r);
	}
	if (prog && e == LT_OK)
		prog(rd.size, rd.size, pctx);
	mms_clear(&rd.mms);
	free(rd.filter);
	return e;
}

lt_err lt_phone_read_android(const char *path, lt_phone_sink sink, void *ctx, lt_phone_progress prog, void *pctx)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	lt_err e;

	if (fd < 0)
		return lt_fail(LT_ERR_IO, "cannot open the file: %s", strerror(errno));
	e = lt_phone_read_android_from(read_fd, &fd, fstat(fd, &st) == 0 ? (unsigned long long)st.st_size : 0, sink, ctx,
				       prog, pctx);
	close(fd);
	return e;
}
