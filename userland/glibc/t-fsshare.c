/*
 * t-fsshare: two processes sharing files, for the shared filesystem across kernels.
 *
 *   t-fsshare            fork both writers in a fresh directory under /tmp (one process tree:
 *                        the reference run under qemu, and the kernel's differential test)
 *   t-fsshare a DIR      writer A alone, in DIR (made by A)
 *   t-fsshare b DIR      writer B alone, in DIR: run A on one kernel and B on another
 *
 * A and B take turns through marker files in DIR (each step waits for the other's marker, by
 * polling with short sleeps), and check what one Linux guarantees: a read after the other's
 * write returns its bytes; O_APPEND writes from both interleave as whole writes, each writer's
 * in its order; a file unlinked by B stays readable through A's open descriptor; rename over a
 * file is atomic for a reader (every open finds the old or the new contents, whole); both
 * list the directory alike; fcntl record locks, OFD locks and flock hold between them, and a
 * blocked F_SETLKW or flock returns once the other lets go; a named pipe (mkfifo) made by A
 * carries A's lines to B, its opens waiting for each other, and B reads end of file once A
 * closes it. Every line A prints starts "A: ", B's "B: "; the markers also order
 * their printing, so the output is the same however the two are scheduled.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "t-check.h"

#define LINES 200
#define LINE_BYTES 5 /* "A123\n" */

static char who;
static const char *dir;

static void path_of(char *out, const char *name)
{
	snprintf(out, 256, "%s/%s", dir, name);
}

static void mark(const char *name)
{
	char p[256];
	path_of(p, name);
	int fd = open(p, O_WRONLY | O_CREAT | O_EXCL, 0644);
	T_CHECK(fd >= 0);
	close(fd);
}

/* Waits for the other writer's marker (10 s at most). */
static int wait_for(const char *name)
{
	char p[256];
	struct stat st;
	path_of(p, name);
	for (int i = 0; i < 10000; i++) {
		if (stat(p, &st) == 0)
			return 1;
		struct timespec ms = { 0, 1000000 };
		nanosleep(&ms, NULL);
	}
	printf("%c: gave up waiting for %s\n", who, name);
	return 0;
}

/* The whole file, or NULL. */
static char *slurp(const char *name, size_t *len)
{
	char p[256];
	path_of(p, name);
	int fd = open(p, O_RDONLY);
	if (fd < 0)
		return NULL;
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap + 1);
	for (;;) {
		if (n == cap)
			buf = realloc(buf, (cap *= 2) + 1);
		ssize_t r = read(fd, buf + n, cap - n);
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	buf[n] = 0;
	*len = n;
	return buf;
}

static void put(const char *name, const char *text, int flags)
{
	char p[256];
	path_of(p, name);
	int fd = open(p, O_WRONLY | O_CREAT | flags, 0644);
	T_CHECK(fd >= 0 && write(fd, text, strlen(text)) == (ssize_t)strlen(text));
	close(fd);
}

static void step_write_then_read(void)
{
	size_t n;
	if (who == 'A') {
		put("shared", "from-a\n", O_TRUNC);
		put("target", "version-1\n", O_TRUNC);
		mark("a1");
		if (!wait_for("b1"))
			return;
		char *s = slurp("shared", &n);
		printf("A: the file after B appended: %s", s ? s : "(none)\n");
		T_CHECK(s && strcmp(s, "from-a\nfrom-b\n") == 0);
		free(s);
	} else {
		if (!wait_for("a1"))
			return;
		char *s = slurp("shared", &n);
		printf("B: read after A's write: %s", s ? s : "(none)\n");
		T_CHECK(s && strcmp(s, "from-a\n") == 0);
		free(s);
		put("shared", "from-b\n", O_APPEND);
		mark("b1");
	}
}

static void step_appends(void)
{
	char p[256], line[8];
	path_of(p, "log");
	int fd = open(p, O_WRONLY | O_CREAT | O_APPEND, 0644);
	T_CHECK(fd >= 0);
	int whole = 1;
	for (int i = 0; i < LINES; i++) {
		snprintf(line, sizeof line, "%c%03d\n", who, i);
		whole &= write(fd, line, LINE_BYTES) == LINE_BYTES;
	}
	close(fd);
	T_CHECK(whole);
	mark(who == 'A' ? "a2" : "b2");
	if (!wait_for(who == 'A' ? "b2" : "a2"))
		return;
	size_t n;
	char *s = slurp("log", &n);
	int lines = 0, ok = s && n == 2 * LINES * LINE_BYTES, next[2] = { 0, 0 };
	for (size_t at = 0; ok && at < n; at += LINE_BYTES, lines++) {
		char w = s[at];
		int k = w == 'A' ? 0 : w == 'B' ? 1 : -1;
		ok = k >= 0 && s[at + 4] == '\n' && atoi(s + at + 1) == next[k]++;
	}
	if (who == 'B' && !wait_for("a2p"))
		return;
	printf("%c: the log has %d lines of %d bytes, whole and each writer's in order: %s\n", who, lines, LINE_BYTES,
	       ok ? "yes" : "no");
	T_CHECK(ok && lines == 2 * LINES);
	free(s);
	if (who == 'A')
		mark("a2p");
}

