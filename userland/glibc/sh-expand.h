/*
 * sh-expand.h: the shell's variables and word expansion (included by sh.c only).
 *
 * Variables: one table, imported from the environment at startup (exported), set by NAME=value
 * (not exported unless already so, or `export`ed). Special parameters: $? $$ $! $# $0..$9 ${10}
 * $@ $*.
 *
 * expand_word() turns one raw word into fields, in the POSIX order: tilde (~ and ~/ at the
 * start: $HOME), parameters ($NAME, ${NAME}, specials), command substitution $(...) (run in a
 * forked copy of the shell, trailing newlines removed), arithmetic $((...)), then, for unquoted results only, field
 * splitting on blanks and pathname expansion (glob(3) on * ? [...]; a pattern that matches
 * nothing stays as written), and quote removal. "$@" gives one field per positional parameter.
 * In single-field mode (assignments, redirection targets) there is no splitting or globbing.
 */
#ifndef SH_EXPAND_H
#define SH_EXPAND_H

#include <ctype.h>
#include <glob.h>
#include <unistd.h>
#include "sh-parse.h"

/* --- variables ------------------------------------------------------------------------------ */

struct var {
	char *name, *value; /* malloc'd */
	int exported;
};
static struct var *vars;
static int nvars, vars_cap;

static int last_status;        /* $? */
static pid_t last_background;  /* $! */
static char *arg0 = "sh";      /* $0 */
static char **params;          /* $1 ... */
static int nparams;

static struct var *var_find(const char *name, size_t len)
{
	for (int i = 0; i < nvars; i++)
		if (strlen(vars[i].name) == len && strncmp(vars[i].name, name, len) == 0)
			return &vars[i];
	return NULL;
}

static const char *var_get(const char *name)
{
	struct var *v = var_find(name, strlen(name));
	return v ? v->value : NULL;
}

static char *xstrdup(const char *s)
{
	char *d = strdup(s);
	if (!d) {
		fprintf(stderr, "sh: out of memory\n");
		exit(2);
	}
	return d;
}

/* Sets a variable; export: 1 exports it, 0 keeps its current export flag. */
static void var_set(const char *name, const char *value, int export)
{
	struct var *v = var_find(name, strlen(name));
	if (!v) {
		if (nvars == vars_cap) {
			vars_cap = vars_cap * 2 + 16;
			vars = realloc(vars, sizeof *vars * (size_t)vars_cap);
			if (!vars)
				exit(2);
		}
		v = &vars[nvars++];
		v->name = xstrdup(name);
		v->value = NULL;
		v->exported = 0;
	}
	if (value) {
		free(v->value);
		v->value = xstrdup(value);
	}
	if (export)
		v->exported = 1;
}

static void var_unset(const char *name)
{
	struct var *v = var_find(name, strlen(name));
	if (v) {
		free(v->name);
		free(v->value);
		*v = vars[--nvars];
	}
}

static int valid_name(const char *s, size_t len)
{
	if (!len || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
		return 0;
	for (size_t i = 1; i < len; i++)
		if (!(isalnum((unsigned char)s[i]) || s[i] == '_'))
			return 0;
	return 1;
}

/* The length of NAME in a raw word "NAME=...", or 0 when the word is not an assignment. */
static size_t assignment_name(const char *word)
{
	const char *eq = strchr(word, '=');
	return eq && valid_name(word, (size_t)(eq - word)) ? (size_t)(eq - word) : 0;
}

/* The environment for a new program: exported variables, as NAME=value strings. */
static char **environment(void)
{
	struct vec env = { 0 };
	for (int i = 0; i < nvars; i++)
		if (vars[i].exported && vars[i].value) {
			struct str s = { 0 };
			str_add(&s, vars[i].name);
			str_addc(&s, '=');
			str_add(&s, vars[i].value);
			vec_push(&env, (char *)str_get(&s));
		}
	vec_push(&env, NULL);
	env.n--;
	return (char **)env.v;
}

/* --- expansion -------------------------------------------------------------------------- */

static char *command_output(const char *command); /* in sh.c: runs $(...) */
static char *expand_one(const char *w);

struct fields {
	struct vec out;  /* finished fields */
	struct str text; /* the field being built, quotes removed */
	struct str pat;  /* the same with quoted pattern characters escaped, for glob */
	int active;      /* a field exists even if empty (something quoted was seen) */
	int globby;      /* an unquoted * ? or [ is in it */
	int split;       /* split and glob (0 for assignments and redirection targets) */
};

static void field_end(struct fields *f)
{
	if (!f->active && f->text.len == 0)
		return;
	glob_t g;
	if (f->split && f->globby && glob(str_get(&f->pat), 0, NULL, &g) == 0) {
		for (size_t i = 0; i < g.gl_pathc; i++)
			vec_push(&f->out, sdup(g.gl_pathv[i]));
		globfree(&g);
	} else {
		vec_push(&f->out, sdup(str_get(&f->text)));
	}
	f->text = (struct str){ 0 };
	f->pat = (struct str){ 0 };
	f->active = f->globby = 0;
}

/* Adds text: quoted (literal) or not (split on blanks, pattern characters active). */
static void field_add(struct fields *f, const char *s, size_t n, int quoted)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!quoted && f->split && (c == ' ' || c == '\t' || c == '\n')) {
			field_end(f);
			continue;
		}
		str_addc(&f->text, c);
		if (quoted && strchr("*?[]\\", c))
			str_addc(&f->pat, '\\');
		str_addc(&f->pat, c);
		if (!quoted && strchr("*?[", c))
			f->globby = 1;
		if (quoted)
			f->active = 1;
	}
}

