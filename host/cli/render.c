/* SPDX-License-Identifier: MIT */
/* render.c: how `leaktrace` shows things to people -- aligned tables that
 * count display cells, not bytes (CJK titles and sites take two cells per
 * character), local times, the words for machine names in the session's
 * language, pretty JSON for scripts -- and the one way it asks them a yes/no
 * question. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "ident.h"
#include "timefmt.h"

#define COLUMN_MAX 48 /* wider cells are cut with an ellipsis */
#define BAR_WIDTH 30

const char *cli_word(lt_word_set set, const char *name)
{
	return cli_lang() == LT_LANG_ZH ? lt_word(set, name, LT_LANG_ZH) : name;
}

void cli_print_json(cJSON *j)
{
	char *s = cJSON_Print(j);

	if (s)
		printf("%s\n", s);
	free(s);
	cJSON_Delete(j);
}

static int char_width(gunichar c)
{
	if (g_unichar_iszerowidth(c))
		return 0;
	return g_unichar_iswide(c) ? 2 : 1;
}

int cli_display_width(const char *s)
{
	int w = 0;

	for (; s && *s; s = g_utf8_next_char(s))
		w += char_width(g_utf8_get_char(s));
	return w;
}

/* Print s in at most `max` cells, padded to `pad` cells. */
static void print_cell(FILE *out, const char *s, int max, int pad)
{
	int w = 0;
	const char *p = s;

	if (cli_display_width(s) > max) {
		for (; *p && w + char_width(g_utf8_get_char(p)) <= max - 1; p = g_utf8_next_char(p))
			w += char_width(g_utf8_get_char(p));
		fprintf(out, "%.*s…", (int)(p - s), s);
		w++;
	} else {
		fputs(s, out);
		w = cli_display_width(s);
	}
	for (; w < pad; w++)
		fputc(' ', out);
}

void cli_print_table(FILE *out, const char *const *cells, size_t nrows, size_t ncols)
{
	int *width = calloc(ncols, sizeof *width);
	size_t r, c;

	if (!width)
		return;
	for (r = 0; r < nrows; r++)
		for (c = 0; c < ncols; c++) {
			int w = cli_display_width(cells[r * ncols + c]);

			width[c] = w > width[c] ? (w < COLUMN_MAX ? w : COLUMN_MAX) : width[c];
		}
	for (r = 0; r < nrows; r++) {
		fputs("  ", out);
		for (c = 0; c < ncols; c++)
			/* the last column (often a URL to copy) is never cut */
			print_cell(out, cells[r * ncols + c], c + 1 < ncols ? COLUMN_MAX : 1 << 20,
				   c + 1 < ncols ? width[c] + 2 : 0);
		fputc('\n', out);
	}
	free(width);
}

const char *cli_local_time(const char *rfc3339, char buf[32])
{
	time_t t;
	struct tm tm;

	if (lt_time_parse(rfc3339, &t) != LT_OK || !localtime_r(&t, &tm))
		return rfc3339;
	strftime(buf, 32, "%Y-%m-%d %H:%M", &tm);
	return buf;
}

void cli_progress(size_t done, size_t total, void *ctx)
{
	size_t fill = total ? done * BAR_WIDTH / total : BAR_WIDTH;
	char bar[BAR_WIDTH + 1];

	if (total == 0)
		return;
	memset(bar, '#', fill);
	memset(bar + fill, '.', BAR_WIDTH - fill);
	bar[BAR_WIDTH] = '\0';
	fputc('\r', stderr);
	fprintf(stderr, _("%s [%s] %zu of %zu"), ctx ? (const char *)ctx : _("importing"), bar, done, total);
	if (done == total)
		fputc('\n', stderr);
	fflush(stderr);
}

const char *cli_given_time(const lt_account *a, char buf[48])
{
	char local[32];

	if (a->certainty == LT_CERTAINTY_UNKNOWN)
		return _("date unknown");
	if (a->certainty == LT_CERTAINTY_EXACT)
		return cli_local_time(a->first_seen, buf);
	snprintf(buf, 48, _("no later than %.10s"), cli_local_time(a->first_seen, local));
	return buf;
}

char *cli_identifiers_text(const lt_account *a)
{
	GString *s = g_string_new(NULL);
	char *out;
	int k;

	for (k = LT_KIND_NONE + 1; k < LT_KIND_COUNT; k++)
		if (a->ids[k].normalized)
			g_string_append_printf(s, "%s%s", s->len ? _(", ") : "", a->ids[k].normalized);
	out = strdup(s->str);
	g_string_free(s, TRUE);
	return out;
}

void cli_warn_unreadable(size_t n)
{
	if (n)
		fprintf(stderr,
			ngettext("warning: %zu leaktrace keyring item holds no readable record and is left out; "
				 "`leaktrace doctor` names them, `leaktrace forget SITE` removes those of a site\n",
				 "warning: %zu leaktrace keyring items hold no readable record and are left out; "
				 "`leaktrace doctor` names them, `leaktrace forget SITE` removes those of a site\n",
				 n),
			n);
}

int cli_ask(const char *question)
{
	char answer[16] = "";

	if (!isatty(STDIN_FILENO))
		return -1;
	fputs(question, stderr);
	fflush(stderr);
	if (!fgets(answer, sizeof answer, stdin))
		return 0;
	/* y or Y, and 是/好 for a person answering in Chinese */
	return answer[0] == 'y' || answer[0] == 'Y' || strncmp(answer, "是", 3) == 0 || strncmp(answer, "好", 3) == 0;
}
