/*
 * netutil.h: what the network programs (netecho, loadgen, rsh, rshd) share: finding a host's
 * IPv4 address, a line reader over a socket, whole reads and writes, a checksum, and poll's
 * flags by name.
 *
 * A host name is looked up in /etc/hosts by this file itself before glibc's getaddrinfo is
 * asked: a static glibc answers names through NSS modules it loads with dlopen, which a
 * static program on the playground (or under qemu-riscv64) cannot load, so getaddrinfo alone
 * would know numeric addresses only.
 */
#ifndef NETUTIL_H
#define NETUTIL_H

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

/* Looks `name` up in /etc/hosts (IPv4 lines only); 0 when found. */
static inline int hosts_file_lookup(const char *name, struct in_addr *out)
{
	FILE *f = fopen("/etc/hosts", "r");
	char line[512];
	int found = -1;
	if (!f)
		return -1;
	while (found < 0 && fgets(line, sizeof line, f)) {
		char *hash = strchr(line, '#'), *save = NULL, *addr, *word;
		struct in_addr a;
		if (hash)
			*hash = '\0';
		addr = strtok_r(line, " \t\r\n", &save);
		if (!addr || inet_pton(AF_INET, addr, &a) != 1)
			continue;
		while ((word = strtok_r(NULL, " \t\r\n", &save)))
			if (strcasecmp(word, name) == 0) {
				*out = a;
				found = 0;
				break;
			}
	}
	fclose(f);
	return found;
}

/* The IPv4 address of `host` (dotted, in /etc/hosts, or through getaddrinfo; `localhost` is
   127.0.0.1 even with no /etc/hosts, as glibc's nss-myhostname says); 0 when found. */
static inline int resolve_host(const char *host, struct in_addr *out)
{
	struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = SOCK_STREAM }, *res = NULL;
	if (inet_pton(AF_INET, host, out) == 1)
		return 0;
	if (hosts_file_lookup(host, out) == 0)
		return 0;
	if (strcasecmp(host, "localhost") == 0) {
		out->s_addr = htonl(INADDR_LOOPBACK);
		return 0;
	}
	if (getaddrinfo(host, NULL, &hints, &res) != 0 || !res)
		return -1;
	*out = ((struct sockaddr_in *)res->ai_addr)->sin_addr;
	freeaddrinfo(res);
	return 0;
}

/* Writes all of buf (retrying short writes and EINTR); 0, or -1 with errno. */
static inline int write_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* A buffered reader of one socket: lines and exact byte counts without reading past them
   into what the peer sends next (whatever is read is kept for the next call). */
struct reader {
	int fd;
	size_t start, end;
	char buf[65536];
};

static inline void reader_init(struct reader *r, int fd)
{
	r->fd = fd;
	r->start = r->end = 0;
}

/* Refills an empty buffer: bytes read, 0 at EOF, -1 with errno. */
static inline ssize_t reader_fill(struct reader *r)
{
	ssize_t n;
	do
		n = read(r->fd, r->buf, sizeof r->buf);
	while (n < 0 && errno == EINTR);
	r->start = 0;
	r->end = n > 0 ? (size_t)n : 0;
	return n;
}

/* One line without its '\n' into out (at most max-1 bytes kept): its length, -1 at EOF
   before any byte, -2 on an error (errno set). */
static inline ssize_t read_line(struct reader *r, char *out, size_t max)
{
	size_t len = 0;
	for (;;) {
		if (r->start == r->end) {
			ssize_t n = reader_fill(r);
			if (n < 0)
				return -2;
			if (n == 0) {
				out[len] = '\0';
				return len ? (ssize_t)len : -1;
			}
		}
		char c = r->buf[r->start++];
		if (c == '\n')
			break;
		if (len + 1 < max)
			out[len++] = c;
	}
	out[len] = '\0';
	return (ssize_t)len;
}

/* Exactly n bytes into out (NULL: skip them): n, fewer at EOF, -1 on an error. */
static inline ssize_t read_exact(struct reader *r, char *out, size_t n)
{
	size_t got = 0;
	while (got < n) {
		if (r->start == r->end) {
			ssize_t k = reader_fill(r);
			if (k < 0)
				return -1;
			if (k == 0)
				break;
		}
		size_t take = r->end - r->start;
		if (take > n - got)
			take = n - got;
		if (out)
			memcpy(out + got, r->buf + r->start, take);
		r->start += take;
		got += take;
	}
	return (ssize_t)got;
}

/* FNV-1a, 32 bits, continued from h (start with FNV_START). */
#define FNV_START 2166136261u
static inline uint32_t fnv1a(uint32_t h, const void *data, size_t n)
{
	const unsigned char *p = data;
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

/* The bulk data's byte i: a pattern that is not periodic in any small power of two. */
static inline unsigned char bulk_byte(size_t i)
{
	return (unsigned char)(i * 7 + i / 251);
}

/* poll's revents as names, in a fixed order, into buf ("none" for 0). */
static inline const char *poll_names(short revents, char *buf, size_t size)
{
	static const struct {
		short bit;
		const char *name;
	} names[] = { { POLLIN, "POLLIN" },	{ POLLPRI, "POLLPRI" }, { POLLOUT, "POLLOUT" },
		      { POLLRDHUP, "POLLRDHUP" }, { POLLERR, "POLLERR" }, { POLLHUP, "POLLHUP" },
		      { POLLNVAL, "POLLNVAL" } };
	buf[0] = '\0';
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (revents & names[i].bit) {
			if (buf[0])
				strncat(buf, " ", size - strlen(buf) - 1);
			strncat(buf, names[i].name, size - strlen(buf) - 1);
		}
	if (!buf[0])
		snprintf(buf, size, "none");
	return buf;
}

#endif