/*
 * $(( expression )): integers with + - * / % ( ), unary - + !, comparisons < <= > >= == !=,
 * && and ||; names are variables (empty or unset: 0). Errors print a message and give 0.
 */
struct arith {
	const char *p;
	const char *error;
};

static long arith_or(struct arith *a);

static void arith_space(struct arith *a)
{
	while (*a->p == ' ' || *a->p == '\t' || *a->p == '\n')
		a->p++;
}

static int arith_eat(struct arith *a, const char *op)
{
	arith_space(a);
	size_t n = strlen(op);
	if (strncmp(a->p, op, n) != 0)
		return 0;
	/* "<" must not take the first character of "<=", "=" never stands alone */
	if (n == 1 && strchr("<>!", op[0]) && a->p[1] == '=')
		return 0;
	if (n == 1 && (op[0] == '&' || op[0] == '|') && a->p[1] == op[0])
		return 0;
	a->p += n;
	return 1;
}

static long arith_primary(struct arith *a)
{
	arith_space(a);
	if (arith_eat(a, "(")) {
		long v = arith_or(a);
		if (!arith_eat(a, ")"))
			a->error = "missing )";
		return v;
	}
	if (arith_eat(a, "-"))
		return -arith_primary(a);
	if (arith_eat(a, "+"))
		return arith_primary(a);
	if (arith_eat(a, "!"))
		return !arith_primary(a);
	if (isdigit((unsigned char)*a->p)) {
		char *end;
		long v = strtol(a->p, &end, 0);
		a->p = end;
		return v;
	}
	size_t len = 0;
	while (isalnum((unsigned char)a->p[len]) || a->p[len] == '_')
		len++;
	if (len && !isdigit((unsigned char)a->p[0])) {
		struct var *v = var_find(a->p, len);
		a->p += len;
		return v && v->value ? strtol(v->value, NULL, 0) : 0;
	}
	a->error = "syntax error";
	return 0;
}

static long arith_mul(struct arith *a)
{
	long v = arith_primary(a);
	for (;;) {
		if (arith_eat(a, "*")) {
			v *= arith_primary(a);
		} else if (arith_eat(a, "/") || arith_eat(a, "%")) {
			int div = a->p[-1] == '/';
			long d = arith_primary(a);
			if (d == 0) {
				a->error = "division by zero";
				return 0;
			}
			v = div ? v / d : v % d;
		} else {
			return v;
		}
	}
}

static long arith_add(struct arith *a)
{
	long v = arith_mul(a);
	for (;;) {
		if (arith_eat(a, "+"))
			v += arith_mul(a);
		else if (arith_eat(a, "-"))
			v -= arith_mul(a);
		else
			return v;
	}
}

static long arith_compare(struct arith *a)
{
	long v = arith_add(a);
	for (;;) {
		if (arith_eat(a, "<="))
			v = v <= arith_add(a);
		else if (arith_eat(a, ">="))
			v = v >= arith_add(a);
		else if (arith_eat(a, "<"))
			v = v < arith_add(a);
		else if (arith_eat(a, ">"))
			v = v > arith_add(a);
		else if (arith_eat(a, "=="))
			v = v == arith_add(a);
		else if (arith_eat(a, "!="))
			v = v != arith_add(a);
		else
			return v;
	}
}

static long arith_and(struct arith *a)
{
	long v = arith_compare(a);
	while (arith_eat(a, "&&")) {
		long w = arith_compare(a);
		v = v && w;
	}
	return v;
}

static long arith_or(struct arith *a)
{
	long v = arith_and(a);
	while (arith_eat(a, "||")) {
		long w = arith_and(a);
		v = v || w;
	}
	return v;
}

static long arithmetic(const char *expr)
{
	struct arith a = { expr, NULL };
	long v = arith_or(&a);
	arith_space(&a);
	if (!a.error && *a.p)
		a.error = "syntax error";
	if (a.error) {
		fprintf(stderr, "sh: $((%s)): %s\n", expr, a.error);
		return 0;
	}
	return v;
}