static void step_unlink_open(void)
{
	char p[256];
	path_of(p, "victim");
	if (who == 'A') {
		put("victim", "still-here\n", O_TRUNC);
		int fd = open(p, O_RDONLY);
		T_CHECK(fd >= 0);
		mark("a3");
		if (!wait_for("b3"))
			return;
		char buf[32] = { 0 };
		ssize_t r = read(fd, buf, sizeof buf - 1);
		struct stat st;
		T_CHECK(fstat(fd, &st) == 0);
		printf("A: read through the descriptor after B's unlink: %zd bytes, %s", r, buf);
		printf("A: its link count now: %ld\n", (long)st.st_nlink);
		T_CHECK(r == 11 && st.st_nlink == 0);
		close(fd);
	} else {
		if (!wait_for("a3"))
			return;
		T_CHECK(unlink(p) == 0);
		struct stat st;
		int r = stat(p, &st);
		printf("B: unlinked the file A holds open; stat: %s\n", r == 0 ? "found" : strerrorname_np(errno));
		T_CHECK(r == -1 && errno == ENOENT);
		mark("b3");
	}
}

static void step_rename(void)
{
	if (who == 'A') {
		mark("a4");
		/* reads until the new version shows; each one must find a whole version */
		int whole = 1, saw_new = 0;
		for (int i = 0; i < 5000 && !saw_new; i++) {
			size_t n;
			char *s = slurp("target", &n);
			whole &= s && (strcmp(s, "version-1\n") == 0 || strcmp(s, "version-2\n") == 0);
			saw_new = s && strcmp(s, "version-2\n") == 0;
			free(s);
		}
		wait_for("b4");
		printf("A: every read during B's rename found one whole version: %s; the new one came: %s\n",
		       whole ? "yes" : "no", saw_new ? "yes" : "no");
		T_CHECK(whole && saw_new);
		mark("a4p");
	} else {
		if (!wait_for("a4"))
			return;
		char from[256], to[256];
		put("target.tmp", "version-2\n", O_TRUNC);
		path_of(from, "target.tmp");
		path_of(to, "target");
		int r = rename(from, to);
		printf("B: renamed the new version over the target: %s\n", r == 0 ? "ok" : strerrorname_np(errno));
		T_CHECK(r == 0);
		mark("b4");
	}
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void step_listing(void)
{
	if (who == 'B' && !wait_for("a4p"))
		return;
	put(who == 'A' ? "made-by-a" : "made-by-b", "x\n", O_TRUNC);
	mark(who == 'A' ? "a5" : "b5");
	if (!wait_for(who == 'A' ? "b5" : "a5p"))
		return;
	DIR *d = opendir(dir);
	T_CHECK(d != NULL);
	char *names[64];
	int n = 0;
	for (struct dirent *e; d && (e = readdir(d)) && n < 64;)
		names[n++] = strdup(e->d_name);
	if (d)
		closedir(d);
	qsort(names, (size_t)n, sizeof names[0], by_name);
	printf("%c: ls:", who);
	for (int i = 0; i < n; i++) {
		printf(" %s", names[i]);
		free(names[i]);
	}
	printf("\n");
	mark(who == 'A' ? "a5p" : "b5p");
}

static void pause_ms(int ms)
{
	struct timespec t = { 0, ms * 1000000L };
	nanosleep(&t, NULL);
}

static void step_locks(void)
{
	char p[256];
	path_of(p, "lockfile");
	struct flock whole = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0 };
	if (who == 'A') {
		if (!wait_for("b5p"))
			return;
		int fd = open(p, O_RDWR | O_CREAT, 0644);
		char pid[16];
		int n = snprintf(pid, sizeof pid, "%d", (int)getpid());
		T_CHECK(write(fd, pid, (size_t)n) == n);
		T_CHECK(fcntl(fd, F_SETLK, &whole) == 0);
		T_CHECK(flock(fd, LOCK_EX) == 0);
		mark("a6");
		if (!wait_for("b6l"))
			return;
		pause_ms(20);
		printf("A: unlocking the record lock\n");
		whole.l_type = F_UNLCK;
		T_CHECK(fcntl(fd, F_SETLK, &whole) == 0);
		if (!wait_for("b7"))
			return;
		pause_ms(20);
		printf("A: closing, which lets the flock go\n");
		close(fd);
		wait_for("b8");
	} else {
		if (!wait_for("a6"))
			return;
		int fd = open(p, O_RDWR);
		char pid[16] = { 0 };
		T_CHECK(read(fd, pid, sizeof pid - 1) > 0);
		struct flock probe = whole;
		T_CHECK(fcntl(fd, F_GETLK, &probe) == 0);
		printf("B: F_GETLK: %s held by A: %s\n", probe.l_type == F_WRLCK ? "F_WRLCK" : "no lock",
		       probe.l_pid == atoi(pid) ? "yes" : "no");
		int r = fcntl(fd, F_SETLK, &whole);
		printf("B: F_SETLK: %s\n", r == 0 ? "got it" : strerrorname_np(errno));
		struct flock ofd = whole;
		r = fcntl(fd, F_OFD_SETLK, &ofd);
		printf("B: F_OFD_SETLK: %s\n", r == 0 ? "got it" : strerrorname_np(errno));
		r = flock(fd, LOCK_EX | LOCK_NB);
		printf("B: flock LOCK_EX|LOCK_NB: %s\n", r == 0 ? "got it" : strerrorname_np(errno));
		mark("b6l");
		r = fcntl(fd, F_SETLKW, &whole);
		printf("B: F_SETLKW returned once A unlocked: %d\n", r);
		T_CHECK(r == 0);
		mark("b7");
		r = flock(fd, LOCK_EX);
		printf("B: flock LOCK_EX returned once A closed: %d\n", r);
		T_CHECK(r == 0);
		close(fd);
		mark("b8");
	}
}

