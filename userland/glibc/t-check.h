/*
 * t-check.h: the little harness shared by the t-* differential tests.
 *
 * A t-* program prints deterministic lines (no addresses, times or pids) describing what it
 * did, checks each result with T_CHECK, and ends with `return t_done("t-name");`, which prints
 * "t-name: N checks, M failed" and returns the exit status (0 when every check passed).
 * A failed check also prints "FAIL <file>:<line>: <condition>" so the output differs from the
 * reference run. stdout is line-buffered, and fflush(NULL) is called before every fork, so
 * output interleaves the same way on every kernel.
 */
#ifndef T_CHECK_H
#define T_CHECK_H

#include <stdio.h>

static int t_checks, t_failed;

/* Counts one check; prints the condition's text when it does not hold. */
static inline int t_check(int ok, const char *what, const char *file, int line)
{
	t_checks++;
	if (!ok) {
		t_failed++;
		printf("FAIL %s:%d: %s\n", file, line, what);
	}
	return ok;
}

#define T_CHECK(cond) t_check(!!(cond), #cond, __FILE__, __LINE__)

/* Call first: line-buffered stdout even into a pipe, so lines are never duplicated by fork. */
static inline void t_begin(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
}

/* Call last: the summary line and the exit status. */
static inline int t_done(const char *name)
{
	printf("%s: %d checks, %d failed\n", name, t_checks, t_failed);
	fflush(stdout);
	return t_failed ? 1 : 0;
}

#endif
