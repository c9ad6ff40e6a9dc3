/*
 * counter: a long-running process to watch, migrate or kill.
 *
 *   counter [-m] [COUNT [INTERVAL_MS]]
 *
 * Prints "counter: 1", "counter: 2", ... one line every INTERVAL_MS milliseconds (default 500)
 * with nanosleep in between, COUNT lines (default 0: forever), then exits 0. Each line is
 * written as soon as it is formatted, even into a pipe.
 *
 * -m makes it wander: after each line but the last it migrates itself to the next online
 * kernel (the next higher kernel id, wrapping to the lowest; see libpopcorn.h), and each line
 * says which kernel printed it: "counter: 3 (kernel 2)". Where there is no migration (qemu, a
 * kernel without it) the lines are the plain ones and a single note goes to stderr; a kernel
 * that is the only one online is named on each line but never left.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "libpopcorn.h"

#define USAGE "usage: counter [-m] [COUNT [INTERVAL_MS]]\n"

static long number(const char *s, const char *what)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || *end || end == s || v < 0) {
		fprintf(stderr, "counter: bad %s '%s'\n" USAGE, what, s);
		exit(2);
	}
	return v;
}

/* The online kernel after `here` in ascending order, wrapping; `here` itself when it is the only
   one, -1 when there is no migration. Asked afresh each time: kernels come and go. */
static int next_kernel(int here)
{
	int nids[MAX_POPCORN_NODES];
	int n = popcorn_online_nodes(nids, MAX_POPCORN_NODES);
	if (n <= 0)
		return -1;
	for (int i = 0; i < n; i++)
		if (nids[i] > here)
			return nids[i];
	return nids[0];
}

/* After a line: moves to the next kernel, saying on stderr (once) why it cannot. */
static void wander(void)
{
	static int noted;
	int here = popcorn_current_nid();
	int next = here < 0 ? -1 : next_kernel(here);
	if (next < 0 || next == here) {
		if (!noted++)
			fprintf(stderr, "counter: %s; staying put\n",
				next < 0 ? "no migration here" : "no other kernel is online");
		return;
	}
	if (migrate(next) != 0)
		fprintf(stderr, "counter: cannot migrate to kernel %d: %s\n", next, strerror(errno));
}

int main(int argc, char **argv)
{
	int roam = 0, arg = 1;
	if (arg < argc && strcmp(argv[arg], "-m") == 0) {
		roam = 1;
		arg++;
	}
	long count = arg < argc ? number(argv[arg], "count") : 0;
	long interval = arg + 1 < argc ? number(argv[arg + 1], "interval") : 500;
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (long i = 1; count == 0 || i <= count; i++) {
		/* the kernel is asked per line, so a migration proposed from outside shows up too */
		int here = roam ? popcorn_current_nid() : -1;
		int written = here >= 0 ? printf("counter: %ld (kernel %d)\n", i, here)
					: printf("counter: %ld\n", i);
		if (written < 0)
			return 1; /* stdout went away */
		if (count && i == count)
			break;
		if (roam)
			wander();
		struct timespec ts = { interval / 1000, interval % 1000 * 1000000L };
		while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
			;
	}
	return 0;
}
