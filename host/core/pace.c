/* SPDX-License-Identifier: MIT */
/* pace.c: keyring writes in bursts a KeePassXC survives (pace.h).
 *
 * Why. KeePassXC 2.7 (Debian 12 ships 2.7.4) saves its database 150 ms after
 * the first unsaved change when "automatically save after every change" is
 * on, as it is by default. The save runs in a thread of Qt's pool (key
 * derivation, then the XML of every entry) while the main thread waits in a
 * nested event loop that keeps answering D-Bus. A CreateItem, SetSecret,
 * Delete or Properties.Set answered then changes the entries under the
 * writer, and KeePassXC dies: SIGSEGV in "Thread (pooled)", in
 * QUuid::toRfc4122 called from its database writer (seen under gdb with a
 * burst of `leaktrace record`; none with autosave off). A KeePassXC user who
 * imports 500 accounts would lose their password manager mid-import.
 *
 * How. Nothing on the bus says a save is running, so we watch it in /proc:
 * while saving, a thread of KeePassXC named "Thread (pooled)" is running,
 * runnable or in disk wait, or its CPU time grows. Writes pass freely for
 * BURST_MS after the first one (well inside the 150 ms before a save starts);
 * the write after that first waits for the save those caused: until one has
 * been seen and the pool is quiet again, or until none has started
 * SAVE_START_MS after the last write (autosave off, or a save too quick to
 * see). Once a wait has ended so, the lock file says so (its mtime back to
 * the epoch) and the next writer does not wait for the same save. That is long: on a loaded machine the 150 ms timer fired more than
 * 400 ms late, and a burst then met the save (the suite crashed KeePassXC
 * once so); with autosave off each burst waits it out, a slower import but
 * never a crash. The last write's time is shared through the lock file (lock.h), so
 * the host and the CLI pace each other. Where /proc cannot be read the wait
 * is a fixed BLIND_MS after the last write. Every wait is capped by the
 * keyring bound. Other providers pass untouched. */
#include "pace.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "lock.h"

#define BURST_MS 60
#define SAVE_START_MS 2000
#define QUIET_MS 40
#define POLL_MS 10
#define BLIND_MS 1500
#define POOL_THREAD "Thread (pooled)"

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

void lt_pace_init(lt_pace *p, unsigned pid, const char *comm)
{
	memset(p, 0, sizeof *p);
	if (comm && strncmp(comm, "keepassxc", 9) == 0)
		p->pid = pid;
}

/* One thread's state letter and CPU ticks from /proc/PID/task/TID/stat. */
static int thread_sample(unsigned pid, const char *tid, char *state, unsigned long long *ticks)
{
	char path[320], buf[512], *rest;
	unsigned long long ut, st;
	size_t n;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%u/task/%s/stat", pid, tid);
	if (!(f = fopen(path, "r")))
		return -1;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* after the name in parentheses: state, then 10 fields, then utime, stime */
	if (!(rest = strrchr(buf, ')')) ||
	    sscanf(rest + 1, " %c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", state, &ut, &st) != 3)
		return -1;
	*ticks = ut + st;
	return 0;
}

static int is_pool_thread(unsigned pid, const char *tid)
{
	char path[320], comm[32] = "";
	FILE *f;

	snprintf(path, sizeof path, "/proc/%u/task/%s/comm", pid, tid);
	if (!(f = fopen(path, "r")))
		return 0;
	if (!fgets(comm, sizeof comm, f))
		comm[0] = '\0';
	fclose(f);
	comm[strcspn(comm, "\n")] = '\0';
	return strcmp(comm, POOL_THREAD) == 0;
}

/* Whether a pool thread is at work now; *ticks their CPU time so far. -1: no /proc. */
static int pool_busy(unsigned pid, unsigned long long *ticks)
{
	char path[48];
	struct dirent *d;
	DIR *dir;
	int busy = 0;

	snprintf(path, sizeof path, "/proc/%u/task", pid);
	if (!(dir = opendir(path)))
		return -1;
	*ticks = 0;
	while ((d = readdir(dir))) {
		unsigned long long t;
		char state;

		if (d->d_name[0] == '.' || !is_pool_thread(pid, d->d_name) || thread_sample(pid, d->d_name, &state, &t) != 0)
			continue;
		*ticks += t;
		busy |= state == 'R' || state == 'D';
	}
	closedir(dir);
	return busy;
}

/* Wait until no save is running and none is due after the write at `last`:
 * 1 when that is known, 0 when the cap or a blind wait ended it. */
static int settle(const lt_pace *p, int64_t last, int cap_ms)
{
	int64_t start = now_ms(), give_up = last + SAVE_START_MS, end = start + cap_ms;
	unsigned long long ticks = 0, before;
	int seen = 0, quiet = 0, busy = pool_busy(p->pid, &ticks);

	if (busy < 0) {
		if (last + BLIND_MS > start)
			sleep_ms((int)(last + BLIND_MS - start < cap_ms ? last + BLIND_MS - start : cap_ms));
		return 0;
	}
	for (;;) {
		int64_t t = now_ms();

		if (busy) {
			seen = 1;
			quiet = 0;
		}
		if ((seen && quiet >= QUIET_MS) || (!seen && !busy && t >= give_up))
			return 1;
		if (t >= end)
			return 0;
		sleep_ms(POLL_MS);
		before = ticks;
		busy = pool_busy(p->pid, &ticks);
		if (busy < 0)
			return 1; /* KeePassXC is gone */
		busy |= ticks != before;
		if (!busy)
			quiet += POLL_MS;
	}
}

void lt_pace_before_write(lt_pace *p, int cap_ms)
{
	int64_t shared, last;

	if (!p->pid)
		return;
	if (p->burst_start && now_ms() - p->burst_start < BURST_MS)
		return;
	shared = lt_lock_last_write_ms();
	last = shared > p->last_write ? shared : p->last_write;
	if (settle(p, last, cap_ms)) {
		/* the next writer, here or in another process, need not wait for it again */
		p->last_write = 0;
		lt_lock_mark_settled();
	}
	p->burst_start = now_ms();
}

void lt_pace_after_write(lt_pace *p)
{
	if (!p->pid)
		return;
	p->last_write = now_ms();
	lt_lock_mark_write();
}
