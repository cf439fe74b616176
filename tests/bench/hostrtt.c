/* SPDX-License-Identifier: MIT */
/* hostrtt.c: timings of leaktrace-host as the browser sees them, over pipes.
 *
 *   hostrtt cold RUNS HOST ORIGIN
 *       RUNS times: spawn HOST ORIGIN, send {"id":1,"action":"ping"}, read the
 *       answer, close its stdin and reap it. Measures spawn to first ping
 *       answer (process start, caller check, connecting to the Secret Service,
 *       reading the collection's Locked property). Prints
 *       cold_ms=MEDIAN cold_ms_min=.. cold_ms_max=.. rss_kb=MAX_PEAK_RSS
 *
 *   hostrtt warm RUNS HOST ORIGIN NAME BODY [NAME BODY ...]
 *       One host on one long-lived pipe (connectNative). For each NAME BODY
 *       pair: 5 untimed warm-up requests, then RUNS requests {"id":K,BODY},
 *       each written and its answer read before the next is sent. Prints per
 *       NAME: NAME_median_ms, NAME_p99_ms, NAME_max_ms, NAME_bytes (answer
 *       size); then rss_kb, the host's peak RSS (ru_maxrss from wait4).
 *
 *   hostrtt feed HOST ORIGIN < BODIES
 *       One host on one long-lived pipe; every line of stdin is one BODY,
 *       sent as {"id":K,BODY} (e.g. the bench's accounts recorded with a
 *       "password", which only the host takes). Prints
 *       feed_n, feed_median_ms, feed_p99_ms, feed_max_ms, feed_total_ms and rss_kb.
 *
 * Every answer must echo its id and be "ok":true, or hostrtt fails. */
#define _DEFAULT_SOURCE 1 /* wait4 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "benchclock.h"

typedef struct {
	pid_t pid;
	int to, from; /* host's stdin (we write), host's stdout (we read) */
} host;

static char *resp_buf;
static size_t resp_cap;

static void die(const char *what)
{
	fprintf(stderr, "hostrtt: %s: %s\n", what, errno ? strerror(errno) : "failed");
	exit(1);
}

