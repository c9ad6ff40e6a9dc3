/*
 * top: a live view of the system, redrawn in place every second.
 *
 *   top [-n ITERATIONS] [-d SECONDS] [-b]
 *
 * Each frame: a header from /proc/uptime, /proc/loadavg and /proc/meminfo (uptime, load
 * averages, task counts by state, memory in MiB), then the processes from /proc/<pid>/stat
 * sorted by CPU use (then pid): PID PPID [KERN] S %CPU %MEM TIME+ COMMAND, KERN being the
 * "Kernel:" line of /proc/<pid>/status when any process has one. %CPU is the share of one hart
 * used since the previous frame (for the first frame, over the process's lifetime).
 *
 * On a terminal, frames are drawn in place with ANSI escapes (cursor home, clear to end of
 * line/screen), cut to the window size (TIOCGWINSZ), and the keyboard is read in raw mode
 * (termios without ICANON and ECHO): 'q' quits, any other key redraws at once. The terminal
 * is restored on exit, also after SIGINT, SIGTERM or SIGHUP. With -b, or when stdout is not a
 * terminal, frames are printed one after another without escapes. -n stops after ITERATIONS
 * frames (`top -n 1` prints one frame and exits), -d sets the delay (default 1 second).
 */
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include "proc.h"

struct sample {
	struct proc p;
	double cpu; /* percent of one hart */
};

static struct termios saved_termios;
static int raw_mode; /* the terminal is in raw mode and must be restored */

static void restore_terminal(void)
{
	if (raw_mode) {
		tcsetattr(0, TCSAFLUSH, &saved_termios);
		raw_mode = 0;
		static const char show_cursor[] = "\033[?25h";
		(void)!write(1, show_cursor, sizeof show_cursor - 1);
	}
}

static void on_signal(int sig)
{
	restore_terminal();
	signal(sig, SIG_DFL);
	raise(sig);
}

static double first_number(const char *path)
{
	char buf[128];
	return proc_slurp(path, buf, sizeof buf) > 0 ? atof(buf) : 0;
}

