/*
 * t-locks: file locks as a database takes them: POSIX record locks (fcntl F_GETLK, F_SETLK,
 * F_SETLKW), open file description locks (F_OFD_*) and flock, on a file under /tmp.
 *
 * struct flock on riscv64 is {short l_type; short l_whence; off_t l_start; off_t l_len;
 * pid_t l_pid}, 32 bytes. Another process (a child, forked for each question) sees the locks
 * through F_GETLK, which names the first conflicting lock (type, start, length with 0 for "to
 * the end of the file", and whose it is) or says F_UNLCK. Each part prints deterministic
 * lines (pids are printed as "parent", "child" or -1):
 *   - F_GETLK on an unlocked file: F_UNLCK, the rest of the struct as given;
 *   - write and read locks as another process sees them; read locks are shared;
 *   - one owner's locks merge (adjacent, same type), split (a hole unlocked, a read lock in a
 *     write lock), run to the end of the file (l_len 0), and take a negative l_len and
 *     SEEK_CUR / SEEK_END starts;
 *   - closing any descriptor of the file releases the process's locks on it;
 *   - a process's exit releases its locks;
 *   - F_SETLKW sleeps until the lock is free, fails with EDEADLK when two processes would
 *     wait for each other, and with EINTR when a handler without SA_RESTART interrupts it;
 *   - errors: EBADF for a write lock on a read-only descriptor and a read lock on a write-only
 *     one, EINVAL for a bad l_type, l_whence or a start before the file, EAGAIN on a conflict;
 *   - OFD locks belong to the open file description: two opens in one process conflict,
 *     F_OFD_GETLK reports l_pid -1, they conflict with POSIX locks, l_pid must be 0, and
 *     closing the last descriptor of the description releases them;
 *   - flock: shared and exclusive, LOCK_NB, conversion, dup'd and inherited descriptors share
 *     the lock, independence from fcntl locks, a blocking LOCK_EX woken by LOCK_UN.
 * With -m each part first moves the process to another kernel (popcorn_migrate; nothing
 * happens where there is none, as under qemu-riscv64): its fcntl and flock calls are then
 * forwarded to its origin kernel, which holds the locks.
 * Children wait 100 ms where a process must be asleep in a lock call when the next thing
 * happens. Exits 0 when every check passes, and removes the file.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "libpopcorn.h"
#include "t-check.h"

static char path[64];
static pid_t parent_pid, child_pid;
static int hop;

/* With -m: moves to the other kernel of the first two, if there is one (else stays). */
static void maybe_hop(void)
{
	struct popcorn_thread_status st;
	if (hop && popcorn_get_thread_status(&st) == 0)
		(void)popcorn_migrate(st.current_nid == 0 ? 1 : 0);
}

static void pause_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static const char *err_name(int e)
{
	const char *name = strerrorname_np(e);
	return name ? name : "?";
}

static const char *who(pid_t pid)
{
	return pid == parent_pid ? "parent" : pid == child_pid && pid != 0 ? "child" : pid == -1 ? "-1" : "other";
}

static int lock(int fd, int cmd, short type, short whence, off_t start, off_t len)
{
	struct flock fl;
	memset(&fl, 0, sizeof fl);
	fl.l_type = type;
	fl.l_whence = whence;
	fl.l_start = start;
	fl.l_len = len;
	return fcntl(fd, cmd, &fl);
}

/* F_GETLK (or F_OFD_GETLK) for [start, start+len) as `type`: "UNLCK" or "WR 0+10 parent". */
static const char *query(int fd, int cmd, short type, off_t start, off_t len)
{
	static char out[64];
	struct flock fl;
	memset(&fl, 0, sizeof fl);
	fl.l_type = type;
	fl.l_whence = SEEK_SET;
	fl.l_start = start;
	fl.l_len = len;
	if (fcntl(fd, cmd, &fl) != 0) {
		snprintf(out, sizeof out, "error %s", err_name(errno));
		return out;
	}
	if (fl.l_type == F_UNLCK)
		return "UNLCK";
	snprintf(out, sizeof out, "%s %lld+%lld %s%s", fl.l_type == F_WRLCK ? "WR" : fl.l_type == F_RDLCK ? "RD" : "?",
		 (long long)fl.l_start, (long long)fl.l_len, who(fl.l_pid), fl.l_whence == SEEK_SET ? "" : " (not SEEK_SET)");
	return out;
}

