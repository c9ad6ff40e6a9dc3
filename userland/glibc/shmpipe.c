/*
 * shmpipe: two separate programs exchanging data through POSIX shared memory (shm_open), as
 * programs on one Linux do.
 *
 *   shmpipe produce NAME [ITEMS]   make /dev/shm/NAME and put ITEMS items through its ring
 *   shmpipe consume NAME [ITEMS]   open /dev/shm/NAME (waiting for it) and take them
 *   shmpipe both [ITEMS]           the two in one go: a child consumes, the parent produces
 *   shmpipe ping NAME [ROUNDS]     make /dev/shm/NAME and hand a line back and forth with...
 *   shmpipe pong NAME [ROUNDS]     ...the program that opens it (default 1000 rounds)
 *
 * A NAME with a slash in it is a path instead (shmpipe produce /tmp/ring): a regular file,
 * opened with open(2) and mapped shared the same way.
 *
 * The producer makes the object (shm_open with O_CREAT | O_EXCL, ftruncate to the ring's size,
 * mmap MAP_SHARED), initialises a PTHREAD_PROCESS_SHARED mutex and two process-shared condition
 * variables in it, and then marks it ready; the consumer, started anywhere (on another kernel
 * of a Popcorn machine: /dev/shm is one for the machine), opens it as soon as it exists and is
 * ready, and maps it. Then:
 *   - ITEMS values (a multiplicative hash of their index) go through a 64-slot ring guarded by
 *     the mutex and the condition variables; the consumer checks each is the next expected and
 *     sums them, and stores the sum in the shared memory;
 *   - the producer reads that sum with pread(2) (the file's bytes, not the mapping) and checks
 *     it against its own; it then writes a note with pwrite(2), which the consumer reads
 *     through its mapping;
 *   - the producer shrinks the object to one page with ftruncate and unlinks it: the consumer's
 *     touch of the second page is then SIGBUS, as on Linux.
 * Every line is printed by one of the two at a point the other waits for, so the output is the
 * same wherever each runs:
 *   shmpipe: consumer: 1000 items received in order, sum 499653341763: ok
 *   shmpipe: producer: the consumer's sum, read with pread: 499653341763: ok
 *   shmpipe: consumer: the producer's note, written with pwrite: "so long": ok
 *   shmpipe: consumer: past the end of the shrunk object: SIGBUS: ok
 *   shmpipe: producer: done
 * The ping-pong: a 32-bit turn word in the object; each side waits for its turn with a shared
 * FUTEX_WAIT, adds 1 to a counter beside it, hands the turn over and wakes the other. ping
 * prints the count and the time per handoff (the machine's clock: virtual time there):
 *   shmpipe: 1000 rounds, count 2000, expected 2000: ok
 *   shmpipe: 12.345 ms, 6.172 us per handoff
 * Exits 0 when every check passed.
 */
#include <errno.h>
#include <linux/futex.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define USAGE "usage: shmpipe produce|consume|ping|pong NAME [COUNT] | shmpipe both [ITEMS]\n"
#define SLOTS 64
#define PAGE 4096
#define READY 0x5eadbeefu
#define NOTE "so long"

struct ring {
	pthread_mutex_t lock;
	pthread_cond_t changed; /* head, tail or stage moved */
	pthread_cond_t room;    /* a slot was freed */
	unsigned head, tail;
	uint64_t slot[SLOTS];
	unsigned stage; /* 0 ring, 1 sum stored, 2 note written, 3 shrunk, 4 consumer done */
	uint64_t sum;
	char note[32];
	atomic_uint ready;
	/* the ping-pong's line */
	atomic_uint turn; /* 0: ping's, 1: pong's */
	long count;
	atomic_int pong_ready, pong_done;
};

/* the object: the ring in its first page, a second page to be cut off */
#define SIZE (2 * PAGE)

static struct ring *r;

static uint64_t item(long i)
{
	return (uint64_t)i * 2654435761u % 1000000007u;
}

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fflush(stdout);
}

static void set_stage(unsigned s)
{
	pthread_mutex_lock(&r->lock);
	r->stage = s;
	pthread_cond_broadcast(&r->changed);
	pthread_mutex_unlock(&r->lock);
}

static void await_stage(unsigned s)
{
	pthread_mutex_lock(&r->lock);
	while (r->stage < s)
		pthread_cond_wait(&r->changed, &r->lock);
	pthread_mutex_unlock(&r->lock);
}

