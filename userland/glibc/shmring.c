/*
 * shmring: two processes exchanging data through shared memory, as programs on one Linux do.
 *
 *   shmring [ITEMS]        a producer and a consumer through a ring (default 10000 items)
 *   shmring -p [ROUNDS]    a cache line handed back and forth (default 1000 rounds)
 *
 * The parent maps a page with mmap(MAP_SHARED | MAP_ANONYMOUS) and forks; the child inherits
 * the mapping. When another kernel is online, the child (the consumer) moves to it with
 * popcorn_migrate, so the two processes run on two kernels and share memory between them; where
 * there is none (qemu-riscv64, a kernel alone) both run where they started and a note goes to
 * stderr.
 *
 * The ring: 64 slots of 64-bit values, a head and a tail, a PTHREAD_PROCESS_SHARED mutex and two
 * process-shared condition variables (not full, not empty), all in the shared page. The producer
 * puts ITEMS values (a multiplicative hash of their index), the consumer takes them, checks each
 * is the next one expected, and sums them; an atomic counter in the page counts the items put.
 *   shmring: consumer on kernel 1, producer on kernel 0        (only where the child moved)
 *   shmring: 10000 items through a 64-slot ring: received 10000 in order, sum 4999942270395: ok
 * The ping-pong: one 32-bit turn word in the shared page; each side waits for its turn with a
 * shared FUTEX_WAIT (no FUTEX_PRIVATE_FLAG: the word is in another process's memory too), adds
 * 1 to a counter beside it, hands the turn over and wakes the other (FUTEX_WAKE). Every handoff
 * moves the line from one process (and kernel) to the other:
 *   shmring: 1000 rounds, count 2000, expected 2000: ok
 *   shmring: 12.345 ms, 6.172 us per handoff                 (time is the machine's: virtual)
 * Exits 0 when the result is exact.
 */
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "libpopcorn.h"

#define USAGE "usage: shmring [ITEMS] | shmring -p [ROUNDS]\n"
#define SLOTS 64

struct ring {
	pthread_mutex_t lock;
	pthread_cond_t not_full, not_empty;
	unsigned head, tail; /* head: next slot to take; tail: next slot to fill */
	atomic_long put;     /* items put so far (an atomic beside the lock, for the record) */
	uint64_t slot[SLOTS];
	/* the ping-pong's line: the turn word and the count it guards */
	atomic_uint turn; /* 0: the parent's, 1: the child's */
	long count;
	/* where the child ended up, and whether it is there (the parent waits for it) */
	atomic_int child_on, child_ready;
};

static struct ring *r;
static long n;
static int target = -1;

