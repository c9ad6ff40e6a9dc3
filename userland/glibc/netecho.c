/*
 * netecho: an echo server and client over TCP, UDP and AF_UNIX, whose output is the same on
 * any Linux (qemu-riscv64 on the host, one playground kernel, two kernels on the virtual
 * network): the socket differential test, in modes that run as separate processes so the
 * client and the server can be on different kernels.
 *
 *   netecho tcp-server PORT [COUNT]     serve COUNT connections (default 2: one client run)
 *   netecho tcp-client HOST PORT        (HOST numeric, in /etc/hosts, or for getaddrinfo)
 *   netecho udp-server PORT [COUNT]     serve COUNT sessions (default 1: one client run)
 *   netecho udp-client HOST PORT
 *   netecho unix-server PATH|@NAME [COUNT]   stream at PATH, datagrams at PATH.dgram
 *   netecho unix-client PATH|@NAME           (@NAME: an abstract name)
 *   netecho all                         all of it in one process tree over 127.0.0.1 and /tmp
 *
 * A server prints "listening" once it listens (a test driver starts the client then), and
 * exits 0 after COUNT connections (or sessions). A stream client run makes two connections:
 *   1. connect non-blocking and wait for POLLOUT (loopback may connect at once, a network
 *      says EINPROGRESS first: both print "ok after poll"); small echoes; a megabyte sent and
 *      echoed back with an FNV-1a checksum printed at both ends; over AF_UNIX, a datagram
 *      session (the same as UDP's); "done", then shutdown(SHUT_WR): the server polls
 *      POLLIN|POLLRDHUP, reads EOF and still sends a line back; the client reads it, then EOF,
 *      and polls POLLIN POLLRDHUP POLLHUP.
 *   2. "reset": the server waits until the client sent more, then closes without reading it:
 *      Linux answers with a reset, and the client's read fails with ECONNRESET (TCP and AF_UNIX
 *      stream alike).
 * then connects where nobody listens: TCP to PORT+1 of HOST (ECONNREFUSED; `all` uses a port
 * bound and not listening), AF_UNIX to PATH.none (ENOENT, ECONNREFUSED for an abstract name)
 * and to a socket bound at PATH.idle that does not listen (ECONNREFUSED).
 * A datagram session echoes each datagram to its sender: two short texts, then a megabyte in
 * datagrams (64 of 16 KiB over UDP, in IP fragments on an Ethernet; 16 of 64 KiB over
 * AF_UNIX) one at a time, then "end"; the UDP client then sends from a socket connected
 * to PORT+1 and reads ECONNREFUSED (the ICMP port unreachable of Linux; a network that sends
 * none prints "no answer" after 2 s).
 * `all` also runs socketpairs with fork (a stream with shutdown, datagram boundaries), and
 * prints each server's lines after its client's, so its output is one deterministic text.
 * Nothing printed depends on timing, pids, addresses or ephemeral ports.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/un.h>
#include <sys/wait.h>
#include "netutil.h"

#define BULK_BYTES (1 << 20)
#define IO_TIMEOUT_MS 20000 /* a peer that stops answering ends the run, never hangs it */
#define REFUSAL_MS 2000	    /* how long the UDP client waits for a refusal */

static const char *role = "netecho";
static int failures;

static void say(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	printf("%s: ", role);
	vprintf(fmt, ap);
	putchar('\n');
	va_end(ap);
}

static void fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	printf("%s: FAILED: ", role);
	vprintf(fmt, ap);
	printf(" (%s)\n", strerror(errno));
	va_end(ap);
	failures++;
}

static void usage(void)
{
	fprintf(stderr, "usage: netecho tcp-server PORT [COUNT] | tcp-client HOST PORT | udp-server PORT [COUNT] |\n"
			"               udp-client HOST PORT | unix-server PATH|@NAME [COUNT] |\n"
			"               unix-client PATH|@NAME | all\n");
	exit(2);
}