/* A POSIX shared memory object ("/NAME"), or a regular file (a path with more slashes). */
static int open_obj(const char *name, int flags, mode_t mode)
{
	return strchr(name + 1, '/') ? open(name, flags, mode) : shm_open(name, flags, mode);
}

static int unlink_obj(const char *name)
{
	return strchr(name + 1, '/') ? unlink(name) : shm_unlink(name);
}

static int produce(const char *name, long n)
{
	unlink_obj(name); /* what a run before left */
	int fd = open_obj(name, O_RDWR | O_CREAT | O_EXCL, 0600);
	if (fd < 0 || ftruncate(fd, SIZE) != 0) {
		perror("shmpipe: producer: shm_open");
		return 1;
	}
	r = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (r == MAP_FAILED) {
		perror("shmpipe: producer: mmap");
		return 1;
	}
	pthread_mutexattr_t ma;
	pthread_mutexattr_init(&ma);
	pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
	pthread_mutex_init(&r->lock, &ma);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED);
	pthread_cond_init(&r->changed, &ca);
	pthread_cond_init(&r->room, &ca);
	atomic_store(&r->ready, READY);

	uint64_t sum = 0;
	for (long i = 0; i < n; i++) {
		pthread_mutex_lock(&r->lock);
		while (r->tail - r->head == SLOTS)
			pthread_cond_wait(&r->room, &r->lock);
		r->slot[r->tail++ % SLOTS] = item(i);
		pthread_cond_signal(&r->changed);
		pthread_mutex_unlock(&r->lock);
		sum += item(i);
	}
	int fails = 0;
	await_stage(1);
	uint64_t read_sum = 0;
	int ok = pread(fd, &read_sum, sizeof read_sum, offsetof(struct ring, sum)) == sizeof read_sum &&
		 read_sum == sum;
	fails += !ok;
	say("shmpipe: producer: the consumer's sum, read with pread: %llu: %s\n", (unsigned long long)read_sum,
	    ok ? "ok" : "FAILED");
	ok = pwrite(fd, NOTE, sizeof NOTE, offsetof(struct ring, note)) == sizeof NOTE;
	fails += !ok;
	set_stage(2);
	await_stage(3);
	/* the consumer read the note: the object shrinks to the ring's page */
	fails += ftruncate(fd, PAGE) != 0;
	set_stage(4);
	await_stage(5);
	say("shmpipe: producer: done\n");
	munmap(r, SIZE);
	close(fd);
	fails += unlink_obj(name) != 0;
	return fails != 0;
}

static sigjmp_buf bus;

static void on_bus(int sig)
{
	(void)sig;
	siglongjmp(bus, 1);
}

