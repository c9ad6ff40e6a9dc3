/*
 * t-shm: memory shared between processes, as programs share it: mmap(MAP_SHARED) of anonymous
 * memory inherited across fork, of a /dev/shm file (shm_open), and of a regular file, with
 * process-shared mutexes, condition variables and raw futexes in it.
 *
 * Each part prints deterministic lines (no addresses, pids or times):
 *   1. three children each add 1 to a counter 20 000 times under a PTHREAD_PROCESS_SHARED
 *      mutex in an anonymous MAP_SHARED page; the parent reads 60000;
 *   2. parent and child take turns 1000 times each through a process-shared mutex and
 *      condition variable (a ping-pong that only ends if each wake reaches the other process);
 *   3. raw futexes: a shared FUTEX_WAIT in the child woken by a FUTEX_WAKE in the parent; a
 *      FUTEX_WAKE_PRIVATE from the parent does not reach a child's FUTEX_WAIT_PRIVATE on the
 *      same word (private futexes are per address space), which times out;
 *   4. shm_open: a /dev/shm object sized with ftruncate, mapped by the parent, opened by name
 *      and mapped again by the child at another address; each sees the other's stores, read()
 *      sees them too; shm_unlink removes the name; a named semaphore (sem_open, a file in
 *      /dev/shm that glibc maps shared) posted five times by a child;
 *   5. a regular file under /tmp mapped MAP_SHARED: stores are seen by read() (in this process
 *      and in a child), write() is seen by the mapping, msync, ftruncate growing (new bytes are
 *      zeros) and shrinking (the last page's tail reads as zeros, a touch past the end is
 *      SIGBUS), EACCES for a writable shared mapping of a read-only descriptor;
 *   6. corner cases: the rest of a shared mapping stays shared after munmap of a part,
 *      mprotect to read-only and back keeps it shared, MADV_DONTNEED keeps its bytes, /dev/zero
 *      mapped MAP_SHARED is shared anonymous memory, a private mapping stays private, and a
 *      child that execs leaves the parent's mapping intact.
 * Exits 0 when every check passes, and removes its files.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <pthread.h>
#include <semaphore.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "t-check.h"

#define PAGE 4096

static const char *err_name(int e)
{
	const char *name = strerrorname_np(e);
	return name ? name : "?";
}

static void *shared_anon(size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		printf("mmap MAP_SHARED|MAP_ANONYMOUS: %s\n", err_name(errno));
		_exit(2);
	}
	return p;
}

/* Forks a child that runs fn(arg) and exits with its status; returns the child's pid. */
static pid_t spawn(int (*fn)(void *), void *arg)
{
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		int status = fn(arg);
		fflush(NULL);
		_exit(status);
	}
	return pid;
}

/* Waits for pid; its exit status, or 128 + signal. */
static int reap(pid_t pid)
{
	int status = 0;
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void pause_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static long futex(uint32_t *word, int op, uint32_t val, const struct timespec *timeout)
{
	return syscall(SYS_futex, word, op, val, timeout, NULL, 0);
}

/* ---- 1. the counter under a process-shared mutex ---- */

struct counter {
	pthread_mutex_t lock;
	long count;
};

static int add_20000(void *arg)
{
	struct counter *c = arg;
	for (int i = 0; i < 20000; i++) {
		pthread_mutex_lock(&c->lock);
		c->count++;
		pthread_mutex_unlock(&c->lock);
	}
	return 0;
}

static void part_counter(void)
{
	struct counter *c = shared_anon(sizeof *c);
	pthread_mutexattr_t attr;
	pthread_mutexattr_init(&attr);
	T_CHECK(pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED) == 0);
	T_CHECK(pthread_mutex_init(&c->lock, &attr) == 0);
	pid_t kids[3];
	for (int i = 0; i < 3; i++)
		kids[i] = spawn(add_20000, c);
	int ok = 1;
	for (int i = 0; i < 3; i++)
		ok &= reap(kids[i]) == 0;
	T_CHECK(ok);
	printf("1. three children x 20000 under a shared mutex: %ld\n", c->count);
	T_CHECK(c->count == 60000);
	munmap(c, sizeof *c);
}