static uint64_t item(long i)
{
	return (uint64_t)i * 2654435761u % 1000000007u;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void put(uint64_t v)
{
	pthread_mutex_lock(&r->lock);
	while (r->tail - r->head == SLOTS)
		pthread_cond_wait(&r->not_full, &r->lock);
	r->slot[r->tail++ % SLOTS] = v;
	atomic_fetch_add(&r->put, 1);
	pthread_cond_signal(&r->not_empty);
	pthread_mutex_unlock(&r->lock);
}

static uint64_t take(void)
{
	pthread_mutex_lock(&r->lock);
	while (r->tail == r->head)
		pthread_cond_wait(&r->not_empty, &r->lock);
	uint64_t v = r->slot[r->head++ % SLOTS];
	pthread_cond_signal(&r->not_full);
	pthread_mutex_unlock(&r->lock);
	return v;
}

/* Waits (in the kernel, on the shared word) until the turn is `me`. */
static void wait_turn(unsigned me)
{
	unsigned t;
	while ((t = atomic_load(&r->turn)) != me)
		syscall(SYS_futex, &r->turn, FUTEX_WAIT, t, NULL, NULL, 0);
}

static void give_turn(unsigned to)
{
	atomic_store(&r->turn, to);
	syscall(SYS_futex, &r->turn, FUTEX_WAKE, 1, NULL, NULL, 0);
}

/* The child: moves to the target kernel, then consumes or plays. Its exit status: 0 if exact. */
static int child(int pingpong)
{
	if (target >= 0 && migrate(target) != 0)
		fprintf(stderr, "shmring: cannot move the consumer to kernel %d: %s\n", target, strerror(errno));
	atomic_store(&r->child_on, popcorn_current_nid());
	atomic_store(&r->child_ready, 1);
	if (pingpong) {
		for (long i = 0; i < n; i++) {
			wait_turn(1);
			r->count++;
			give_turn(0);
		}
		return 0;
	}
	uint64_t sum = 0;
	long in_order = 0;
	for (long i = 0; i < n; i++) {
		uint64_t v = take();
		in_order += v == item(i);
		sum += v;
	}
	int ok = in_order == n;
	printf("shmring: %ld items through a %d-slot ring: received %ld %s, sum %llu: %s\n", n, SLOTS, n,
	       ok ? "in order" : "OUT OF ORDER", (unsigned long long)sum, ok ? "ok" : "WRONG");
	return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
	int pingpong = argc > 1 && strcmp(argv[1], "-p") == 0;
	int at = 1 + pingpong;
	n = pingpong ? 1000 : 10000;
	if (argc > at + 1) {
		fprintf(stderr, USAGE);
		return 2;
	}
	if (argc > at) {
		char *end;
		errno = 0;
		n = strtol(argv[at], &end, 10);
		if (errno || *end || end == argv[at] || n < 1 || n > 100000000L) {
			fprintf(stderr, "shmring: bad count '%s' (1..100000000)\n" USAGE, argv[at]);
			return 2;
		}
	}

	int here = popcorn_current_nid(), nids[MAX_POPCORN_NODES];
	int online = popcorn_online_nodes(nids, MAX_POPCORN_NODES);
	for (int i = 0; here >= 0 && i < online && i < MAX_POPCORN_NODES && target < 0; i++)
		if (nids[i] != here)
			target = nids[i];
	if (online < 0 || here < 0)
		fprintf(stderr, "shmring: no migration here; both processes run on this kernel\n");
	else if (target < 0)
		fprintf(stderr, "shmring: no other kernel is online; both processes run on kernel %d\n", here);

	r = mmap(NULL, sizeof *r, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (r == MAP_FAILED) {
		fprintf(stderr, "shmring: mmap: %s\n", strerror(errno));
		return 1;
	}
	pthread_mutexattr_t ma;
	pthread_condattr_t ca;
	pthread_mutexattr_init(&ma);
	pthread_condattr_init(&ca);
	pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
	pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED);
	pthread_mutex_init(&r->lock, &ma);
	pthread_cond_init(&r->not_full, &ca);
	pthread_cond_init(&r->not_empty, &ca);

	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		fprintf(stderr, "shmring: fork: %s\n", strerror(errno));
		return 1;
	}
	if (pid == 0) {
		int status = child(pingpong);
		fflush(NULL);
		_exit(status);
	}
	/* time only the exchange, not the fork and the move */
	while (!atomic_load(&r->child_ready))
		sched_yield();
	if (target >= 0)
		printf("shmring: consumer on kernel %d, producer on kernel %d\n", atomic_load(&r->child_on), here);
	fflush(NULL);
	double start = now_ms();
	if (pingpong) {
		for (long i = 0; i < n; i++) {
			wait_turn(0);
			r->count++;
			give_turn(1);
		}
		wait_turn(0); /* the child's last handoff */
	} else {
		for (long i = 0; i < n; i++)
			put(item(i));
	}
	int status = 0;
	waitpid(pid, &status, 0);
	double elapsed = now_ms() - start;
	int ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
	if (pingpong) {
		long expect = 2 * n;
		ok &= r->count == expect;
		printf("shmring: %ld rounds, count %ld, expected %ld: %s\n", n, r->count, expect, ok ? "ok" : "WRONG");
		printf("shmring: %.3f ms, %.3f us per handoff\n", elapsed, elapsed * 1e3 / (double)expect);
	} else {
		ok &= atomic_load(&r->put) == n;
	}
	return ok ? 0 : 1;
}