/* Waits until fd has one of `events`; the revents, 0 on timeout. */
static short wait_for(int fd, short events, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = events };
	int n;
	do
		n = poll(&p, 1, timeout_ms);
	while (n < 0 && errno == EINTR);
	return n == 1 ? p.revents : 0;
}

static void set_blocking(int fd)
{
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
}

/* ---- addresses ---- */

static struct sockaddr_in inet_address(struct in_addr host, int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port), .sin_addr = host };
	return a;
}

/* PATH+suffix, or the abstract NAME+suffix for "@NAME". */
static socklen_t unix_address(struct sockaddr_un *a, const char *name, const char *suffix)
{
	memset(a, 0, sizeof *a);
	a->sun_family = AF_UNIX;
	if (name[0] == '@') {
		snprintf(a->sun_path + 1, sizeof a->sun_path - 1, "%s%s", name + 1, suffix);
		return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + strlen(a->sun_path + 1));
	}
	snprintf(a->sun_path, sizeof a->sun_path, "%s%s", name, suffix);
	return (socklen_t)sizeof *a;
}

static void unix_unlink(const char *name, const char *suffix)
{
	struct sockaddr_un a;
	if (name[0] != '@') {
		unix_address(&a, name, suffix);
		unlink(a.sun_path);
	}
}