/* ---- 2. ping-pong through a process-shared condition variable ---- */

struct court {
	pthread_mutex_t lock;
	pthread_cond_t turned;
	int turn; /* 0: the parent's, 1: the child's */
	int strokes[2];
};

static void play(struct court *c, int me, int rounds)
{
	for (int i = 0; i < rounds; i++) {
		pthread_mutex_lock(&c->lock);
		while (c->turn != me)
			pthread_cond_wait(&c->turned, &c->lock);
		c->strokes[me]++;
		c->turn = !me;
		pthread_cond_signal(&c->turned);
		pthread_mutex_unlock(&c->lock);
	}
}

static int child_plays(void *arg)
{
	play(arg, 1, 1000);
	return 0;
}

static void part_pingpong(void)
{
	struct court *c = shared_anon(sizeof *c);
	pthread_mutexattr_t ma;
	pthread_condattr_t ca;
	pthread_mutexattr_init(&ma);
	pthread_condattr_init(&ca);
	pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
	pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED);
	T_CHECK(pthread_mutex_init(&c->lock, &ma) == 0);
	T_CHECK(pthread_cond_init(&c->turned, &ca) == 0);
	pid_t kid = spawn(child_plays, c);
	play(c, 0, 1000);
	T_CHECK(reap(kid) == 0);
	printf("2. ping-pong through a shared condition variable: parent %d, child %d, turn %d\n", c->strokes[0],
	       c->strokes[1], c->turn);
	T_CHECK(c->strokes[0] == 1000 && c->strokes[1] == 1000 && c->turn == 0);
	munmap(c, sizeof *c);
}

/* ---- 3. raw futexes, shared and private ---- */

static int wait_shared(void *arg)
{
	uint32_t *word = arg;
	while (__atomic_load_n(word, __ATOMIC_SEQ_CST) == 0)
		futex(word, FUTEX_WAIT, 0, NULL);
	printf("3. child woken by a shared FUTEX_WAKE, word %u\n", *word);
	return 0;
}

static int wait_private(void *arg)
{
	uint32_t *word = arg;
	struct timespec ts = {0, 200 * 1000000L};
	long r = futex(word, FUTEX_WAIT_PRIVATE, 0, &ts);
	printf("3. child's FUTEX_WAIT_PRIVATE: %s\n", r == 0 ? "woken" : err_name(errno));
	return r == -1 && errno == ETIMEDOUT ? 0 : 1;
}

static void part_futex(void)
{
	uint32_t *word = shared_anon(PAGE);
	pid_t kid = spawn(wait_shared, word);
	pause_ms(50);
	__atomic_store_n(word, 7, __ATOMIC_SEQ_CST);
	futex(word, FUTEX_WAKE, 1, NULL);
	T_CHECK(reap(kid) == 0);

	word[1] = 0;
	kid = spawn(wait_private, word + 1);
	pause_ms(50);
	long woken = futex(word + 1, FUTEX_WAKE_PRIVATE, 1, NULL);
	printf("3. parent's FUTEX_WAKE_PRIVATE woke %ld\n", woken);
	T_CHECK(woken == 0);
	T_CHECK(reap(kid) == 0);
	munmap(word, PAGE);
}

/* ---- 4. shm_open ---- */

static char shm_name[64];

static int shm_child(void *arg)
{
	(void)arg;
	int fd = shm_open(shm_name, O_RDWR, 0);
	if (fd < 0)
		return 3;
	char *p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return 4;
	printf("4. child reads: %s\n", p);
	strcpy(p + PAGE, "written by the child");
	return 0;
}