#define FIFO_LINES 100

static void step_fifo(void)
{
	char p[256], line[32];
	path_of(p, "fifo");
	if (who == 'A') {
		T_CHECK(mkfifo(p, 0644) == 0);
		int nb = open(p, O_WRONLY | O_NONBLOCK);
		printf("A: open for writing with O_NONBLOCK and no reader: %s\n", nb >= 0 ? "opened" : strerrorname_np(errno));
		T_CHECK(nb == -1 && errno == ENXIO);
		mark("a8");
		int fd = open(p, O_WRONLY); /* waits for B */
		T_CHECK(fd >= 0);
		int ok = 1;
		for (int i = 0; i < FIFO_LINES; i++) {
			int n = snprintf(line, sizeof line, "fifo line %03d\n", i);
			ok &= write(fd, line, (size_t)n) == n;
		}
		printf("A: wrote %d lines into the FIFO: %s\n", FIFO_LINES, ok ? "ok" : "failed");
		T_CHECK(ok);
		close(fd);
	} else {
		if (!wait_for("a8"))
			return;
		int fd = open(p, O_RDONLY);
		T_CHECK(fd >= 0);
		static char all[FIFO_LINES * 16];
		size_t n = 0;
		for (ssize_t r; (r = read(fd, all + n, sizeof all - n)) > 0;)
			n += (size_t)r;
		close(fd);
		int ok = n == FIFO_LINES * 14;
		for (int i = 0; ok && i < FIFO_LINES; i++) {
			snprintf(line, sizeof line, "fifo line %03d\n", i);
			ok = memcmp(all + i * 14, line, 14) == 0;
		}
		printf("B: read %zu bytes through the FIFO, A's lines in order: %s; then end of file\n", n, ok ? "yes" : "no");
		T_CHECK(ok);
		struct stat st;
		T_CHECK(stat(p, &st) == 0 && S_ISFIFO(st.st_mode));
	}
}

static void cleanup(void)
{
	static const char *names[] = { "shared", "target", "log", "made-by-a", "made-by-b", "a1", "a2", "a2p", "a3",
				       "a4",	 "a4p",	   "a5",  "a5p",       "b1",	    "b2", "b3", "b4",  "b5", "b6",
				       "b5p", "lockfile", "fifo", "a8", "a6", "b6l", "b7", "b8" };
	wait_for("b6");
	char p[256];
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		path_of(p, names[i]);
		unlink(p);
	}
	T_CHECK(rmdir(dir) == 0);
}

static int writer(char w, const char *d)
{
	who = w;
	dir = d;
	if (who == 'A')
		T_CHECK(mkdir(dir, 0755) == 0 || errno == EEXIST);
	else if (!wait_for("."))
		return 1;
	step_write_then_read();
	step_appends();
	step_unlink_open();
	step_rename();
	step_listing();
	step_locks();
	step_fifo();
	if (who == 'B') {
		printf("B: ");
		int status = t_done("t-fsshare");
		fflush(NULL);
		mark("b6"); /* A prints after this */
		return status;
	}
	cleanup();
	printf("A: ");
	return t_done("t-fsshare");
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 3 && (strcmp(argv[1], "a") == 0 || strcmp(argv[1], "b") == 0))
		return writer(argv[1][0] == 'a' ? 'A' : 'B', argv[2]);
	static char d[64];
	snprintf(d, sizeof d, "/tmp/t-fsshare.%d", (int)getpid());
	if (mkdir(d, 0755) != 0) { /* not a check: A's and B's counts are those of the two-kernel run */
		printf("mkdir %s: %s\n", d, strerrorname_np(errno));
		return 1;
	}
	fflush(NULL);
	pid_t b = fork();
	if (b == 0)
		return writer('B', d);
	int status = 0, a = writer('A', d);
	waitpid(b, &status, 0);
	return a || !WIFEXITED(status) || WEXITSTATUS(status);
}
