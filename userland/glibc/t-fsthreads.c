/*
 * t-fsthreads: file I/O from threads and a forked child sharing open file descriptions, for
 * the shared filesystem with threads on several kernels (moved while they run).
 *
 * In a fresh directory under /tmp (its name holds the pid, never printed): four threads append
 * lines through one O_APPEND descriptor (whole lines, each thread's in order), pwrite records at
 * their own offsets of a second file, and take records one by one through one shared offset
 * (read on a shared descriptor: every record once, none twice); then a forked child writes
 * through an inherited descriptor and the parent after it continues at the offset the child
 * left; F_SETFL O_APPEND set by the child shows in the parent's F_GETFL. Exits 0 when every
 * check passes, and removes what it created.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "t-check.h"

#define THREADS 4
#define LINES 40
#define REC 16

static char dir[64], logf[96], recf[96];
static int log_fd, rec_fd, share_fd;
static int taken[THREADS * LINES];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void *worker(void *arg)
{
	int id = (int)(long)arg;
	char line[16], rec[REC + 1];
	for (int i = 0; i < LINES; i++) {
		snprintf(line, sizeof line, "t%d %03d\n", id, i); /* 7 bytes */
		if (write(log_fd, line, 7) != 7)
			return (void *)1;
		snprintf(rec, sizeof rec, "rec %d %03d .....", id, i);
		if (pwrite(rec_fd, rec, REC, (off_t)(id * LINES + i) * REC) != REC)
			return (void *)1;
	}
	/* take records through one shared offset */
	for (;;) {
		char got[REC];
		ssize_t n = read(share_fd, got, REC);
		if (n == 0)
			break;
		if (n != REC)
			return (void *)1;
		int t = got[4] - '0', i = atoi(got + 6);
		pthread_mutex_lock(&lock);
		taken[t * LINES + i]++;
		pthread_mutex_unlock(&lock);
	}
	return NULL;
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	snprintf(dir, sizeof dir, "/tmp/t-fsthreads.%d", (int)getpid());
	T_CHECK(mkdir(dir, 0755) == 0);
	snprintf(logf, sizeof logf, "%s/log", dir);
	snprintf(recf, sizeof recf, "%s/records", dir);
	log_fd = open(logf, O_WRONLY | O_CREAT | O_APPEND, 0644);
	rec_fd = open(recf, O_RDWR | O_CREAT, 0644);
	T_CHECK(log_fd >= 0 && rec_fd >= 0);
	/* the records the threads take are written first, by the main thread */
	char shared[96];
	snprintf(shared, sizeof shared, "%s/shared", dir);
	int w = open(shared, O_WRONLY | O_CREAT, 0644);
	for (int t = 0; t < THREADS; t++)
		for (int i = 0; i < LINES; i++) {
			char rec[REC + 1];
			snprintf(rec, sizeof rec, "rec %d %03d .....", t, i);
			T_CHECK(write(w, rec, REC) == REC);
		}
	close(w);
	share_fd = open(shared, O_RDONLY);

	pthread_t th[THREADS];
	for (long i = 0; i < THREADS; i++)
		pthread_create(&th[i], NULL, worker, (void *)i);
	int ok = 1;
	for (int i = 0; i < THREADS; i++) {
		void *r;
		pthread_join(th[i], &r);
		ok &= r == NULL;
	}
	T_CHECK(ok);

	/* the log: whole lines, each thread's in order */
	char buf[THREADS * LINES * 7 + 1];
	int fd = open(logf, O_RDONLY);
	ssize_t n = read(fd, buf, sizeof buf);
	close(fd);
	int next[THREADS] = { 0 }, whole = n == THREADS * LINES * 7;
	for (ssize_t at = 0; whole && at < n; at += 7) {
		int t = buf[at + 1] - '0';
		whole = buf[at] == 't' && t >= 0 && t < THREADS && buf[at + 6] == '\n' && atoi(buf + at + 3) == next[t]++;
	}
	printf("log: %zd bytes, whole lines, each thread's in order: %s\n", n, whole ? "yes" : "no");
	T_CHECK(whole);

	/* the records: each at its place */
	int placed = 1;
	for (int t = 0; t < THREADS; t++)
		for (int i = 0; i < LINES; i++) {
			char want[REC + 1], got[REC];
			snprintf(want, sizeof want, "rec %d %03d .....", t, i);
			placed &= pread(rec_fd, got, REC, (off_t)(t * LINES + i) * REC) == REC && memcmp(got, want, REC) == 0;
		}
	printf("pwrite: every record at its offset: %s\n", placed ? "yes" : "no");
	T_CHECK(placed);

	int once = 1;
	for (int i = 0; i < THREADS * LINES; i++)
		once &= taken[i] == 1;
	printf("shared offset: %d records taken by %d threads, each exactly once: %s\n", THREADS * LINES, THREADS,
	       once ? "yes" : "no");
	T_CHECK(once);

	/* fork: one description, one offset, one set of flags */
	char forked[96];
	snprintf(forked, sizeof forked, "%s/forked", dir);
	int f = open(forked, O_RDWR | O_CREAT | O_TRUNC, 0644);
	fflush(NULL);
	pid_t child = fork();
	if (child == 0) {
		_exit(write(f, "child\n", 6) == 6 && fcntl(f, F_SETFL, O_APPEND) == 0 ? 0 : 1);
	}
	int status;
	waitpid(child, &status, 0);
	off_t at = lseek(f, 0, SEEK_CUR);
	int appending = (fcntl(f, F_GETFL) & O_APPEND) != 0;
	T_CHECK(write(f, "parent\n", 7) == 7);
	char both[32] = { 0 };
	T_CHECK(pread(f, both, sizeof both - 1, 0) == 13);
	printf("fork: the parent's offset after the child wrote: %ld; O_APPEND the child set: %s; file: %s", (long)at,
	       appending ? "seen" : "not seen", both);
	T_CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0 && at == 6 && appending);
	close(f);

	close(log_fd);
	close(rec_fd);
	close(share_fd);
	unlink(logf);
	unlink(recf);
	unlink(shared);
	unlink(forked);
	T_CHECK(rmdir(dir) == 0);
	return t_done("t-fsthreads");
}