/* Runs fn in a child process, which prints its own lines; returns the child's exit status. */
static int in_child(void (*fn)(void))
{
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		child_pid = getpid();
		t_checks = t_failed = 0; /* the child's exit status is about its own checks */
		fn();
		fflush(NULL);
		_exit(t_failed ? 1 : 0);
	}
	child_pid = pid;
	int status = 0;
	waitpid(pid, &status, 0);
	child_pid = 0;
	int ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
	T_CHECK(ok); /* the child's own checks passed */
	return ok;
}

static int open_rw(void)
{
	return open(path, O_RDWR);
}

/* ---- POSIX record locks ---------------------------------------------------------------- */

static void see_basic(void)
{
	int fd = open_rw();
	printf("  other process, WR at 5: %s\n", query(fd, F_GETLK, F_WRLCK, 5, 1));
	printf("  other process, RD at 20+5: %s\n", query(fd, F_GETLK, F_RDLCK, 20, 5));
	printf("  other process, WR at 25+15: %s\n", query(fd, F_GETLK, F_WRLCK, 25, 15));
	errno = 0;
	int r = lock(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 1);
	printf("  other process, F_SETLK WR at 0: %s\n", r == 0 ? "locked" : err_name(errno));
	T_CHECK(r == -1 && errno == EAGAIN);
	r = lock(fd, F_SETLK, F_RDLCK, SEEK_SET, 20, 10);
	printf("  other process, F_SETLK RD at 20+10: %s\n", r == 0 ? "locked" : err_name(errno));
	T_CHECK(r == 0);
	close(fd);
}

static void test_basic(int fd)
{
	maybe_hop();
	struct flock fl;
	memset(&fl, 0, sizeof fl);
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_CUR;
	fl.l_start = 7;
	fl.l_len = 3;
	fl.l_pid = 12345;
	int r = fcntl(fd, F_GETLK, &fl);
	printf("F_GETLK, unlocked: %d, l_type %s, whence/start/len/pid as given %s\n", r,
	       fl.l_type == F_UNLCK ? "F_UNLCK" : "locked",
	       fl.l_whence == SEEK_CUR && fl.l_start == 7 && fl.l_len == 3 && fl.l_pid == 12345 ? "yes" : "no");
	T_CHECK(r == 0 && fl.l_type == F_UNLCK && fl.l_start == 7 && fl.l_pid == 12345);

	T_CHECK(lock(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 10) == 0);
	T_CHECK(lock(fd, F_SETLK, F_RDLCK, SEEK_SET, 20, 10) == 0);
	printf("own view, WR at 5: %s\n", query(fd, F_GETLK, F_WRLCK, 5, 1)); /* own locks never conflict */
	printf("WR 0+10 and RD 20+10 held:\n");
	in_child(see_basic);
	T_CHECK(lock(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 0) == 0);
}

static void see_shapes(void)
{
	int fd = open_rw();
	static const off_t at[] = {0, 39, 40, 59, 60, 100, 119, 120, 150, 199, 200, 989, 990, 995, 1100, 5000};
	for (size_t i = 0; i < sizeof at / sizeof at[0]; i++)
		printf("  RD at %lld: %s\n", (long long)at[i], query(fd, F_GETLK, F_RDLCK, at[i], 1));
	close(fd);
}