static void part_shm_open(void)
{
	snprintf(shm_name, sizeof shm_name, "/t-shm-%d", (int)getpid());
	int fd = shm_open(shm_name, O_CREAT | O_EXCL | O_RDWR, 0600);
	T_CHECK(fd >= 0);
	T_CHECK(ftruncate(fd, 2 * PAGE) == 0);
	struct stat st;
	T_CHECK(fstat(fd, &st) == 0 && st.st_size == 2 * PAGE);
	char *p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	T_CHECK(p != MAP_FAILED);
	strcpy(p, "written by the parent");
	T_CHECK(reap(spawn(shm_child, NULL)) == 0);
	printf("4. parent reads: %s\n", p + PAGE);
	char buf[32] = {0};
	T_CHECK(pread(fd, buf, 20, PAGE) == 20);
	printf("4. read() at 4096: %s\n", buf);
	T_CHECK(munmap(p, 2 * PAGE) == 0);
	close(fd);
	T_CHECK(shm_unlink(shm_name) == 0);
	errno = 0;
	T_CHECK(shm_open(shm_name, O_RDWR, 0) == -1);
	printf("4. shm_open after shm_unlink: %s\n", err_name(errno));

	char sem_name[64];
	snprintf(sem_name, sizeof sem_name, "/t-shm-sem-%d", (int)getpid());
	sem_t *sem = sem_open(sem_name, O_CREAT | O_EXCL, 0600, 0);
	T_CHECK(sem != SEM_FAILED);
	if (sem == SEM_FAILED)
		return;
	fflush(NULL);
	pid_t kid = fork();
	if (kid == 0) {
		sem_t *other = sem_open(sem_name, 0);
		for (int i = 0; other != SEM_FAILED && i < 5; i++)
			sem_post(other);
		_exit(other == SEM_FAILED ? 3 : 0);
	}
	int taken = 0, value = -1;
	for (; taken < 5; taken++)
		if (sem_wait(sem) != 0)
			break;
	T_CHECK(reap(kid) == 0);
	sem_getvalue(sem, &value);
	printf("4. a named semaphore: %d posts by the child taken, value now %d\n", taken, value);
	T_CHECK(taken == 5 && value == 0);
	T_CHECK(sem_close(sem) == 0 && sem_unlink(sem_name) == 0);
}

/* ---- 5. a regular file mapped shared ---- */

static char file_path[64];
static sigjmp_buf on_bus;

static void bus_handler(int sig)
{
	siglongjmp(on_bus, sig);
}

static int file_child(void *arg)
{
	(void)arg;
	int fd = open(file_path, O_RDWR);
	char *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (fd < 0 || p == MAP_FAILED)
		return 3;
	memcpy(p + 20, "child", 5);
	munmap(p, PAGE);
	close(fd);
	return 0;
}

static void part_file(void)
{
	snprintf(file_path, sizeof file_path, "/tmp/t-shm-%d.dat", (int)getpid());
	int fd = open(file_path, O_CREAT | O_TRUNC | O_RDWR, 0600);
	T_CHECK(fd >= 0);
	T_CHECK(write(fd, "hello, file", 11) == 11);
	T_CHECK(ftruncate(fd, 32) == 0);
	char *p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	T_CHECK(p != MAP_FAILED);
	printf("5. the mapping reads: %.11s\n", p);
	memcpy(p, "HELLO", 5);
	char buf[32] = {0};
	T_CHECK(pread(fd, buf, 11, 0) == 11);
	printf("5. read() after a store: %s\n", buf);
	T_CHECK(pwrite(fd, "world", 5, 7) == 5);
	printf("5. the mapping after write(): %.12s\n", p);
	T_CHECK(reap(spawn(file_child, NULL)) == 0);
	memset(buf, 0, sizeof buf);
	T_CHECK(pread(fd, buf, 25, 0) == 25);
	for (int i = 0; i < 25; i++)
		if (buf[i] == 0)
			buf[i] = '.';
	printf("5. read() after the child's store: %s\n", buf);
	T_CHECK(msync(p, PAGE, MS_SYNC) == 0);
	errno = 0;
	T_CHECK(msync(p, PAGE, MS_SYNC | MS_ASYNC) == -1 && errno == EINVAL);
	T_CHECK(ftruncate(fd, 2 * PAGE) == 0);
	printf("5. grown to 8192: byte 30 is %d, byte 5000 is %d\n", p[30], p[5000]);
	p[5000] = 'x';
	T_CHECK(pread(fd, buf, 1, 5000) == 1 && buf[0] == 'x');
	T_CHECK(ftruncate(fd, 10) == 0);
	printf("5. shrunk to 10: bytes 8..11 are %d %d %d %d\n", p[8], p[9], p[10], p[11]);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = bus_handler;
	sigaction(SIGBUS, &sa, NULL);
	int sig = sigsetjmp(on_bus, 1);
	if (sig == 0) {
		volatile char c = p[PAGE + 1];
		(void)c;
		printf("5. a touch past the end: no signal\n");
	} else {
		printf("5. a touch past the end: %s\n", sig == SIGBUS ? "SIGBUS" : "another signal");
	}
	T_CHECK(sig == SIGBUS);
	signal(SIGBUS, SIG_DFL);
	T_CHECK(ftruncate(fd, 2 * PAGE) == 0);
	printf("5. grown again: byte 5000 is %d\n", p[5000]);
	T_CHECK(munmap(p, 2 * PAGE) == 0);
	close(fd);
	memset(buf, 0, sizeof buf);
	fd = open(file_path, O_RDONLY);
	T_CHECK(read(fd, buf, 10) == 10);
	printf("5. after munmap, read() gives: %s\n", buf);
	errno = 0;
	T_CHECK(mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED);
	printf("5. writable MAP_SHARED of a read-only descriptor: %s\n", err_name(errno));
	p = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 0);
	T_CHECK(p != MAP_FAILED && p[0] == 'H');
	munmap(p, PAGE);
	close(fd);
	T_CHECK(unlink(file_path) == 0);
}

