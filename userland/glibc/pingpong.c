/*
 * pingpong: two threads on two kernels taking turns on one page.
 *
 *   pingpong [ROUNDS]
 *
 * The main thread stays where it started; the second thread migrates to another kernel (the
 * first online one that is not the main thread's; see libpopcorn.h). Then, ROUNDS times
 * (default 1000), the main thread adds 1 to a shared counter and hands the turn over, and the
 * second thread adds 1 and hands it back. The counter and the turn word share one page, and each
 * thread waits for its turn by spinning on that word with atomic loads, so every handoff makes
 * the page move from one kernel to the other: twice a round, 2 * ROUNDS times in all. (With a
 * mutex and condition variable the waiting would go through futexes instead, and the page
 * traffic would be hidden behind them.) Spinning yields the CPU, so both threads also make
 * progress when they share one.
 *
 * Output, one line each:
 *   pingpong: main thread on kernel 0, second thread on kernel 1      (only with migration)
 *   pingpong: 1000 rounds, count 2000, expected 2000: ok
 *   pingpong: 12.345 ms, 6.172 us per handoff
 * Exits 0 if the count is exactly 2 * ROUNDS. Where there is no migration (qemu, a kernel
 * without it, a kernel alone) both threads run where they started, the first line is left out
 * and one note goes to stderr; the count is the same.
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

#define USAGE "usage: pingpong [ROUNDS]\n"

/* The one page the two threads fight over. */
static struct {
	atomic_int turn;  /* 0: the main thread's, 1: the second thread's */
	atomic_int ready; /* the second thread has arrived on its kernel */
	long count;       /* written only by whoever holds the turn */
} shared __attribute__((aligned(4096)));

static long rounds;
static int target = -1;   /* the second thread's kernel, -1: stay */
static int second_on = -1; /* where it ended up */

static void wait_for_turn(int me)
{
	while (atomic_load_explicit(&shared.turn, memory_order_acquire) != me)
		sched_yield();
}

static void *second(void *arg)
{
	(void)arg;
	if (target >= 0 && migrate(target) != 0)
		fprintf(stderr, "pingpong: cannot migrate to kernel %d: %s\n", target, strerror(errno));
	second_on = popcorn_current_nid();
	atomic_store_explicit(&shared.ready, 1, memory_order_release);
	for (long i = 0; i < rounds; i++) {
		wait_for_turn(1);
		shared.count++;
		atomic_store_explicit(&shared.turn, 0, memory_order_release);
	}
	return NULL;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
	rounds = 1000;
	if (argc > 2) {
		fprintf(stderr, USAGE);
		return 2;
	}
	if (argc > 1) {
		char *end;
		errno = 0;
		rounds = strtol(argv[1], &end, 10);
		if (errno || *end || end == argv[1] || rounds < 1 || rounds > 1000000000L) {
			fprintf(stderr, "pingpong: bad number of rounds '%s' (1..1000000000)\n" USAGE, argv[1]);
			return 2;
		}
	}

	int here = popcorn_current_nid(), nids[MAX_POPCORN_NODES];
	int n = popcorn_online_nodes(nids, MAX_POPCORN_NODES);
	for (int i = 0; here >= 0 && i < n && i < MAX_POPCORN_NODES && target < 0; i++)
		if (nids[i] != here)
			target = nids[i];
	if (n < 0 || here < 0)
		fprintf(stderr, "pingpong: no migration here; both threads run on this kernel\n");
	else if (target < 0)
		fprintf(stderr, "pingpong: no other kernel is online; both threads run on kernel %d\n", here);

	pthread_t t;
	int e = pthread_create(&t, NULL, second, NULL);
	if (e) {
		fprintf(stderr, "pingpong: pthread_create: %s\n", strerrordesc_np(e));
		return 1;
	}
	/* time only the handoffs, not the thread's creation and migration */
	while (!atomic_load_explicit(&shared.ready, memory_order_acquire))
		sched_yield();
	if (target >= 0)
		printf("pingpong: main thread on kernel %d, second thread on kernel %d\n", here, second_on);
	double start = now_ms();
	for (long i = 0; i < rounds; i++) {
		wait_for_turn(0);
		shared.count++;
		atomic_store_explicit(&shared.turn, 1, memory_order_release);
	}
	wait_for_turn(0); /* the second thread's last increment */
	double elapsed = now_ms() - start;
	pthread_join(t, NULL);

	long expect = 2 * rounds;
	printf("pingpong: %ld rounds, count %ld, expected %ld: %s\n", rounds, shared.count, expect,
	       shared.count == expect ? "ok" : "WRONG");
	printf("pingpong: %.3f ms, %.3f us per handoff\n", elapsed, elapsed * 1e3 / (double)expect);
	return shared.count == expect ? 0 : 1;
}