static int consume(const char *name, long n)
{
	int fd;
	struct stat st;
	/* the producer makes it: wait until it exists, has its size and is ready */
	for (;;) {
		fd = open_obj(name, O_RDWR, 0);
		if (fd >= 0 && fstat(fd, &st) == 0 && st.st_size >= SIZE)
			break;
		if (fd >= 0)
			close(fd);
		usleep(1000);
	}
	r = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (r == MAP_FAILED) {
		perror("shmpipe: consumer: mmap");
		return 1;
	}
	while (atomic_load(&r->ready) != READY)
		usleep(1000);

	int fails = 0;
	uint64_t sum = 0;
	long in_order = 0;
	for (long i = 0; i < n; i++) {
		pthread_mutex_lock(&r->lock);
		while (r->tail == r->head)
			pthread_cond_wait(&r->changed, &r->lock);
		uint64_t v = r->slot[r->head++ % SLOTS];
		pthread_cond_signal(&r->room);
		pthread_mutex_unlock(&r->lock);
		in_order += v == item(i);
		sum += v;
	}
	int ok = in_order == n;
	fails += !ok;
	say("shmpipe: consumer: %ld items received in order, sum %llu: %s\n", in_order, (unsigned long long)sum,
	    ok ? "ok" : "FAILED");
	pthread_mutex_lock(&r->lock);
	r->sum = sum;
	r->stage = 1;
	pthread_cond_broadcast(&r->changed);
	pthread_mutex_unlock(&r->lock);

	await_stage(2);
	ok = strcmp(r->note, NOTE) == 0;
	fails += !ok;
	say("shmpipe: consumer: the producer's note, written with pwrite: \"%s\": %s\n", r->note, ok ? "ok" : "FAILED");
	volatile char *past = (volatile char *)r + PAGE;
	(void)*past; /* the second page is here too before the object shrinks */
	set_stage(3);
	await_stage(4);
	struct sigaction sa = { .sa_handler = on_bus };
	sigaction(SIGBUS, &sa, NULL);
	int faulted = 0;
	if (sigsetjmp(bus, 1) == 0)
		(void)*past;
	else
		faulted = 1;
	fails += !faulted;
	say("shmpipe: consumer: past the end of the shrunk object: %s: %s\n", faulted ? "SIGBUS" : "read",
	    faulted ? "ok" : "FAILED");
	set_stage(5);
	munmap(r, SIZE);
	close(fd);
	return fails != 0;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Waits (in the kernel, on the shared word) until the turn is `me`. */
static void wait_turn(unsigned me)
{
	unsigned t;
	while ((t = atomic_load(&r->turn)) != me)
		syscall(SYS_futex, &r->turn, FUTEX_WAIT, t, NULL, NULL, 0);
}

static void give_turn(unsigned to)
{
	atomic_store(&r->turn, to);
	syscall(SYS_futex, &r->turn, FUTEX_WAKE, 1, NULL, NULL, 0);
}

static int ping(const char *name, long n)
{
	unlink_obj(name);
	int fd = open_obj(name, O_RDWR | O_CREAT | O_EXCL, 0600);
	if (fd < 0 || ftruncate(fd, SIZE) != 0 ||
	    (r = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)) == MAP_FAILED) {
		perror("shmpipe: ping");
		return 1;
	}
	atomic_store(&r->ready, READY);
	while (!atomic_load(&r->pong_ready))
		usleep(1000);
	double start = now_ms();
	for (long i = 0; i < n; i++) {
		wait_turn(0);
		r->count++;
		give_turn(1);
	}
	wait_turn(0);
	double ms = now_ms() - start;
	int ok = r->count == 2 * n;
	say("shmpipe: %ld rounds, count %ld, expected %ld: %s\n", n, r->count, 2 * n, ok ? "ok" : "FAILED");
	say("shmpipe: %.3f ms, %.3f us per handoff\n", ms, ms * 1e3 / (double)(2 * n));
	while (!atomic_load(&r->pong_done))
		usleep(1000);
	munmap(r, SIZE);
	close(fd);
	return !ok || unlink_obj(name) != 0;
}

static int pong(const char *name, long n)
{
	int fd;
	struct stat st;
	for (;;) {
		fd = open_obj(name, O_RDWR, 0);
		if (fd >= 0 && fstat(fd, &st) == 0 && st.st_size >= SIZE)
			break;
		if (fd >= 0)
			close(fd);
		usleep(1000);
	}
	r = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (r == MAP_FAILED) {
		perror("shmpipe: pong");
		return 1;
	}
	while (atomic_load(&r->ready) != READY)
		usleep(1000);
	atomic_store(&r->pong_ready, 1);
	for (long i = 0; i < n; i++) {
		wait_turn(1);
		r->count++;
		give_turn(0);
	}
	atomic_store(&r->pong_done, 1);
	munmap(r, SIZE);
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && (strcmp(argv[1], "produce") == 0 || strcmp(argv[1], "consume") == 0)) {
		long n = argc > 3 ? atol(argv[3]) : 1000;
		if (n <= 0 || argv[2][0] == '\0') {
			fputs(USAGE, stderr);
			return 2;
		}
		char name[64];
		snprintf(name, sizeof name, "%s%s", argv[2][0] == '/' ? "" : "/", argv[2]);
		return argv[1][0] == 'p' ? produce(name, n) : consume(name, n);
	}
	if (argc >= 3 && (strcmp(argv[1], "ping") == 0 || strcmp(argv[1], "pong") == 0)) {
		long n = argc > 3 ? atol(argv[3]) : 1000;
		if (n <= 0 || argv[2][0] == '\0') {
			fputs(USAGE, stderr);
			return 2;
		}
		char name[64];
		snprintf(name, sizeof name, "%s%s", argv[2][0] == '/' ? "" : "/", argv[2]);
		return argv[1][1] == 'i' ? ping(name, n) : pong(name, n);
	}
	if (argc >= 2 && strcmp(argv[1], "both") == 0) {
		long n = argc > 2 ? atol(argv[2]) : 1000;
		char name[64];
		snprintf(name, sizeof name, "/shmpipe-%d", (int)getpid());
		shm_unlink(name);
		pid_t pid = fork();
		if (pid == 0)
			_exit(consume(name, n));
		int fails = produce(name, n);
		int status = 0;
		waitpid(pid, &status, 0);
		return fails || !WIFEXITED(status) || WEXITSTATUS(status) != 0;
	}
	fputs(USAGE, stderr);
	return 2;
}
