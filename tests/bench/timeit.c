/* SPDX-License-Identifier: MIT */
/* timeit.c: wall time of a command that must differ on every run.
 *
 *   timeit [-n RUNS] [-w WARMUP] [-i STDIN_FILE] -- CMD [ARG ...]
 *
 * Runs CMD WARMUP + RUNS times (stdout to /dev/null, stderr kept, stdin from
 * STDIN_FILE or /dev/null), replacing "{i}" in every ARG by the run number
 * (1, 2, ...; warm-up runs included) so that each run can record a new account
 * or store a new item. Each run is timed with CLOCK_MONOTONIC from fork to
 * reaping; any run that fails stops everything with exit status 1. Prints
 *   median_ms=.. min_ms=.. max_ms=.. runs=N
 * Used for the cost of recording one more account, where hyperfine cannot
 * vary the site between runs. */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "benchclock.h"

/* arg with every "{i}" replaced by n (malloc'd). */
static char *subst(const char *arg, int n)
{
	char num[16], *out, *o;
	const char *p;
	size_t count = 0;

	snprintf(num, sizeof num, "%d", n);
	for (p = arg; (p = strstr(p, "{i}")); p += 3)
		count++;
	out = o = malloc(strlen(arg) + count * strlen(num) + 1);
	if (!out)
		exit(1);
	for (p = arg; *p;) {
		if (strncmp(p, "{i}", 3) == 0) {
			o += sprintf(o, "%s", num);
			p += 3;
		} else {
			*o++ = *p++;
		}
	}
	*o = '\0';
	return out;
}

static double run_once(char **cmd, int argc, int n, const char *in_file)
{
	char **argv = calloc((size_t)argc + 1, sizeof *argv);
	double t0;
	pid_t pid;
	int i, status;

	if (!argv)
		exit(1);
	for (i = 0; i < argc; i++)
		argv[i] = subst(cmd[i], n);
	t0 = now_ms();
	pid = fork();
	if (pid < 0) {
		perror("timeit: fork");
		exit(1);
	}
	if (pid == 0) {
		int in = open(in_file ? in_file : "/dev/null", O_RDONLY), out = open("/dev/null", O_WRONLY);

		if (in < 0 || out < 0 || dup2(in, STDIN_FILENO) < 0 || dup2(out, STDOUT_FILENO) < 0)
			_exit(126);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0) {
		perror("timeit: waitpid");
		exit(1);
	}
	t0 = now_ms() - t0;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "timeit: run %d of", n);
		for (i = 0; i < argc; i++)
			fprintf(stderr, " %s", argv[i]);
		fprintf(stderr, " failed (status %d)\n", status);
		exit(1);
	}
	for (i = 0; i < argc; i++)
		free(argv[i]);
	free(argv);
	return t0;
}

int main(int argc, char **argv)
{
	int runs = 10, warmup = 0, i, opt;
	const char *in_file = NULL;
	double *t;

	while ((opt = getopt(argc, argv, "+n:w:i:")) != -1) {
		switch (opt) {
		case 'n': runs = atoi(optarg); break;
		case 'w': warmup = atoi(optarg); break;
		case 'i': in_file = optarg; break;
		default: goto usage;
		}
	}
	if (optind >= argc || runs < 1 || warmup < 0)
		goto usage;
	t = calloc((size_t)runs, sizeof *t);
	if (!t)
		return 1;
	for (i = 1; i <= warmup; i++)
		run_once(argv + optind, argc - optind, i, in_file);
	for (i = 0; i < runs; i++)
		t[i] = run_once(argv + optind, argc - optind, warmup + i + 1, in_file);
	qsort(t, (size_t)runs, sizeof *t, cmp_double);
	printf("median_ms=%.3f\nmin_ms=%.3f\nmax_ms=%.3f\nruns=%d\n",
	       runs % 2 ? t[runs / 2] : (t[runs / 2 - 1] + t[runs / 2]) / 2, t[0], t[runs - 1], runs);
	free(t);
	return 0;

usage:
	fprintf(stderr, "usage: timeit [-n RUNS] [-w WARMUP] [-i STDIN_FILE] -- CMD [ARG ...]\n");
	return 2;
}
