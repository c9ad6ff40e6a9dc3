/*
 * t-fork: processes: fork, execve, wait4 and pipes.
 *
 *   1. A pipeline through /bin/cat: a writer child sends 200 KiB (more than a pipe holds) into
 *      one pipe, a second child execs /bin/cat with that pipe as stdin and another as stdout,
 *      and the parent reads everything back and compares it byte for byte.
 *   2. Exit statuses: exit(0), exit(3), exit(255), killed by SIGKILL while blocked in read,
 *      abort() (SIGABRT), and an execve of a missing file (ENOENT, child exits 127).
 *   3. WNOHANG reports a running child as 0; waiting with no children gives ECHILD.
 *   4. fork copies memory (the child's writes are invisible to the parent) but shares open
 *      file descriptions (the child's write moves the parent's offset in a /tmp file).
 *   5. execve passes argv and envp: /bin/sh -c 'echo "$0 $1 $T_FORK"; exit 5' a0 a1 with the
 *      environment T_FORK=env-ok prints "a0 a1 env-ok" and exits 5.
 * Needs /bin/cat and /bin/sh (the host's under qemu-riscv64, ours on the playground kernel)
 * and a writable /tmp. Exits 0 when every check passes.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "t-check.h"

#define DATA_SIZE (200 * 1024)

static unsigned char data[DATA_SIZE], back[DATA_SIZE + 1];

static pid_t fork_flushed(void)
{
	fflush(NULL);
	return fork();
}

/* Describes a wait status the way the lines below print it. */
static const char *describe(int status, char *buf, size_t size)
{
	if (WIFEXITED(status))
		snprintf(buf, size, "exited %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, size, "killed by SIG%s", sigabbrev_np(WTERMSIG(status)));
	else
		snprintf(buf, size, "status %#x", status);
	return buf;
}

static void through_cat(void)
{
	for (int i = 0; i < DATA_SIZE; i++)
		data[i] = (unsigned char)(i * 7 + i / 251);
	int in[2], out[2];
	T_CHECK(pipe2(in, O_CLOEXEC) == 0 && pipe2(out, O_CLOEXEC) == 0);
	pid_t cat = fork_flushed();
	if (cat == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		char *argv[] = { "cat", NULL }, *envp[] = { NULL };
		execve("/bin/cat", argv, envp);
		_exit(126);
	}
	pid_t writer = fork_flushed();
	if (writer == 0) {
		close(in[0]);
		close(out[0]);
		close(out[1]);
		size_t done = 0;
		while (done < DATA_SIZE) {
			ssize_t n = write(in[1], data + done, DATA_SIZE - done > 5000 ? 5000 : DATA_SIZE - done);
			if (n <= 0)
				_exit(1);
			done += (size_t)n;
		}
		_exit(0);
	}
	close(in[0]);
	close(in[1]);
	close(out[1]);
	size_t got = 0;
	ssize_t n;
	while (got < sizeof back && (n = read(out[0], back + got, sizeof back - got)) > 0)
		got += (size_t)n;
	close(out[0]);
	int ws, cs;
	waitpid(writer, &ws, 0);
	waitpid(cat, &cs, 0);
	char b1[40], b2[40];
	printf("cat pipeline: sent %d bytes, read back %zu, identical: %s; writer %s, cat %s\n", DATA_SIZE, got,
	       got == DATA_SIZE && memcmp(data, back, DATA_SIZE) == 0 ? "yes" : "no", describe(ws, b1, sizeof b1),
	       describe(cs, b2, sizeof b2));
	T_CHECK(got == DATA_SIZE && memcmp(data, back, DATA_SIZE) == 0);
	T_CHECK(ws == 0 && cs == 0);
}

static void statuses(void)
{
	static const int codes[] = { 0, 3, 255 };
	char buf[40];
	for (unsigned i = 0; i < sizeof codes / sizeof codes[0]; i++) {
		pid_t pid = fork_flushed();
		if (pid == 0)
			exit(codes[i]);
		int st;
		T_CHECK(waitpid(pid, &st, 0) == pid);
		printf("exit(%d): %s\n", codes[i], describe(st, buf, sizeof buf));
		T_CHECK(WIFEXITED(st) && WEXITSTATUS(st) == codes[i]);
	}

	int p[2];
	pipe2(p, O_CLOEXEC);
	pid_t pid = fork_flushed();
	if (pid == 0) {
		char c;
		close(p[1]);
		(void)!read(p[0], &c, 1); /* blocks: nobody writes */
		_exit(0);
	}
	int st;
	pid_t r = waitpid(pid, &st, WNOHANG);
	printf("WNOHANG on a running child: %d\n", r);
	T_CHECK(r == 0);
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	close(p[0]);
	close(p[1]);
	printf("SIGKILL while blocked in read: %s\n", describe(st, buf, sizeof buf));
	T_CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);

	pid = fork_flushed();
	if (pid == 0)
		abort();
	waitpid(pid, &st, 0);
	printf("abort(): %s\n", describe(st, buf, sizeof buf));
	T_CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT);

	pid = fork_flushed();
	if (pid == 0) {
		char *argv[] = { "missing", NULL };
		execve("/nonexistent/program", argv, argv + 1);
		_exit(errno == ENOENT ? 127 : 1);
	}
	waitpid(pid, &st, 0);
	printf("execve of a missing file: %s\n", describe(st, buf, sizeof buf));
	T_CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 127);

	errno = 0;
	r = wait(&st);
	printf("wait with no children: %d %s\n", r, strerrorname_np(errno));
	T_CHECK(r == -1 && errno == ECHILD);
}

