/*
 * kill: sends a signal to processes.
 *
 *   kill [-SIGNAL | -s SIGNAL | -n NUMBER] [--] PID...
 *   kill -l [NUMBER]
 *
 * SIGNAL is a name with or without "SIG" (TERM, SIGKILL, RTMIN+2, case-insensitive) or a
 * number; the default is SIGTERM. A negative PID names a process group (write "--" first:
 * `kill -- -42`). `kill -l` lists the signal names; `kill -l N` names signal N (an exit status
 * above 128 is taken as 128 + N). Exits 0 if every signal was sent, 1 otherwise.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The signal's name without "SIG", or NULL (real-time signals are RTMIN, RTMIN+n, RTMAX). */
static const char *name_of(int sig, char *buf, size_t size)
{
	if (sig >= SIGRTMIN && sig <= SIGRTMAX) {
		if (sig == SIGRTMIN)
			snprintf(buf, size, "RTMIN");
		else if (sig == SIGRTMAX)
			snprintf(buf, size, "RTMAX");
		else if (sig - SIGRTMIN <= SIGRTMAX - sig)
			snprintf(buf, size, "RTMIN+%d", sig - SIGRTMIN);
		else
			snprintf(buf, size, "RTMAX-%d", SIGRTMAX - sig);
		return buf;
	}
	return sig > 0 && sig < NSIG ? sigabbrev_np(sig) : NULL;
}

/* Parses a signal name or number; returns -1 if it is neither. */
static int parse_signal(const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);
	if (*s && !*end)
		return n >= 0 && n < NSIG ? (int)n : -1;
	if (strncasecmp(s, "SIG", 3) == 0)
		s += 3;
	char buf[16];
	for (int sig = 1; sig < NSIG; sig++) {
		const char *name = name_of(sig, buf, sizeof buf);
		if (name && strcasecmp(s, name) == 0)
			return sig;
	}
	return -1;
}

static int list(const char *arg)
{
	char buf[16];
	if (arg) {
		int sig = atoi(arg);
		if (sig > 128)
			sig -= 128;
		const char *name = name_of(sig, buf, sizeof buf);
		if (!name) {
			fprintf(stderr, "kill: unknown signal %s\n", arg);
			return 1;
		}
		printf("%s\n", name);
		return 0;
	}
	int column = 0;
	for (int sig = 1; sig < NSIG; sig++) {
		const char *name = name_of(sig, buf, sizeof buf);
		if (!name)
			continue;
		if (++column % 5 == 0)
			printf("%2d) SIG%s\n", sig, name);
		else
			printf("%2d) SIG%-9s ", sig, name);
	}
	if (column % 5)
		printf("\n");
	return 0;
}

int main(int argc, char **argv)
{
	int sig = SIGTERM, i = 1;
	if (argc > 1 && strcmp(argv[1], "-l") == 0)
		return list(argc > 2 ? argv[2] : NULL);
	if (i < argc && (strcmp(argv[i], "-s") == 0 || strcmp(argv[i], "-n") == 0)) {
		if (i + 1 >= argc || (sig = parse_signal(argv[i + 1])) < 0) {
			fprintf(stderr, "kill: bad signal '%s'\n", i + 1 < argc ? argv[i + 1] : "");
			return 1;
		}
		i += 2;
	} else if (i < argc && argv[i][0] == '-' && argv[i][1] && strcmp(argv[i], "--") != 0) {
		if ((sig = parse_signal(argv[i] + 1)) < 0) {
			fprintf(stderr, "kill: bad signal '%s'\n", argv[i] + 1);
			return 1;
		}
		i++;
	}
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (i >= argc) {
		fprintf(stderr, "usage: kill [-SIGNAL | -s SIGNAL] [--] PID...\n       kill -l [NUMBER]\n");
		return 2;
	}
	int status = 0;
	for (; i < argc; i++) {
		char *end;
		long pid = strtol(argv[i], &end, 10);
		if (!*argv[i] || *end) {
			fprintf(stderr, "kill: %s: not a process id\n", argv[i]);
			status = 1;
		} else if (kill((pid_t)pid, sig) != 0) {
			fprintf(stderr, "kill: (%ld): %s\n", pid, strerror(errno));
			status = 1;
		}
	}
	return status;
}
