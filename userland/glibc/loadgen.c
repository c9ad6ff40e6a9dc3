/*
 * loadgen: an HTTP load generator, a tiny `ab`: the NetPopcorn experiment's client.
 *
 *   loadgen [-c CONCURRENCY] [-n REQUESTS] [-p PATH] [-q] HOST[:PORT]
 *
 * Keeps CONCURRENCY connections open at once (default 4) until REQUESTS (default 100) have
 * been made, each a fresh connection: a non-blocking connect, `GET PATH HTTP/1.0` with a Host
 * header (PATH default /), the reply read to end of file; a request succeeds when its status
 * line says 200. One thread, one epoll set. Each request's latency runs from its connect to
 * the reply's end, by CLOCK_MONOTONIC (virtual time in the playground's machine). HOST is a
 * dotted address, a name in /etc/hosts (popcorn0, popcorn...) or one getaddrinfo knows; PORT
 * defaults to 80.
 *
 * It prints the requests completed and failed, the elapsed time, connections per second and
 * the latency's min, p50, p90, p99 and max in microseconds; -q prints one line instead:
 *   conn_per_s=N p50_us=N p99_us=N ok=N fail=N
 * A request fails on a refused or reset connection, a status other than 200, or 10 s with no
 * progress on any connection (then every open one fails). Exit status: 0 when none failed,
 * 1 when some did, 2 on a usage error.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <time.h>
#include "netutil.h"

#define STALL_MS 10000

struct conn {
	int fd;
	int connected;
	size_t sent;
	char head[16]; /* the reply's first bytes: the status line's start */
	size_t headlen;
	long long start_ns;
};

static char request[512];
static size_t request_len;
static long long *latencies; /* of the successful requests, in ns */
static int ok, failed;

static long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void usage(void)
{
	fprintf(stderr, "usage: loadgen [-c CONCURRENCY] [-n REQUESTS] [-p PATH] [-q] HOST[:PORT]\n");
	exit(2);
}

static int positive(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || v < 1 || v > 1000000)
		usage();
	return (int)v;
}

/* Starts a request on c: -1 if the socket cannot even be made. */
static int start(struct conn *c, int ep, const struct sockaddr_in *to)
{
	memset(c, 0, sizeof *c);
	c->start_ns = now_ns();
	c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (c->fd < 0)
		return -1;
	if (connect(c->fd, (const struct sockaddr *)to, sizeof *to) < 0 && errno != EINPROGRESS) {
		/* refused at once: counted as a failure when the event loop sees the error */
	}
	struct epoll_event ev = { .events = EPOLLOUT | EPOLLIN | EPOLLRDHUP, .data.ptr = c };
	return epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev);
}

/* Ends c's request, a success or not. */
static void finish(struct conn *c, int success)
{
	if (success)
		latencies[ok++] = now_ns() - c->start_ns;
	else
		failed++;
	close(c->fd); /* also leaves the epoll set */
	c->fd = -1;
}

/* Advances c on its events: 1 when its request ended. */
static int advance(struct conn *c, int ep, unsigned events)
{
	if (!c->connected) {
		int err = 0;
		socklen_t len = sizeof err;
		getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
		if (err || (events & (EPOLLERR | EPOLLHUP) && !(events & EPOLLOUT))) {
			finish(c, 0);
			return 1;
		}
		if (!(events & EPOLLOUT))
			return 0;
		c->connected = 1;
	}
	if (c->sent < request_len) {
		ssize_t n = write(c->fd, request + c->sent, request_len - c->sent);
		if (n < 0 && errno != EAGAIN) {
			finish(c, 0);
			return 1;
		}
		if (n > 0)
			c->sent += (size_t)n;
		if (c->sent == request_len) {
			struct epoll_event ev = { .events = EPOLLIN | EPOLLRDHUP, .data.ptr = c };
			epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
		}
		return 0;
	}
	char buf[16384];
	for (;;) {
		ssize_t n = read(c->fd, buf, sizeof buf);
		if (n < 0 && errno == EAGAIN)
			return 0;
		if (n < 0) {
			finish(c, 0);
			return 1;
		}
		if (n == 0) {
			/* "HTTP/1.x 200": a complete reply with the status OK */
			int good = c->headlen >= 12 && memcmp(c->head, "HTTP/1.", 7) == 0 && memcmp(c->head + 8, " 200", 4) == 0;
			finish(c, good);
			return 1;
		}
		size_t take = sizeof c->head - c->headlen;
		if (take > (size_t)n)
			take = (size_t)n;
		memcpy(c->head + c->headlen, buf, take);
		c->headlen += take;
	}
}