/* A socket of `type` bound to `addr` (SO_REUSEADDR for TCP and UDP); -1 on failure. */
static int bound_socket(int family, int type, const void *addr, socklen_t len)
{
	int fd = socket(family, type | SOCK_CLOEXEC, 0), one = 1;
	if (fd < 0)
		return -1;
	if (family == AF_INET)
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(fd, addr, len) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static int local_port(int fd)
{
	struct sockaddr_in a;
	socklen_t len = sizeof a;
	getsockname(fd, (struct sockaddr *)&a, &len);
	return ntohs(a.sin_port);
}

/* ---- where a client connects: TCP or AF_UNIX, blocking or not ---- */

struct target {
	int family;
	struct sockaddr_storage addr;
	socklen_t len;
};

static struct target inet_target(struct in_addr host, int port)
{
	struct target t = { .family = AF_INET, .len = sizeof(struct sockaddr_in) };
	struct sockaddr_in a = inet_address(host, port);
	memcpy(&t.addr, &a, sizeof a);
	return t;
}

static struct target unix_target(const char *name, const char *suffix)
{
	struct target t = { .family = AF_UNIX };
	t.len = unix_address((struct sockaddr_un *)&t.addr, name, suffix);
	return t;
}

/* A stream socket connected to t; -1 with errno. Non-blocking: waits for POLLOUT and reads
   SO_ERROR, as an event loop does, and says so (whether connect finished at once or not). */
static int connect_stream(const struct target *t, int nonblocking)
{
	int fd = socket(t->family, SOCK_STREAM | SOCK_CLOEXEC | (nonblocking ? SOCK_NONBLOCK : 0), 0);
	if (fd < 0)
		return -1;
	int rc = connect(fd, (const struct sockaddr *)&t->addr, t->len);
	if (nonblocking) {
		if (rc < 0 && errno != EINPROGRESS && errno != EAGAIN) {
			int e = errno;
			close(fd);
			errno = e;
			return -1;
		}
		int err = 0;
		socklen_t len = sizeof err;
		if (!(wait_for(fd, POLLOUT, IO_TIMEOUT_MS) & (POLLOUT | POLLERR | POLLHUP))) {
			close(fd);
			errno = ETIMEDOUT;
			return -1;
		}
		getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
		if (err) {
			close(fd);
			errno = err;
			return -1;
		}
		say("connect (non-blocking): ok after poll");
		set_blocking(fd);
	} else if (rc < 0) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

/* ---- a datagram session: the server echoes every datagram to its sender ---- */

static const char *sender_kind(const struct sockaddr_storage *from, socklen_t len)
{
	if (from->ss_family == AF_INET)
		return "an IPv4 address";
	if (len <= offsetof(struct sockaddr_un, sun_path))
		return "unnamed";
	return ((const struct sockaddr_un *)from)->sun_path[0] ? "a path" : "an abstract name";
}

/* Serves one session on fd (until "end"); 0, -1 on an error. */
static int dgram_serve(int fd)
{
	static char buf[65536];
	size_t bulk_bytes = 0;
	int bulk_count = 0;
	uint32_t sum = FNV_START;
	for (;;) {
		struct sockaddr_storage from;
		socklen_t len = sizeof from;
		ssize_t n = recvfrom(fd, buf, sizeof buf, 0, (struct sockaddr *)&from, &len);
		if (n < 0) {
			fail("recvfrom");
			return -1;
		}
		if (sendto(fd, buf, (size_t)n, 0, (struct sockaddr *)&from, len) != n) {
			fail("sendto");
			return -1;
		}
		if (n == 3 && memcmp(buf, "end", 3) == 0) {
			say("dgram bulk: %d datagrams, %zu bytes, checksum %08x", bulk_count, bulk_bytes, sum);
			say("dgram end, echoed to %s", sender_kind(&from, len));
			return 0;
		}
		if (n > 5 && memcmp(buf, "echo ", 5) == 0) {
			say("dgram echo '%.*s'", (int)n - 5, buf + 5);
		} else {
			bulk_count++;
			bulk_bytes += (size_t)n;
			sum = fnv1a(sum, buf, (size_t)n);
		}
	}
}

/* Receives one datagram (waiting at most timeout_ms) into buf: its size, -1 with errno. */
static ssize_t recv_timed(int fd, void *buf, size_t size, int timeout_ms)
{
	if (!wait_for(fd, POLLIN, timeout_ms)) {
		errno = ETIMEDOUT;
		return -1;
	}
	return recv(fd, buf, size, 0);
}

/* The client's side of a session on a connected datagram socket: `count` datagrams of
   `size` bytes make the megabyte. */
static void dgram_client(int fd, int count, size_t size)
{
	static char out[65536], in[65536];
	const char *words[] = { "echo hello", "echo popcorn" };
	for (int i = 0; i < 2; i++) {
		ssize_t n;
		if (send(fd, words[i], strlen(words[i]), 0) < 0 || (n = recv_timed(fd, in, sizeof in, IO_TIMEOUT_MS)) < 0) {
			fail("datagram echo");
			return;
		}
		say("dgram echo '%s' -> '%.*s'", words[i] + 5, (int)n - 5, in + 5);
	}
	uint32_t sent = FNV_START, back = FNV_START;
	size_t back_bytes = 0, offset = 0;
	int same = 1;
	for (int i = 0; i < count; i++) {
		for (size_t j = 0; j < size; j++)
			out[j] = (char)bulk_byte(offset + j);
		offset += size;
		sent = fnv1a(sent, out, size);
		ssize_t n;
		if (send(fd, out, size, 0) < 0 || (n = recv_timed(fd, in, sizeof in, IO_TIMEOUT_MS)) < 0) {
			fail("datagram bulk %d", i);
			send(fd, "end", 3, 0); /* the server's session ends all the same */
			return;
		}
		back = fnv1a(back, in, (size_t)n);
		back_bytes += (size_t)n;
		same = same && (size_t)n == size && memcmp(in, out, size) == 0;
	}
	say("dgram bulk: sent %d datagrams of %zu bytes, checksum %08x", count, size, sent);
	say("dgram bulk: echoed back %zu bytes, checksum %08x, each datagram whole: %s", back_bytes, back,
	    same ? "yes" : "no");
	ssize_t n;
	if (send(fd, "end", 3, 0) < 0 || (n = recv_timed(fd, in, sizeof in, IO_TIMEOUT_MS)) < 0)
		fail("datagram end");
	else
		say("dgram end -> '%.*s'", (int)n, in);
}

/* ---- the stream server: one connection ---- */

/* Serves one accepted connection: its first line says which conversation it is. dgram_fd
   serves "dgram" (AF_UNIX). */
static void stream_serve(int fd, int dgram_fd)
{
	static struct reader r;
	static char data[BULK_BYTES];
	char line[256], names[96];
	reader_init(&r, fd);
	for (;;) {
		ssize_t n = read_line(&r, line, sizeof line);
		if (n == -2) {
			fail("read");
			break;
		}
		if (n == -1) {
			say("FAILED: EOF before 'done'");
			failures++;
			break;
		}
		if (strncmp(line, "echo ", 5) == 0) {
			say("echo '%s'", line + 5);
			size_t len = strlen(line);
			line[len] = '\n';
			write_all(fd, line + 5, len - 4);
		} else if (strncmp(line, "bulk ", 5) == 0) {
			size_t want = strtoul(line + 5, NULL, 10);
			if (want > sizeof data)
				want = sizeof data;
			ssize_t got = read_exact(&r, data, want);
			uint32_t sum = fnv1a(FNV_START, data, got > 0 ? (size_t)got : 0);
			say("bulk: received %zd bytes, checksum %08x; echoing them back", got, sum);
			n = snprintf(line, sizeof line, "bulk %zd %08x\n", got, sum);
			if (write_all(fd, line, (size_t)n) < 0 || write_all(fd, data, (size_t)got) < 0)
				fail("bulk echo");
		} else if (strcmp(line, "dgram") == 0 && dgram_fd >= 0) {
			write_all(fd, "dgram ready\n", 12);
			dgram_serve(dgram_fd);
			write_all(fd, "dgram done\n", 11);
		} else if (strcmp(line, "reset") == 0) {
			write_all(fd, "ready\n", 6);
			wait_for(fd, POLLIN, IO_TIMEOUT_MS);
			say("reset: the client sent more; closing without reading it");
			break;
		} else if (strcmp(line, "done") == 0) {
			short ev = wait_for(fd, POLLIN | POLLRDHUP, IO_TIMEOUT_MS);
			say("done: then poll says %s", poll_names(ev, names, sizeof names));
			n = read_exact(&r, line, 1);
			say("read: %s", n == 0 ? "EOF (the client shut down its write half)" : "more data");
			const char *bye = "bye: the other half still works\n";
			if (write_all(fd, bye, strlen(bye)) < 0)
				fail("write after the client's SHUT_WR");
			break;
		} else {
			say("FAILED: unknown request '%s'", line);
			failures++;
			break;
		}
	}
	close(fd);
}

/* Accepts `count` connections on the listening lfd, readiness through epoll, serving each in
   turn. */
static void stream_server(int lfd, int count, int dgram_fd)
{
	int ep = epoll_create1(EPOLL_CLOEXEC);
	struct epoll_event ev = { .events = EPOLLIN, .data.fd = lfd };
	char names[96];
	epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev);
	say("listening");
	for (int i = 1; i <= count; i++) {
		int n;
		do
			n = epoll_wait(ep, &ev, 1, -1);
		while (n < 0 && errno == EINTR);
		int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
		if (n != 1 || fd < 0) {
			fail("accept");
			break;
		}
		short out = wait_for(fd, POLLOUT, 0);
		say("connection %d: the listener was readable (%s), accepted; the socket is %s", i,
		    ev.events == EPOLLIN ? "EPOLLIN" : "other events", poll_names(out, names, sizeof names));
		stream_serve(fd, dgram_fd);
	}
	close(ep);
	say("served %d connections", count);
}

/* ---- the stream client ---- */

/* One client run against a stream server at t; refused: two targets where nobody listens,
   with what to call them. dgram: for AF_UNIX, the client's datagram address suffix setup. */
struct refusal {
	const char *what;
	struct target target;
};

static int unix_dgram_client(const char *name);

static void stream_client(const struct target *t, const struct refusal *refused, int nrefused,
			  const char *unix_name)
{
	static struct reader r;
	static char data[BULK_BYTES], back[BULK_BYTES];
	char line[256], names[96];

	int fd = connect_stream(t, 1);
	if (fd < 0) {
		fail("connect");
		return;
	}
	say("the connected socket is %s", poll_names(wait_for(fd, POLLOUT, 0), names, sizeof names));
	reader_init(&r, fd);
	const char *words[] = { "hello", "popcorn" };
	for (int i = 0; i < 2; i++) {
		snprintf(line, sizeof line, "echo %s\n", words[i]);
		write_all(fd, line, strlen(line));
		if (read_line(&r, line, sizeof line) < 0)
			fail("echo reply");
		else
			say("echo '%s' -> '%s'", words[i], line);
	}

	for (size_t i = 0; i < BULK_BYTES; i++)
		data[i] = (char)bulk_byte(i);
	uint32_t sum = fnv1a(FNV_START, data, BULK_BYTES);
	snprintf(line, sizeof line, "bulk %d\n", BULK_BYTES);
	if (write_all(fd, line, strlen(line)) < 0 || write_all(fd, data, BULK_BYTES) < 0)
		fail("bulk send");
	say("bulk: sent %d bytes, checksum %08x", BULK_BYTES, sum);
	if (read_line(&r, line, sizeof line) < 0)
		fail("bulk reply");
	else
		say("bulk: the server says '%s'", line);
	ssize_t got = read_exact(&r, back, BULK_BYTES);
	say("bulk: echoed back %zd bytes, checksum %08x, same bytes: %s", got,
	    fnv1a(FNV_START, back, got > 0 ? (size_t)got : 0),
	    got == BULK_BYTES && memcmp(data, back, BULK_BYTES) == 0 ? "yes" : "no");

	if (unix_name) {
		write_all(fd, "dgram\n", 6);
		read_line(&r, line, sizeof line);
		say("dgram: the server says '%s'", line);
		if (unix_dgram_client(unix_name) < 0)
			fail("datagram socket");
		read_line(&r, line, sizeof line);
		say("dgram: the server says '%s'", line);
	}

	write_all(fd, "done\n", 5);
	shutdown(fd, SHUT_WR);
	say("sent 'done', shutdown(SHUT_WR)");
	errno = 0;
	ssize_t w = write(fd, "x", 1);
	say("write after SHUT_WR: %s", w < 0 ? strerror(errno) : "written");
	if (read_line(&r, line, sizeof line) < 0)
		fail("reply after SHUT_WR");
	else
		say("read after SHUT_WR: '%s'", line);
	ssize_t n = read_exact(&r, line, 1);
	say("then read: %s", n == 0 ? "EOF" : n < 0 ? strerror(errno) : "more data");
	say("poll at the end: %s", poll_names(wait_for(fd, POLLIN | POLLRDHUP, 0), names, sizeof names));
	close(fd);

	/* 2: the server closes with our data unread */
	fd = connect_stream(t, 0);
	if (fd < 0) {
		fail("connect (second)");
		return;
	}
	reader_init(&r, fd);
	write_all(fd, "reset\n", 6);
	if (read_line(&r, line, sizeof line) < 0)
		fail("reset reply");
	memset(data, 'z', 1000);
	write_all(fd, data, 1000);
	say("reset: sent 1000 bytes the server will not read");
	wait_for(fd, POLLIN, IO_TIMEOUT_MS);
	n = read(fd, line, sizeof line);
	say("read after the server closed: %s", n < 0 ? strerror(errno) : n == 0 ? "EOF" : "data");
	close(fd);

	for (int i = 0; i < nrefused; i++) {
		fd = connect_stream(&refused[i].target, 0);
		say("connect to %s: %s", refused[i].what, fd < 0 ? strerror(errno) : "connected");
		if (fd >= 0)
			close(fd);
	}
}

/* ---- TCP ---- */

static int tcp_listener(struct in_addr host, int port)
{
	struct sockaddr_in a = inet_address(host, port);
	int fd = bound_socket(AF_INET, SOCK_STREAM, &a, sizeof a);
	if (fd < 0 || listen(fd, 16) < 0) {
		fprintf(stderr, "netecho: cannot listen on port %d: %s\n", port, strerror(errno));
		exit(1);
	}
	return fd;
}

static void tcp_client(struct in_addr host, int port, int refused_port)
{
	struct target t = inet_target(host, port);
	struct refusal r = { "a port nobody listens on", inet_target(host, refused_port) };
	stream_client(&t, &r, 1, NULL);
}

/* ---- UDP ---- */

static int udp_socket(struct in_addr host, int port)
{
	struct sockaddr_in a = inet_address(host, port);
	int fd = bound_socket(AF_INET, SOCK_DGRAM, &a, sizeof a);
	if (fd < 0) {
		fprintf(stderr, "netecho: cannot bind UDP port %d: %s\n", port, strerror(errno));
		exit(1);
	}
	return fd;
}

static void udp_server(int fd, int count)
{
	say("listening");
	for (int i = 1; i <= count; i++) {
		say("session %d", i);
		if (dgram_serve(fd) < 0)
			break;
	}
	say("served %d session%s", count, count == 1 ? "" : "s");
}

static void udp_client(struct in_addr host, int port, int refused_port)
{
	struct sockaddr_in a = inet_address(host, port);
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a) < 0) {
		fail("udp socket");
		return;
	}
	dgram_client(fd, 64, 16384);
	close(fd);

	a = inet_address(host, refused_port);
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	connect(fd, (struct sockaddr *)&a, sizeof a);
	send(fd, "anyone?", 7, 0);
	char buf[16];
	ssize_t n = recv_timed(fd, buf, sizeof buf, REFUSAL_MS);
	say("send to a port nobody listens on, then recv: %s",
	    n >= 0 ? "a reply" : errno == ETIMEDOUT ? "no answer" : strerror(errno));
	close(fd);
}

