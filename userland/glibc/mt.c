/*
 * mt: threads contending for one mutex.
 *
 *   mt [-s] [THREADS [INCREMENTS]]
 *
 * Starts THREADS pthreads (default 4), each adding 1 to a shared counter INCREMENTS times
 * (default 10000) under a pthread mutex, joins them, prints the total and exits 0 if it is
 * exactly THREADS * INCREMENTS (1 otherwise). Each thread also reports how many increments it
 * did (always INCREMENTS) in thread order, after all have finished.
 *
 * -s spreads the threads over the online kernels: thread i first migrates to the (i mod n)-th
 * of the n online kernels (ascending ids; see libpopcorn.h), so the mutex, the counter and their
 * page are fought over across kernels. The output then has a second line
 * "mt: spreading over kernels 0,1,2" and each thread's line ends with " on kernel K", where it
 * counted. The total is exact either way. Where there is no migration (qemu, a kernel without
 * it) the output is exactly that of mt without -s, plus one note on stderr.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "libpopcorn.h"

#define MAX_THREADS 256
#define USAGE "usage: mt [-s] [THREADS [INCREMENTS]]\n"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long total, increments;
static long done[MAX_THREADS];
static int nodes, node_ids[MAX_POPCORN_NODES]; /* with -s and migration: where to spread */
static int ran_on[MAX_THREADS];                /* with -s: the kernel each thread counted on */

static void *worker(void *arg)
{
	long me = (long)arg;
	if (nodes > 0) {
		int target = node_ids[me % nodes];
		if (migrate(target) != 0)
			fprintf(stderr, "mt: thread %ld cannot migrate to kernel %d: %s\n", me, target,
				strerror(errno));
		ran_on[me] = popcorn_current_nid();
	}
	for (long i = 0; i < increments; i++) {
		pthread_mutex_lock(&lock);
		total++;
		pthread_mutex_unlock(&lock);
		done[me]++;
	}
	return NULL;
}

static long number(const char *s, long max)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || *end || end == s || v < 1 || v > max) {
		fprintf(stderr, "mt: bad number '%s' (1..%ld)\n" USAGE, s, max);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	int spread = 0, arg = 1;
	if (arg < argc && strcmp(argv[arg], "-s") == 0) {
		spread = 1;
		arg++;
	}
	long threads = arg < argc ? number(argv[arg], MAX_THREADS) : 4;
	increments = arg + 1 < argc ? number(argv[arg + 1], 1000000000L) : 10000;
	pthread_t tid[MAX_THREADS];
	printf("mt: %ld threads x %ld increments\n", threads, increments);
	if (spread) {
		fflush(stdout); /* the note below comes after this line */
		int n = popcorn_online_nodes(node_ids, MAX_POPCORN_NODES);
		if (n <= 0) {
			fprintf(stderr, "mt: no migration here; the threads stay put\n");
		} else {
			nodes = n < MAX_POPCORN_NODES ? n : MAX_POPCORN_NODES;
			printf("mt: spreading over kernels ");
			for (int i = 0; i < nodes; i++)
				printf("%s%d", i ? "," : "", node_ids[i]);
			printf("\n");
		}
	}
	fflush(stdout);
	for (long i = 0; i < threads; i++) {
		int e = pthread_create(&tid[i], NULL, worker, (void *)i);
		if (e) {
			fprintf(stderr, "mt: pthread_create: %s\n", strerrordesc_np(e));
			return 1;
		}
	}
	for (long i = 0; i < threads; i++)
		pthread_join(tid[i], NULL);
	for (long i = 0; i < threads; i++) {
		if (nodes > 0 && ran_on[i] >= 0)
			printf("mt: thread %ld did %ld on kernel %d\n", i, done[i], ran_on[i]);
		else
			printf("mt: thread %ld did %ld\n", i, done[i]);
	}
	long expect = threads * increments;
	printf("mt: total %ld, expected %ld: %s\n", total, expect, total == expect ? "ok" : "WRONG");
	return total == expect ? 0 : 1;
}
