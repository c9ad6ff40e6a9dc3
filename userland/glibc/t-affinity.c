/*
 * t-affinity: sched_getaffinity, sched_setaffinity and sched_getcpu, and the CPU counts glibc
 * derives from the kernel (get_nprocs, get_nprocs_conf, sysconf).
 *
 *   t-affinity        the corner cases, in lines that do not depend on the machine's size (the
 *                     differential test compares them with qemu-riscv64's, which asks the host)
 *   t-affinity -s     spread: one thread per CPU of the affinity mask, each bound to its CPU by
 *                     the main thread (sched_setaffinity of another thread's tid); each prints
 *                     where it then runs ("cpu C: kernel K", K -1 without Popcorn), the main
 *                     thread reads each one's mask while it is there, then binds itself to the
 *                     last CPU and reads them again from there
 *   t-affinity -L     what qemu-riscv64 does otherwise than Linux: a size that is not a multiple
 *                     of 8 (Linux reads those bytes and clears the rest of the mask)
 *   t-affinity -b C   binds itself to CPU C alone: "bind to cpu C: RESULT; runs on cpu X, kernel K"
 *   t-affinity -c     counts: "cpus N online N configured N affinity N" (what nproc and
 *                     libgomp see)
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysinfo.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "libpopcorn.h"
#include "t-check.h"

#define MASK_BYTES 128 /* glibc's cpu_set_t: 1024 CPUs */
#define MAX_THREADS 64

static long getaffinity(pid_t pid, unsigned long len, void *mask)
{
	long r = syscall(SYS_sched_getaffinity, pid, len, mask);
	return r < 0 ? -errno : r;
}

/* The mask of `pid` into a cleared set (the kernel writes only its own mask's bytes). */
static long get_mask(pid_t pid, cpu_set_t *set)
{
	CPU_ZERO(set);
	return getaffinity(pid, sizeof *set, set);
}

static long setaffinity(pid_t pid, unsigned long len, const void *mask)
{
	long r = syscall(SYS_sched_setaffinity, pid, len, mask);
	return r < 0 ? -errno : r;
}

static int first_cpu(const cpu_set_t *set)
{
	for (int c = 0; c < CPU_SETSIZE; c++)
		if (CPU_ISSET(c, set))
			return c;
	return -1;
}

static int last_cpu(const cpu_set_t *set)
{
	for (int c = CPU_SETSIZE - 1; c >= 0; c--)
		if (CPU_ISSET(c, set))
			return c;
	return -1;
}

/* Where qemu-riscv64 is not Linux: it refuses a size that is not a multiple of 8 with EINVAL,
   where Linux reads those bytes and clears the rest of the mask. */
static void short_mask(void)
{
	cpu_set_t all, got;
	get_mask(0, &all);
	unsigned char first_byte = 0xff;
	long r = setaffinity(0, 1, &first_byte);
	get_mask(0, &got);
	printf("setaffinity with size 1 (0xff): %s, CPUs 8 and up clear %s\n", r == 0 ? "0" : strerror((int)-r),
	       last_cpu(&got) < 8 ? "yes" : "no");
	T_CHECK(r == 0);
	T_CHECK(setaffinity(0, sizeof all, &all) == 0);
}

