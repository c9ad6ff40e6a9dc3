/*
 * t-epoll: epoll as event loops use it: level-triggered, edge-triggered and one-shot entries
 * on pipes and sockets, EPOLL_CTL_MOD and DEL, the 64 bits of data handed back, EPOLLHUP and
 * EPOLLRDHUP-free hang-ups, a wait woken by another process, a timeout, maxevents, the
 * entry that goes with its file's last descriptor, and the errors of misuse.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "t-check.h"

static const char *err(int rc)
{
	return rc < 0 ? strerror(errno) : "ok";
}

static int add(int ep, int fd, uint32_t events, uint64_t data)
{
	struct epoll_event e = { .events = events, .data.u64 = data };
	return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e);
}

/* Waits with timeout 0 and prints what came back. */
static int show(const char *what, int ep, int max)
{
	struct epoll_event got[8];
	int n = epoll_wait(ep, got, max, 0);
	printf("%s: %d", what, n);
	for (int i = 0; i < n; i++)
		printf(" [data %llu%s%s%s%s]", (unsigned long long)got[i].data.u64, got[i].events & EPOLLIN ? " IN" : "",
		       got[i].events & EPOLLOUT ? " OUT" : "", got[i].events & EPOLLHUP ? " HUP" : "",
		       got[i].events & EPOLLERR ? " ERR" : "");
	printf("\n");
	return n;
}

int main(void)
{
	t_begin();
	int ep = epoll_create1(EPOLL_CLOEXEC);
	T_CHECK(ep >= 0);
	printf("close-on-exec: %s\n", fcntl(ep, F_GETFD) & FD_CLOEXEC ? "yes" : "no");
	int p[2];
	pipe(p);
	T_CHECK(add(ep, p[0], EPOLLIN, 1000) == 0);
	show("level: empty pipe", ep, 8);
	write(p[1], "ab", 2);
	show("level: data", ep, 8);
	show("level: still there", ep, 8);
	char c;
	read(p[0], &c, 1);
	read(p[0], &c, 1);
	show("level: drained", ep, 8);

	struct epoll_event e = { .events = EPOLLIN | EPOLLET, .data.u64 = 2000 };
	T_CHECK(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &e) == 0);
	write(p[1], "x", 1);
	show("edge: data came", ep, 8);
	show("edge: nothing new", ep, 8);
	write(p[1], "y", 1);
	show("edge: more came", ep, 8);
	read(p[0], &c, 1);
	read(p[0], &c, 1);

	e.events = EPOLLIN | EPOLLONESHOT;
	e.data.u64 = 3000;
	epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &e);
	write(p[1], "z", 1);
	show("one-shot: reported", ep, 8);
	show("one-shot: then off", ep, 8);
	epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &e);
	show("one-shot: re-armed by MOD", ep, 8);
	read(p[0], &c, 1);

	int sv[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	T_CHECK(add(ep, sv[0], EPOLLIN | EPOLLOUT, 4000) == 0);
	epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL);
	show("socket: writable", ep, 8);
	close(sv[1]);
	show("socket: peer closed", ep, 8);
	close(p[1]);
	T_CHECK(add(ep, p[0], EPOLLIN, 5000) == 0);
	show("pipe: writer closed, two entries, maxevents 1", ep, 1);
	close(p[0]);
	show("pipe: its last descriptor closed", ep, 8);
	close(sv[0]);

	/* a wait that sleeps until another process writes */
	pipe(p);
	add(ep, p[0], EPOLLIN, 6000);
	fflush(NULL);
	pid_t child = fork();
	if (child == 0) {
		struct timespec ts = { 0, 20 * 1000 * 1000 };
		nanosleep(&ts, NULL);
		write(p[1], "w", 1);
		_exit(0);
	}
	struct epoll_event got;
	int n = epoll_wait(ep, &got, 1, 5000);
	printf("woken by the child: %d, data %llu\n", n, (unsigned long long)got.data.u64);
	waitpid(child, NULL, 0);
	read(p[0], &c, 1);
	struct timespec before, after;
	clock_gettime(CLOCK_MONOTONIC, &before);
	n = epoll_wait(ep, &got, 1, 30);
	clock_gettime(CLOCK_MONOTONIC, &after);
	long ms = (after.tv_sec - before.tv_sec) * 1000 + (after.tv_nsec - before.tv_nsec) / 1000000;
	printf("timeout of 30 ms: %d after at least 30 ms: %s\n", n, ms >= 30 ? "yes" : "no");

	int file = open("/proc/self/stat", O_RDONLY);
	printf("a regular file: %s\n", err(add(ep, file, EPOLLIN, 0)));
	printf("added twice: %s\n", err(add(ep, p[0], EPOLLIN, 0)));
	printf("DEL of one not added: %s\n", err(epoll_ctl(ep, EPOLL_CTL_DEL, p[1], NULL)));
	printf("the instance itself: %s\n", err(add(ep, ep, EPOLLIN, 0)));
	printf("not an epoll descriptor: %s\n", err(add(p[0], p[1], EPOLLIN, 0)));
	printf("a bad descriptor: %s\n", err(add(ep, 999, EPOLLIN, 0)));
	printf("a bad op: %s\n", err(epoll_ctl(ep, 7, p[1], &e)));
	printf("maxevents 0: %s\n", err(epoll_wait(ep, &got, 0, 0)));
	printf("epoll_create1 with a bad flag: %s\n", err(epoll_create1(1)));
	close(file);
	return t_done("t-epoll");
}
