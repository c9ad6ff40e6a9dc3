/*
 * t-sockets: the socket API on one machine, as a program meets it: socketpair (stream,
 * datagram, sequenced packets), AF_UNIX servers at a path and at an abstract name, TCP and
 * UDP over the loopback, a forked client and server moving a megabyte, readiness through poll,
 * non-blocking connect and accept, shutdown halves, SIGPIPE and MSG_NOSIGNAL, the common
 * socket options, and the errors Linux gives for misuse. Paths live in a fresh directory
 * under /tmp; ports are the ones the kernel picks (never printed).
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include "t-check.h"

static char dir[64];

static const char *err(int rc)
{
	return rc < 0 ? strerror(errno) : "ok";
}

static int revents(int fd, short events)
{
	struct pollfd p = { .fd = fd, .events = events };
	return poll(&p, 1, 0) == 1 ? p.revents : 0;
}

static void pairs(void)
{
	int sv[2];
	char buf[64];
	T_CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	T_CHECK(write(sv[0], "hello ", 6) == 6 && write(sv[0], "world", 5) == 5);
	ssize_t n = read(sv[1], buf, sizeof buf);
	printf("stream pair: one read takes both writes: %zd bytes '%.*s'\n", n, (int)n, buf);
	T_CHECK(revents(sv[1], POLLIN | POLLOUT) == POLLOUT);
	T_CHECK(shutdown(sv[0], SHUT_WR) == 0);
	printf("after the writer's SHUT_WR: read %zd, poll %s\n", read(sv[1], buf, sizeof buf),
	       revents(sv[1], POLLIN) & POLLIN ? "readable" : "not readable");
	printf("write after SHUT_WR: %s\n", err(send(sv[0], "x", 1, MSG_NOSIGNAL)));
	close(sv[0]);
	T_CHECK(revents(sv[1], POLLIN | POLLOUT) & POLLHUP);
	close(sv[1]);

	T_CHECK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0);
	send(sv[0], "one", 3, 0);
	send(sv[0], "three", 5, 0);
	n = recv(sv[1], buf, 2, MSG_PEEK);
	printf("dgram pair: peek 2 of the first: %zd '%.2s'\n", n, buf);
	n = recv(sv[1], buf, 2, MSG_TRUNC);
	printf("dgram pair: MSG_TRUNC gives the whole length: %zd\n", n);
	n = recv(sv[1], buf, sizeof buf, 0);
	printf("dgram pair: next message whole: %zd '%.*s'\n", n, (int)n, buf);
	n = recv(sv[1], buf, sizeof buf, MSG_DONTWAIT);
	printf("dgram pair: empty with MSG_DONTWAIT: %s\n", err(n));
	int waiting = -1;
	send(sv[0], "abcd", 4, 0);
	ioctl(sv[1], FIONREAD, &waiting);
	printf("dgram pair: FIONREAD %d\n", waiting);
	close(sv[0]);
	close(sv[1]);

	T_CHECK(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) == 0);
	send(sv[0], "ab", 2, 0);
	send(sv[0], "cde", 3, 0);
	struct msghdr m = { 0 };
	struct iovec iov = { buf, 1 };
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	n = recvmsg(sv[1], &m, 0);
	printf("seqpacket: first message cut to 1: %zd '%c', MSG_TRUNC set %s\n", n, buf[0],
	       m.msg_flags & MSG_TRUNC ? "yes" : "no");
	n = recv(sv[1], buf, sizeof buf, 0);
	printf("seqpacket: second whole: %zd '%.*s'\n", n, (int)n, buf);
	close(sv[0]);
	printf("seqpacket: after the peer closed: read %zd\n", recv(sv[1], buf, sizeof buf, 0));
	close(sv[1]);
}

static void unix_server(void)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	snprintf(a.sun_path, sizeof a.sun_path, "%s/srv", dir);
	int l = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	T_CHECK(l >= 0);
	printf("listen before bind: %s\n", err(listen(l, 5)));
	T_CHECK(bind(l, (struct sockaddr *)&a, sizeof a) == 0);
	printf("bind again: %s\n", err(bind(l, (struct sockaddr *)&a, sizeof a)));
	struct stat st;
	T_CHECK(stat(a.sun_path, &st) == 0);
	printf("the path is a socket: %s\n", S_ISSOCK(st.st_mode) ? "yes" : "no");
	int other = socket(AF_UNIX, SOCK_STREAM, 0);
	printf("a second bind to the path: %s\n", err(bind(other, (struct sockaddr *)&a, sizeof a)));
	printf("connect before listen: %s\n", err(connect(other, (struct sockaddr *)&a, sizeof a)));
	T_CHECK(listen(l, 5) == 0);
	int c = socket(AF_UNIX, SOCK_STREAM, 0);
	T_CHECK(connect(c, (struct sockaddr *)&a, sizeof a) == 0);
	printf("listener readable with a connection waiting: %s\n", revents(l, POLLIN) ? "yes" : "no");
	struct sockaddr_un peer;
	socklen_t len = sizeof peer;
	int s = accept4(l, (struct sockaddr *)&peer, &len, SOCK_NONBLOCK);
	T_CHECK(s >= 0);
	printf("accepted an unnamed client: addrlen %u, O_NONBLOCK %s\n", len,
	       fcntl(s, F_GETFL) & O_NONBLOCK ? "yes" : "no");
	len = sizeof peer;
	getpeername(c, (struct sockaddr *)&peer, &len);
	printf("client's peer is the server path: %s\n", strcmp(peer.sun_path, a.sun_path) == 0 ? "yes" : "no");
	len = sizeof peer;
	getsockname(s, (struct sockaddr *)&peer, &len);
	printf("server end's name is the path: %s\n", strcmp(peer.sun_path, a.sun_path) == 0 ? "yes" : "no");
	char buf[16];
	printf("empty non-blocking read: %s\n", err(read(s, buf, sizeof buf)));
	write(c, "ping", 4);
	ssize_t n = read(s, buf, sizeof buf);
	printf("server read '%.*s'\n", (int)n, buf);
	struct ucred cred;
	len = sizeof cred;
	T_CHECK(getsockopt(s, SOL_SOCKET, SO_PEERCRED, &cred, &len) == 0);
	printf("SO_PEERCRED: pid is the client's %s, len %u\n", cred.pid == getpid() ? "yes" : "no", len);
	int v = -1;
	len = sizeof v;
	getsockopt(l, SOL_SOCKET, SO_ACCEPTCONN, &v, &len);
	printf("SO_ACCEPTCONN listener %d", v);
	getsockopt(s, SOL_SOCKET, SO_ACCEPTCONN, &v, &len);
	printf(", connection %d\n", v);
	close(s);
	printf("client read after the server end closed: %zd\n", read(c, buf, sizeof buf));
	signal(SIGPIPE, SIG_IGN);
	printf("client write after it closed: %s\n", err(write(c, "x", 1)));
	close(c);
	close(l);
	int late = socket(AF_UNIX, SOCK_STREAM, 0);
	printf("connect to the path of a closed listener: %s\n", err(connect(late, (struct sockaddr *)&a, sizeof a)));
	unlink(a.sun_path);
	printf("connect to a removed path: %s\n", err(connect(late, (struct sockaddr *)&a, sizeof a)));
	close(late);
	close(other);

	/* an abstract name: in no directory */
	struct sockaddr_un ab = { .sun_family = AF_UNIX };
	int name = snprintf(ab.sun_path + 1, sizeof ab.sun_path - 1, "t-sockets-%d", getpid());
	socklen_t ablen = offsetof(struct sockaddr_un, sun_path) + 1 + name;
	int d = socket(AF_UNIX, SOCK_DGRAM, 0);
	int e = socket(AF_UNIX, SOCK_DGRAM, 0);
	T_CHECK(bind(d, (struct sockaddr *)&ab, ablen) == 0);
	T_CHECK(sendto(e, "to an abstract name", 19, 0, (struct sockaddr *)&ab, ablen) == 19);
	char got[32];
	struct sockaddr_un from;
	len = sizeof from;
	n = recvfrom(d, got, sizeof got, 0, (struct sockaddr *)&from, &len);
	printf("abstract dgram: '%.*s', an unnamed sender's addrlen %u\n", (int)n, got, len);
	len = sizeof from;
	getsockname(d, (struct sockaddr *)&from, &len);
	printf("abstract name read back: %s\n",
	       len == ablen && memcmp(from.sun_path, ab.sun_path, name + 1) == 0 ? "yes" : "no");
	close(d);
	close(e);
}

