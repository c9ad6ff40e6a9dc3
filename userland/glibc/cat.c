/*
 * cat: concatenates files to standard output.
 *
 *   cat [FILE...]
 *
 * Copies each FILE (or standard input when there is none, or for "-") to standard output with
 * plain read and write calls, 64 KiB at a time. Reports unreadable files on stderr and goes
 * on; exits 1 if any file failed, 0 otherwise.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char buf[65536];

/* Copies fd to stdout; returns 0 or -1 (errno set), with *out_failed when the write failed. */
static int copy(int fd, int *out_failed)
{
	ssize_t n;
	while ((n = read(fd, buf, sizeof buf)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		for (ssize_t done = 0; done < n;) {
			ssize_t w = write(1, buf + done, (size_t)(n - done));
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0) {
				*out_failed = 1;
				return -1;
			}
			done += w;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	int status = 0, out_failed = 0;
	if (argc < 2) {
		if (copy(0, &out_failed) < 0) {
			fprintf(stderr, "cat: %s: %s\n", out_failed ? "write error" : "-", strerror(errno));
			return 1;
		}
		return 0;
	}
	for (int i = 1; i < argc && !out_failed; i++) {
		int stdin_arg = strcmp(argv[i], "-") == 0;
		int fd = stdin_arg ? 0 : open(argv[i], O_RDONLY | O_CLOEXEC);
		if (fd < 0 || copy(fd, &out_failed) < 0) {
			fprintf(stderr, "cat: %s: %s\n", out_failed ? "write error" : argv[i], strerror(errno));
			status = 1;
		}
		if (fd > 0)
			close(fd);
	}
	return status;
}
