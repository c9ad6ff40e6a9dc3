/*
 * fsbench: the virtual time of file operations, for the shared filesystem's benchmarks
 * (engine/protocols/fs/fs.bench.ts). In directory DIR (default /tmp) it times, with
 * CLOCK_MONOTONIC (the kernel's virtual clock):
 *   create   open(O_CREAT | O_EXCL) then close, of N new files
 *   write    a 4 KiB pwrite into a file: the first after opening it (cold), then N more (warm)
 *   read     a 4 KiB pread from it: the first after opening it again (cold), then N more (warm)
 * and prints one line per figure, "name nanoseconds" (warm and create figures are means).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "/tmp";
	int n = argc > 2 ? atoi(argv[2]) : 20;
	char path[256], buf[4096];
	memset(buf, 'x', sizeof buf);

	long long t0 = now_ns();
	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/fsbench-%d-%d", dir, (int)getpid(), i);
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
		if (fd < 0 || close(fd) != 0)
			return 1;
	}
	printf("create %lld\n", (now_ns() - t0) / n);

	snprintf(path, sizeof path, "%s/fsbench-%d-data", dir, (int)getpid());
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	t0 = now_ns();
	if (pwrite(fd, buf, sizeof buf, 0) != sizeof buf)
		return 1;
	printf("write_cold %lld\n", now_ns() - t0);
	t0 = now_ns();
	for (int i = 0; i < n; i++)
		if (pwrite(fd, buf, sizeof buf, 0) != sizeof buf)
			return 1;
	printf("write_warm %lld\n", (now_ns() - t0) / n);
	close(fd);

	fd = open(path, O_RDONLY);
	t0 = now_ns();
	if (pread(fd, buf, sizeof buf, 0) != sizeof buf)
		return 1;
	printf("read_cold %lld\n", now_ns() - t0);
	t0 = now_ns();
	for (int i = 0; i < n; i++)
		if (pread(fd, buf, sizeof buf, 0) != sizeof buf)
			return 1;
	printf("read_warm %lld\n", (now_ns() - t0) / n);
	close(fd);

	unlink(path);
	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/fsbench-%d-%d", dir, (int)getpid(), i);
		unlink(path);
	}
	return 0;
}