/* ---- 6. corner cases ---- */

static int write_pages(void *arg)
{
	char *p = arg;
	p[0] = 'A';
	p[2 * PAGE] = 'C';
	p[3 * PAGE] = 'D';
	return 0;
}

static int write_after_mprotect(void *arg)
{
	char *p = arg;
	if (mprotect(p, PAGE, PROT_READ | PROT_WRITE) != 0)
		return 3;
	p[1] = 'w';
	return 0;
}

static int write_private(void *arg)
{
	((char *)arg)[0] = 'c';
	return 0;
}

static void part_corners(void)
{
	char *p = shared_anon(4 * PAGE);
	T_CHECK(munmap(p + PAGE, PAGE) == 0);
	T_CHECK(reap(spawn(write_pages, p)) == 0);
	printf("6. after munmap of page 1, the child's stores: %c %c %c\n", p[0], p[2 * PAGE], p[3 * PAGE]);
	munmap(p, 4 * PAGE);

	p = shared_anon(PAGE);
	p[0] = 'r';
	T_CHECK(mprotect(p, PAGE, PROT_READ) == 0);
	T_CHECK(reap(spawn(write_after_mprotect, p)) == 0);
	printf("6. read-only here, written by the child: %c%c\n", p[0], p[1]);
	T_CHECK(mprotect(p, PAGE, PROT_READ | PROT_WRITE) == 0);
	p[2] = '!';
	T_CHECK(madvise(p, PAGE, MADV_DONTNEED) == 0);
	printf("6. after MADV_DONTNEED: %.3s\n", p);
	munmap(p, PAGE);

	int zero = open("/dev/zero", O_RDWR);
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, zero, 0);
	close(zero);
	T_CHECK(p != MAP_FAILED);
	if (p != MAP_FAILED) {
		T_CHECK(reap(spawn(write_private, p)) == 0);
		printf("6. /dev/zero mapped shared, after the child's store: %c\n", p[0]);
		munmap(p, PAGE);
	}

	char *priv = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	priv[0] = 'p';
	T_CHECK(reap(spawn(write_private, priv)) == 0);
	printf("6. a private mapping after the child's store: %c\n", priv[0]);
	munmap(priv, PAGE);

	long *n = shared_anon(PAGE);
	*n = 1;
	fflush(NULL);
	pid_t kid = fork();
	if (kid == 0) {
		*n = 2;
		execl("/bin/sh", "sh", "-c", "echo 6. the child execs a shell", (char *)NULL);
		_exit(127);
	}
	T_CHECK(reap(kid) == 0);
	*n += 40;
	printf("6. after a child wrote and exec'd: %ld\n", *n);
	T_CHECK(*n == 42);
	munmap(n, PAGE);
}

int main(void)
{
	t_begin();
	part_counter();
	part_pingpong();
	part_futex();
	part_shm_open();
	part_file();
	part_corners();
	return t_done("t-shm");
}