/* ---- AF_UNIX ---- */


static int unix_dgram_client(const char *name)
{
	struct sockaddr_un me, server;
	socklen_t mylen = unix_address(&me, name, ".client"), slen = unix_address(&server, name, ".dgram");
	unix_unlink(name, ".client");
	int fd = bound_socket(AF_UNIX, SOCK_DGRAM, &me, mylen);
	if (fd < 0 || connect(fd, (struct sockaddr *)&server, slen) < 0)
		return -1;
	dgram_client(fd, 16, 65536);
	close(fd);
	unix_unlink(name, ".client");
	return 0;
}

static void unix_server(const char *name, int count)
{
	struct sockaddr_un a;
	socklen_t len = unix_address(&a, name, "");
	unix_unlink(name, "");
	unix_unlink(name, ".dgram");
	int lfd = bound_socket(AF_UNIX, SOCK_STREAM, &a, len);
	len = unix_address(&a, name, ".dgram");
	int dfd = bound_socket(AF_UNIX, SOCK_DGRAM, &a, len);
	if (lfd < 0 || dfd < 0 || listen(lfd, 16) < 0) {
		fprintf(stderr, "netecho: cannot listen at %s: %s\n", name, strerror(errno));
		exit(1);
	}
	stream_server(lfd, count, dfd);
	close(lfd);
	close(dfd);
	unix_unlink(name, "");
	unix_unlink(name, ".dgram");
}

