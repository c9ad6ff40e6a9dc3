/*
 * t-cputime: the CPU-time clocks, which must never go backwards and must count every thread.
 *
 * A process's CPU time (CLOCK_PROCESS_CPUTIME_ID, clock(), getrusage, times) is the sum of the
 * CPU time of all its threads, wherever they ran (on the playground, on every kernel a thread
 * migrated to), and never decreases; a thread's (CLOCK_THREAD_CPUTIME_ID) is its own. Each
 * part prints one deterministic line:
 *   - a computing loop reads the process clock, clock() and the thread clock after each step:
 *     none ever goes backwards, and the process clock is never behind the thread clock;
 *   - four threads compute and end: the process clock then covers the sum of their thread
 *     clocks and the main thread's;
 *   - getrusage(RUSAGE_SELF) and times() agree with the process clock read just before and
 *     just after them (to their resolution), getrusage(RUSAGE_THREAD) with the thread clock;
 *   - RUSAGE_CHILDREN and tms_cutime count a child only once it has been waited for, and then
 *     at least the CPU time it reported before exiting;
 *   - wait4's rusage is the reaped child's: at least the CPU time it reported, and no more
 *     than the parent's RUSAGE_CHILDREN grew by.
 * Run it with --kernels N --migrate-every T: its threads move while they compute.
 * Exits 0 when every check passes.
 */
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "t-check.h"

static int64_t now_ns(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int64_t tv_ns(struct timeval tv)
{
	return (int64_t)tv.tv_sec * 1000000000 + (int64_t)tv.tv_usec * 1000;
}

/* Some work the compiler cannot drop: an LCG stepped n times. */
static uint64_t work(uint64_t seed, long n)
{
	for (long i = 0; i < n; i++)
		seed = seed * 6364136223846793005ull + 1442695040888963407ull;
	return seed;
}

static volatile uint64_t sink;

static void test_monotonic(void)
{
	int64_t last_proc = now_ns(CLOCK_PROCESS_CPUTIME_ID), last_thread = now_ns(CLOCK_THREAD_CPUTIME_ID);
	clock_t last_clock = clock();
	int back_proc = 0, back_thread = 0, back_clock = 0, behind = 0;
	for (int i = 0; i < 400; i++) {
		sink = work(sink + (uint64_t)i, 2000);
		int64_t thread = now_ns(CLOCK_THREAD_CPUTIME_ID);
		int64_t proc = now_ns(CLOCK_PROCESS_CPUTIME_ID);
		clock_t c = clock();
		back_proc += proc < last_proc;
		back_thread += thread < last_thread;
		back_clock += c < last_clock;
		behind += proc < thread;
		last_proc = proc, last_thread = thread, last_clock = c;
	}
	printf("400 readings while computing: process clock went back %d times, clock() %d, thread clock %d; process behind thread %d\n",
	       back_proc, back_clock, back_thread, behind);
	T_CHECK(back_proc == 0 && back_clock == 0 && back_thread == 0 && behind == 0);
}

static int64_t thread_cpu[4];

static void *worker(void *arg)
{
	int i = (int)(intptr_t)arg;
	for (int step = 0; step < 50; step++)
		sink = work(sink + (uint64_t)step, 4000 * (i + 1));
	thread_cpu[i] = now_ns(CLOCK_THREAD_CPUTIME_ID);
	return NULL;
}

static void test_threads(void)
{
	int64_t before = now_ns(CLOCK_PROCESS_CPUTIME_ID);
	pthread_t th[4];
	for (int i = 0; i < 4; i++)
		pthread_create(&th[i], NULL, worker, (void *)(intptr_t)i);
	for (int i = 0; i < 4; i++)
		pthread_join(th[i], NULL);
	int64_t mine = now_ns(CLOCK_THREAD_CPUTIME_ID);
	int64_t after = now_ns(CLOCK_PROCESS_CPUTIME_ID);
	int64_t sum = mine;
	for (int i = 0; i < 4; i++)
		sum += thread_cpu[i];
	int grew = after - before >= thread_cpu[0] + thread_cpu[1] + thread_cpu[2] + thread_cpu[3];
	printf("four threads ended: the process clock covers all their time and the main thread's: %s; grew by theirs: %s\n",
	       after >= sum ? "yes" : "no", grew ? "yes" : "no");
	T_CHECK(after >= sum && grew);
}

static void test_rusage(void)
{
	sink = work(sink, 200000);
	int64_t r1 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	struct tms tm;
	times(&tm);
	int64_t r2 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
	int64_t self = tv_ns(ru.ru_utime) + tv_ns(ru.ru_stime);
	int64_t tick = 1000000000 / sysconf(_SC_CLK_TCK);
	int64_t tms = (int64_t)(tm.tms_utime + tm.tms_stime) * tick;
	/* each field is truncated to its unit: a little below r1 is still agreement */
	int rusage_ok = self + 2000 >= r1 && self <= r2;
	int times_ok = tms + 2 * tick >= r1 && tms <= r2;
	int64_t t1 = now_ns(CLOCK_THREAD_CPUTIME_ID);
	getrusage(RUSAGE_THREAD, &ru);
	int64_t t2 = now_ns(CLOCK_THREAD_CPUTIME_ID);
	int64_t thread = tv_ns(ru.ru_utime) + tv_ns(ru.ru_stime);
	int thread_ok = thread + 2000 >= t1 && thread <= t2;
	printf("getrusage(RUSAGE_SELF) agrees with the process clock: %s; times(): %s; RUSAGE_THREAD with the thread clock: %s\n",
	       rusage_ok ? "yes" : "no", times_ok ? "yes" : "no", thread_ok ? "yes" : "no");
	T_CHECK(rusage_ok && times_ok && thread_ok);
}

/* A child that computes, reports its CPU time through a pipe and exits; returns its pid. */
static pid_t computing_child(int64_t *used)
{
	int fds[2];
	T_CHECK(pipe(fds) == 0);
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		sink = work(sink, 300000);
		int64_t mine = now_ns(CLOCK_PROCESS_CPUTIME_ID);
		(void)!write(fds[1], &mine, sizeof mine);
		_exit(0);
	}
	T_CHECK(read(fds[0], used, sizeof *used) == sizeof *used);
	close(fds[0]);
	close(fds[1]);
	return pid;
}

