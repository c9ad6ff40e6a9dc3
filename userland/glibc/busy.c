/*
 * busy: the playground's demo. It keeps one hart busy with almost no memory (a few pages of
 * code, stack and data), so that moving it to another kernel costs a handful of page fetches
 * and then it runs there at full speed. It tests odd numbers for primality by trial division
 * and says which kernel it runs on: at the start, each time it finds itself on another kernel,
 * and every REPORT_MS milliseconds.
 *
 *   busy [SECONDS]   stop after SECONDS (default 0: run for ever)
 *
 *   busy: on kernel 1
 *   busy: now on kernel 0, 20412 primes so far
 *
 * Where there is no migration (qemu, a kernel without it) the kernel is "?" and never changes.
 * Its lines go to the terminal it started from, wherever it runs: the writes are forwarded.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "libpopcorn.h"

#define REPORT_MS 500
#define CHECK_EVERY 512 /* candidates between two looks at the kernel and the clock */

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int is_prime(unsigned long n)
{
	for (unsigned long d = 3; d * d <= n; d += 2)
		if (n % d == 0)
			return 0;
	return 1;
}

static void say_kernel(const char *what, int nid)
{
	if (nid < 0)
		printf("busy: %s kernel ?", what);
	else
		printf("busy: %s kernel %d", what, nid);
}

int main(int argc, char **argv)
{
	double seconds = 0;
	if (argc > 2 || (argc == 2 && ((seconds = strtod(argv[1], NULL)) < 0 || seconds > 1e6))) {
		fprintf(stderr, "usage: busy [SECONDS]\n");
		return 2;
	}
	double start = now_seconds();
	double next_report = start + REPORT_MS / 1000.0;
	int nid = popcorn_current_nid();
	say_kernel("on", nid);
	printf("\n");
	fflush(stdout);
	unsigned long primes = 1; /* 2 */
	for (unsigned long n = 3;; n += 2) {
		primes += is_prime(n);
		if ((n >> 1) % CHECK_EVERY != 0)
			continue;
		int here = popcorn_current_nid();
		double t = now_seconds();
		if (here != nid || t >= next_report) {
			say_kernel(here != nid ? "now on" : "on", here);
			printf(", %lu primes so far\n", primes);
			fflush(stdout);
			nid = here;
			next_report = t + REPORT_MS / 1000.0;
		}
		if (seconds > 0 && t - start >= seconds)
			break;
	}
	printf("busy: %lu primes, done\n", primes);
	return 0;
}