static int shared_value = 1;

static void memory_and_files(void)
{
	char path[64];
	snprintf(path, sizeof path, "/tmp/t-fork.%d", (int)getpid());
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	T_CHECK(fd >= 0);
	unlink(path);
	T_CHECK(write(fd, "parent ", 7) == 7);
	pid_t pid = fork_flushed();
	if (pid == 0) {
		shared_value = 2;
		_exit(write(fd, "child ", 6) == 6 ? 0 : 1);
	}
	int st;
	waitpid(pid, &st, 0);
	off_t offset = lseek(fd, 0, SEEK_CUR);
	T_CHECK(write(fd, "parent", 6) == 6);
	char buf[32] = "";
	lseek(fd, 0, SEEK_SET);
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	printf("after fork: parent's variable %d (child wrote 2); shared offset %lld; file \"%s\"\n", shared_value,
	       (long long)offset, n > 0 ? buf : "");
	T_CHECK(shared_value == 1 && offset == 13 && strcmp(buf, "parent child parent") == 0);
}

static void exec_args(void)
{
	int out[2];
	pipe2(out, O_CLOEXEC);
	pid_t pid = fork_flushed();
	if (pid == 0) {
		dup2(out[1], 1);
		char *argv[] = { "sh", "-c", "echo \"$0 $1 $T_FORK\"; exit 5", "a0", "a1", NULL };
		char *envp[] = { "T_FORK=env-ok", NULL };
		execve("/bin/sh", argv, envp);
		_exit(126);
	}
	close(out[1]);
	char buf[64] = "";
	size_t got = 0;
	ssize_t n;
	while (got < sizeof buf - 1 && (n = read(out[0], buf + got, sizeof buf - 1 - got)) > 0)
		got += (size_t)n;
	close(out[0]);
	int st;
	waitpid(pid, &st, 0);
	char desc[40];
	printf("/bin/sh -c with argv and envp: printed \"%.*s\", %s\n", (int)strcspn(buf, "\n"), buf,
	       describe(st, desc, sizeof desc));
	T_CHECK(strcmp(buf, "a0 a1 env-ok\n") == 0 && WIFEXITED(st) && WEXITSTATUS(st) == 5);
}

int main(void)
{
	t_begin();
	through_cat();
	statuses();
	memory_and_files();
	exec_args();
	return t_done("t-fork");
}
