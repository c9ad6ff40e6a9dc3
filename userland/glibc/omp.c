/*
 * omp: an ordinary OpenMP program, nothing Popcorn-specific in how it runs.
 *
 *   omp [ITERATIONS]
 *
 * A parallel loop (schedule(static)) sums a hash of every i below ITERATIONS (default 4000000)
 * with a reduction, then prints how many threads OpenMP started, where each thread ran (its CPU,
 * as sched_getcpu reports it, and the kernel it ran on, or -1 where there is no Popcorn), and
 * the checksum. The checksum is an unsigned sum modulo 2^64, so it is the same whatever the
 * number of threads and whatever order the partial sums are added in.
 *
 * libgomp starts as many threads as sched_getaffinity reports CPUs. On a Popcorn machine that is
 * every hart of every kernel; with OMP_PROC_BIND=true (or GOMP_CPU_AFFINITY) libgomp binds each
 * thread to a CPU with sched_setaffinity, which moves a thread bound to another kernel's hart to
 * that kernel: the threads spread over the kernels by themselves.
 */
#include <omp.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include "libpopcorn.h"

#define MAX_THREADS 64

static unsigned long hash(unsigned long i)
{
	unsigned long x = i * 0x9e3779b97f4a7c15ul;
	x ^= x >> 29;
	x *= 0xbf58476d1ce4e5b9ul;
	return x ^ (x >> 32);
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 4000000;
	if (n <= 0) {
		fprintf(stderr, "usage: omp [ITERATIONS]\n");
		return 2;
	}
	int cpu[MAX_THREADS], kernel[MAX_THREADS], threads = 0;
	unsigned long sum = 0;
#pragma omp parallel reduction(+ : sum)
	{
		int me = omp_get_thread_num();
#pragma omp for schedule(static)
		for (long i = 0; i < n; i++)
			sum += hash((unsigned long)i);
		if (me < MAX_THREADS) {
			cpu[me] = sched_getcpu();
			kernel[me] = popcorn_current_nid();
		}
#pragma omp single
		threads = omp_get_num_threads();
	}
	printf("omp: %d threads\n", threads);
	for (int t = 0; t < threads && t < MAX_THREADS; t++)
		printf("thread %d: cpu %d, kernel %d\n", t, cpu[t], kernel[t]);
	printf("checksum %016lx\n", sum);
	return 0;
}