/* Expands the parameter at p (just after '$'); returns the characters consumed (0: not one). */
static size_t expand_param(const char *p, struct fields *f, int quoted)
{
	char buf[32];
	const char *value = NULL;
	size_t used;
	if (p[0] == '(' && p[1] == '(') {
		const char *end = skip_subst(p - 1);
		if (end && end[-2] == ')') {
			/* $(( ... )): the inner text is expanded first ($x, $(cmd)), then evaluated */
			used = (size_t)(end - p);
			char *expr = expand_one(sndup(p + 2, used - 4));
			snprintf(buf, sizeof buf, "%ld", arithmetic(expr));
			field_add(f, buf, strlen(buf), quoted);
			return used;
		}
	}
	if (p[0] == '(') {
		const char *end = skip_subst(p - 1);
		if (!end)
			return 0;
		used = (size_t)(end - p);
		char *out = command_output(sndup(p + 1, used - 2));
		field_add(f, out, strlen(out), quoted);
		return used;
	}
	if (p[0] == '{') {
		const char *close = strchr(p, '}');
		if (!close)
			return 0;
		size_t len = (size_t)(close - p - 1);
		used = len + 2;
		if (strspn(p + 1, "0123456789") >= len && len > 0) {
			int k = atoi(p + 1);
			value = k == 0 ? arg0 : k <= nparams ? params[k - 1] : "";
		} else if (len == 1 && strchr("?$!#@*", p[1])) {
			return expand_param(p + 1, f, quoted) ? used : 0;
		} else if (valid_name(p + 1, len)) {
			struct var *v = var_find(p + 1, len);
			value = v && v->value ? v->value : "";
		} else {
			fprintf(stderr, "sh: ${%.*s}: bad substitution\n", (int)len, p + 1);
			value = "";
		}
	} else if (isdigit((unsigned char)p[0])) {
		int k = p[0] - '0';
		value = k == 0 ? arg0 : k <= nparams ? params[k - 1] : "";
		used = 1;
	} else if (p[0] == '?' || p[0] == '$' || p[0] == '!' || p[0] == '#') {
		long v = p[0] == '?' ? last_status : p[0] == '$' ? getpid() : p[0] == '!' ? last_background : nparams;
		snprintf(buf, sizeof buf, "%ld", v);
		value = p[0] == '!' && !last_background ? "" : buf;
		used = 1;
	} else if (p[0] == '@' || p[0] == '*') {
		for (int i = 0; i < nparams; i++) {
			if (i > 0) {
				if (quoted && p[0] == '@') {
					f->active = 1;
					field_end(f); /* "$@": one field per parameter */
				} else {
					field_add(f, " ", 1, quoted);
				}
			}
			field_add(f, params[i], strlen(params[i]), quoted);
		}
		return 1;
	} else {
		used = 0;
		while (isalnum((unsigned char)p[used]) || p[used] == '_')
			used++;
		if (used == 0 || isdigit((unsigned char)p[0]))
			return 0;
		struct var *v = var_find(p, used);
		value = v && v->value ? v->value : "";
	}
	field_add(f, value, strlen(value), quoted);
	return used;
}

/* Expands one raw word, appending its fields to out; split=0 gives exactly one field. */
static void expand_word(const char *w, struct vec *out, int split)
{
	struct fields f = { .out = *out, .split = split };
	if (split && strcmp(w, "\"$@\"") == 0 && nparams == 0)
		return; /* "$@" with no parameters: no field at all */
	const char *p = w;
	if (p[0] == '~' && (p[1] == '/' || p[1] == 0)) {
		const char *home = var_get("HOME");
		field_add(&f, home ? home : "/", strlen(home ? home : "/"), 1);
		p++;
	}
	int dq = 0;
	while (*p) {
		char c = *p;
		if (c == '\'' && !dq) {
			const char *q = strchr(p + 1, '\'');
			if (!q)
				q = p + strlen(p);
			field_add(&f, p + 1, (size_t)(q - p - 1), 1);
			f.active = 1;
			p = *q ? q + 1 : q;
		} else if (c == '"') {
			dq = !dq;
			f.active = 1;
			p++;
		} else if (c == '\\' && p[1]) {
			if (dq && !strchr("$\"\\\n`", p[1]))
				field_add(&f, p, 1, 1); /* a backslash stays in "\x" */
			if (p[1] != '\n')
				field_add(&f, p + 1, 1, 1);
			p += 2;
		} else if (c == '$' && p[1]) {
			size_t used = expand_param(p + 1, &f, dq || !split);
			if (used == 0)
				field_add(&f, "$", 1, 1);
			p += 1 + used;
		} else {
			field_add(&f, p, 1, dq || !split);
			p++;
		}
	}
	if (!split)
		f.active = 1;
	field_end(&f);
	*out = f.out;
}

/* Expands a word to exactly one string (no splitting or globbing). */
static char *expand_one(const char *w)
{
	struct vec v = { 0 };
	expand_word(w, &v, 0);
	return v.n ? v.v[0] : sdup("");
}

#endif
