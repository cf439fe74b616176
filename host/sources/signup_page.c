/* SPDX-License-Identifier: MIT */
/* signup_page.c: does a page in browser history look like a sign-up page?
 * From its address (a host label such as "signup." or "reg.", a path segment
 * such as /register, /join.html, /user/signup?x, /注册 percent-encoded, a
 * query value such as ?mod=register) or
 * its title ("Sign up", "Create account", "注册"). The only thing leaktrace
 * takes from history is the first visit to such a page (history.c). */
#include "history.h"

#include <glib.h>
#include <string.h>
#include <strings.h>

/* Path segments, host labels and query values that are one of these, or
 * begin with one and add at most SUFFIX_MAX bytes ("joinus", "signup_v2",
 * "registerUser"), so that "join-the-discussion" is no sign-up page. */
#define SUFFIX_MAX 8
static const char *const segment_words[] = {
	"register", "registration", "signup", "sign-up", "sign_up", "join", "createaccount", "create-account",
	"create_account", "newaccount", "new-account", "enroll", "newuser", "new-user",
};
/* Whole segments or labels (before an extension): too short to be a prefix. */
static const char *const exact_words[] = {"reg", "zhuce"};
/* Anywhere in a decoded path or a title. */
static const char *const anywhere_words[] = {"注册", "註冊", "免费注册", "立即注册"};
/* In a title, case aside. */
static const char *const title_words[] = {"sign up", "signup", "register", "registration", "create account",
					  "create an account", "join now", "注册", "註冊"};

#define N(a) (sizeof a / sizeof *a)

static int word_starts(const char *seg, size_t len)
{
	size_t i, stem = strcspn(seg, ".");

	if (stem > len)
		stem = len;
	for (i = 0; i < N(segment_words); i++) {
		size_t w = strlen(segment_words[i]);

		if (stem >= w && stem - w <= SUFFIX_MAX && strncasecmp(seg, segment_words[i], w) == 0)
			return 1;
	}
	for (i = 0; i < N(exact_words); i++)
		if (stem == strlen(exact_words[i]) && strncasecmp(seg, exact_words[i], stem) == 0)
			return 1;
	return 0;
}

/* Split s at any of `seps` and test each piece. */
static int any_piece(const char *s, size_t len, const char *seps)
{
	const char *end = s + len;

	while (s < end) {
		size_t n = strcspn(s, seps);

		if (n > (size_t)(end - s))
			n = (size_t)(end - s);
		if (n && word_starts(s, n))
			return 1;
		s += n + 1;
	}
	return 0;
}

static int contains_any(const char *s, const char *const *words, size_t n, int fold)
{
	size_t i;

	for (i = 0; s && i < n; i++)
		if (fold ? strcasestr(s, words[i]) != NULL : strstr(s, words[i]) != NULL)
			return 1;
	return 0;
}

int lt_signup_page(const char *url, const char *title)
{
	const char *host = url ? strstr(url, "://") : NULL, *path;
	char *decoded;
	int hit;

	if (contains_any(title, title_words, N(title_words), 1))
		return 1;
	if (!host)
		return 0;
	host += 3;
	path = host + strcspn(host, "/?#");
	if (word_starts(host, strcspn(host, ".:/?#"))) /* signup.example.com, reg.163.com */
		return 1;
	if (*path != '/')
		return 0;
	decoded = g_uri_unescape_segment(path, path + strcspn(path, "#"), NULL);
	hit = decoded && (any_piece(decoded, strcspn(decoded, "?"), "/") ||
			  contains_any(decoded, anywhere_words, N(anywhere_words), 0) ||
			  (strchr(decoded, '?') && any_piece(strchr(decoded, '?') + 1, strlen(strchr(decoded, '?') + 1), "&=")));
	g_free(decoded);
	return hit;
}
