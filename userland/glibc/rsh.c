/*
 * rsh: the client of rshd, a remote shell over TCP.
 *
 *   rsh [-p PORT] HOST [CMD...]
 *
 * Connects to rshd on HOST (a dotted address, a name in /etc/hosts such as popcorn1, or one
 * getaddrinfo knows; PORT default 514), sends the command (CMD's words joined by spaces; none:
 * an interactive shell there), then copies its stdin to the connection and the connection to
 * its stdout, with poll, until the server closes; at the end of its stdin it shuts down its
 * writing half, so the remote command reads end of file and the output still comes back.
 * The remote command's stderr comes back with its stdout, and its exit status is not returned.
 * Exit status: 0; 1 with a message (`rsh: popcorn1: Connection refused`) when it cannot connect
 * or the connection fails; 2 on a usage error.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include "netutil.h"

static void usage(void)
{
	fprintf(stderr, "usage: rsh [-p PORT] HOST [CMD...]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	int port = 514, opt;
	while ((opt = getopt(argc, argv, "+p:")) != -1) {
		if (opt != 'p')
			usage();
		char *end;
		long v = strtol(optarg, &end, 10);
		if (*optarg == '\0' || *end != '\0' || v < 1 || v > 65535)
			usage();
		port = (int)v;
	}
	if (optind >= argc)
		usage();
	const char *host = argv[optind++];
	signal(SIGPIPE, SIG_IGN);

	/* the command line: the words joined by spaces, one line */
	char cmd[4096];
	size_t len = 0;
	for (int i = optind; i < argc; i++) {
		int n = snprintf(cmd + len, sizeof cmd - len, "%s%s", i > optind ? " " : "", argv[i]);
		if (n < 0 || (size_t)n >= sizeof cmd - len - 1) {
			fprintf(stderr, "rsh: command too long\n");
			return 1;
		}
		len += (size_t)n;
	}
	if (memchr(cmd, '\n', len)) {
		fprintf(stderr, "rsh: the command must be one line\n");
		return 1;
	}
	cmd[len++] = '\n';

	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	if (resolve_host(host, &a.sin_addr) < 0) {
		fprintf(stderr, "rsh: %s: unknown host\n", host);
		return 1;
	}
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a) < 0) {
		fprintf(stderr, "rsh: %s: %s\n", host, strerror(errno));
		return 1;
	}
	if (write_all(fd, cmd, len) < 0) {
		fprintf(stderr, "rsh: %s: %s\n", host, strerror(errno));
		return 1;
	}

	struct pollfd p[2] = { { .fd = fd, .events = POLLIN }, { .fd = 0, .events = POLLIN } };
	int nfds = 2;
	char buf[16384];
	for (;;) {
		if (poll(p, (nfds_t)nfds, -1) < 0) {
			if (errno == EINTR)
				continue;
			perror("rsh: poll");
			return 1;
		}
		if (p[0].revents) {
			ssize_t n = read(fd, buf, sizeof buf);
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0) {
				fprintf(stderr, "rsh: %s: %s\n", host, strerror(errno));
				return 1;
			}
			if (n == 0)
				break; /* the command ended */
			if (write_all(1, buf, (size_t)n) < 0)
				return 1;
		}
		if (nfds == 2 && p[1].revents) {
			ssize_t n = read(0, buf, sizeof buf);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0 || write_all(fd, buf, (size_t)n) < 0) {
				/* end of input (or the command no longer reads): say so, keep reading */
				shutdown(fd, SHUT_WR);
				nfds = 1;
			}
		}
	}
	close(fd);
	return 0;
}