static void host_start(host *h, const char *path, const char *origin)
{
	int in[2], out[2];

	if (pipe(in) < 0 || pipe(out) < 0)
		die("pipe");
	h->pid = fork();
	if (h->pid < 0)
		die("fork");
	if (h->pid == 0) {
		dup2(in[0], STDIN_FILENO);
		dup2(out[1], STDOUT_FILENO);
		close(in[0]);
		close(in[1]);
		close(out[0]);
		close(out[1]);
		execl(path, path, origin, (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	h->to = in[1];
	h->from = out[0];
}

/* Close the host's input (it must exit on EOF); returns its peak RSS in KiB. */
static long host_stop(host *h)
{
	struct rusage ru;
	int status;

	close(h->to);
	close(h->from);
	if (wait4(h->pid, &status, 0, &ru) < 0)
		die("wait4");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		errno = 0;
		die("leaktrace-host did not exit cleanly");
	}
	return ru.ru_maxrss;
}

static void write_all(int fd, const void *p, size_t n)
{
	const char *c = p;

	while (n) {
		ssize_t w = write(fd, c, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			die("write to host");
		c += w;
		n -= (size_t)w;
	}
}

static void read_all(int fd, void *p, size_t n)
{
	char *c = p;

	while (n) {
		ssize_t r = read(fd, c, n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = 0;
			die("read from host (did it exit?)");
		}
		c += r;
		n -= (size_t)r;
	}
}

/* Send {"id":id,body} and read the answer; returns its length. */
static size_t request(host *h, long id, const char *body)
{
	char msg[4096], want[64];
	uint32_t len;
	int n = snprintf(msg + 4, sizeof msg - 4, "{\"id\":%ld,%s}", id, body);

	if (n < 0 || (size_t)n >= sizeof msg - 4) {
		errno = 0;
		die("request too long");
	}
	len = (uint32_t)n;
	memcpy(msg, &len, 4);
	write_all(h->to, msg, (size_t)n + 4);
	read_all(h->from, &len, 4);
	if ((size_t)len + 1 > resp_cap) {
		resp_cap = (size_t)len + 1;
		if (!(resp_buf = realloc(resp_buf, resp_cap)))
			die("realloc");
	}
	read_all(h->from, resp_buf, len);
	resp_buf[len] = '\0';
	snprintf(want, sizeof want, "\"id\":%ld,", id);
	if (!strstr(resp_buf, want) || !strstr(resp_buf, "\"ok\":true")) {
		fprintf(stderr, "hostrtt: unexpected answer to %s: %.300s\n", msg + 4, resp_buf);
		exit(1);
	}
	return len;
}

static double median(const double *sorted, int n)
{
	return n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

/* Nearest-rank percentile of sorted[0..n). */
static double percentile(const double *sorted, int n, double p)
{
	int k = (int)(p / 100.0 * n + 0.999999);

	return sorted[k < 1 ? 0 : k > n ? n - 1 : k - 1];
}

static int cold(int runs, const char *path, const char *origin)
{
	double *t = calloc((size_t)runs, sizeof *t);
	long rss = 0;
	int i;

	if (!t)
		die("calloc");
	for (i = 0; i < runs; i++) {
		host h;
		double t0 = now_ms();
		long r;

		host_start(&h, path, origin);
		request(&h, 1, "\"action\":\"ping\"");
		t[i] = now_ms() - t0;
		if (!strstr(resp_buf, "\"keyring\":\"ok\"")) {
			fprintf(stderr, "hostrtt: the keyring is not ok: %.300s\n", resp_buf);
			return 1;
		}
		r = host_stop(&h);
		rss = r > rss ? r : rss;
	}
	qsort(t, (size_t)runs, sizeof *t, cmp_double);
	printf("cold_ms=%.3f\ncold_ms_min=%.3f\ncold_ms_max=%.3f\nrss_kb=%ld\n", median(t, runs), t[0], t[runs - 1],
	       rss);
	free(t);
	return 0;
}

static int warm(int runs, const char *path, const char *origin, char **pairs, int npairs)
{
	double *t = calloc((size_t)runs, sizeof *t);
	long id = 1;
	host h;
	int p, i;

	if (!t)
		die("calloc");
	host_start(&h, path, origin);
	for (p = 0; p < npairs; p++) {
		const char *name = pairs[2 * p], *body = pairs[2 * p + 1];
		size_t bytes = 0;

		for (i = 0; i < 5; i++)
			request(&h, id++, body);
		for (i = 0; i < runs; i++) {
			double t0 = now_ms();

			bytes = request(&h, id++, body);
			t[i] = now_ms() - t0;
		}
		qsort(t, (size_t)runs, sizeof *t, cmp_double);
		printf("%s_median_ms=%.4f\n%s_p99_ms=%.4f\n%s_max_ms=%.4f\n%s_bytes=%zu\n", name, median(t, runs), name,
		       percentile(t, runs, 99), name, t[runs - 1], name, bytes);
		fflush(stdout);
	}
	printf("rss_kb=%ld\n", host_stop(&h));
	free(t);
	return 0;
}

static int feed(const char *path, const char *origin)
{
	size_t cap = 0, n = 0, size = 64;
	double *t = malloc(size * sizeof *t), t0 = now_ms();
	char *line = NULL;
	ssize_t len;
	long id = 1;
	host h;

	if (!t)
		die("malloc");
	host_start(&h, path, origin);
	while ((len = getline(&line, &cap, stdin)) > 0) {
		double r0;

		if (line[len - 1] == '\n')
			line[--len] = '\0';
		if (len == 0)
			continue;
		if (n == size && !(t = realloc(t, (size *= 2) * sizeof *t)))
			die("realloc");
		r0 = now_ms();
		request(&h, id++, line);
		t[n++] = now_ms() - r0;
	}
	free(line);
	if (n == 0) {
		errno = 0;
		die("no request on stdin");
	}
	qsort(t, n, sizeof *t, cmp_double);
	printf("feed_n=%zu\nfeed_median_ms=%.3f\nfeed_p99_ms=%.3f\nfeed_max_ms=%.3f\nfeed_total_ms=%.1f\n", n,
	       median(t, (int)n), percentile(t, (int)n, 99), t[n - 1], now_ms() - t0);
	printf("rss_kb=%ld\n", host_stop(&h));
	free(t);
	return 0;
}

int main(int argc, char **argv)
{
	int runs;

	signal(SIGPIPE, SIG_IGN);
	if (argc == 4 && strcmp(argv[1], "feed") == 0)
		return feed(argv[2], argv[3]);
	if (argc < 5 || (runs = atoi(argv[2])) < 1)
		goto usage;
	if (strcmp(argv[1], "cold") == 0 && argc == 5)
		return cold(runs, argv[3], argv[4]);
	if (strcmp(argv[1], "warm") == 0 && argc >= 7 && (argc - 5) % 2 == 0)
		return warm(runs, argv[3], argv[4], argv + 5, (argc - 5) / 2);
usage:
	fprintf(stderr, "usage: hostrtt cold RUNS HOST ORIGIN\n"
			"       hostrtt warm RUNS HOST ORIGIN NAME BODY [NAME BODY ...]\n"
			"       hostrtt feed HOST ORIGIN < BODIES\n");
	return 2;
}