static void corner_cases(void)
{
	cpu_set_t all, got, one;
	long n = get_mask(0, &all);
	printf("getaffinity(0, 128): a positive multiple of 8, at most 128: %s\n",
	       n > 0 && n % 8 == 0 && n <= 128 ? "yes" : "no");
	T_CHECK(n > 0 && n % 8 == 0);
	T_CHECK(CPU_COUNT(&all) >= 1);
	printf("getaffinity size 4: %s\n", strerror((int)-getaffinity(0, 4, &got)));
	printf("getaffinity size 0: %s\n", strerror((int)-getaffinity(0, 0, &got)));
	printf("getaffinity size 129: %s\n", strerror((int)-getaffinity(0, 129, &got)));
	printf("getaffinity size 4GiB+128 (an unsigned int: 128): %ld\n",
	       getaffinity(0, (1ul << 32) + 128, &got) == n ? 0L : -1L);
	printf("getaffinity to address 8: %s\n", strerror((int)-getaffinity(0, sizeof got, (void *)8)));
	printf("getaffinity to a kernel address: %s\n",
	       strerror((int)-getaffinity(0, sizeof got, (void *)0xffffffc000000000ul)));
	printf("getaffinity of pid -1: %s\n", strerror((int)-getaffinity(-1, sizeof got, &got)));
	printf("getaffinity of no such thread: %s\n", strerror((int)-getaffinity(4000000, sizeof got, &got)));
	printf("getaffinity of itself by tid: %s\n",
	       get_mask((pid_t)syscall(SYS_gettid), &got) == n && CPU_EQUAL(&got, &all) ? "same"
												: "differs");

	CPU_ZERO(&one);
	printf("setaffinity to no CPU: %s\n", strerror((int)-setaffinity(0, sizeof one, &one)));
	printf("setaffinity with size 0: %s\n", strerror((int)-setaffinity(0, 0, &all)));
	printf("setaffinity from address 8: %s\n", strerror((int)-setaffinity(0, sizeof one, (void *)8)));
	printf("setaffinity of no such thread: %s\n", strerror((int)-setaffinity(4000000, sizeof all, &all)));
	CPU_SET(1023, &one);
	printf("setaffinity to CPU 1023 only: %s\n", strerror((int)-setaffinity(0, sizeof one, &one)));

	int cpu = first_cpu(&all);
	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	CPU_SET(1023, &one); /* a CPU that does not exist is dropped */
	T_CHECK(setaffinity(0, sizeof one, &one) == 0);
	get_mask(0, &got);
	CPU_CLR(1023, &one);
	printf("setaffinity to its first CPU (and CPU 1023): mask is that CPU %s, runs there %s\n",
	       CPU_EQUAL(&got, &one) ? "yes" : "no", sched_getcpu() == cpu ? "yes" : "no");
	T_CHECK(setaffinity(0, sizeof all, &all) == 0);
	get_mask(0, &got);
	printf("setaffinity back to every CPU: same mask %s\n", CPU_EQUAL(&got, &all) ? "yes" : "no");

	unsigned gcpu = 9999, gnode = 9999;
	long g = syscall(SYS_getcpu, &gcpu, &gnode, NULL);
	printf("getcpu: %ld, cpu in the mask %s\n", g, CPU_ISSET((int)gcpu, &all) ? "yes" : "no");
	printf("getcpu to address 8: %s\n", syscall(SYS_getcpu, (void *)8, NULL, NULL) < 0 ? strerror(errno) : "0");
	printf("get_nprocs_conf >= get_nprocs >= 1: %s\n",
	       get_nprocs_conf() >= get_nprocs() && get_nprocs() >= 1 ? "yes" : "no");
	printf("sysconf online = get_nprocs: %s\n", sysconf(_SC_NPROCESSORS_ONLN) == get_nprocs() ? "yes" : "no");
	printf("affinity count = online count: %s\n", CPU_COUNT(&all) == get_nprocs() ? "yes" : "no");
}

struct worker {
	pthread_t thread;
	int cpu;
	volatile pid_t tid;
	volatile int ran_cpu, ran_kernel;
};

static struct worker workers[MAX_THREADS];
static pthread_barrier_t placed, done;

static void *work(void *arg)
{
	struct worker *w = arg;
	w->tid = (pid_t)syscall(SYS_gettid);
	/* the main thread binds it; it moves at its next chance */
	for (long i = 0; i < 1000000 && sched_getcpu() != w->cpu; i++)
		sched_yield();
	w->ran_cpu = sched_getcpu();
	w->ran_kernel = popcorn_current_nid();
	pthread_barrier_wait(&placed);
	pthread_barrier_wait(&done);
	return NULL;
}

