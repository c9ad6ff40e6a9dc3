/*
 * sh-builtins.h: the shell's own commands (included by sh.c only, at the place they were
 * written): cd, pwd, exit, export, unset, set, true, false, source (.), exec and help, the
 * table that names them (with jobs, fg, bg and wait from sh-jobs.h) and find_builtin().
 * They run inside the shell process, so they can change its directory, variables and options.
 */


static int b_cd(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : var_get("HOME");
	int dash = dir && strcmp(dir, "-") == 0;
	if (dash)
		dir = var_get("OLDPWD");
	if (!dir || !*dir)
		dir = "/";
	char old[4096];
	if (!getcwd(old, sizeof old))
		old[0] = 0;
	if (chdir(dir) != 0) {
		fprintf(stderr, "sh: cd: %s: %s\n", dir, strerror(errno));
		return 1;
	}
	char now[4096];
	if (getcwd(now, sizeof now))
		var_set("PWD", now, 0);
	if (old[0])
		var_set("OLDPWD", old, 0);
	if (dash)
		printf("%s\n", now);
	return 0;
}

static int b_pwd(int argc, char **argv)
{
	(void)argc, (void)argv;
	char cwd[4096];
	if (!getcwd(cwd, sizeof cwd)) {
		fprintf(stderr, "sh: pwd: %s\n", strerror(errno));
		return 1;
	}
	printf("%s\n", cwd);
	return 0;
}

static int b_exit(int argc, char **argv)
{
	fflush(NULL);
	exit(argc > 1 ? atoi(argv[1]) & 255 : last_status);
}

static int b_export(int argc, char **argv)
{
	if (argc == 1) {
		for (int i = 0; i < nvars; i++)
			if (vars[i].exported)
				printf("export %s%s%s\n", vars[i].name, vars[i].value ? "=" : "",
				       vars[i].value ? vars[i].value : "");
		return 0;
	}
	int status = 0;
	for (int i = 1; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		size_t len = eq ? (size_t)(eq - argv[i]) : strlen(argv[i]);
		if (!valid_name(argv[i], len)) {
			fprintf(stderr, "sh: export: %s: not a valid name\n", argv[i]);
			status = 1;
			continue;
		}
		char *name = sndup(argv[i], len);
		var_set(name, eq ? eq + 1 : NULL, 1);
	}
	return status;
}

static int b_unset(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		var_unset(argv[i]);
	return 0;
}

/* set [-ex] [+ex] [--] [ARG...]: options, and new positional parameters; alone: the variables. */
static int b_set(int argc, char **argv)
{
	if (argc == 1) {
		for (int i = 0; i < nvars; i++)
			if (vars[i].value)
				printf("%s=%s\n", vars[i].name, vars[i].value);
		return 0;
	}
	int i = 1;
	for (; i < argc && (argv[i][0] == '-' || argv[i][0] == '+') && argv[i][1]; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		for (const char *o = argv[i] + 1; *o; o++) {
			int on = argv[i][0] == '-';
			if (*o == 'e')
				errexit = on;
			else if (*o == 'x')
				xtrace = on;
			else {
				fprintf(stderr, "sh: set: -%c: unknown option (only -e and -x)\n", *o);
				return 2;
			}
		}
	}
	if (i < argc || (i > 1 && strcmp(argv[i - 1], "--") == 0)) {
		char **copy = calloc((size_t)(argc - i + 1), sizeof(char *));
		if (!copy)
			return 1;
		for (int k = i; k < argc; k++)
			copy[k - i] = xstrdup(argv[k]);
		params = copy; /* the previous array is kept: it may be the process's own argv */
		nparams = argc - i;
	}
	return 0;
}

static int b_true(int argc, char **argv) { (void)argc, (void)argv; return 0; }
static int b_false(int argc, char **argv) { (void)argc, (void)argv; return 1; }

static int b_source(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "sh: .: usage: . FILE\n");
		return 2;
	}
	return run_file(argv[1]);
}

static int b_exec(int argc, char **argv)
{
	if (argc < 2)
		return 0; /* only redirections: the caller keeps them */
	fflush(NULL);
	default_signals();
	return exec_program(argv + 1);
}

static int b_help(int argc, char **argv);

static const struct builtin {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *usage;
} builtins[] = {
	{ "cd", b_cd, "cd [DIR | -]" },
	{ "pwd", b_pwd, "pwd" },
	{ "exit", b_exit, "exit [N]" },
	{ "export", b_export, "export [NAME[=VALUE]...]" },
	{ "unset", b_unset, "unset NAME..." },
	{ "jobs", b_jobs, "jobs [-l]" },
	{ "fg", b_fg, "fg [%N]" },
	{ "bg", b_bg, "bg [%N]" },
	{ "wait", b_wait, "wait [%N | PID...]" },
	{ "exec", b_exec, "exec [COMMAND [ARG...]]" },
	{ "set", b_set, "set [-ex] [+ex] [--] [ARG...]" },
	{ ".", b_source, ". FILE" },
	{ "source", b_source, "source FILE" },
	{ "true", b_true, "true" },
	{ "false", b_false, "false" },
	{ ":", b_true, ":" },
	{ "help", b_help, "help" },
};

static int b_help(int argc, char **argv)
{
	(void)argc, (void)argv;
	printf("sh builtins:\n");
	for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++)
		printf("  %s\n", builtins[i].usage);
	printf("other commands are looked up in $PATH (%s)\n", var_get("PATH") ? var_get("PATH") : "/bin:/usr/bin");
	return 0;
}

static const struct builtin *find_builtin(const char *name)
{
	for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++)
		if (strcmp(builtins[i].name, name) == 0)
			return &builtins[i];
	return NULL;
}