static void test_shapes(int fd)
{
	maybe_hop();
	/* a write lock with a hole: WR [0,100), unlock [40,60) */
	T_CHECK(lock(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 100) == 0);
	T_CHECK(lock(fd, F_SETLK, F_UNLCK, SEEK_SET, 40, 20) == 0);
	/* a read lock inside a write lock splits it: RD [10,20) */
	T_CHECK(lock(fd, F_SETLK, F_RDLCK, SEEK_SET, 10, 10) == 0);
	/* adjacent write locks merge with [60,100): [100,110) and [110,120) */
	T_CHECK(lock(fd, F_SETLK, F_WRLCK, SEEK_SET, 100, 10) == 0);
	T_CHECK(lock(fd, F_SETLK, F_WRLCK, SEEK_SET, 110, 10) == 0);
	/* a negative length: [150,200) */
	T_CHECK(lock(fd, F_SETLK, F_WRLCK, SEEK_SET, 200, -50) == 0);
	/* from the offset: at 1000, SEEK_CUR -10 for 5 is [990,995) */
	T_CHECK(lseek(fd, 1000, SEEK_SET) == 1000);
	T_CHECK(lock(fd, F_SETLK, F_WRLCK, SEEK_CUR, -10, 5) == 0);
	/* from the end of the 1000-byte file, to the end of any file: [1100, end) */
	T_CHECK(ftruncate(fd, 1000) == 0);
	T_CHECK(lock(fd, F_SETLK, F_WRLCK, SEEK_END, 100, 0) == 0);
	printf("shapes: WR 0+100, unlocked 40+20, RD 10+10, WR 100+10 and 110+10, 200-50, SEEK_CUR, SEEK_END:\n");
	in_child(see_shapes);
	/* unlocking the middle of the merged lock leaves both ends */
	T_CHECK(lock(fd, F_SETLK, F_UNLCK, SEEK_SET, 70, 40) == 0);
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		int fd2 = open_rw();
		printf("  after unlocking 70+40: at 69 %s;", query(fd2, F_GETLK, F_RDLCK, 69, 1));
		printf(" at 70 %s;", query(fd2, F_GETLK, F_RDLCK, 70, 40));
		printf(" at 110 %s\n", query(fd2, F_GETLK, F_RDLCK, 110, 1));
		_exit(0);
	}
	child_pid = pid;
	waitpid(pid, NULL, 0);
	child_pid = 0;
	T_CHECK(lock(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 0) == 0);
}

static void see_released(void)
{
	int fd = open_rw();
	printf("  other process, WR over everything: %s\n", query(fd, F_GETLK, F_WRLCK, 0, 0));
	close(fd);
}

static void test_close_releases(int fd)
{
	maybe_hop();
	T_CHECK(lock(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 10) == 0);
	int other = open_rw();
	close(other); /* POSIX: closing any descriptor of the file drops the process's locks */
	printf("closing another descriptor of the file:\n");
	in_child(see_released);
}

static void lock_and_exit(void)
{
	int fd = open_rw();
	T_CHECK(lock(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 1) == 0);
	_exit(0); /* without unlocking or closing */
}

static void test_exit_releases(int fd)
{
	maybe_hop();
	in_child(lock_and_exit);
	int r = lock(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 1);
	printf("after the child that locked byte 0 exited: F_SETLK %s\n", r == 0 ? "locked" : err_name(errno));
	T_CHECK(r == 0);
	T_CHECK(lock(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 0) == 0);
}

static int sync_pipe[2];

static void wait_for_parent(void)
{
	int fd = open_rw();
	char c = 0;
	int r = lock(fd, F_SETLKW, F_WRLCK, SEEK_SET, 0, 1);
	/* the parent writes to the pipe just before it unlocks: it must be there already */
	int got = read(sync_pipe[0], &c, 1) == 1 && c == 'u';
	printf("  child: F_SETLKW returned %d once the parent had unlocked: %s\n", r, got ? "yes" : "no");
	T_CHECK(r == 0 && got);
	close(fd);
}

static void test_setlkw(int fd)
{
	maybe_hop();
	T_CHECK(pipe(sync_pipe) == 0);
	fcntl(sync_pipe[0], F_SETFL, O_NONBLOCK);
	T_CHECK(lock(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 1) == 0);
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		child_pid = getpid();
		t_checks = t_failed = 0;
		wait_for_parent();
		_exit(t_failed ? 1 : 0);
	}
	child_pid = pid;
	pause_ms(100);
	T_CHECK(write(sync_pipe[1], "u", 1) == 1);
	printf("F_SETLKW: the parent unlocks byte 0 the child waits for\n");
	T_CHECK(lock(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 1) == 0);
	int status = 0;
	waitpid(pid, &status, 0);
	child_pid = 0;
	T_CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	close(sync_pipe[0]);
	close(sync_pipe[1]);
}

