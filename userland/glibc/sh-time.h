/*
 * sh-time.h: the shell's `time` (included by sh.c only). `time PIPELINE` runs the pipeline,
 * then writes to the shell's standard error how long it took, as bash does with its default
 * TIMEFORMAT:
 *
 *   (empty line)
 *   real	0m0.012s
 *   user	0m0.010s
 *   sys	0m0.001s
 *
 * and `time -p PIPELINE` in the POSIX format, "real 0.01\nuser 0.01\nsys 0.00\n". Real time
 * is CLOCK_MONOTONIC from before the pipeline starts to after its last process is waited for;
 * user and sys are what getrusage says the shell (RUSAGE_SELF: a builtin, the forks) and its
 * waited-for children (RUSAGE_CHILDREN) used meanwhile, as bash counts them. Each figure is
 * rounded to the millisecond as bash rounds it (the POSIX format then keeps two digits of it).
 * `time` alone reports the times of nothing. The pipeline's redirections do not apply to the
 * report, which goes to the shell's own standard error.
 */
#ifndef SH_TIME_H
#define SH_TIME_H

#include <stdio.h>
#include <sys/resource.h>
#include <time.h>

struct time_mark {
	struct timespec real;
	struct rusage self, children;
};

static void time_start(struct time_mark *m)
{
	clock_gettime(CLOCK_MONOTONIC, &m->real);
	getrusage(RUSAGE_SELF, &m->self);
	getrusage(RUSAGE_CHILDREN, &m->children);
}

static long long usec_of(const struct timeval *tv)
{
	return (long long)tv->tv_sec * 1000000 + tv->tv_usec;
}

/* Microseconds as bash prints them: milliseconds rounded half up, then "MmS.FFFs" or "S.FF". */
static void time_field(const char *name, long long usec, int posix)
{
	if (usec < 0)
		usec = 0;
	long long ms = usec / 1000 + (usec % 1000 >= 500);
	long long sec = ms / 1000;
	int frac = (int)(ms % 1000);
	if (posix)
		fprintf(stderr, "%s %lld.%02d\n", name, sec, frac / 10);
	else
		fprintf(stderr, "%s\t%lldm%lld.%03ds\n", name, sec / 60, sec % 60, frac);
}

static void time_report(const struct time_mark *start, int posix)
{
	struct timespec now;
	struct rusage self, children;
	clock_gettime(CLOCK_MONOTONIC, &now);
	getrusage(RUSAGE_SELF, &self);
	getrusage(RUSAGE_CHILDREN, &children);
	long long real = ((long long)now.tv_sec - start->real.tv_sec) * 1000000 +
			 (now.tv_nsec - start->real.tv_nsec) / 1000;
	long long user = usec_of(&self.ru_utime) - usec_of(&start->self.ru_utime) + usec_of(&children.ru_utime) -
			 usec_of(&start->children.ru_utime);
	long long sys = usec_of(&self.ru_stime) - usec_of(&start->self.ru_stime) + usec_of(&children.ru_stime) -
			usec_of(&start->children.ru_stime);
	fflush(stdout);
	if (!posix)
		fprintf(stderr, "\n");
	time_field("real", real, posix);
	time_field("user", user, posix);
	time_field("sys", sys, posix);
	fflush(stderr);
}

#endif
