/*
 * echo: prints its arguments.
 *
 *   echo [-n] [-e] [ARG...]
 *
 * Writes the arguments separated by single spaces and followed by a newline (none with -n).
 * With -e, the escapes \n \t \r \a \b \f \v \\ \0NNN and \c (stop output) are interpreted.
 * Options are recognised only before the first argument that is not one (like GNU echo).
 */
#include <stdio.h>
#include <string.h>

/* Prints s interpreting backslash escapes; returns 0 when \c asked to stop. */
static int print_escaped(const char *s)
{
	for (; *s; s++) {
		if (*s != '\\' || !s[1]) {
			putchar(*s);
			continue;
		}
		switch (*++s) {
		case 'n': putchar('\n'); break;
		case 't': putchar('\t'); break;
		case 'r': putchar('\r'); break;
		case 'a': putchar('\a'); break;
		case 'b': putchar('\b'); break;
		case 'f': putchar('\f'); break;
		case 'v': putchar('\v'); break;
		case 'e': putchar('\033'); break;
		case '\\': putchar('\\'); break;
		case 'c': return 0;
		case '0': {
			int v = 0;
			for (int i = 0; i < 3 && s[1] >= '0' && s[1] <= '7'; i++)
				v = v * 8 + (*++s - '0');
			putchar(v);
			break;
		}
		default: putchar('\\'); putchar(*s); break;
		}
	}
	return 1;
}

int main(int argc, char **argv)
{
	int newline = 1, escapes = 0, i = 1;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *o = argv[i] + 1;
		if (strspn(o, "neE") != strlen(o))
			break; /* not an option: print it */
		for (; *o; o++)
			*o == 'n' ? (newline = 0) : *o == 'e' ? (escapes = 1) : (escapes = 0);
	}
	for (int first = i; i < argc; i++) {
		if (i > first)
			putchar(' ');
		if (escapes && !print_escaped(argv[i]))
			return fflush(stdout) ? 1 : 0;
		if (!escapes)
			fputs(argv[i], stdout);
	}
	if (newline)
		putchar('\n');
	return fflush(stdout) ? 1 : 0;
}