static long long meminfo_kib(const char *info, const char *name)
{
	size_t len = strlen(name);
	for (const char *p = info; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (strncmp(p, name, len) == 0 && p[len] == ':')
			return atoll(p + len + 1);
	return 0;
}

static int by_cpu(const void *a, const void *b)
{
	const struct sample *x = *(struct sample *const *)a, *y = *(struct sample *const *)b;
	if (x->cpu != y->cpu)
		return x->cpu < y->cpu ? 1 : -1;
	return (x->p.pid > y->p.pid) - (x->p.pid < y->p.pid);
}

/* The previous frame's CPU ticks by pid (sorted by pid), for the %CPU column. */
static struct prev {
	int pid;
	unsigned long long ticks;
} *prev;
static int prev_count;
static double prev_uptime;

static long long prev_ticks(int pid)
{
	int lo = 0, hi = prev_count - 1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		if (prev[mid].pid == pid)
			return (long long)prev[mid].ticks;
		if (prev[mid].pid < pid)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

static void format_uptime(double up, char *buf, size_t size)
{
	long s = (long)up, days = s / 86400, hours = s / 3600 % 24, mins = s / 60 % 60;
	char day_part[32] = "";
	if (days)
		snprintf(day_part, sizeof day_part, "%ld day%s, ", days, days == 1 ? "" : "s");
	if (days || hours)
		snprintf(buf, size, "%s%2ld:%02ld", day_part, hours, mins);
	else
		snprintf(buf, size, "%ld min", mins);
}

/* Draws one frame; `interactive` selects in-place drawing within rows x cols. */
static void frame(int interactive, int rows, int cols, long hz, int first)
{
	const char *eol = interactive ? "\033[K\n" : "\n";
	double uptime = first_number("/proc/uptime");
	char buf[256], up[64];
	double load[3] = { 0, 0, 0 };
	if (proc_slurp("/proc/loadavg", buf, sizeof buf) > 0)
		sscanf(buf, "%lf %lf %lf", &load[0], &load[1], &load[2]);
	static char info[8192];
	if (proc_slurp("/proc/meminfo", info, sizeof info) < 0)
		info[0] = 0;
	long long total = meminfo_kib(info, "MemTotal"), mfree = meminfo_kib(info, "MemFree");
	long long cache = meminfo_kib(info, "Buffers") + meminfo_kib(info, "Cached") + meminfo_kib(info, "SReclaimable");
	long long used = total - mfree - cache;
	if (used < 0)
		used = total - mfree;

	int count;
	int *pids = proc_pids(&count);
	struct sample *s = calloc((size_t)(count ? count : 1), sizeof *s);
	int n = 0, states[5] = { 0 }, any_kernel = 0; /* running sleeping stopped zombie */
	for (int i = 0; s && pids && i < count; i++) {
		if (proc_read(pids[i], &s[n].p) != 0)
			continue;
		struct proc *p = &s[n].p;
		unsigned long long ticks = p->utime + p->stime;
		long long before = prev_ticks(p->pid);
		double elapsed = before >= 0 && !first ? uptime - prev_uptime : uptime - (double)p->start / (double)hz;
		double used_ticks = before >= 0 && !first ? (double)(ticks - (unsigned long long)before) : (double)ticks;
		s[n].cpu = elapsed > 0 ? 100.0 * used_ticks / (double)hz / elapsed : 0;
		states[p->state == 'R' ? 0 : p->state == 'T' || p->state == 't' ? 2 : p->state == 'Z' ? 3 : 1]++;
		any_kernel |= p->kernel >= 0;
		n++;
	}
	free(pids);

	/* remember this frame's ticks for the next one (s is still in pid order) */
	free(prev);
	prev = malloc(sizeof *prev * (size_t)(n ? n : 1));
	prev_count = 0;
	for (int i = 0; prev && i < n; i++)
		prev[prev_count++] = (struct prev){ s[i].p.pid, s[i].p.utime + s[i].p.stime };
	prev_uptime = uptime;
	/* sort pointers: glibc's qsort asks the kernel for the memory size (sysinfo) before
	   sorting more than 1 KiB, so small elements keep it to read, write and friends */
	struct sample **order = calloc((size_t)(n ? n : 1), sizeof *order);
	for (int i = 0; order && i < n; i++)
		order[i] = &s[i];
	if (order)
		qsort(order, (size_t)n, sizeof *order, by_cpu);

	if (interactive)
		printf(first ? "\033[?25l\033[2J\033[H" : "\033[H");
	format_uptime(uptime, up, sizeof up);
	char line[1024];
	int lines = 0, max_lines = interactive && rows > 0 ? rows - 1 : 1 << 30;
#define LINE(...)                                                                      \
	do {                                                                           \
		snprintf(line, sizeof line, __VA_ARGS__);                              \
		if (interactive && cols > 0 && cols < (int)sizeof line)                \
			line[cols] = 0;                                                \
		if (lines++ < max_lines)                                               \
			printf("%s%s", line, eol);                                     \
	} while (0)
	LINE("top - up %s, load average: %.2f, %.2f, %.2f", up, load[0], load[1], load[2]);
	LINE("Tasks: %3d total, %3d running, %3d sleeping, %3d stopped, %3d zombie", n, states[0], states[1], states[2],
	     states[3]);
	LINE("MiB Mem : %8.1f total, %8.1f free, %8.1f used, %8.1f buff/cache", (double)total / 1024,
	     (double)mfree / 1024, (double)used / 1024, (double)cache / 1024);
	LINE("%s", "");
	LINE("  PID  PPID %sS  %%CPU  %%MEM     TIME+ COMMAND", any_kernel ? "KERN " : "");
	long page_kib = sysconf(_SC_PAGESIZE) / 1024;
	for (int i = 0; order && i < n; i++) {
		struct proc *p = &order[i]->p;
		char kern[16] = "";
		if (any_kernel)
			snprintf(kern, sizeof kern, p->kernel >= 0 ? "%4d " : "   - ", p->kernel);
		unsigned long long centis = (p->utime + p->stime) * 100 / (unsigned long long)hz;
		double mem = total > 0 ? 100.0 * (double)(p->rss * page_kib) / (double)total : 0;
		LINE("%5d %5d %s%c %5.1f %5.1f %5llu:%02llu.%02llu %s", p->pid, p->ppid, kern, p->state, order[i]->cpu, mem,
		     centis / 6000, centis / 100 % 60, centis % 100, p->comm);
	}
#undef LINE
	if (interactive)
		printf("\033[J");
	else
		printf("\n");
	fflush(stdout);
	free(order);
	free(s);
}

/* Waits up to `seconds` for a key; returns 'q' to quit, 0 otherwise. */
static int wait_for_key(double seconds, int keyboard)
{
	struct timespec ts = { (time_t)seconds, (long)((seconds - floor(seconds)) * 1e9) };
	if (!keyboard) {
		while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
			;
		return 0;
	}
	struct pollfd pfd = { .fd = 0, .events = POLLIN };
	if (ppoll(&pfd, 1, &ts, NULL) > 0) {
		char c[16];
		ssize_t got = read(0, c, sizeof c);
		for (ssize_t i = 0; i < got; i++)
			if (c[i] == 'q' || c[i] == 'Q')
				return 'q';
		if (got == 0)
			return 'q'; /* end of input */
	}
	return 0;
}

int main(int argc, char **argv)
{
	long iterations = 0; /* 0: until 'q' */
	double delay = 1.0;
	int batch = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-b") == 0) {
			batch = 1;
		} else if ((strcmp(argv[i], "-n") == 0 || strcmp(argv[i], "-d") == 0) && i + 1 < argc) {
			char *end;
			double v = strtod(argv[i + 1], &end);
			if (*end || end == argv[i + 1] || !(v > 0) || isinf(v))
				goto usage;
			if (argv[i][1] == 'n')
				iterations = (long)v;
			else
				delay = v;
			i++;
		} else {
			goto usage;
		}
	}
	int interactive = !batch && isatty(1);
	int keyboard = interactive && isatty(0);
	int rows = 0, cols = 0;
	long hz = sysconf(_SC_CLK_TCK);
	if (hz <= 0)
		hz = 100;
	struct winsize ws;
	if (interactive && ioctl(1, TIOCGWINSZ, &ws) == 0) {
		rows = ws.ws_row;
		cols = ws.ws_col;
	}
	if (keyboard && tcgetattr(0, &saved_termios) == 0) {
		struct termios raw = saved_termios;
		raw.c_lflag &= (tcflag_t) ~(ICANON | ECHO);
		raw.c_cc[VMIN] = 1;
		raw.c_cc[VTIME] = 0;
		signal(SIGINT, on_signal);
		signal(SIGTERM, on_signal);
		signal(SIGHUP, on_signal);
		if (tcsetattr(0, TCSAFLUSH, &raw) == 0)
			raw_mode = 1;
	}
	for (long i = 0; iterations == 0 || i < iterations; i++) {
		frame(interactive, rows, cols, hz, i == 0);
		if (iterations && i + 1 == iterations)
			break;
		if (wait_for_key(delay, keyboard) == 'q')
			break;
	}
	restore_terminal();
	return 0;
usage:
	fprintf(stderr, "usage: top [-n ITERATIONS] [-d SECONDS] [-b]\n");
	return 2;
}