static void unix_client(const char *name)
{
	struct target t = unix_target(name, "");
	struct refusal r[2] = {
		{ name[0] == '@' ? "an abstract name nobody bound" : "a path with no socket", unix_target(name, ".none") },
		{ "a socket that does not listen", unix_target(name, ".idle") },
	};
	unix_unlink(name, ".idle");
	int idle = bound_socket(AF_UNIX, SOCK_STREAM, &r[1].target.addr, r[1].target.len);
	stream_client(&t, r, 2, name);
	if (idle >= 0)
		close(idle);
	unix_unlink(name, ".idle");
}

/* ---- socketpair with fork ---- */

static void socketpairs(void)
{
	int sv[2];
	char buf[256];
	struct reader *r = malloc(sizeof *r);
	role = "socketpair";
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
		fail("socketpair");
		return;
	}
	pid_t child = fork();
	if (child == 0) {
		/* the child: upper-cases each line; at EOF says so and exits */
		close(sv[0]);
		reader_init(r, sv[1]);
		ssize_t n;
		while ((n = read_line(r, buf, sizeof buf)) >= 0) {
			for (ssize_t i = 0; i < n; i++)
				if (buf[i] >= 'a' && buf[i] <= 'z')
					buf[i] -= 32;
			buf[n] = '\n';
			write_all(sv[1], buf, (size_t)n + 1);
		}
		write_all(sv[1], "child saw EOF\n", 14);
		_exit(0);
	}
	close(sv[1]);
	reader_init(r, sv[0]);
	write_all(sv[0], "hello from the parent\n", 22);
	read_line(r, buf, sizeof buf);
	say("stream: the child answers '%s'", buf);
	shutdown(sv[0], SHUT_WR);
	read_line(r, buf, sizeof buf);
	say("stream: after shutdown(SHUT_WR), '%s'", buf);
	say("stream: then %s", read_line(r, buf, sizeof buf) == -1 ? "EOF" : "more");
	int status;
	waitpid(child, &status, 0);
	say("stream: the child exited with %d", WEXITSTATUS(status));
	close(sv[0]);

	if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv) < 0) {
		fail("socketpair");
		return;
	}
	child = fork();
	if (child == 0) {
		/* the child: reports the size of each datagram until an empty one */
		close(sv[0]);
		char sizes[128] = "";
		ssize_t n;
		while ((n = recv(sv[1], buf, sizeof buf, 0)) > 0)
			snprintf(sizes + strlen(sizes), sizeof sizes - strlen(sizes), "%s%zd", sizes[0] ? " " : "", n);
		send(sv[1], sizes, strlen(sizes), 0);
		_exit(0);
	}
	close(sv[1]);
	memset(buf, 'd', sizeof buf);
	send(sv[0], buf, 1, 0);
	send(sv[0], buf, 100, 0);
	send(sv[0], buf, 200, 0);
	send(sv[0], buf, 0, 0);
	ssize_t n = recv(sv[0], buf, sizeof buf - 1, 0);
	buf[n > 0 ? n : 0] = '\0';
	say("dgram: the child received datagrams of %s bytes", buf);
	waitpid(child, &status, 0);
	close(sv[0]);
	free(r);
}

