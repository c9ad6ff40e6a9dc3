/*
 * sh-input.h: how the shell reads commands (included by sh.c only, at the place they were
 * written): input sources (the terminal, a script file, -c text, a pipe read byte by byte so
 * the commands it starts see the rest), the prompt, and the read-parse-run loop, plus
 * `sh -c TEXT` and `sh FILE`.
 */

struct input {
	int fd;            /* -1: reading `text` */
	const char *text;  /* for -c */
	int bytewise;      /* read one byte at a time (a pipe shared with the commands we run) */
	char buf[4096];
	size_t len, pos;
};

/* Reads one line (without its newline) into *line; returns 0 at the end of input, -1 on ^C. */
static int read_line(struct input *in, struct str *line)
{
	*line = (struct str){ 0 };
	for (;;) {
		if (in->pos == in->len) {
			if (in->fd < 0)
				return line->len > 0;
			ssize_t n = read(in->fd, in->buf, in->bytewise ? 1 : sizeof in->buf);
			if (n < 0 && errno == EINTR) {
				if (interrupted)
					return -1;
				continue;
			}
			if (n <= 0)
				return line->len > 0;
			in->len = (size_t)n;
			in->pos = 0;
		}
		char c = in->buf[in->pos++];
		if (c == '\n')
			return 1;
		str_addc(line, c);
	}
}

static void prompt(const char *ps)
{
	struct str out = { 0 };
	for (const char *p = ps; *p; p++) {
		if (*p != '\\' || !p[1]) {
			str_addc(&out, *p);
			continue;
		}
		char cwd[4096];
		struct utsname u;
		switch (*++p) {
		case 'h':
		case 'H':
			if (uname(&u) == 0) {
				if (*p == 'h')
					u.nodename[strcspn(u.nodename, ".")] = 0;
				str_add(&out, u.nodename);
			}
			break;
		case 'w':
		case 'W':
			if (getcwd(cwd, sizeof cwd)) {
				char *last = strrchr(cwd, '/');
				str_add(&out, *p == 'W' && last && last[1] ? last + 1 : cwd);
			}
			break;
		case '$': str_addc(&out, geteuid() == 0 ? '#' : '$'); break;
		case 'n': str_addc(&out, '\n'); break;
		case '\\': str_addc(&out, '\\'); break;
		default: str_addc(&out, '\\'); str_addc(&out, *p); break;
		}
	}
	fputs(str_get(&out), stderr);
	fflush(stderr);
}

/* Reads, parses and runs commands until the input ends; returns the last status. */
static int run_input(struct input *in)
{
	for (;;) {
		struct chunk *mark = arena;
		if (interactive) {
			notify_jobs();
			interrupted = 0;
			const char *ps1 = var_get("PS1");
			prompt(ps1 ? ps1 : "\\h:\\w$ ");
		}
		struct str text = { 0 }, line;
		int r = read_line(in, &line);
		if (r == 0) {
			if (interactive)
				fprintf(stderr, "exit\n");
			break;
		}
		if (r < 0) {
			fprintf(stderr, "\n");
			arena_release(mark);
			continue;
		}
		str_add(&text, str_get(&line));
		struct list l;
		const char *error = NULL;
		int parsed;
		while ((parsed = parse(str_get(&text), &l, &error)) == PARSE_INCOMPLETE) {
			if (interactive) {
				const char *ps2 = var_get("PS2");
				prompt(ps2 ? ps2 : "> ");
			}
			if ((r = read_line(in, &line)) <= 0)
				break;
			str_addc(&text, '\n');
			str_add(&text, str_get(&line));
		}
		if (parsed == PARSE_INCOMPLETE && r < 0) {
			fprintf(stderr, "\n");
		} else if (parsed == PARSE_INCOMPLETE) {
			fprintf(stderr, "sh: syntax error: unexpected end of file\n");
			last_status = 2;
		} else if (parsed == PARSE_ERROR) {
			fprintf(stderr, "sh: syntax error near '%s'\n", error ? error : "?");
			last_status = 2;
		} else {
			run_list(&l);
		}
		arena_release(mark);
		if (parsed == PARSE_INCOMPLETE && r == 0)
			break;
	}
	return last_status;
}

static int run_string(const char *text)
{
	struct chunk *mark = arena;
	struct list l;
	const char *error = NULL;
	int parsed = parse(text, &l, &error);
	if (parsed == PARSE_INCOMPLETE) {
		fprintf(stderr, "sh: syntax error: unexpected end of file\n");
		last_status = 2;
	} else if (parsed == PARSE_ERROR) {
		fprintf(stderr, "sh: syntax error near '%s'\n", error ? error : "?");
		last_status = 2;
	} else {
		run_list(&l);
	}
	arena_release(mark);
	return last_status;
}

static int run_file(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "sh: %s: %s\n", path, strerror(errno));
		return 127;
	}
	struct input *in = calloc(1, sizeof *in);
	in->fd = fd;
	int saved_interactive = interactive;
	interactive = 0;
	int status = run_input(in);
	interactive = saved_interactive;
	free(in);
	close(fd);
	return status;
}