/* The mask of each worker's tid, read by the main thread where it is now. */
static void read_masks(const char *where, int n)
{
	for (int i = 0; i < n; i++) {
		cpu_set_t got;
		long r = get_mask(workers[i].tid, &got);
		printf("%s: thread of cpu %d has mask {%d}: %s\n", where, workers[i].cpu, workers[i].cpu,
		       r > 0 && CPU_COUNT(&got) == 1 && CPU_ISSET(workers[i].cpu, &got) ? "yes" : "no");
	}
}

static void spread(void)
{
	cpu_set_t all;
	T_CHECK(get_mask(0, &all) > 0);
	int n = 0;
	for (int c = 0; c < CPU_SETSIZE && n < MAX_THREADS; c++)
		if (CPU_ISSET(c, &all))
			workers[n++].cpu = c;
	pthread_barrier_init(&placed, NULL, (unsigned)n + 1);
	pthread_barrier_init(&done, NULL, (unsigned)n + 1);
	for (int i = 0; i < n; i++) {
		T_CHECK(pthread_create(&workers[i].thread, NULL, work, &workers[i]) == 0);
		cpu_set_t one;
		CPU_ZERO(&one);
		CPU_SET(workers[i].cpu, &one);
		T_CHECK(pthread_setaffinity_np(workers[i].thread, sizeof one, &one) == 0);
	}
	pthread_barrier_wait(&placed);
	for (int i = 0; i < n; i++)
		printf("cpu %d: kernel %d (ran on cpu %d)\n", workers[i].cpu, workers[i].ran_kernel, workers[i].ran_cpu);
	read_masks("from the first cpu", n);
	/* the main thread binds itself to the last CPU: it moves there, and asks from there */
	cpu_set_t last;
	CPU_ZERO(&last);
	CPU_SET(workers[n - 1].cpu, &last);
	T_CHECK(setaffinity(0, sizeof last, &last) == 0);
	printf("main bound to cpu %d: runs on cpu %d, kernel %d\n", workers[n - 1].cpu, sched_getcpu(),
	       popcorn_current_nid());
	read_masks("from the last cpu", n);
	/* and moves a worker from there: the first CPU's thread goes to the second CPU */
	if (n > 1) {
		cpu_set_t second;
		CPU_ZERO(&second);
		CPU_SET(workers[1].cpu, &second);
		T_CHECK(setaffinity(workers[0].tid, sizeof second, &second) == 0);
		cpu_set_t got;
		T_CHECK(get_mask(workers[0].tid, &got) > 0);
		printf("thread of cpu %d rebound to cpu %d: mask %s\n", workers[0].cpu, workers[1].cpu,
		       CPU_EQUAL(&got, &second) ? "yes" : "no");
	}
	pthread_barrier_wait(&done);
	for (int i = 0; i < n; i++)
		pthread_join(workers[i].thread, NULL);
}

int main(int argc, char **argv)
{
	t_begin();
	if (argc > 1 && strcmp(argv[1], "-c") == 0) {
		cpu_set_t all;
		get_mask(0, &all);
		printf("cpus online %d configured %d sysconf %ld affinity %d\n", get_nprocs(), get_nprocs_conf(),
		       sysconf(_SC_NPROCESSORS_ONLN), CPU_COUNT(&all));
		return 0;
	}
	if (argc > 2 && strcmp(argv[1], "-b") == 0) {
		cpu_set_t one;
		CPU_ZERO(&one);
		CPU_SET(atoi(argv[2]), &one);
		long r = setaffinity(0, sizeof one, &one);
		printf("bind to cpu %s: %s; runs on cpu %d, kernel %d\n", argv[2], r == 0 ? "0" : strerror((int)-r),
		       sched_getcpu(), popcorn_current_nid());
		return r == 0 ? 0 : 1;
	}
	if (argc > 1 && strcmp(argv[1], "-s") == 0)
		spread();
	else if (argc > 1 && strcmp(argv[1], "-L") == 0)
		short_mask();
	else
		corner_cases();
	return t_done("t-affinity");
}
