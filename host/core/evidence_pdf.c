/* SPDX-License-Identifier: MIT */
/* evidence_pdf.c: the HTML evidence report printed to PDF by the installed
 * Chromium (evidence.h), for `leaktrace evidence -o report.pdf`.
 *
 * No PDF library in Debian draws CJK text, CSS tables and paged-media page
 * numbers as well as the browser the person already has, so the report is
 * printed as they would print it by hand: Chromium headless, --print-to-pdf.
 * The HTML goes to a private folder (0700, in XDG_RUNTIME_DIR when there is
 * one, a tmpfs of the user's own, else beside the target) with a throwaway
 * browser profile; Chromium gets a bounded time; its PDF is checked and
 * written to the target through outfile.h (whole or not at all); the folder
 * is removed whatever happens. */
#include "evidence.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "browsers.h"
#include "outfile.h"

#define PRINT_SECONDS 120          /* Chromium's time to print, under load */
#define PDF_MAX (64L * 1024 * 1024) /* a report is a few hundred kB */

lt_err lt_print_browser(char *out, size_t size)
{
	const char *given = getenv("LEAKTRACE_CHROMIUM");

	if (given && given[0]) {
		if (access(given, X_OK) != 0)
			return lt_fail(LT_ERR_NOT_FOUND, "cannot run the browser LEAKTRACE_CHROMIUM names (%s): %s", given,
				       strerror(errno));
		snprintf(out, size, "%s", given);
		return LT_OK;
	}
	if (lt_browser_program(LT_FAMILY_CHROMIUM, out, size) == LT_OK)
		return LT_OK;
	return lt_fail(LT_ERR_NOT_FOUND,
		       "no Chromium to print the PDF with (chromium, google-chrome or another of its family in PATH): "
		       "install chromium, or write the HTML report (-o report.html) and print it from a browser");
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

/* A private folder (0700) for the print: in XDG_RUNTIME_DIR, else beside
 * the target. NULL with errno when it cannot be made. */
static char *private_dir(const char *target)
{
	const char *run = getenv("XDG_RUNTIME_DIR");
	char *copy = strdup(target), *dir = NULL;
	struct stat st;
	int use_run = run && run[0] == '/' && stat(run, &st) == 0 && S_ISDIR(st.st_mode) && access(run, W_OK | X_OK) == 0;

	if (copy && asprintf(&dir, "%s/.leaktrace-print-XXXXXX", use_run ? run : dirname(copy)) < 0)
		dir = NULL;
	free(copy);
	if (dir && !mkdtemp(dir)) {
		free(dir);
		dir = NULL;
	}
	return dir;
}

static lt_err write_all(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	size_t len = strlen(text), done = 0;
	ssize_t n;

	if (fd < 0)
		return lt_fail(LT_ERR_IO, "cannot write the page to print: %s", strerror(errno));
	while (done < len && (n = write(fd, text + done, len - done)) > 0)
		done += (size_t)n;
	if (close(fd) != 0 || done != len)
		return lt_fail(LT_ERR_IO, "cannot write the page to print");
	return LT_OK;
}

/* Run the browser on dir/report.html, its output to /dev/null, for at most
 * PRINT_SECONDS; its whole process group is killed past that. */
static lt_err run_browser(const char *browser, const char *dir)
{
	char *profile = NULL, *pdf = NULL, *page = NULL;
	struct timespec tick = {0, 50 * 1000 * 1000};
	long waited;
	int status = 0;
	pid_t pid = -1, got = 0;
	lt_err e = LT_OK;

	if (asprintf(&profile, "--user-data-dir=%s/profile", dir) < 0 || asprintf(&pdf, "--print-to-pdf=%s/report.pdf", dir) < 0 ||
	    asprintf(&page, "file://%s/report.html", dir) < 0)
		e = LT_ERR_NOMEM;
	if (e == LT_OK && (pid = fork()) < 0)
		e = lt_fail(LT_ERR_IO, "cannot start the browser: %s", strerror(errno));
	if (e == LT_OK && pid == 0) {
		const char *args[] = {browser, "--headless", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
				      "--disable-extensions", "--no-pdf-header-footer", profile, pdf, page, NULL, NULL};
		int null = open("/dev/null", O_RDWR);

		/* Chromium will not run as root inside its sandbox; the page is our own report, scriptless by its CSP */
		if (geteuid() == 0) {
			args[10] = page;
			args[9] = "--no-sandbox";
		}
		setpgid(0, 0);
		setenv("NO_AT_BRIDGE", "1", 1); /* no accessibility bus for a page nobody sees */
		if (null >= 0) {
			dup2(null, 0);
			dup2(null, 1);
			dup2(null, 2);
		}
		execv(browser, (char *const *)args);
		_exit(127);
	}
	for (waited = 0; e == LT_OK && (got = waitpid(pid, &status, WNOHANG)) == 0 && waited < PRINT_SECONDS * 20L; waited++)
		nanosleep(&tick, NULL);
	if (e == LT_OK && got == 0) {
		kill(-pid, SIGKILL);
		waitpid(pid, &status, 0);
		e = lt_fail(LT_ERR_IO, "the browser did not print the PDF within %d s", PRINT_SECONDS);
	} else if (e == LT_OK && (got < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)) {
		e = lt_fail(LT_ERR_IO, "the browser (%s) failed to print the PDF (exit %d)", browser,
			    got > 0 && WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	}
	if (pid > 0)
		kill(-pid, SIGKILL); /* helpers it left behind */
	free(profile);
	free(pdf);
	free(page);
	return e;
}

/* The PDF the browser wrote (malloc'd into *out), checked to be one. */
static lt_err read_pdf(const char *dir, char **out, size_t *len)
{
	char *path = NULL, *buf = NULL;
	struct stat st;
	FILE *f = NULL;
	lt_err e = LT_OK;

	if (asprintf(&path, "%s/report.pdf", dir) < 0)
		return LT_ERR_NOMEM;
	if (!(f = fopen(path, "rb")) || fstat(fileno(f), &st) != 0)
		e = lt_fail(LT_ERR_IO, "the browser wrote no PDF");
	else if (st.st_size < 5 || st.st_size > PDF_MAX)
		e = lt_fail(LT_ERR_IO, "the browser's PDF is %lld bytes: not a report", (long long)st.st_size);
	else if (!(buf = malloc((size_t)st.st_size)))
		e = LT_ERR_NOMEM;
	else if (fread(buf, 1, (size_t)st.st_size, f) != (size_t)st.st_size || memcmp(buf, "%PDF-", 5) != 0)
		e = lt_fail(LT_ERR_IO, "the browser's output is not a PDF");
	if (f)
		fclose(f);
	free(path);
	if (e != LT_OK) {
		free(buf);
		return e;
	}
	*out = buf;
	*len = (size_t)st.st_size;
	return LT_OK;
}

lt_err lt_evidence_pdf(const char *html, const char *path, int force)
{
	char browser[1024], *dir, *page = NULL, *pdf = NULL;
	size_t len = 0;
	lt_err e = lt_print_browser(browser, sizeof browser);

	if (e != LT_OK)
		return e;
	if (!(dir = private_dir(path)))
		return lt_fail(LT_ERR_IO, "cannot make a private folder to print in: %s", strerror(errno));
	if (asprintf(&page, "%s/report.html", dir) < 0)
		e = LT_ERR_NOMEM;
	if (e == LT_OK)
		e = write_all(page, html);
	if (e == LT_OK)
		e = run_browser(browser, dir);
	if (e == LT_OK)
		e = read_pdf(dir, &pdf, &len);
	nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS); /* the page, the profile, the PDF */
	if (e == LT_OK)
		e = lt_outfile_write(path, pdf, len, force);
	free(page);
	free(pdf);
	free(dir);
	return e;
}
