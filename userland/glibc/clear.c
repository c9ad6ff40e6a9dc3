/*
 * clear: clears the terminal screen and its scrollback, as ncurses' clear does for TERM=xterm.
 *
 *   clear [-x]
 *
 * Writes xterm's clear_screen, cursor home then erase the screen ("\033[H\033[2J"), followed by
 * the E3 capability that also erases the scrollback ("\033[3J"); -x leaves the scrollback (no
 * E3). The playground's terminals are xterm-compatible (TERM=xterm-256color), so no terminfo
 * database is read. Any other argument prints a usage line and exits 1.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int keep_scrollback = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-x") == 0) {
			keep_scrollback = 1;
		} else {
			fprintf(stderr, "usage: clear [-x]\n");
			return 1;
		}
	}
	static const char clear_screen[] = "\033[H\033[2J", erase_scrollback[] = "\033[3J";
	if (write(1, clear_screen, sizeof clear_screen - 1) < 0)
		return 1;
	if (!keep_scrollback && write(1, erase_scrollback, sizeof erase_scrollback - 1) < 0)
		return 1;
	return 0;
}
