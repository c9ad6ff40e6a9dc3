/*
 * t-files: the file system calls, in a fresh directory under /tmp.
 *
 * openat/read/write/lseek (holes, SEEK_END, O_APPEND, O_TRUNC, O_EXCL), newfstatat and fstat
 * (type, permissions after umask, size, link counts), readv/writev, dup/dup2/dup3 and fcntl
 * (shared offsets, FD_CLOEXEC, F_DUPFD_CLOEXEC, F_GETFL, O_NONBLOCK on a pipe), getdents64
 * through readdir (names and types, sorted before printing), rename (also over an existing
 * file), unlink, mkdir/rmdir, chdir/getcwd with relative paths and "..", /dev/null, a 1 MiB
 * file and private mappings of it (mmap MAP_PRIVATE: its bytes, a store that stays in the
 * mapping, an offset, the zeros past the end), and the errors: ENOENT, EEXIST, ENOTDIR, EISDIR, ENOTEMPTY, EBADF, ESPIPE, EPIPE,
 * EAGAIN, EINVAL. The directory name contains the pid, which is never printed. Exits 0 when
 * every check passes, and removes what it created.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>
#include "t-check.h"

static char dir[64];

/* Checks that the last call failed with `expect`, printing what happened. */
static void expect_errno(const char *what, long result, int expect, int line)
{
	int e = errno;
	printf("%s: %s\n", what, result == -1 ? strerrorname_np(e) : "succeeded");
	t_check(result == -1 && e == expect, what, __FILE__, line);
}
#define EXPECT_ERRNO(what, call, e) (errno = 0, expect_errno(what, (long)(call), e, __LINE__))

static off_t file_size(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? st.st_size : -1;
}

static void basics(void)
{
	umask(022);
	T_CHECK(mkdir(dir, 0777) == 0);
	T_CHECK(chdir(dir) == 0);
	int fd = open("f", O_WRONLY | O_CREAT | O_EXCL, 0666);
	T_CHECK(fd >= 0);
	T_CHECK(write(fd, "hello world\n", 12) == 12);
	struct stat st;
	T_CHECK(fstat(fd, &st) == 0);
	printf("created f: regular %s, mode %04o, size %lld, links %ld\n", S_ISREG(st.st_mode) ? "yes" : "no",
	       st.st_mode & 07777, (long long)st.st_size, (long)st.st_nlink);
	T_CHECK(S_ISREG(st.st_mode) && (st.st_mode & 07777) == 0644 && st.st_size == 12 && st.st_nlink == 1);
	EXPECT_ERRNO("read from a write-only fd", read(fd, &st, 1), EBADF);
	close(fd);
	EXPECT_ERRNO("O_EXCL on an existing file", open("f", O_WRONLY | O_CREAT | O_EXCL, 0666), EEXIST);

	fd = open("f", O_RDWR);
	char buf[64] = "";
	off_t end = lseek(fd, 0, SEEK_END), six = lseek(fd, 6, SEEK_SET);
	ssize_t n = read(fd, buf, 5);
	off_t back = lseek(fd, -5, SEEK_CUR);
	printf("lseek END %lld, SET %lld, read \"%.*s\", CUR-5 %lld\n", (long long)end, (long long)six, (int)n, buf,
	       (long long)back);
	T_CHECK(end == 12 && six == 6 && n == 5 && memcmp(buf, "world", 5) == 0 && back == 6);

	T_CHECK(lseek(fd, 100, SEEK_SET) == 100 && write(fd, "X", 1) == 1);
	lseek(fd, 12, SEEK_SET);
	unsigned char hole[88];
	n = read(fd, hole, sizeof hole);
	int zero = n == 88;
	for (int i = 0; i < 88; i++)
		zero &= hole[i] == 0;
	printf("write at 100 past the end: size %lld, the hole reads as %zd zero bytes: %s\n",
	       (long long)file_size("f"), n, zero ? "yes" : "no");
	T_CHECK(file_size("f") == 101 && zero);
	close(fd);

	fd = open("f", O_WRONLY | O_APPEND);
	lseek(fd, 0, SEEK_SET);
	T_CHECK(write(fd, "tail", 4) == 4);
	int flags = fcntl(fd, F_GETFL);
	printf("O_APPEND write after lseek(0): size %lld; F_GETFL has O_APPEND %s, access write-only %s\n",
	       (long long)file_size("f"), flags & O_APPEND ? "yes" : "no", (flags & O_ACCMODE) == O_WRONLY ? "yes" : "no");
	T_CHECK(file_size("f") == 105 && (flags & O_APPEND) && (flags & O_ACCMODE) == O_WRONLY);
	close(fd);
	fd = open("f", O_RDWR | O_TRUNC);
	printf("O_TRUNC: size %lld\n", (long long)file_size("f"));
	T_CHECK(file_size("f") == 0);
	close(fd);
}