static void test_children(void)
{
	struct rusage ru;
	getrusage(RUSAGE_CHILDREN, &ru);
	int64_t before = tv_ns(ru.ru_utime) + tv_ns(ru.ru_stime);
	int64_t used = 0;
	pid_t pid = computing_child(&used);
	waitpid(pid, NULL, 0);
	getrusage(RUSAGE_CHILDREN, &ru);
	int64_t after = tv_ns(ru.ru_utime) + tv_ns(ru.ru_stime);
	struct tms tm;
	times(&tm);
	int64_t tick = 1000000000 / sysconf(_SC_CLK_TCK);
	int64_t cutime = (int64_t)(tm.tms_cutime + tm.tms_cstime) * tick;
	printf("RUSAGE_CHILDREN before any child was waited for: %s; after: covers the child's time %s; tms_cutime too %s\n",
	       before == 0 ? "0" : "not 0", after + 2000 >= used ? "yes" : "no", cutime + 2 * tick >= used ? "yes" : "no");
	T_CHECK(before == 0 && after + 2000 >= used && cutime + 2 * tick >= used);
}

static void test_wait4_rusage(void)
{
	struct rusage before, child, after;
	getrusage(RUSAGE_CHILDREN, &before);
	int64_t used = 0;
	pid_t pid = computing_child(&used);
	int status = -1;
	memset(&child, 0xff, sizeof child);
	pid_t got = wait4(pid, &status, 0, &child);
	getrusage(RUSAGE_CHILDREN, &after);
	int64_t reported = tv_ns(child.ru_utime) + tv_ns(child.ru_stime);
	int64_t grew = tv_ns(after.ru_utime) + tv_ns(after.ru_stime) - tv_ns(before.ru_utime) - tv_ns(before.ru_stime);
	int covers = reported + 2000 >= used, within = reported <= grew + 2000;
	printf("wait4 reaped the child: %s; its rusage covers the child's time: %s; within RUSAGE_CHILDREN's growth: %s\n",
	       got == pid && WIFEXITED(status) ? "yes" : "no", covers ? "yes" : "no", within ? "yes" : "no");
	T_CHECK(got == pid && WIFEXITED(status) && covers && within);
}

int main(void)
{
	t_begin();
	test_monotonic();
	test_threads();
	test_rusage();
	test_children();
	test_wait4_rusage();
	return t_done("t-cputime");
}
