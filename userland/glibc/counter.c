/*
 * counter: a long-running process to watch, migrate or kill.
 *
 *   counter [COUNT [INTERVAL_MS]]
 *
 * Prints "counter: 1", "counter: 2", ... one line every INTERVAL_MS milliseconds (default 500)
 * with nanosleep in between, COUNT lines (default 0: forever), then exits 0. Each line is
 * written as soon as it is formatted, even into a pipe.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static long number(const char *s, const char *what)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || *end || end == s || v < 0) {
		fprintf(stderr, "counter: bad %s '%s'\nusage: counter [COUNT [INTERVAL_MS]]\n", what, s);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	long count = argc > 1 ? number(argv[1], "count") : 0;
	long interval = argc > 2 ? number(argv[2], "interval") : 500;
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (long i = 1; count == 0 || i <= count; i++) {
		if (printf("counter: %ld\n", i) < 0)
			return 1; /* stdout went away */
		if (count && i == count)
			break;
		struct timespec ts = { interval / 1000, interval % 1000 * 1000000L };
		while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
			;
	}
	return 0;
}
