/*
 * uname: prints system information from the uname system call.
 *
 *   uname [-asnrvmo]
 *
 * -s kernel name (the default), -n network node name (hostname), -r kernel release,
 * -v kernel version, -m machine, -o operating system ("GNU/Linux", as GNU uname prints for
 * glibc systems), -a all of them in that order. Options can be combined (-nr).
 */
#include <stdio.h>
#include <sys/utsname.h>

int main(int argc, char **argv)
{
	enum { S = 1, N = 2, R = 4, V = 8, M = 16, O = 32 };
	int want = 0;
	for (int i = 1; i < argc; i++) {
		const char *o = argv[i];
		if (o[0] != '-' || !o[1])
			goto usage;
		for (o++; *o; o++) {
			switch (*o) {
			case 'a': want |= S | N | R | V | M | O; break;
			case 's': want |= S; break;
			case 'n': want |= N; break;
			case 'r': want |= R; break;
			case 'v': want |= V; break;
			case 'm': want |= M; break;
			case 'o': want |= O; break;
			default: goto usage;
			}
		}
	}
	if (!want)
		want = S;
	struct utsname u;
	if (uname(&u) != 0) {
		perror("uname");
		return 1;
	}
	const char *field[] = { u.sysname, u.nodename, u.release, u.version, u.machine, "GNU/Linux" };
	const char *sep = "";
	for (int i = 0; i < 6; i++)
		if (want & (1 << i)) {
			printf("%s%s", sep, field[i]);
			sep = " ";
		}
	printf("\n");
	return 0;
usage:
	fprintf(stderr, "usage: uname [-asnrvmo]\n");
	return 2;
}
