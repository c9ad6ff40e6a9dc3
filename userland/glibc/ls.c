/*
 * ls: lists directory contents.
 *
 *   ls [-l] [-a] [-1] [-d] [PATH...]     (default PATH: .)
 *
 * Names are sorted bytewise (the C locale). Files named on the command line come first, then
 * each directory's entries, under a "DIR:" heading when there is more than one path. On a
 * terminal the names go in columns fitting its width (TIOCGWINSZ), otherwise one per line.
 * -a shows names starting with '.', -1 forces one per line, -d lists directories themselves.
 * -l shows the mode, link count, owner and group ids (numbers: no /etc/passwd is needed), size
 * (or device numbers), modification time in UTC ("Mon DD HH:MM", or "Mon DD  YYYY" when older
 * than six months or in the future), the name, and a symbolic link's target; a directory
 * listing starts with "total N" (1 KiB blocks). Exits 0, 1 for an unreadable directory, 2 for
 * a path that does not exist.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

struct entry {
	char *name; /* as printed */
	char *path; /* for lstat and readlink */
	struct stat st;
	int stat_ok;
};

static int opt_long, opt_all, opt_one, opt_dir;
static int width; /* terminal columns, 0 when not a terminal */
static time_t now;

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

static void mode_string(mode_t m, char *s)
{
	s[0] = S_ISDIR(m) ? 'd' : S_ISLNK(m) ? 'l' : S_ISCHR(m) ? 'c' : S_ISBLK(m) ? 'b' : S_ISFIFO(m) ? 'p' : S_ISSOCK(m) ? 's' : '-';
	const char *rwx = "rwxrwxrwx";
	for (int i = 0; i < 9; i++)
		s[1 + i] = m & (0400 >> i) ? rwx[i] : '-';
	if (m & S_ISUID)
		s[3] = s[3] == 'x' ? 's' : 'S';
	if (m & S_ISGID)
		s[6] = s[6] == 'x' ? 's' : 'S';
	if (m & S_ISVTX)
		s[9] = s[9] == 'x' ? 't' : 'T';
	s[10] = 0;
}

static int digits(unsigned long long v)
{
	int n = 1;
	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

static void print_long(struct entry *e, int n)
{
	int wl = 1, wu = 1, wg = 1, ws = 1;
	for (int i = 0; i < n; i++) {
		struct stat *st = &e[i].st;
		int size_w = S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode)
				     ? digits(major(st->st_rdev)) + 2 + digits(minor(st->st_rdev))
				     : digits((unsigned long long)st->st_size);
		wl = digits(st->st_nlink) > wl ? digits(st->st_nlink) : wl;
		wu = digits(st->st_uid) > wu ? digits(st->st_uid) : wu;
		wg = digits(st->st_gid) > wg ? digits(st->st_gid) : wg;
		ws = size_w > ws ? size_w : ws;
	}
	for (int i = 0; i < n; i++) {
		struct stat *st = &e[i].st;
		if (!e[i].stat_ok) {
			printf("?????????? %s\n", e[i].name);
			continue;
		}
		char mode[11], date[32], size[48];
		mode_string(st->st_mode, mode);
		struct tm tm;
		time_t t = st->st_mtime;
		gmtime_r(&t, &tm);
		int recent = t <= now && now - t < 182L * 24 * 3600;
		strftime(date, sizeof date, recent ? "%b %e %H:%M" : "%b %e  %Y", &tm);
		if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode))
			snprintf(size, sizeof size, "%u, %u", major(st->st_rdev), minor(st->st_rdev));
		else
			snprintf(size, sizeof size, "%lld", (long long)st->st_size);
		printf("%s %*lu %*u %*u %*s %s %s", mode, wl, (unsigned long)st->st_nlink, wu, st->st_uid, wg, st->st_gid,
		       ws, size, date, e[i].name);
		if (S_ISLNK(st->st_mode)) {
			char target[4096];
			ssize_t len = readlink(e[i].path, target, sizeof target - 1);
			if (len >= 0) {
				target[len] = 0;
				printf(" -> %s", target);
			}
		}
		printf("\n");
	}
}

