/*
 * tcpperf: TCP latency and throughput between two hosts, timed with CLOCK_MONOTONIC (in the
 * machine: virtual time), as netperf's TCP_RR and TCP_STREAM tests measure them.
 *
 *   tcpperf server PORT [COUNT]             serve COUNT tests (default 1), one connection each
 *   tcpperf preforked PORT WORKERS COUNT    a listener shared by WORKERS forked processes, each
 *                                           moved to a kernel of its own (worker i to the i-th
 *                                           online kernel after this one) and serving COUNT/WORKERS
 *                                           tests: one listening socket accepting on several kernels
 *   tcpperf rtt HOST PORT [ROUNDS] [SIZE]   ROUNDS request/response exchanges of SIZE bytes each
 *                                           way (default 1000 of 1 byte): rtt_us mean, p50, p99
 *   tcpperf bulk HOST PORT [BYTES]          BYTES one way (default 4 MiB), then the server's
 *                                           "ok": throughput in Mbit/s
 *
 * The client tells the server which test it runs in a first line ("rtt ROUNDS SIZE" or "bulk
 * BYTES"). Every figure line is NAME=VALUE, for scripts (npm run bench reads them).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>
#include "libpopcorn.h"

static double now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static void die(const char *what)
{
	fprintf(stderr, "tcpperf: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* Reads exactly n bytes; 0 at a clean end of file before any, -1 on an error or a short end. */
static int read_all(int fd, char *buf, size_t n)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = read(fd, buf + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return got == 0 && r == 0 ? 0 : -1;
		got += (size_t)r;
	}
	return 1;
}

static void write_all(int fd, const char *buf, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, buf, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			die("write");
		buf += w;
		n -= (size_t)w;
	}
}

/* One line (the test's header), without its newline. */
static int read_line(int fd, char *buf, size_t size)
{
	size_t n = 0;
	while (n + 1 < size) {
		ssize_t r = read(fd, buf + n, 1);
		if (r <= 0)
			return -1;
		if (buf[n] == '\n')
			break;
		n++;
	}
	buf[n] = 0;
	return 0;
}

static void serve(int c)
{
	char line[64];
	static char buf[65536];
	long rounds, size, bytes;
	if (read_line(c, line, sizeof line) < 0)
		return;
	if (sscanf(line, "rtt %ld %ld", &rounds, &size) == 2 && size > 0 && size <= (long)sizeof buf) {
		for (long i = 0; i < rounds; i++) {
			if (read_all(c, buf, (size_t)size) <= 0)
				return;
			write_all(c, buf, (size_t)size);
		}
	} else if (sscanf(line, "bulk %ld", &bytes) == 1) {
		long got = 0;
		while (got < bytes) {
			ssize_t r = read(c, buf, sizeof buf);
			if (r <= 0)
				return;
			got += r;
		}
		write_all(c, "ok\n", 3);
	}
}

static int listener(int port)
{
	int l = socket(AF_INET, SOCK_STREAM, 0);
	int one = 1;
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((unsigned short)port)};
	if (l < 0)
		die("socket");
	setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(l, (struct sockaddr *)&a, sizeof a) < 0)
		die("bind");
	if (listen(l, 16) < 0)
		die("listen");
	return l;
}

static int server(int port, int count)
{
	int l = listener(port);
	printf("listening\n");
	fflush(stdout);
	for (int i = 0; i < count; i++) {
		int c = accept(l, NULL, NULL);
		if (c < 0)
			die("accept");
		serve(c);
		close(c);
	}
	return 0;
}

/* The listener is inherited by every worker; each moves to a kernel, then accepts there. */
static int preforked(int port, int workers, int count)
{
	int l = listener(port);
	int nids[MAX_POPCORN_NODES];
	int nodes = popcorn_online_nodes(nids, MAX_POPCORN_NODES);
	int here = popcorn_current_nid();
	for (int i = 0; i < workers; i++) {
		pid_t pid = fork();
		if (pid < 0)
			die("fork");
		if (pid > 0)
			continue;
		if (nodes > 1) {
			int at = 0;
			while (at < nodes && nids[at] != here)
				at++;
			migrate(nids[(at + 1 + i) % nodes]);
		}
		int served = 0;
		for (int n = i; n < count; n += workers) {
			int c = accept(l, NULL, NULL);
			if (c < 0)
				die("accept");
			serve(c);
			close(c);
			served++;
		}
		printf("worker %d on kernel %d served %d\n", i, popcorn_current_nid(), served);
		fflush(stdout);
		_exit(0);
	}
	printf("listening\n");
	fflush(stdout);
	for (int i = 0; i < workers; i++)
		wait(NULL);
	return 0;
}