static void deadlock_child(void)
{
	int fd = open_rw();
	T_CHECK(lock(fd, F_SETLK, F_WRLCK, SEEK_SET, 1, 1) == 0);
	T_CHECK(write(sync_pipe[1], "b", 1) == 1);
	int r = lock(fd, F_SETLKW, F_WRLCK, SEEK_SET, 0, 1); /* waits for the parent's byte 0 */
	printf("  child: F_SETLKW on the parent's byte 0 returned %d after the parent gave it up\n", r);
	T_CHECK(r == 0);
	close(fd);
}

static void test_deadlock(int fd)
{
	maybe_hop();
	T_CHECK(pipe(sync_pipe) == 0);
	T_CHECK(lock(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 1) == 0);
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		child_pid = getpid();
		t_checks = t_failed = 0;
		deadlock_child();
		_exit(t_failed ? 1 : 0);
	}
	child_pid = pid;
	char c;
	T_CHECK(read(sync_pipe[0], &c, 1) == 1); /* the child holds byte 1 */
	pause_ms(100);                           /* and now sleeps for byte 0 */
	errno = 0;
	int r = lock(fd, F_SETLKW, F_WRLCK, SEEK_SET, 1, 1);
	printf("deadlock: the parent's F_SETLKW on the child's byte 1: %s\n", r == 0 ? "locked" : err_name(errno));
	T_CHECK(r == -1 && errno == EDEADLK);
	T_CHECK(lock(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 1) == 0);
	int status = 0;
	waitpid(pid, &status, 0);
	child_pid = 0;
	T_CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	close(sync_pipe[0]);
	close(sync_pipe[1]);
}

static volatile sig_atomic_t usr1;

static void on_usr1(int sig)
{
	(void)sig;
	usr1++;
}

static void interrupted_child(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr1; /* no SA_RESTART */
	sigaction(SIGUSR1, &sa, NULL);
	int fd = open_rw();
	T_CHECK(write(sync_pipe[1], "w", 1) == 1);
	errno = 0;
	int r = lock(fd, F_SETLKW, F_WRLCK, SEEK_SET, 0, 1);
	printf("  child: F_SETLKW interrupted by a handler without SA_RESTART: %s, handler ran %d\n",
	       r == 0 ? "locked" : err_name(errno), (int)usr1);
	T_CHECK(r == -1 && errno == EINTR && usr1 == 1);
	close(fd);
}

static void test_interrupted(int fd)
{
	maybe_hop();
	T_CHECK(pipe(sync_pipe) == 0);
	T_CHECK(lock(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 1) == 0);
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		child_pid = getpid();
		t_checks = t_failed = 0;
		interrupted_child();
		_exit(t_failed ? 1 : 0);
	}
	child_pid = pid;
	char c;
	T_CHECK(read(sync_pipe[0], &c, 1) == 1);
	pause_ms(100);
	kill(pid, SIGUSR1);
	int status = 0;
	waitpid(pid, &status, 0);
	child_pid = 0;
	T_CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	T_CHECK(lock(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 0) == 0);
	close(sync_pipe[0]);
	close(sync_pipe[1]);
}

static void test_errors(int fd)
{
	maybe_hop();
	int ro = open(path, O_RDONLY), wo = open(path, O_WRONLY);
	errno = 0;
	int r1 = lock(ro, F_SETLK, F_WRLCK, SEEK_SET, 0, 1);
	int e1 = errno;
	errno = 0;
	int r2 = lock(wo, F_SETLK, F_RDLCK, SEEK_SET, 0, 1);
	int e2 = errno;
	printf("write lock on a read-only fd: %s; read lock on a write-only fd: %s\n", r1 ? err_name(e1) : "locked",
	       r2 ? err_name(e2) : "locked");
	T_CHECK(r1 == -1 && e1 == EBADF && r2 == -1 && e2 == EBADF);
	int r3 = lock(ro, F_SETLK, F_RDLCK, SEEK_SET, 0, 1);
	int r4 = lock(wo, F_SETLK, F_UNLCK, SEEK_SET, 0, 1);
	T_CHECK(r3 == 0 && r4 == 0);
	errno = 0;
	int r5 = lock(fd, F_SETLK, 7, SEEK_SET, 0, 1);
	int e5 = errno;
	errno = 0;
	int r6 = lock(fd, F_SETLK, F_WRLCK, 9, 0, 1);
	int e6 = errno;
	errno = 0;
	int r7 = lock(fd, F_SETLK, F_WRLCK, SEEK_SET, -5, 1);
	int e7 = errno;
	errno = 0;
	int r8 = lock(fd, F_SETLK, F_WRLCK, SEEK_SET, 3, -10);
	int e8 = errno;
	errno = 0;
	int r9 = lock(fd, F_GETLK, F_UNLCK, SEEK_SET, 0, 1);
	int e9 = errno;
	printf("bad l_type: %s; bad l_whence: %s; negative start: %s; length reaching before 0: %s; F_GETLK of F_UNLCK: %s\n",
	       r5 ? err_name(e5) : "ok", r6 ? err_name(e6) : "ok", r7 ? err_name(e7) : "ok", r8 ? err_name(e8) : "ok",
	       r9 ? err_name(e9) : "ok");
	T_CHECK(e5 == EINVAL && e6 == EINVAL && e7 == EINVAL && e8 == EINVAL && e9 == EINVAL);
	close(ro); /* releases the read lock */
	close(wo);
}