/* ---- all: servers forked, their lines printed after their client's ---- */

/* Runs serve() in a child whose stdout is a pipe, client() here; then the child's lines. */
static void pair_run(const char *server_role, const char *client_role, void (*serve)(void *), void (*client)(void *),
		     void *arg)
{
	int p[2];
	fflush(stdout);
	if (pipe(p) < 0)
		return;
	pid_t child = fork();
	if (child == 0) {
		role = server_role;
		close(p[0]);
		dup2(p[1], 1);
		close(p[1]);
		serve(arg);
		fflush(stdout);
		_exit(failures ? 1 : 0);
	}
	close(p[1]);
	/* the server says "listening" first: wait for that line, then run the client */
	struct reader *r = malloc(sizeof *r);
	char line[512];
	reader_init(r, p[0]);
	read_line(r, line, sizeof line);
	role = client_role;
	client(arg);
	fflush(stdout);
	int status;
	waitpid(child, &status, 0);
	printf("%s\n", line);
	while (read_line(r, line, sizeof line) >= 0)
		printf("%s\n", line);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		printf("%s: FAILED: exit status %d\n", server_role, status);
		failures++;
	}
	close(p[0]);
	free(r);
}

struct all_args {
	int lfd, port, refused_port;
	char name[108];
};

static struct in_addr loopback(void)
{
	struct in_addr a = { htonl(INADDR_LOOPBACK) };
	return a;
}