/* Names in columns (top to bottom, then left to right) within `width`, or one per line. */
static void print_short(struct entry *e, int n)
{
	if (opt_one || width <= 0) {
		for (int i = 0; i < n; i++)
			printf("%s\n", e[i].name);
		return;
	}
	int longest = 1;
	for (int i = 0; i < n; i++)
		if ((int)strlen(e[i].name) > longest)
			longest = (int)strlen(e[i].name);
	int col_w = longest + 2, cols = width / col_w;
	if (cols < 1)
		cols = 1;
	int rows = (n + cols - 1) / cols;
	for (int r = 0; r < rows; r++) {
		for (int c = 0; c < cols; c++) {
			int i = c * rows + r;
			if (i >= n)
				break;
			if ((c + 1) * rows + r >= n)
				printf("%s", e[i].name); /* the last on its line: no padding */
			else
				printf("%-*s", col_w, e[i].name);
		}
		printf("\n");
	}
}

static void print_entries(struct entry *e, int n)
{
	qsort(e, (size_t)n, sizeof *e, by_name);
	if (opt_long)
		print_long(e, n);
	else
		print_short(e, n);
}

static struct entry make_entry(const char *name, const char *path)
{
	struct entry e = { strdup(name), strdup(path), { 0 }, 0 };
	e.stat_ok = lstat(path, &e.st) == 0;
	return e;
}

static void free_entries(struct entry *e, int n)
{
	for (int i = 0; i < n; i++) {
		free(e[i].name);
		free(e[i].path);
	}
	free(e);
}

/* Lists one directory; returns 0 or 1 (unreadable). */
static int list_dir(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d) {
		fprintf(stderr, "ls: cannot open directory '%s': %s\n", dir, strerror(errno));
		return 1;
	}
	int n = 0, cap = 64;
	struct entry *e = malloc(sizeof *e * (size_t)cap);
	struct dirent *de;
	while (e && (de = readdir(d))) {
		if (de->d_name[0] == '.' && !opt_all)
			continue;
		if (n == cap) {
			struct entry *more = realloc(e, sizeof *e * (size_t)(cap *= 2));
			if (!more)
				break;
			e = more;
		}
		size_t len = strlen(dir) + strlen(de->d_name) + 2;
		char *path = malloc(len);
		snprintf(path, len, "%s/%s", dir, de->d_name);
		e[n++] = make_entry(de->d_name, path);
		free(path);
	}
	closedir(d);
	if (!e)
		return 1;
	if (opt_long) {
		unsigned long long blocks = 0;
		for (int i = 0; i < n; i++)
			blocks += (unsigned long long)e[i].st.st_blocks;
		printf("total %llu\n", blocks / 2);
	}
	print_entries(e, n);
	free_entries(e, n);
	return 0;
}

int main(int argc, char **argv)
{
	int i = 1;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		for (const char *o = argv[i] + 1; *o; o++) {
			switch (*o) {
			case 'l': opt_long = 1; break;
			case 'a': opt_all = 1; break;
			case '1': opt_one = 1; break;
			case 'd': opt_dir = 1; break;
			default:
				fprintf(stderr, "ls: invalid option -- '%c'\nusage: ls [-l] [-a] [-1] [-d] [PATH...]\n", *o);
				return 2;
			}
		}
	}
	struct winsize ws;
	if (isatty(1))
		width = ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col ? ws.ws_col : 80;
	now = time(NULL);

	char *dot[] = { ".", NULL };
	char **paths = i < argc ? argv + i : dot;
	int npaths = i < argc ? argc - i : 1, status = 0;
	struct entry *files = calloc((size_t)npaths, sizeof *files), *dirs = calloc((size_t)npaths, sizeof *dirs);
	int nfiles = 0, ndirs = 0;
	for (int k = 0; files && dirs && k < npaths; k++) {
		struct entry e = make_entry(paths[k], paths[k]);
		if (!e.stat_ok) {
			fprintf(stderr, "ls: cannot access '%s': %s\n", paths[k], strerror(errno));
			status = 2;
			free(e.name);
			free(e.path);
			continue;
		}
		struct stat target;
		/* a symbolic link to a directory named on the command line is followed, except with -l */
		int is_dir = S_ISDIR(e.st.st_mode) ||
			     (!opt_long && S_ISLNK(e.st.st_mode) && stat(paths[k], &target) == 0 && S_ISDIR(target.st_mode));
		if (is_dir && !opt_dir)
			dirs[ndirs++] = e;
		else
			files[nfiles++] = e;
	}
	if (nfiles)
		print_entries(files, nfiles);
	qsort(dirs, (size_t)ndirs, sizeof *dirs, by_name);
	for (int k = 0; k < ndirs; k++) {
		if (nfiles || k > 0)
			printf("\n");
		if (npaths > 1)
			printf("%s:\n", dirs[k].path);
		if (list_dir(dirs[k].path) && status == 0)
			status = 1;
	}
	free_entries(files, nfiles);
	free_entries(dirs, ndirs);
	return status;
}