/* A forked client sends a megabyte in 1000-byte writes; the server checks every byte. */
static void bulk(int family)
{
	int l = socket(family, SOCK_STREAM, 0);
	struct sockaddr_storage ss = { 0 };
	socklen_t alen;
	if (family == AF_INET) {
		struct sockaddr_in *in = (struct sockaddr_in *)&ss;
		in->sin_family = AF_INET;
		in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		alen = sizeof *in;
	} else {
		struct sockaddr_un *un = (struct sockaddr_un *)&ss;
		un->sun_family = AF_UNIX;
		snprintf(un->sun_path, sizeof un->sun_path, "%s/bulk", dir);
		alen = sizeof *un;
	}
	T_CHECK(bind(l, (struct sockaddr *)&ss, alen) == 0);
	T_CHECK(listen(l, 1) == 0);
	alen = sizeof ss;
	getsockname(l, (struct sockaddr *)&ss, &alen);
	fflush(NULL);
	pid_t child = fork();
	if (child == 0) {
		int c = socket(family, SOCK_STREAM, 0);
		if (connect(c, (struct sockaddr *)&ss, alen) != 0)
			_exit(2);
		char chunk[1000];
		for (int i = 0; i < 1000; i++) {
			for (int j = 0; j < 1000; j++)
				chunk[j] = (char)(i * 7 + j);
			if (write(c, chunk, sizeof chunk) != sizeof chunk)
				_exit(3);
		}
		char ack;
		_exit(read(c, &ack, 1) == 1 && ack == 'k' ? 0 : 4);
	}
	int s = accept(l, NULL, NULL);
	long total = 0, wrong = 0;
	char buf[4096];
	for (;;) {
		ssize_t n = read(s, buf, sizeof buf);
		if (n <= 0)
			break;
		for (ssize_t i = 0; i < n; i++, total++)
			if (buf[i] != (char)((total / 1000) * 7 + total % 1000))
				wrong++;
		if (total == 1000000)
			break;
	}
	write(s, "k", 1);
	int status;
	waitpid(child, &status, 0);
	printf("%s bulk: %ld bytes, %ld wrong, client exit %d\n", family == AF_INET ? "tcp" : "unix", total, wrong,
	       WEXITSTATUS(status));
	close(s);
	close(l);
}