/* ---- OFD locks ----------------------------------------------------------------------------- */

static void test_ofd(int fd)
{
	maybe_hop();
	int a = open_rw(), b = open_rw();
	T_CHECK(lock(a, F_OFD_SETLK, F_WRLCK, SEEK_SET, 0, 10) == 0);
	errno = 0;
	int r = lock(b, F_OFD_SETLK, F_WRLCK, SEEK_SET, 5, 1);
	printf("OFD: a second open of the file in the same process: %s;", r == 0 ? "locked" : err_name(errno));
	printf(" F_OFD_GETLK there: %s\n", query(b, F_OFD_GETLK, F_RDLCK, 0, 0));
	T_CHECK(r == -1 && errno == EAGAIN);
	errno = 0;
	r = lock(fd, F_SETLK, F_RDLCK, SEEK_SET, 9, 1);
	printf("OFD: a POSIX lock of the same process over it: %s;", r == 0 ? "locked" : err_name(errno));
	printf(" F_GETLK there: %s\n", query(fd, F_GETLK, F_WRLCK, 9, 1));
	T_CHECK(r == -1 && errno == EAGAIN);
	struct flock fl;
	memset(&fl, 0, sizeof fl);
	fl.l_type = F_WRLCK;
	fl.l_len = 1;
	fl.l_start = 50;
	fl.l_pid = 1;
	errno = 0;
	r = fcntl(a, F_OFD_SETLK, &fl);
	printf("OFD: l_pid not 0: %s\n", r == 0 ? "locked" : err_name(errno));
	T_CHECK(r == -1 && errno == EINVAL);
	int dup_a = dup(a);
	close(a); /* the description lives on in dup_a: its lock stays */
	printf("OFD: after closing one of two descriptors of the description: %s\n",
	       query(b, F_OFD_GETLK, F_WRLCK, 0, 1));
	close(dup_a);
	printf("OFD: after closing the last: %s\n", query(b, F_OFD_GETLK, F_WRLCK, 0, 1));
	T_CHECK(lock(b, F_OFD_SETLK, F_RDLCK, SEEK_SET, 0, 0) == 0);
	close(b);
}

/* ---- flock ---------------------------------------------------------------------------------- */

static const char *try_flock(int fd, int op)
{
	errno = 0;
	return flock(fd, op) == 0 ? "ok" : err_name(errno);
}

static void flock_child_converts(void)
{
	/* the inherited descriptor shares the parent's description, and so its lock */
	printf("  child: LOCK_EX|LOCK_NB on the inherited descriptor: %s\n", try_flock(3, LOCK_EX | LOCK_NB));
	int fd = open_rw();
	int r = lock(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 0);
	printf("  child: an fcntl write lock over the whole file meanwhile: %s\n", r == 0 ? "locked" : err_name(errno));
	T_CHECK(r == 0);
	close(fd);
}

static void flock_child_waits(void)
{
	int fd = open_rw();
	T_CHECK(write(sync_pipe[1], "w", 1) == 1);
	int r = flock(fd, LOCK_EX);
	char c = 0;
	int after = read(sync_pipe[0], &c, 1) == 1 && c == 'u';
	printf("  child: LOCK_EX returned %d once the parent had unlocked: %s\n", r, after ? "yes" : "no");
	T_CHECK(r == 0 && after);
	close(fd);
}