static void all_tcp_serve(void *v)
{
	stream_server(((struct all_args *)v)->lfd, 2, -1);
}
static void all_tcp_client(void *v)
{
	struct all_args *a = v;
	tcp_client(loopback(), a->port, a->refused_port);
}
static void all_udp_serve(void *v)
{
	udp_server(((struct all_args *)v)->lfd, 1);
}
static void all_udp_client(void *v)
{
	struct all_args *a = v;
	udp_client(loopback(), a->port, a->refused_port);
}
static void all_unix_serve(void *v)
{
	unix_server(((struct all_args *)v)->name, 2);
}
static void all_unix_client(void *v)
{
	unix_client(((struct all_args *)v)->name);
}

static void all(void)
{
	struct all_args a;
	socketpairs();

	/* TCP: a listener on a port the kernel picks, and a port bound but not listening */
	a.lfd = tcp_listener(loopback(), 0);
	a.port = local_port(a.lfd);
	struct sockaddr_in any = inet_address(loopback(), 0);
	int idle = bound_socket(AF_INET, SOCK_STREAM, &any, sizeof any);
	a.refused_port = local_port(idle);
	pair_run("tcp-server", "tcp-client", all_tcp_serve, all_tcp_client, &a);
	close(a.lfd);
	close(idle);

	/* UDP: a port that was bound a moment ago and no longer is */
	a.lfd = udp_socket(loopback(), 0);
	a.port = local_port(a.lfd);
	idle = bound_socket(AF_INET, SOCK_DGRAM, &any, sizeof any);
	a.refused_port = local_port(idle);
	close(idle);
	pair_run("udp-server", "udp-client", all_udp_serve, all_udp_client, &a);
	close(a.lfd);

	/* AF_UNIX at a path, then at an abstract name (named after the pid: never printed) */
	snprintf(a.name, sizeof a.name, "/tmp/netecho-%d", (int)getpid());
	pair_run("unix-server", "unix-client", all_unix_serve, all_unix_client, &a);
	snprintf(a.name, sizeof a.name, "@netecho-%d", (int)getpid());
	pair_run("unix-server", "unix-client", all_unix_serve, all_unix_client, &a);
}