static void tcp(void)
{
	int l = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	T_CHECK(bind(l, (struct sockaddr *)&a, sizeof a) == 0);
	socklen_t len = sizeof a;
	getsockname(l, (struct sockaddr *)&a, &len);
	printf("tcp: bound to port 0, the kernel picked one: %s\n", a.sin_port != 0 ? "yes" : "no");
	int one = 1, v = 0;
	T_CHECK(setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) == 0);
	len = sizeof v;
	getsockopt(l, SOL_SOCKET, SO_REUSEADDR, &v, &len);
	printf("tcp: SO_REUSEADDR reads back %d\n", v);
	int size = 4096;
	setsockopt(l, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
	getsockopt(l, SOL_SOCKET, SO_RCVBUF, &v, &len);
	printf("tcp: SO_RCVBUF 4096 reads back %d\n", v);
	getsockopt(l, SOL_SOCKET, SO_TYPE, &v, &len);
	printf("tcp: SO_TYPE %d", v);
	getsockopt(l, SOL_SOCKET, SO_PROTOCOL, &v, &len);
	printf(", SO_PROTOCOL %d", v);
	getsockopt(l, SOL_SOCKET, SO_DOMAIN, &v, &len);
	printf(", SO_DOMAIN %d\n", v);
	setsockopt(l, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	getsockopt(l, IPPROTO_TCP, TCP_NODELAY, &v, &len);
	printf("tcp: TCP_NODELAY reads back %d\n", v != 0);
	T_CHECK(listen(l, 4) == 0);

	int c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	int rc = connect(c, (struct sockaddr *)&a, sizeof a);
	printf("tcp: non-blocking connect: %s\n", rc == 0 ? "connected at once" : err(rc));
	struct pollfd p = { .fd = c, .events = POLLOUT };
	T_CHECK(poll(&p, 1, 5000) == 1 && (p.revents & POLLOUT));
	len = sizeof v;
	getsockopt(c, SOL_SOCKET, SO_ERROR, &v, &len);
	printf("tcp: writable, SO_ERROR %d; connect again: %s", v, err(connect(c, (struct sockaddr *)&a, sizeof a)));
	printf(", and once more: %s\n", err(connect(c, (struct sockaddr *)&a, sizeof a)));
	struct sockaddr_in peer;
	len = sizeof peer;
	int s = accept(l, (struct sockaddr *)&peer, &len);
	T_CHECK(s >= 0);
	printf("tcp: accepted from %s, addrlen %u\n", inet_ntoa(peer.sin_addr), len);
	struct sockaddr_in mine;
	len = sizeof mine;
	getsockname(c, (struct sockaddr *)&mine, &len);
	printf("tcp: the client's port is the one accept saw: %s\n", mine.sin_port == peer.sin_port ? "yes" : "no");
	send(c, "GET /", 5, 0);
	char buf[32];
	ssize_t n = recv(s, buf, 5, MSG_WAITALL);
	printf("tcp: server got %zd '%.*s'\n", n, (int)n, buf);
	shutdown(c, SHUT_WR);
	n = recv(s, buf, sizeof buf, 0);
	printf("tcp: after the client's SHUT_WR the server reads %zd, and can still reply: %s\n", n,
	       err(send(s, "200", 3, 0)));
	struct pollfd q = { .fd = c, .events = POLLIN };
	poll(&q, 1, 5000);
	n = recv(c, buf, sizeof buf, 0);
	printf("tcp: client got '%.*s'\n", (int)n, buf);
	close(s);
	close(c);

	int nl = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	struct sockaddr_in b = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	bind(nl, (struct sockaddr *)&b, sizeof b);
	len = sizeof b;
	getsockname(nl, (struct sockaddr *)&b, &len);
	listen(nl, 1);
	printf("tcp: accept with nothing waiting, non-blocking: %s\n", err(accept(nl, NULL, NULL)));
	close(nl);
	int r = socket(AF_INET, SOCK_STREAM, 0);
	printf("tcp: connect to a port nobody listens on: %s\n", err(connect(r, (struct sockaddr *)&b, sizeof b)));
	char x = 0;
	printf("tcp: send on an unconnected socket: %s\n", err(send(r, &x, 1, MSG_NOSIGNAL)));
	printf("tcp: recv on an unconnected socket: %s\n", err(recv(r, &x, 1, 0)));
	len = sizeof peer;
	printf("tcp: getpeername unconnected: %s\n", err(getpeername(r, (struct sockaddr *)&peer, &len)));
	close(r);
	close(l);
}

static void udp(void)
{
	int a = socket(AF_INET, SOCK_DGRAM, 0), b = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in at = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	T_CHECK(bind(a, (struct sockaddr *)&at, sizeof at) == 0);
	socklen_t len = sizeof at;
	getsockname(a, (struct sockaddr *)&at, &len);
	T_CHECK(sendto(b, "datagram", 8, 0, (struct sockaddr *)&at, sizeof at) == 8);
	char buf[16];
	struct sockaddr_in from, bname;
	len = sizeof from;
	ssize_t n = recvfrom(a, buf, sizeof buf, 0, (struct sockaddr *)&from, &len);
	socklen_t blen = sizeof bname;
	getsockname(b, (struct sockaddr *)&bname, &blen);
	printf("udp: '%.*s' from %s, the sender's own port: %s\n", (int)n, buf, inet_ntoa(from.sin_addr),
	       from.sin_port == bname.sin_port ? "yes" : "no");
	T_CHECK(connect(a, (struct sockaddr *)&bname, sizeof bname) == 0);
	send(a, "back", 4, 0);
	n = recv(b, buf, 2, 0);
	printf("udp: a datagram cut to 2 bytes: %zd '%.2s'; the rest is gone: %s\n", n, buf,
	       err(recv(b, buf, sizeof buf, MSG_DONTWAIT)));
	printf("udp: listen: %s\n", err(listen(a, 1)));
	close(a);
	close(b);
}

static void misuse(void)
{
	int p[2];
	pipe(p);
	struct sockaddr_un nowhere = { .sun_family = AF_UNIX };
	printf("bind on a pipe: %s\n", err(bind(p[0], (struct sockaddr *)&nowhere, sizeof nowhere)));
	printf("listen on a closed descriptor: %s\n", err(listen(999, 1)));
	printf("socket(AF_UNIX, SOCK_RDM): %s\n", err(socket(AF_UNIX, SOCK_RDM, 0)));
	printf("socket(AF_UNIX, SOCK_STREAM, protocol 6): %s\n", err(socket(AF_UNIX, SOCK_STREAM, 6)));
	printf("socket(AF_INET, SOCK_STREAM, IPPROTO_UDP): %s\n", err(socket(AF_INET, SOCK_STREAM, IPPROTO_UDP)));
	printf("socketpair(AF_INET): %s\n", err(socketpair(AF_INET, SOCK_STREAM, 0, p)));
	int s = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in far = { .sin_family = AF_INET, .sin_port = htons(1), .sin_addr.s_addr = htonl(0x7f000001) };
	printf("bind with a short address: %s\n", err(bind(s, (struct sockaddr *)&far, 4)));
	int v;
	socklen_t len = sizeof v;
	printf("getsockopt of an unknown option: %s\n", err(getsockopt(s, SOL_SOCKET, 9999, &v, &len)));
	printf("accept on a socket that does not listen: %s\n", err(accept(s, NULL, NULL)));
	printf("shutdown of an unconnected socket: %s\n", err(shutdown(s, SHUT_RDWR)));
	close(s);
}

int main(void)
{
	t_begin();
	snprintf(dir, sizeof dir, "/tmp/t-sockets-%d", getpid());
	T_CHECK(mkdir(dir, 0700) == 0);
	pairs();
	unix_server();
	bulk(AF_UNIX);
	bulk(AF_INET);
	tcp();
	udp();
	misuse();
	char path[96];
	snprintf(path, sizeof path, "%s/bulk", dir);
	unlink(path);
	T_CHECK(rmdir(dir) == 0);
	return t_done("t-sockets");
}
