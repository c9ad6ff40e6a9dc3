/*
 * sleep: waits for a while.
 *
 *   sleep NUMBER[SUFFIX]...
 *
 * Sleeps for the sum of the arguments, each a decimal number of seconds that may have a
 * fraction ("0.25") and a suffix s (seconds), m (minutes), h (hours) or d (days). Uses
 * nanosleep, resumed with the remaining time if a signal handler interrupts it. Exits 0, or 1
 * on a bad argument.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: sleep NUMBER[smhd]...\n");
		return 1;
	}
	double total = 0;
	for (int i = 1; i < argc; i++) {
		char *end;
		errno = 0;
		double v = strtod(argv[i], &end);
		double unit = 1;
		if (*end && !end[1]) {
			switch (*end++) {
			case 's': unit = 1; break;
			case 'm': unit = 60; break;
			case 'h': unit = 3600; break;
			case 'd': unit = 86400; break;
			default: end--; break;
			}
		}
		if (errno || end == argv[i] || *end || !(v >= 0) || isinf(v)) {
			fprintf(stderr, "sleep: invalid time interval '%s'\n", argv[i]);
			return 1;
		}
		total += v * unit;
	}
	if (total > 1e9)
		total = 1e9; /* about 31 years: plenty, and fits a time_t */
	struct timespec ts;
	ts.tv_sec = (time_t)total;
	ts.tv_nsec = (long)((total - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
	return 0;
}
