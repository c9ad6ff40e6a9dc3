/*
 * migrate: moves a running process to another kernel.
 *
 *   migrate PID KERNEL
 *
 * Proposes a migration to KERNEL for every thread of process PID (popcorn_propose_migration,
 * see libpopcorn.h); each thread moves at its next chance, so this returns before they have.
 * The threads are those in /proc/PID/task (the kernel running the process lists them) together
 * with those /proc/popcorn/ps places anywhere on the machine; if neither knows the process,
 * PID itself is tried. On success it prints one line and exits 0:
 *   migrate: asked 4 threads of process 5 to move to kernel 1
 *   migrate: asked 1 thread of process 5 to move to kernel 1 (3 already there)
 * Otherwise it says why on stderr and exits 1:
 *   migrate: no such process 7
 *   migrate: no kernel 9
 *   migrate: kernel 2 is offline
 *   migrate: 7 already runs on kernel 1
 *   migrate: no migration on this kernel (Function not implemented)
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "libpopcorn.h"
#include "popcorn-ps.h"

#define USAGE "usage: migrate PID KERNEL\n"

static int *tids;
static int ntids;

/* Adds tid to the list unless it is there already. */
static void add(int tid)
{
	for (int i = 0; i < ntids; i++)
		if (tids[i] == tid)
			return;
	int *more = realloc(tids, sizeof(int) * (size_t)(ntids + 1));
	if (!more) {
		fprintf(stderr, "migrate: out of memory\n");
		exit(1);
	}
	tids = more;
	tids[ntids++] = tid;
}

static int compare_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* The threads of pid, main thread first (whether it exists decides "no such process"). */
static void find_threads(int pid)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/task", pid);
	DIR *d = opendir(path);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		char *end;
		long tid = strtol(e->d_name, &end, 10);
		if (!*end && end != e->d_name && tid > 0)
			add((int)tid);
	}
	if (d)
		closedir(d);
	/* threads that migrated away may be listed only machine-wide */
	struct popcorn_ps ps;
	if (popcorn_ps_read(&ps) == 0) {
		for (int i = 0; i < ps.nthreads; i++)
			if (ps.threads[i].pid == pid && ps.threads[i].tid > 0)
				add(ps.threads[i].tid);
		popcorn_ps_free(&ps);
	}
	add(pid);
	if (ntids > 1)
		qsort(tids, (size_t)ntids, sizeof(int), compare_int);
	for (int i = 0; i < ntids; i++) /* move pid to the front */
		if (tids[i] == pid) {
			memmove(tids + 1, tids, sizeof(int) * (size_t)i);
			tids[0] = pid;
			break;
		}
}

static long number(const char *s, const char *what, long min)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || *end || end == s || v < min || v > 0x7fffffff) {
		fprintf(stderr, "migrate: bad %s '%s'\n" USAGE, what, s);
		exit(1);
	}
	return v;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, USAGE);
		return 1;
	}
	int pid = (int)number(argv[1], "pid", 1);
	int nid = (int)number(argv[2], "kernel", -0x7fffffff);
	if (nid < 0) {
		fprintf(stderr, "migrate: no kernel %d\n", nid);
		return 1;
	}
	find_threads(pid);
	int asked = 0, there = 0;
	for (int i = 0; i < ntids; i++) {
		if (popcorn_propose_migration(tids[i], nid) == 0) {
			asked++;
			continue;
		}
		switch (errno) {
		case EBUSY:
			there++;
			break;
		case ESRCH: /* the thread has exited since it was listed (or there was no process) */
			break;
		case EINVAL:
			fprintf(stderr, "migrate: no kernel %d\n", nid);
			return 1;
		case EAGAIN:
			fprintf(stderr, "migrate: kernel %d is offline\n", nid);
			return 1;
		case ENOSYS:
			fprintf(stderr, "migrate: no migration on this kernel (%s)\n", strerror(errno));
			return 1;
		default:
			fprintf(stderr, "migrate: thread %d: %s\n", tids[i], strerror(errno));
			return 1;
		}
	}
	if (asked == 0 && there == 0) {
		fprintf(stderr, "migrate: no such process %d\n", pid);
		return 1;
	}
	if (asked == 0) {
		fprintf(stderr, "migrate: %d already runs on kernel %d\n", pid, nid);
		return 1;
	}
	printf("migrate: asked %d thread%s of process %d to move to kernel %d", asked, asked == 1 ? "" : "s", pid,
	       nid);
	if (there)
		printf(" (%d already there)", there);
	printf("\n");
	return 0;
}
