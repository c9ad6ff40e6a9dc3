/*
 * rshd: a tiny remote-shell server, as Popcorn's users reached a secondary kernel by ssh: one
 * on each kernel, and `rsh popcornK CMD` from another kernel's terminal runs CMD there.
 *
 *   rshd [-p PORT] [-n COUNT]
 *
 * Listens on PORT of every address (default 514, the old rsh port; SO_REUSEADDR), prints
 * "rshd: listening on port PORT" once it listens, and forks a child per connection. The child
 * reads one line, the command (up to 4 KiB; an empty line: an interactive shell), makes the
 * socket its stdin, stdout and stderr and execs `/bin/sh -c CMD` (or `/bin/sh -i`): what the
 * command prints goes back, what the client sends is its input, and the connection ends when
 * the command exits. No authentication: the machine's network is its own.
 * With -n, it stops after COUNT connections and exits once their commands have (for tests);
 * without, it serves for ever. Exit status: 1 if it cannot listen, 2 on a usage error.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include "netutil.h"

static void usage(void)
{
	fprintf(stderr, "usage: rshd [-p PORT] [-n COUNT]\n");
	exit(2);
}

static int number(const char *s, int max)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || v < 1 || v > max)
		usage();
	return (int)v;
}

/* The child: one command line, byte by byte (what follows it is the command's input). */
static void serve(int fd)
{
	char cmd[4096];
	size_t len = 0;
	for (;;) {
		char c;
		ssize_t n = read(fd, &c, 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			_exit(1); /* the client went before sending a command */
		if (c == '\n')
			break;
		if (len + 1 < sizeof cmd)
			cmd[len++] = c;
	}
	if (len > 0 && cmd[len - 1] == '\r')
		len--;
	cmd[len] = '\0';
	for (int i = 0; i < 3; i++)
		dup2(fd, i);
	if (fd > 2)
		close(fd);
	signal(SIGPIPE, SIG_DFL);
	signal(SIGCHLD, SIG_DFL);
	if (len == 0)
		execl("/bin/sh", "sh", "-i", (char *)NULL);
	else
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
	fprintf(stderr, "rshd: /bin/sh: %s\n", strerror(errno));
	_exit(127);
}

int main(int argc, char **argv)
{
	int port = 514, count = 0, opt, one = 1;
	while ((opt = getopt(argc, argv, "p:n:")) != -1) {
		if (opt == 'p')
			port = number(optarg, 65535);
		else if (opt == 'n')
			count = number(optarg, 1 << 30);
		else
			usage();
	}
	if (optind != argc)
		usage();
	signal(SIGPIPE, SIG_IGN);
	if (!count)
		signal(SIGCHLD, SIG_IGN); /* serving for ever: children reap themselves */

	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port), .sin_addr.s_addr = htonl(INADDR_ANY) };
	int lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (lfd < 0 || setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0 ||
	    bind(lfd, (struct sockaddr *)&a, sizeof a) < 0 || listen(lfd, 16) < 0) {
		fprintf(stderr, "rshd: port %d: %s\n", port, strerror(errno));
		return 1;
	}
	printf("rshd: listening on port %d\n", port);
	fflush(stdout);
	for (int served = 0; !count || served < count;) {
		int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno != EINTR && errno != ECONNABORTED)
				perror("rshd: accept");
			continue;
		}
		served++;
		pid_t child = fork();
		if (child == 0) {
			close(lfd);
			/* the socket must survive exec as fds 0-2 (dup2 clears close-on-exec) */
			serve(fd);
		}
		if (child < 0)
			perror("rshd: fork");
		close(fd);
	}
	close(lfd);
	while (wait(NULL) > 0 || errno == EINTR)
		;
	return 0;
}