static void test_flock(void)
{
	maybe_hop();
	int a = open_rw(), b = open_rw(), c = open_rw();
	const char *r1 = try_flock(a, LOCK_EX);
	const char *r2 = try_flock(b, LOCK_EX | LOCK_NB);
	const char *r3 = try_flock(b, LOCK_SH | LOCK_NB);
	printf("flock: LOCK_EX %s; another open's LOCK_EX|LOCK_NB %s, LOCK_SH|LOCK_NB %s\n", r1, r2, r3);
	T_CHECK(!strcmp(r1, "ok") && !strcmp(r2, "EAGAIN") && !strcmp(r3, "EAGAIN"));
	const char *r4 = try_flock(a, LOCK_SH); /* converts: there is no other holder */
	const char *r5 = try_flock(b, LOCK_SH | LOCK_NB);
	const char *r6 = try_flock(c, LOCK_SH | LOCK_NB);
	const char *r7 = try_flock(a, LOCK_EX | LOCK_NB);
	printf("flock: converted to LOCK_SH %s; two more LOCK_SH %s %s; LOCK_EX|LOCK_NB while they hold %s\n", r4, r5, r6,
	       r7);
	T_CHECK(!strcmp(r4, "ok") && !strcmp(r5, "ok") && !strcmp(r6, "ok") && !strcmp(r7, "EAGAIN"));
	/* the failed conversion gave up a's lock (Linux takes the old lock off first) */
	int d = dup(b);
	const char *r8 = try_flock(d, LOCK_UN); /* b's description: b's lock goes */
	const char *r9 = try_flock(c, LOCK_UN);
	const char *r10 = try_flock(a, LOCK_EX | LOCK_NB);
	printf("flock: LOCK_UN through a dup %s, LOCK_UN %s; then LOCK_EX|LOCK_NB %s\n", r8, r9, r10);
	T_CHECK(!strcmp(r8, "ok") && !strcmp(r9, "ok") && !strcmp(r10, "ok"));
	close(d);
	const char *bad = try_flock(a, 0);
	printf("flock: operation 0 %s\n", bad);
	T_CHECK(!strcmp(bad, "EINVAL"));

	/* a child inherits the descriptor: its description, and the lock with it */
	T_CHECK(dup2(a, 3) == 3 || a == 3);
	printf("flock: LOCK_EX held by the parent;\n");
	in_child(flock_child_converts);
	if (a != 3)
		close(3);

	/* a blocking LOCK_EX wakes when the holder unlocks */
	T_CHECK(pipe(sync_pipe) == 0);
	fcntl(sync_pipe[0], F_SETFL, O_NONBLOCK);
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		child_pid = getpid();
		t_checks = t_failed = 0;
		flock_child_waits();
		_exit(t_failed ? 1 : 0);
	}
	child_pid = pid;
	char ch;
	while (read(sync_pipe[0], &ch, 1) != 1)
		pause_ms(10);
	pause_ms(100);
	T_CHECK(write(sync_pipe[1], "u", 1) == 1);
	printf("flock: the parent unlocks what the child waits for\n");
	T_CHECK(flock(a, LOCK_UN) == 0);
	int status = 0;
	waitpid(pid, &status, 0);
	child_pid = 0;
	T_CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	close(sync_pipe[0]);
	close(sync_pipe[1]);
	close(a);
	close(b);
	close(c);
}

int main(int argc, char **argv)
{
	t_begin();
	hop = argc > 1 && strcmp(argv[1], "-m") == 0;
	parent_pid = getpid();
	snprintf(path, sizeof path, "/tmp/t-locks.%d", (int)getpid());
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	T_CHECK(fd >= 0);
	test_basic(fd);
	test_shapes(fd);
	test_close_releases(fd); /* closes nothing of fd's, but drops its locks */
	test_exit_releases(fd);
	test_setlkw(fd);
	test_deadlock(fd);
	test_interrupted(fd);
	test_errors(fd); /* its closes drop fd's locks too */
	test_ofd(fd);
	test_flock();
	close(fd);
	unlink(path);
	return t_done("t-locks");
}