static int connect_to(const char *host, const char *port)
{
	struct addrinfo hints = {.ai_family = AF_INET, .ai_socktype = SOCK_STREAM}, *res;
	int err = getaddrinfo(host, port, &hints, &res);
	if (err) {
		fprintf(stderr, "tcpperf: %s: %s\n", host, gai_strerror(err));
		exit(1);
	}
	int s = socket(AF_INET, SOCK_STREAM, 0);
	int one = 1;
	if (s < 0)
		die("socket");
	setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (connect(s, res->ai_addr, res->ai_addrlen) < 0)
		die("connect");
	freeaddrinfo(res);
	return s;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static int rtt(const char *host, const char *port, long rounds, long size)
{
	static char buf[65536];
	char line[64];
	double *times = malloc(sizeof *times * (size_t)rounds), total = 0;
	int s = connect_to(host, port);
	if (!times || size <= 0 || size > (long)sizeof buf || rounds <= 0) {
		fprintf(stderr, "tcpperf: bad rounds or size\n");
		return 2;
	}
	snprintf(line, sizeof line, "rtt %ld %ld\n", rounds, size);
	write_all(s, line, strlen(line));
	memset(buf, 'x', (size_t)size);
	for (long i = 0; i < rounds; i++) {
		double t0 = now_us();
		write_all(s, buf, (size_t)size);
		if (read_all(s, buf, (size_t)size) <= 0)
			die("read");
		times[i] = now_us() - t0;
		total += times[i];
	}
	qsort(times, (size_t)rounds, sizeof *times, by_value);
	printf("rounds=%ld size=%ld\n", rounds, size);
	printf("rtt_us=%.1f\n", total / rounds);
	printf("rtt_p50_us=%.1f\n", times[rounds / 2]);
	printf("rtt_p99_us=%.1f\n", times[(rounds * 99) / 100]);
	close(s);
	return 0;
}

static int bulk(const char *host, const char *port, long bytes)
{
	static char buf[65536];
	char line[64];
	int s = connect_to(host, port);
	snprintf(line, sizeof line, "bulk %ld\n", bytes);
	write_all(s, line, strlen(line));
	memset(buf, 'y', sizeof buf);
	double t0 = now_us();
	for (long sent = 0; sent < bytes;) {
		size_t n = bytes - sent < (long)sizeof buf ? (size_t)(bytes - sent) : sizeof buf;
		write_all(s, buf, n);
		sent += (long)n;
	}
	if (read_all(s, buf, 3) <= 0 || memcmp(buf, "ok\n", 3) != 0) {
		fprintf(stderr, "tcpperf: the server did not confirm\n");
		return 1;
	}
	double us = now_us() - t0;
	printf("bytes=%ld\n", bytes);
	printf("elapsed_us=%.0f\n", us);
	printf("mbps=%.1f\n", bytes * 8.0 / us);
	close(s);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 5 && strcmp(argv[1], "preforked") == 0)
		return preforked(atoi(argv[2]), atoi(argv[3]), atoi(argv[4]));
	if (argc >= 3 && strcmp(argv[1], "server") == 0)
		return server(atoi(argv[2]), argc > 3 ? atoi(argv[3]) : 1);
	if (argc >= 4 && strcmp(argv[1], "rtt") == 0)
		return rtt(argv[2], argv[3], argc > 4 ? atol(argv[4]) : 1000, argc > 5 ? atol(argv[5]) : 1);
	if (argc >= 4 && strcmp(argv[1], "bulk") == 0)
		return bulk(argv[2], argv[3], argc > 4 ? atol(argv[4]) : 4L << 20);
	fprintf(stderr, "usage: tcpperf server PORT [COUNT] | preforked PORT WORKERS COUNT | rtt HOST PORT [ROUNDS] [SIZE] |\n"
			"               bulk HOST PORT [BYTES]\n");
	return 2;
}
