/*
 * t-fifopoll: poll and select on a named pipe, and a poll that mixes it with an ordinary pipe.
 *
 * With no argument, a differential test in a fresh FIFO under /tmp: an empty FIFO is not
 * readable (poll with a zero timeout returns 0 at once, one of 30 ms times out), its write end
 * is writable; after a write it is readable until read; a child's write wakes a poll with no
 * timeout, among an ordinary pipe's read end; a signal ends a poll with EINTR; select sees what
 * poll sees; with the writer gone the reader sees POLLHUP. The FIFO's name contains the pid,
 * which is never printed. Exits 0 when every check passes, and removes the FIFO.
 *
 * `t-fifopoll now PATH`: opens the FIFO PATH for reading without waiting and polls it once
 * with a zero timeout, printing what poll returned.
 *
 * `t-fifopoll wait PATH`: opens the FIFO PATH for reading (waiting for a writer), then polls it
 * with no timeout and reads what came until end of file, printing each read with the number of
 * polls it took: a poll that returns while the FIFO is empty would show as more than one.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>
#include "t-check.h"

static void on_alarm(int sig)
{
	(void)sig;
}

static int wait_mode(const char *path)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		perror("open");
		return 1;
	}
	printf("opened\n");
	for (;;) {
		int polls = 0;
		struct pollfd p = { .fd = fd, .events = POLLIN };
		char buf[256];
		ssize_t n;
		do {
			polls++;
			if (poll(&p, 1, -1) != 1) {
				perror("poll");
				return 1;
			}
			n = read(fd, buf, sizeof buf - 1);
		} while (n < 0 && errno == EAGAIN);
		if (n < 0) {
			perror("read");
			return 1;
		}
		if (n == 0) {
			printf("end of file after %d poll(s), revents %s%s\n", polls, p.revents & POLLIN ? "IN" : "",
			       p.revents & POLLHUP ? "HUP" : "");
			return 0;
		}
		buf[n] = 0;
		printf("read after %d poll(s): %s", polls, buf);
	}
}

static int now_mode(const char *path)
{
	struct pollfd p = { .fd = open(path, O_RDONLY | O_NONBLOCK), .events = POLLIN };
	if (p.fd < 0) {
		perror("open");
		return 1;
	}
	int r = poll(&p, 1, 0);
	printf("poll now: %d revents %#x\n", r, p.revents);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "wait") == 0)
		return wait_mode(argv[2]);
	if (argc == 3 && strcmp(argv[1], "now") == 0)
		return now_mode(argv[2]);
	t_begin();
	char path[64];
	snprintf(path, sizeof path, "/tmp/t-fifopoll.%d", getpid());
	T_CHECK(mkfifo(path, 0600) == 0);
	int rd = open(path, O_RDONLY | O_NONBLOCK);
	int wr = open(path, O_WRONLY);
	T_CHECK(rd >= 0 && wr >= 0);

	struct pollfd p = { .fd = rd, .events = POLLIN };
	int r = poll(&p, 1, 0);
	printf("empty, timeout 0: %d revents %#x\n", r, p.revents);
	T_CHECK(r == 0 && p.revents == 0);
	r = poll(&p, 1, 30);
	printf("empty, timeout 30 ms: %d revents %#x\n", r, p.revents);
	T_CHECK(r == 0);
	struct pollfd w = { .fd = wr, .events = POLLOUT };
	r = poll(&w, 1, 0);
	printf("write end: %d revents %#x\n", r, w.revents);
	T_CHECK(r == 1 && w.revents == POLLOUT);

	T_CHECK(write(wr, "x", 1) == 1);
	r = poll(&p, 1, 0);
	printf("after a write: %d revents %#x\n", r, p.revents);
	T_CHECK(r == 1 && p.revents == POLLIN);
	char c;
	T_CHECK(read(rd, &c, 1) == 1 && c == 'x');
	r = poll(&p, 1, 0);
	printf("after the read: %d revents %#x\n", r, p.revents);
	T_CHECK(r == 0);

	/* select sees the same */
	fd_set set;
	struct timeval tv = { 0, 0 };
	FD_ZERO(&set);
	FD_SET(rd, &set);
	r = select(rd + 1, &set, NULL, NULL, &tv);
	printf("select, empty: %d\n", r);
	T_CHECK(r == 0);
	T_CHECK(write(wr, "y", 1) == 1);
	FD_ZERO(&set);
	FD_SET(rd, &set);
	tv.tv_sec = 0;
	tv.tv_usec = 0;
	r = select(rd + 1, &set, NULL, NULL, &tv);
	printf("select, after a write: %d readable %d\n", r, FD_ISSET(rd, &set) != 0);
	T_CHECK(r == 1 && FD_ISSET(rd, &set));
	T_CHECK(read(rd, &c, 1) == 1 && c == 'y');

	/* a child's write wakes a poll with no timeout that also watches an ordinary pipe */
	int pp[2];
	T_CHECK(pipe(pp) == 0);
	fflush(NULL);
	pid_t child = fork();
	if (child == 0) {
		usleep(20000);
		if (write(wr, "z", 1) != 1)
			_exit(1);
		_exit(0);
	}
	struct pollfd two[2] = { { .fd = pp[0], .events = POLLIN }, { .fd = rd, .events = POLLIN } };
	r = poll(two, 2, -1);
	printf("woken by the child: %d revents %#x %#x\n", r, two[0].revents, two[1].revents);
	T_CHECK(r == 1 && two[0].revents == 0 && two[1].revents == POLLIN);
	int status;
	T_CHECK(waitpid(child, &status, 0) == child && WIFEXITED(status) && WEXITSTATUS(status) == 0);
	T_CHECK(read(rd, &c, 1) == 1 && c == 'z');

	/* a signal ends a poll with EINTR */
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;
	T_CHECK(sigaction(SIGALRM, &sa, NULL) == 0);
	struct itimerval it = { { 0, 0 }, { 0, 20000 } };
	T_CHECK(setitimer(ITIMER_REAL, &it, NULL) == 0);
	r = poll(&p, 1, -1);
	int e = errno;
	printf("interrupted: %d %s\n", r, r < 0 ? strerror(e) : "");
	T_CHECK(r == -1 && e == EINTR);

	/* the writer gone: hang-up */
	T_CHECK(close(wr) == 0);
	r = poll(&p, 1, 0);
	printf("writer closed: %d revents %#x\n", r, p.revents);
	T_CHECK(r == 1 && p.revents == POLLHUP);

	T_CHECK(close(rd) == 0 && close(pp[0]) == 0 && close(pp[1]) == 0);
	T_CHECK(unlink(path) == 0);
	return t_done("t-fifopoll");
}