static int by_value(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return (x > y) - (x < y);
}

/* The p-th percentile (nearest rank) of the sorted latencies, in µs. */
static long long percentile(int p)
{
	if (ok == 0)
		return 0;
	int rank = (p * ok + 99) / 100;
	if (rank < 1)
		rank = 1;
	return latencies[rank - 1] / 1000;
}

int main(int argc, char **argv)
{
	int concurrency = 4, requests = 100, quiet = 0, opt;
	const char *path = "/";
	while ((opt = getopt(argc, argv, "c:n:p:q")) != -1) {
		switch (opt) {
		case 'c':
			concurrency = positive(optarg);
			break;
		case 'n':
			requests = positive(optarg);
			break;
		case 'p':
			path = optarg;
			break;
		case 'q':
			quiet = 1;
			break;
		default:
			usage();
		}
	}
	if (optind != argc - 1 || path[0] != '/' || strlen(path) > 256)
		usage();
	signal(SIGPIPE, SIG_IGN);

	char host[256];
	int port = 80;
	snprintf(host, sizeof host, "%s", argv[optind]);
	char *colon = strrchr(host, ':');
	if (colon) {
		*colon = '\0';
		port = positive(colon + 1);
		if (port > 65535)
			usage();
	}
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	if (resolve_host(host, &to.sin_addr) < 0) {
		fprintf(stderr, "loadgen: %s: unknown host\n", host);
		return 1;
	}
	request_len = (size_t)snprintf(request, sizeof request, "GET %s HTTP/1.0\r\nHost: %s\r\nUser-Agent: loadgen\r\n\r\n",
				       path, argv[optind]);

	if (concurrency > requests)
		concurrency = requests;
	struct conn *conns = calloc((size_t)concurrency, sizeof *conns);
	latencies = calloc((size_t)requests, sizeof *latencies);
	int ep = epoll_create1(EPOLL_CLOEXEC);
	if (!conns || !latencies || ep < 0) {
		perror("loadgen");
		return 1;
	}
	int started = 0, active = 0;
	long long t0 = now_ns();
	for (int i = 0; i < concurrency; i++) {
		conns[i].fd = -1;
		if (start(&conns[i], ep, &to) < 0) {
			perror("loadgen: socket");
			return 1;
		}
		started++;
		active++;
	}
	struct epoll_event events[64];
	while (active > 0) {
		int n = epoll_wait(ep, events, 64, STALL_MS);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			/* nothing moved for STALL_MS: every open request fails */
			for (int i = 0; i < concurrency; i++)
				if (conns[i].fd >= 0)
					finish(&conns[i], 0);
			break;
		}
		for (int i = 0; i < n; i++) {
			struct conn *c = events[i].data.ptr;
			if (c->fd < 0 || !advance(c, ep, events[i].events))
				continue;
			active--;
			if (started < requests) {
				if (start(c, ep, &to) < 0) {
					perror("loadgen: socket");
					return 1;
				}
				started++;
				active++;
			}
		}
	}
	/* requests never started (a stall) count as failed too */
	failed += requests - started;
	double elapsed = (double)(now_ns() - t0) / 1e9;
	double rate = elapsed > 0 ? (double)ok / elapsed : 0;
	qsort(latencies, (size_t)ok, sizeof *latencies, by_value);
	if (quiet) {
		printf("conn_per_s=%.1f p50_us=%lld p99_us=%lld ok=%d fail=%d\n", rate, percentile(50), percentile(99), ok,
		       failed);
	} else {
		printf("loadgen: %d requests to http://%s%s, %d at a time\n", requests, argv[optind], path, concurrency);
		printf("completed: %d\n", ok);
		printf("failed:    %d\n", failed);
		printf("elapsed:   %.3f s\n", elapsed);
		printf("conn/s:    %.1f\n", rate);
		printf("latency (us): min %lld, p50 %lld, p90 %lld, p99 %lld, max %lld\n", ok ? latencies[0] / 1000 : 0,
		       percentile(50), percentile(90), percentile(99), ok ? latencies[ok - 1] / 1000 : 0);
	}
	return failed ? 1 : 0;
}