static void descriptors(void)
{
	int fd = open("f", O_RDWR | O_CLOEXEC);
	int d = dup(fd);
	T_CHECK(write(fd, "abcdef", 6) == 6);
	off_t shared = lseek(d, 0, SEEK_CUR);
	int cloexec_orig = fcntl(fd, F_GETFD) & FD_CLOEXEC, cloexec_dup = fcntl(d, F_GETFD) & FD_CLOEXEC;
	printf("dup shares the offset: %lld; FD_CLOEXEC original %d, dup %d\n", (long long)shared, !!cloexec_orig,
	       !!cloexec_dup);
	T_CHECK(shared == 6 && cloexec_orig && !cloexec_dup);

	int null = open("/dev/null", O_RDWR);
	int r2 = dup2(fd, 50), r3 = dup3(fd, 51, O_CLOEXEC), r4 = dup2(null, 50); /* replaces 50 */
	int high = fcntl(fd, F_DUPFD_CLOEXEC, 60);
	printf("dup2 -> %d, dup3 -> %d (FD_CLOEXEC %d), dup2 over an open fd -> %d, F_DUPFD_CLOEXEC from 60 -> %d\n", r2,
	       r3, !!(fcntl(51, F_GETFD) & FD_CLOEXEC), r4, high);
	T_CHECK(r2 == 50 && r3 == 51 && (fcntl(51, F_GETFD) & FD_CLOEXEC) && r4 == 50 && high == 60);
	char c;
	ssize_t n = read(50, &c, 1); /* now /dev/null: end of file */
	ssize_t w = write(50, "discarded", 9);
	printf("/dev/null: read %zd, write %zd\n", n, w);
	T_CHECK(n == 0 && w == 9);
	EXPECT_ERRNO("dup3 onto itself", dup3(fd, fd, 0), EINVAL);
	EXPECT_ERRNO("close(-1)", close(-1), EBADF);
	close(50), close(51), close(60), close(null), close(d);

	/* readv and writev */
	lseek(fd, 0, SEEK_SET);
	struct iovec out[3] = { { "one ", 4 }, { "two ", 4 }, { "three", 5 } };
	ssize_t wn = writev(fd, out, 3);
	char a[3], b[6], rest[16] = "";
	struct iovec in[3] = { { a, 3 }, { b, 6 }, { rest, 15 } };
	lseek(fd, 0, SEEK_SET);
	ssize_t rn = readv(fd, in, 3);
	printf("writev %zd bytes, readv %zd: \"%.3s|%.6s|%s\"\n", wn, rn, a, b, rest);
	T_CHECK(wn == 13 && rn == 13 && memcmp(a, "one", 3) == 0 && memcmp(b, " two t", 6) == 0 && strcmp(rest, "hree") == 0);
	close(fd);
}

static void pipes(void)
{
	int p[2];
	T_CHECK(pipe(p) == 0);
	EXPECT_ERRNO("lseek on a pipe", lseek(p[0], 0, SEEK_SET), ESPIPE);
	fcntl(p[0], F_SETFL, fcntl(p[0], F_GETFL) | O_NONBLOCK);
	char c;
	EXPECT_ERRNO("read from an empty O_NONBLOCK pipe", read(p[0], &c, 1), EAGAIN);
	close(p[0]);
	signal(SIGPIPE, SIG_IGN);
	EXPECT_ERRNO("write to a pipe without readers", write(p[1], "x", 1), EPIPE);
	signal(SIGPIPE, SIG_DFL);
	close(p[1]);
}

