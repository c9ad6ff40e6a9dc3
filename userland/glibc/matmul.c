/*
 * matmul: a threaded matrix product.
 *
 *   matmul [-s] [SIZE [THREADS]]
 *
 * Multiplies two SIZE x SIZE matrices of doubles (default 128) with THREADS pthreads (default
 * 4), each computing a contiguous band of rows of the product. The inputs are small integers,
 * and every element is summed in the same order whatever the split, so the printed checksum
 * (the sum of all elements, and a weighted sum) is the same for any thread count. Exits 0.
 * -s spreads the threads over the online kernels (thread i migrates to the (i mod n)-th first,
 * as mt -s does); the output stays the same, and without migration it is a no-op.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "libpopcorn.h"

#define MAX_THREADS 256

static int n, threads;
static int nodes, node_ids[MAX_POPCORN_NODES]; /* with -s and migration: where to spread */
static double *a, *b, *c;

static void *band(void *arg)
{
	long t = (long)arg;
	if (nodes > 0)
		migrate(node_ids[t % nodes]); /* on failure the band is computed where it is */
	int first = (int)(t * n / threads), last = (int)((t + 1) * n / threads);
	for (int i = first; i < last; i++)
		for (int j = 0; j < n; j++) {
			double sum = 0;
			for (int k = 0; k < n; k++)
				sum += a[i * n + k] * b[k * n + j];
			c[i * n + j] = sum;
		}
	return NULL;
}

static long number(const char *s, long max)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || *end || end == s || v < 1 || v > max) {
		fprintf(stderr, "matmul: bad number '%s' (1..%ld)\nusage: matmul [-s] [SIZE [THREADS]]\n", s, max);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	int arg = 1;
	if (arg < argc && argv[arg][0] == '-' && argv[arg][1] == 's' && argv[arg][2] == 0) {
		arg++;
		int found = popcorn_online_nodes(node_ids, MAX_POPCORN_NODES);
		nodes = found > 0 ? found : 0;
	}
	n = arg < argc ? (int)number(argv[arg], 2048) : 128;
	threads = arg + 1 < argc ? (int)number(argv[arg + 1], MAX_THREADS) : 4;
	a = malloc(sizeof(double) * (size_t)n * (size_t)n);
	b = malloc(sizeof(double) * (size_t)n * (size_t)n);
	c = malloc(sizeof(double) * (size_t)n * (size_t)n);
	if (!a || !b || !c) {
		fprintf(stderr, "matmul: out of memory\n");
		return 1;
	}
	for (int i = 0; i < n; i++)
		for (int j = 0; j < n; j++) {
			a[i * n + j] = (double)((i * 7 + j * 3) % 11) - 3;
			b[i * n + j] = (double)((i * 5 + j * 13) % 9) - 2;
		}
	pthread_t tid[MAX_THREADS];
	for (long t = 0; t < threads; t++)
		if (pthread_create(&tid[t], NULL, band, (void *)t) != 0) {
			fprintf(stderr, "matmul: pthread_create failed\n");
			return 1;
		}
	for (int t = 0; t < threads; t++)
		pthread_join(tid[t], NULL);
	double sum = 0, weighted = 0;
	for (int i = 0; i < n * n; i++) {
		sum += c[i];
		weighted += c[i] * (double)(i % 97 + 1);
	}
	printf("matmul: %dx%d, threads %d: checksum %.1f, weighted %.1f\n", n, n, threads, sum, weighted);
	return 0;
}