static int number(const char *s, int min, int max)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || v < min || v > max)
		usage();
	return (int)v;
}

static struct in_addr host_arg(const char *host)
{
	struct in_addr a;
	if (resolve_host(host, &a) < 0) {
		fprintf(stderr, "netecho: %s: unknown host\n", host);
		exit(1);
	}
	return a;
}

int main(int argc, char **argv)
{
	struct in_addr any = { htonl(INADDR_ANY) };
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
	if (argc < 2)
		usage();
	const char *mode = argv[1];
	role = mode;
	if (strcmp(mode, "all") == 0 && argc == 2) {
		all();
	} else if (strcmp(mode, "tcp-server") == 0 && (argc == 3 || argc == 4)) {
		int lfd = tcp_listener(any, number(argv[2], 1, 65535));
		stream_server(lfd, argc == 4 ? number(argv[3], 1, 1 << 30) : 2, -1);
	} else if (strcmp(mode, "tcp-client") == 0 && argc == 4) {
		int port = number(argv[3], 1, 65534);
		tcp_client(host_arg(argv[2]), port, port + 1);
	} else if (strcmp(mode, "udp-server") == 0 && (argc == 3 || argc == 4)) {
		udp_server(udp_socket(any, number(argv[2], 1, 65535)), argc == 4 ? number(argv[3], 1, 1 << 30) : 1);
	} else if (strcmp(mode, "udp-client") == 0 && argc == 4) {
		int port = number(argv[3], 1, 65534);
		udp_client(host_arg(argv[2]), port, port + 1);
	} else if (strcmp(mode, "unix-server") == 0 && (argc == 3 || argc == 4)) {
		unix_server(argv[2], argc == 4 ? number(argv[3], 1, 1 << 30) : 2);
	} else if (strcmp(mode, "unix-client") == 0 && argc == 3) {
		unix_client(argv[2]);
	} else {
		usage();
	}
	if (failures)
		printf("netecho: %d failures\n", failures);
	return failures ? 1 : 0;
}
