/*
 * t-timers: setitimer, getitimer and alarm (which glibc makes of setitimer on riscv64).
 *
 *   1. alarm() returns the seconds left on the alarm before it, rounded as glibc rounds them,
 *      and alarm(0) cancels.
 *   2. A one-shot ITIMER_REAL of 50 ms sends SIGALRM to a handler while the process sleeps in
 *      pause(), which then fails with EINTR, no sooner than 50 ms of CLOCK_MONOTONIC later;
 *      afterwards getitimer reads it disarmed.
 *   3. A periodic ITIMER_REAL (10 ms, every 10 ms) fires five times in no less than 50 ms,
 *      and getitimer reads its period back while it runs.
 *   4. ITIMER_VIRTUAL and ITIMER_PROF of 20 ms fire SIGVTALRM and SIGPROF while the process
 *      computes, not before it has used 10 ms of CPU time (Linux counts these timers in
 *      scheduler ticks, which the precise process clock may be behind of on a loaded host).
 *   5. The old value setitimer returns, and getitimer of a timer armed for 3 s: a little
 *      under 3 s, never more.
 *   6. Errors: EINVAL for an unknown timer and for a tv_usec of a million, EFAULT for a bad
 *      pointer.
 *   7. A fork's child starts with no timer armed; a child without a SIGALRM handler is killed
 *      by its alarm.
 * Exits 0 when every check passes.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "t-check.h"

static volatile sig_atomic_t alarms, vtalarms, profs;

static void on_signal(int sig)
{
	if (sig == SIGALRM)
		alarms++;
	else if (sig == SIGVTALRM)
		vtalarms++;
	else if (sig == SIGPROF)
		profs++;
}

static int64_t now_ns(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static struct itimerval ms(long value, long interval)
{
	struct itimerval it = { { interval / 1000, (interval % 1000) * 1000 }, { value / 1000, (value % 1000) * 1000 } };
	return it;
}

static int64_t tv_ns(struct timeval tv)
{
	return (int64_t)tv.tv_sec * 1000000000 + (int64_t)tv.tv_usec * 1000;
}

static void handle(int sig)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(sig, &sa, NULL);
}

static void test_alarm(void)
{
	unsigned first = alarm(2), second = alarm(5), cancelled = alarm(0), after = alarm(0);
	printf("alarm(2) on none: %u; alarm(5) then: %u; alarm(0): %u; alarm(0) again: %u\n", first, second, cancelled,
	       after);
	T_CHECK(first == 0 && second == 2 && cancelled == 5 && after == 0);
}

static void test_one_shot(void)
{
	struct itimerval it = ms(50, 0), left;
	int64_t start = now_ns(CLOCK_MONOTONIC);
	T_CHECK(setitimer(ITIMER_REAL, &it, NULL) == 0);
	int r = pause();
	int err = errno;
	int64_t waited = now_ns(CLOCK_MONOTONIC) - start;
	getitimer(ITIMER_REAL, &left);
	printf("one-shot ITIMER_REAL: pause() returned %d (%s), SIGALRM handled %d time(s), after 50 ms or more: %s; "
	       "disarmed after: %s\n",
	       r, strerrorname_np(err), (int)alarms, waited >= 50000000 ? "yes" : "no",
	       tv_ns(left.it_value) == 0 && tv_ns(left.it_interval) == 0 ? "yes" : "no");
	T_CHECK(r == -1 && err == EINTR && alarms == 1 && waited >= 50000000 && tv_ns(left.it_value) == 0);
}

static void test_periodic(void)
{
	alarms = 0;
	struct itimerval it = ms(10, 10), running;
	sigset_t block, old;
	sigemptyset(&block);
	sigaddset(&block, SIGALRM);
	sigprocmask(SIG_BLOCK, &block, &old);
	int64_t start = now_ns(CLOCK_MONOTONIC);
	setitimer(ITIMER_REAL, &it, NULL);
	getitimer(ITIMER_REAL, &running);
	while (alarms < 5)
		sigsuspend(&old);
	int64_t took = now_ns(CLOCK_MONOTONIC) - start;
	it = ms(0, 0);
	setitimer(ITIMER_REAL, &it, NULL);
	sigprocmask(SIG_SETMASK, &old, NULL);
	printf("periodic ITIMER_REAL: 5 signals in 50 ms or more: %s; its period read back: %lld us\n",
	       took >= 50000000 ? "yes" : "no", (long long)tv_ns(running.it_interval) / 1000);
	T_CHECK(took >= 50000000 && tv_ns(running.it_interval) == 10000000);
}

static volatile uint64_t sink;

static void test_cpu_timers(void)
{
	struct itimerval it = ms(20, 0);
	int64_t start = now_ns(CLOCK_PROCESS_CPUTIME_ID);
	T_CHECK(setitimer(ITIMER_VIRTUAL, &it, NULL) == 0 && setitimer(ITIMER_PROF, &it, NULL) == 0);
	int64_t used = 0;
	while (!(vtalarms && profs) && used < 2000000000) {
		for (int i = 0; i < 10000; i++)
			sink = sink * 6364136223846793005ull + 1442695040888963407ull;
		used = now_ns(CLOCK_PROCESS_CPUTIME_ID) - start;
	}
	printf("ITIMER_VIRTUAL and ITIMER_PROF of 20 ms: SIGVTALRM %d, SIGPROF %d, after 10 ms of CPU time or more: %s\n",
	       (int)vtalarms, (int)profs, used >= 10000000 ? "yes" : "no");
	T_CHECK(vtalarms == 1 && profs == 1 && used >= 10000000);
}

static void test_values(void)
{
	struct itimerval it = ms(3000, 250), old, now, gone;
	setitimer(ITIMER_REAL, &it, NULL);
	getitimer(ITIMER_REAL, &now);
	it = ms(0, 0);
	setitimer(ITIMER_REAL, &it, &old);
	getitimer(ITIMER_REAL, &gone);
	int64_t v = tv_ns(now.it_value), o = tv_ns(old.it_value);
	int under = v <= 3000000000 && v > 2900000000 && o <= v && o > 2900000000;
	printf("armed for 3 s: getitimer and the old value read a little under 3 s: %s; interval %lld us; disarmed: %s\n",
	       under ? "yes" : "no", (long long)tv_ns(old.it_interval) / 1000,
	       tv_ns(gone.it_value) == 0 && tv_ns(gone.it_interval) == 0 ? "yes" : "no");
	T_CHECK(under && tv_ns(old.it_interval) == 250000000 && tv_ns(gone.it_value) == 0);
}

static void test_errors(void)
{
	struct itimerval it = ms(10, 0), bad = { { 0, 0 }, { 0, 1000000 } };
	errno = 0;
	int unknown = setitimer(99, &it, NULL) == -1 ? errno : 0;
	errno = 0;
	int usec = setitimer(ITIMER_REAL, &bad, NULL) == -1 ? errno : 0;
	errno = 0;
	int fault = getitimer(ITIMER_REAL, (struct itimerval *)8) == -1 ? errno : 0;
	printf("errors: unknown timer %s, tv_usec of a million %s, bad pointer %s\n", strerrorname_np(unknown),
	       strerrorname_np(usec), strerrorname_np(fault));
	T_CHECK(unknown == EINVAL && usec == EINVAL && fault == EFAULT);
}

static void test_fork(void)
{
	struct itimerval it = ms(5000, 0);
	setitimer(ITIMER_REAL, &it, NULL);
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		struct itimerval mine;
		getitimer(ITIMER_REAL, &mine);
		_exit(tv_ns(mine.it_value) == 0 ? 0 : 1);
	}
	int status = -1;
	waitpid(pid, &status, 0);
	it = ms(0, 0);
	setitimer(ITIMER_REAL, &it, NULL);
	fflush(NULL);
	pid_t killed = fork();
	if (killed == 0) {
		signal(SIGALRM, SIG_DFL);
		it = ms(20, 0);
		setitimer(ITIMER_REAL, &it, NULL);
		for (;;)
			pause();
	}
	int how = -1;
	waitpid(killed, &how, 0);
	printf("a fork's child starts with no timer: %s; a child's alarm without a handler kills it: %s\n",
	       WIFEXITED(status) && WEXITSTATUS(status) == 0 ? "yes" : "no",
	       WIFSIGNALED(how) && WTERMSIG(how) == SIGALRM ? "yes" : "no");
	T_CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0 && WIFSIGNALED(how) && WTERMSIG(how) == SIGALRM);
}

int main(void)
{
	t_begin();
	handle(SIGALRM);
	handle(SIGVTALRM);
	handle(SIGPROF);
	test_alarm();
	test_one_shot();
	test_periodic();
	test_cpu_timers();
	test_values();
	test_errors();
	test_fork();
	return t_done("t-timers");
}