static int compare(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lists a directory through getdents64: "name/" for directories, sorted. */
static void list(const char *path)
{
	DIR *d = opendir(path);
	T_CHECK(d != NULL);
	if (!d)
		return;
	char *names[32];
	int count = 0;
	struct dirent *e;
	while ((e = readdir(d)) && count < 32) {
		char *s = malloc(strlen(e->d_name) + 2);
		strcpy(s, e->d_name);
		if (e->d_type == DT_DIR)
			strcat(s, "/");
		else if (e->d_type != DT_REG)
			strcat(s, "?");
		names[count++] = s;
	}
	closedir(d);
	qsort(names, (size_t)count, sizeof names[0], compare);
	printf("ls %s:", path);
	for (int i = 0; i < count; i++) {
		printf(" %s", names[i]);
		free(names[i]);
	}
	printf("\n");
}

static void directories(void)
{
	for (const char *name = "abc"; *name; name++) {
		char n[2] = { *name, 0 };
		int fd = open(n, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		T_CHECK(fd >= 0 && write(fd, n, 1) == 1);
		close(fd);
	}
	T_CHECK(mkdir("sub", 0755) == 0 && mkdir("sub/deeper", 0700) == 0);
	list(".");
	struct stat st;
	stat("sub", &st);
	printf("sub: directory %s, mode %04o, links %ld (2 + one subdirectory)\n", S_ISDIR(st.st_mode) ? "yes" : "no",
	       st.st_mode & 07777, (long)st.st_nlink);
	T_CHECK(S_ISDIR(st.st_mode) && (st.st_mode & 07777) == 0755 && st.st_nlink == 3);
	EXPECT_ERRNO("mkdir of an existing name", mkdir("a", 0755), EEXIST);
	EXPECT_ERRNO("open a missing file", open("missing", O_RDONLY), ENOENT);
	EXPECT_ERRNO("open a path through a file", open("a/x", O_RDONLY), ENOTDIR);
	EXPECT_ERRNO("opendir-style open of a file", open("a", O_RDONLY | O_DIRECTORY), ENOTDIR);
	EXPECT_ERRNO("unlink a directory", unlink("sub"), EISDIR);
	EXPECT_ERRNO("rmdir a non-empty directory", rmdir("sub"), ENOTEMPTY);
	EXPECT_ERRNO("rmdir a file", rmdir("a"), ENOTDIR);
	char link[16];
	EXPECT_ERRNO("readlink of a regular file", readlink("a", link, sizeof link), EINVAL);

	T_CHECK(rename("a", "sub/moved") == 0);
	T_CHECK(rename("b", "c") == 0); /* replaces c */
	char got = 0;
	int fd = open("c", O_RDONLY);
	T_CHECK(read(fd, &got, 1) == 1);
	close(fd);
	printf("rename a -> sub/moved, b over c: c now holds '%c'\n", got);
	T_CHECK(got == 'b');
	EXPECT_ERRNO("stat the old name", stat("a", &st), ENOENT);
	list(".");
	list("sub");

	char cwd[256], top[256];
	T_CHECK(getcwd(top, sizeof top) != NULL);
	T_CHECK(chdir("sub/deeper") == 0 && getcwd(cwd, sizeof cwd) != NULL);
	size_t len = strlen(top);
	printf("chdir sub/deeper: getcwd is the directory + \"%s\"\n", strncmp(cwd, top, len) == 0 ? cwd + len : "?");
	T_CHECK(strncmp(cwd, top, len) == 0 && strcmp(cwd + len, "/sub/deeper") == 0);
	fd = open("../moved", O_RDONLY);
	got = 0;
	T_CHECK(fd >= 0 && read(fd, &got, 1) == 1);
	close(fd);
	printf("open ../moved from there: '%c'\n", got);
	T_CHECK(got == 'a');
	T_CHECK(chdir("../..") == 0 && getcwd(cwd, sizeof cwd) && strcmp(cwd, top) == 0);
}

static void big_file(void)
{
	static unsigned char block[8192];
	int fd = open("big", O_RDWR | O_CREAT | O_TRUNC, 0644);
	uint32_t sum_out = 2166136261u, sum_in = 2166136261u; /* FNV-1a */
	int writes_ok = 1;
	for (int i = 0; i < 128; i++) {
		for (int j = 0; j < 8192; j++)
			block[j] = (unsigned char)(i * 131 + j * 7 + (j >> 8));
		for (int j = 0; j < 8192; j++)
			sum_out = (sum_out ^ block[j]) * 16777619u;
		writes_ok &= write(fd, block, sizeof block) == (ssize_t)sizeof block;
	}
	T_CHECK(writes_ok);
	lseek(fd, 0, SEEK_SET);
	ssize_t n, total = 0;
	while ((n = read(fd, block, 5000)) > 0) {
		for (ssize_t j = 0; j < n; j++)
			sum_in = (sum_in ^ block[j]) * 16777619u;
		total += n;
	}
	close(fd);
	printf("1 MiB file: wrote and read %zd bytes, checksums %08x %08x\n", total, sum_out, sum_in);
	T_CHECK(total == 1 << 20 && sum_in == sum_out);
}

static void mapped(void)
{
	int fd = open("big", O_RDONLY);
	unsigned char *all = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	T_CHECK(all != MAP_FAILED);
	if (all == MAP_FAILED)
		return;
	uint32_t sum = 2166136261u;
	for (int j = 0; j < 1 << 20; j++)
		sum = (sum ^ all[j]) * 16777619u;
	all[0] ^= 0xff; /* private: the file keeps its byte */
	unsigned char first;
	pread(fd, &first, 1, 0);
	printf("1 MiB mapped privately: checksum %08x, a store stays in the mapping: %s\n", sum,
	       first != all[0] ? "yes" : "no");
	munmap(all, 1 << 20);
	unsigned char *part = mmap(NULL, 8192, PROT_READ, MAP_PRIVATE, fd, 3 * 4096);
	unsigned char want[8192];
	pread(fd, want, sizeof want, 3 * 4096);
	printf("at an offset: the mapping is the file's bytes there: %s\n",
	       part != MAP_FAILED && memcmp(part, want, sizeof want) == 0 ? "yes" : "no");
	munmap(part, 8192);
	close(fd);
	fd = open("short", O_RDWR | O_CREAT | O_TRUNC, 0644);
	write(fd, "one hundred bytes? no, nineteen", 19);
	unsigned char *tail = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
	int zeros = 1;
	for (int j = 19; tail != MAP_FAILED && j < 4096; j++)
		zeros &= tail[j] == 0;
	printf("a 19-byte file mapped: '%.9s', zeros to the page's end: %s\n", tail == MAP_FAILED ? "" : (char *)tail,
	       tail != MAP_FAILED && zeros ? "yes" : "no");
	munmap(tail, 4096);
	close(fd);
	T_CHECK(unlink("short") == 0);
}

static void cleanup(void)
{
	static const char *files[] = { "c", "big", "f", "sub/moved" };
	for (unsigned i = 0; i < sizeof files / sizeof files[0]; i++)
		T_CHECK(unlink(files[i]) == 0);
	T_CHECK(rmdir("sub/deeper") == 0 && rmdir("sub") == 0);
	list(".");
	T_CHECK(chdir("/") == 0 && rmdir(dir) == 0);
	struct stat st;
	EXPECT_ERRNO("stat the removed directory", stat(dir, &st), ENOENT);
}

int main(void)
{
	t_begin();
	snprintf(dir, sizeof dir, "/tmp/t-files.%d", (int)getpid());
	basics();
	descriptors();
	pipes();
	directories();
	big_file();
	mapped();
	cleanup();
	return t_done("t-files");
}
