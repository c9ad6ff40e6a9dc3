/*
 * t-shmmove: MAP_SHARED memory between processes that run on different kernels.
 *
 *   t-shmmove [-m]
 *
 * The parent maps anonymous shared memory and /dev/zero shared, and forks. With -m the child
 * moves to another kernel when there is one (popcorn_migrate; elsewhere, qemu-riscv64 or a
 * kernel alone, it stays, and prints the same). The two exchange values through both
 * mappings, wait for each other on process-shared futexes, take a PTHREAD_PROCESS_SHARED
 * mutex in turn; the moved child maps more shared memory, forks a grandchild that writes it
 * (fork runs at the child's home kernel), and moves again. Then the parent maps a file shared,
 * moves too, stores into the mapping, reads the bytes back with pread and overwrites them with
 * pwrite (both run at its home kernel), and reads the mapping again.
 * Prints deterministic lines and "t-shmmove: N checks, M failed"; exits 0 when all passed.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "libpopcorn.h"
#include "t-check.h"

#define PAGE 4096
#define ROUNDS 200

struct shared {
	atomic_uint stage; /* who goes next: the futex word */
	pthread_mutex_t lock;
	long total; /* added to under the lock by both */
	char pad[PAGE];
	long second; /* on the next page */
};

static struct shared *s;
static int target = -1;

static void wait_stage(unsigned want)
{
	unsigned now;
	while ((now = atomic_load(&s->stage)) != want)
		syscall(SYS_futex, &s->stage, FUTEX_WAIT, now, NULL, NULL, 0);
}

static void set_stage(unsigned to)
{
	atomic_store(&s->stage, to);
	syscall(SYS_futex, &s->stage, FUTEX_WAKE, 1, NULL, NULL, 0);
}

/* Moves to the target kernel when there is one: the same output whether it could or not. */
static void move(void)
{
	if (target >= 0 && migrate(target) != 0)
		printf("move: %s\n", strerror(errno));
}

static void add_rounds(void)
{
	for (int i = 0; i < ROUNDS; i++) {
		pthread_mutex_lock(&s->lock);
		s->total++;
		pthread_mutex_unlock(&s->lock);
	}
}

static int child(long *zero)
{
	move();
	T_CHECK(s->second == 11); /* the parent's write before the fork */
	s->second = 22;
	zero[1] = 33;
	set_stage(1);
	add_rounds();
	wait_stage(2);
	T_CHECK(zero[0] == 44);

	/* shared memory made after the move, written by a grandchild */
	long *more = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	T_CHECK(more != MAP_FAILED);
	more[0] = 5;
	fflush(NULL);
	pid_t g = fork();
	if (g == 0) {
		more[0] += 1;
		_exit(0);
	}
	int status = 0;
	T_CHECK(waitpid(g, &status, 0) == g && WIFEXITED(status) && WEXITSTATUS(status) == 0);
	move(); /* fork ran at home: away again */
	T_CHECK(more[0] == 6);
	more[0] = 7;
	T_CHECK(more[0] == 7);
	printf("child: values seen and written through both mappings\n");
	return t_failed != 0;
}

int main(int argc, char **argv)
{
	t_begin();
	int moving = argc > 1 && strcmp(argv[1], "-m") == 0;
	int here = popcorn_current_nid(), nids[MAX_POPCORN_NODES];
	int online = popcorn_online_nodes(nids, MAX_POPCORN_NODES);
	for (int i = 0; moving && here >= 0 && i < online && i < MAX_POPCORN_NODES && target < 0; i++)
		if (nids[i] != here)
			target = nids[i];

	s = mmap(NULL, sizeof *s, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int zfd = open("/dev/zero", O_RDWR);
	long *zero = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, zfd, 0);
	T_CHECK(s != MAP_FAILED && zero != MAP_FAILED);
	close(zfd);
	pthread_mutexattr_t ma;
	pthread_mutexattr_init(&ma);
	pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
	pthread_mutex_init(&s->lock, &ma);
	s->second = 11;

	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		int failed = child(zero);
		fflush(NULL);
		_exit(failed);
	}
	wait_stage(1);
	T_CHECK(s->second == 22);
	T_CHECK(zero[1] == 33);
	zero[0] = 44;
	add_rounds();
	set_stage(2);
	int status = 0;
	T_CHECK(waitpid(pid, &status, 0) == pid);
	T_CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	printf("parent: total %ld, expected %d\n", s->total, 2 * ROUNDS);
	T_CHECK(s->total == 2 * ROUNDS);

	/* a file mapped shared moves with its process: stores there and read/write here agree */
	char path[] = "/tmp/t-shmmove-XXXXXX";
	int fd = mkstemp(path);
	T_CHECK(fd >= 0 && ftruncate(fd, PAGE) == 0);
	char *file = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	T_CHECK(file != MAP_FAILED);
	int moved = target >= 0 && migrate(target) == 0;
	T_CHECK(moved || target < 0);
	strcpy(file, "stored");
	char got[8] = { 0 };
	T_CHECK(pread(fd, got, 7, 0) == 7 && strcmp(got, "stored") == 0);
	T_CHECK(pwrite(fd, "written", 8, 0) == 8);
	printf("with a file mapped shared: pread \"%s\", then the mapping \"%s\"\n", got, file);
	T_CHECK(strcmp(file, "written") == 0);
	munmap(file, PAGE);
	close(fd);
	unlink(path);
	return t_done("t-shmmove");
}
