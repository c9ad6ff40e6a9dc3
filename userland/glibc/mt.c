/*
 * mt: threads contending for one mutex.
 *
 *   mt [THREADS [INCREMENTS]]
 *
 * Starts THREADS pthreads (default 4), each adding 1 to a shared counter INCREMENTS times
 * (default 10000) under a pthread mutex, joins them, prints the total and exits 0 if it is
 * exactly THREADS * INCREMENTS (1 otherwise). Each thread also reports how many increments it
 * did (always INCREMENTS) in thread order, after all have finished.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_THREADS 256

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long total, increments;
static long done[MAX_THREADS];

static void *worker(void *arg)
{
	long *mine = arg;
	for (long i = 0; i < increments; i++) {
		pthread_mutex_lock(&lock);
		total++;
		pthread_mutex_unlock(&lock);
		(*mine)++;
	}
	return NULL;
}

static long number(const char *s, long max)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || *end || end == s || v < 1 || v > max) {
		fprintf(stderr, "mt: bad number '%s' (1..%ld)\nusage: mt [THREADS [INCREMENTS]]\n", s, max);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	long threads = argc > 1 ? number(argv[1], MAX_THREADS) : 4;
	increments = argc > 2 ? number(argv[2], 1000000000L) : 10000;
	pthread_t tid[MAX_THREADS];
	printf("mt: %ld threads x %ld increments\n", threads, increments);
	fflush(stdout);
	for (long i = 0; i < threads; i++) {
		int e = pthread_create(&tid[i], NULL, worker, &done[i]);
		if (e) {
			fprintf(stderr, "mt: pthread_create: %s\n", strerrordesc_np(e));
			return 1;
		}
	}
	for (long i = 0; i < threads; i++)
		pthread_join(tid[i], NULL);
	for (long i = 0; i < threads; i++)
		printf("mt: thread %ld did %ld\n", i, done[i]);
	long expect = threads * increments;
	printf("mt: total %ld, expected %ld: %s\n", total, expect, total == expect ? "ok" : "WRONG");
	return total == expect ? 0 : 1;
}
