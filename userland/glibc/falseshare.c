/*
 * falseshare: false sharing, page-sized.
 *
 *   falseshare [-p | -b] [THREADS [INCREMENTS]]
 *
 * THREADS threads (default 4) each add 1 to a counter of their own INCREMENTS times (default
 * 100000). No two threads touch the same counter, so no locking is needed and the total is
 * always THREADS * INCREMENTS. By default the counters are adjacent longs in one page; -p gives
 * each counter a 4096-byte page of its own; -b runs both, adjacent first. Where migration is
 * available, thread i first moves to the (i mod n)-th of the n online kernels (ascending ids;
 * see libpopcorn.h): on one machine the adjacent counters then share a cache line, here they
 * share a page, and the page has to move between kernels for nearly every burst of increments,
 * while the padded counters each stay put on their thread's kernel.
 *
 * The clock (CLOCK_MONOTONIC) runs from when every thread has arrived on its kernel until all
 * have finished. Output:
 *   falseshare: 4 threads x 100000 increments
 *   falseshare: threads on kernels 0,1,2,3                           (only with migration)
 *   falseshare: adjacent (one page): total 400000, expected 400000: ok, 12.345 ms
 *   falseshare: padded (a page each): total 400000, expected 400000: ok, 3.456 ms
 * (one variant line per variant run). Exits 0 if every total is exact. Where there is no
 * migration (qemu, a kernel without it) the second line is left out and one note goes to
 * stderr; the totals are the same.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "libpopcorn.h"

#define MAX_THREADS 64
#define PAGE 4096
#define USAGE "usage: falseshare [-p | -b] [THREADS [INCREMENTS]]\n"

/* The two layouts: all counters in one page, or one page per counter. */
static long adjacent[MAX_THREADS] __attribute__((aligned(PAGE)));
static struct {
	long value;
} __attribute__((aligned(PAGE))) padded[MAX_THREADS];

/* Start and finish bookkeeping, in a page of its own so it does not disturb the counters. */
static struct {
	atomic_int arrived; /* threads on their kernel, waiting for the start */
	atomic_int go;
} control __attribute__((aligned(PAGE)));

static long threads, increments;
static int nodes, node_ids[MAX_POPCORN_NODES]; /* where to put the threads; 0: nowhere */
static int ran_on[MAX_THREADS];

struct job {
	long index;
	volatile long *counter; /* volatile: every increment is a load and a store to the page */
};

static void *worker(void *arg)
{
	struct job *job = arg;
	if (nodes > 0) {
		int target = node_ids[job->index % nodes];
		if (migrate(target) != 0)
			fprintf(stderr, "falseshare: thread %ld cannot migrate to kernel %d: %s\n", job->index,
				target, strerror(errno));
		ran_on[job->index] = popcorn_current_nid();
	}
	atomic_fetch_add(&control.arrived, 1);
	while (!atomic_load_explicit(&control.go, memory_order_acquire))
		sched_yield();
	for (long i = 0; i < increments; i++)
		(*job->counter)++;
	return NULL;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Runs one variant; returns 1 if its total is exact. */
static int run(int pad, int show_kernels)
{
	pthread_t tid[MAX_THREADS];
	struct job jobs[MAX_THREADS];
	atomic_store(&control.arrived, 0);
	atomic_store(&control.go, 0);
	for (long i = 0; i < threads; i++) {
		jobs[i].index = i;
		jobs[i].counter = pad ? &padded[i].value : &adjacent[i];
		*jobs[i].counter = 0;
		int e = pthread_create(&tid[i], NULL, worker, &jobs[i]);
		if (e) {
			fprintf(stderr, "falseshare: pthread_create: %s\n", strerrordesc_np(e));
			exit(1);
		}
	}
	while (atomic_load(&control.arrived) < threads)
		sched_yield();
	if (show_kernels && nodes > 0) {
		printf("falseshare: threads on kernels ");
		for (long i = 0; i < threads; i++)
			printf("%s%d", i ? "," : "", ran_on[i]);
		printf("\n");
		fflush(stdout);
	}
	double start = now_ms();
	atomic_store_explicit(&control.go, 1, memory_order_release);
	for (long i = 0; i < threads; i++)
		pthread_join(tid[i], NULL);
	double elapsed = now_ms() - start;
	long total = 0, expect = threads * increments;
	for (long i = 0; i < threads; i++)
		total += *jobs[i].counter;
	printf("falseshare: %s: total %ld, expected %ld: %s, %.3f ms\n",
	       pad ? "padded (a page each)" : "adjacent (one page)", total, expect,
	       total == expect ? "ok" : "WRONG", elapsed);
	fflush(stdout);
	return total == expect;
}

static long number(const char *s, long max)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || *end || end == s || v < 1 || v > max) {
		fprintf(stderr, "falseshare: bad number '%s' (1..%ld)\n" USAGE, s, max);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	int pad = 0, both = 0, arg = 1;
	for (; arg < argc && argv[arg][0] == '-'; arg++) {
		if (strcmp(argv[arg], "-p") == 0)
			pad = 1;
		else if (strcmp(argv[arg], "-b") == 0)
			both = 1;
		else {
			fprintf(stderr, "falseshare: unknown option '%s'\n" USAGE, argv[arg]);
			return 2;
		}
	}
	if (argc - arg > 2) {
		fprintf(stderr, USAGE);
		return 2;
	}
	threads = arg < argc ? number(argv[arg], MAX_THREADS) : 4;
	increments = arg + 1 < argc ? number(argv[arg + 1], 1000000000L) : 100000;

	printf("falseshare: %ld threads x %ld increments\n", threads, increments);
	fflush(stdout);
	int n = popcorn_online_nodes(node_ids, MAX_POPCORN_NODES);
	if (n <= 0)
		fprintf(stderr, "falseshare: no migration here; all threads run on this kernel\n");
	else
		nodes = n < MAX_POPCORN_NODES ? n : MAX_POPCORN_NODES;
	int ok = run(both ? 0 : pad, 1);
	if (both)
		ok &= run(1, 0);
	return ok ? 0 : 1;
}
