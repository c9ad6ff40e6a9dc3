/*
 * sh-parse.h: the shell's memory arena, tokenizer and parser (included by sh.c only).
 *
 * A command line becomes tokens (words keep their quotes: expansion happens later, when each
 * command runs, so `x=1; echo $x` sees the new value), then a list of and-or lists:
 *
 *   list     := and_or ((';' | '&' | newline) and_or)* [';' | '&']
 *   and_or   := pipeline (('&&' | '||') newline* pipeline)*
 *   pipeline := ['time' ['-p']] ['!'] command ('|' newline* command)*   (time alone: no command)
 *   command  := (word | redirection)+
 *   redirection := [digits] ('<' | '>' | '>>' | '>&' | '<&') word
 *
 * tokenize() and parse() return PARSE_INCOMPLETE when the text ends inside quotes, after a
 * backslash, inside $( ), or after an operator that needs more (|, &&, ||): the reader then
 * asks for another line (PS2) and tries again with both. Everything allocated while handling
 * one command line comes from an arena released when the line is done.
 */
#ifndef SH_PARSE_H
#define SH_PARSE_H

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { PARSE_OK = 0, PARSE_INCOMPLETE = 1, PARSE_ERROR = -1 };

/* --- the arena ------------------------------------------------------------------------------ */

struct chunk {
	struct chunk *next;
	long align; /* keeps what follows 16-byte aligned */
};
static struct chunk *arena;

static void *alloc(size_t n)
{
	struct chunk *c = malloc(sizeof *c + n);
	if (!c) {
		fprintf(stderr, "sh: out of memory\n");
		exit(2);
	}
	c->next = arena;
	arena = c;
	return c + 1;
}

/* Frees everything allocated since `mark` (a previous value of `arena`). */
static void arena_release(struct chunk *mark)
{
	while (arena && arena != mark) {
		struct chunk *next = arena->next;
		free(arena);
		arena = next;
	}
}

static char *sndup(const char *s, size_t n)
{
	char *d = alloc(n + 1);
	memcpy(d, s, n);
	d[n] = 0;
	return d;
}

static char *sdup(const char *s) { return sndup(s, strlen(s)); }

/* A growing string in the arena. */
struct str {
	char *s;
	size_t len, cap;
};

static void str_addn(struct str *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = (b->len + n + 1) * 2 + 16;
		char *d = alloc(cap);
		if (b->len)
			memcpy(d, b->s, b->len);
		b->s = d;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = 0;
}

static void str_add(struct str *b, const char *s) { str_addn(b, s, strlen(s)); }
static void str_addc(struct str *b, char c) { str_addn(b, &c, 1); }
static const char *str_get(const struct str *b) { return b->len ? b->s : ""; }

/* A growing array of pointers in the arena. */
struct vec {
	void **v;
	int n, cap;
};

static void vec_push(struct vec *a, void *item)
{
	if (a->n + 1 >= a->cap) {
		int cap = a->cap * 2 + 8;
		void **v = alloc(sizeof(void *) * (size_t)cap);
		if (a->n)
			memcpy(v, a->v, sizeof(void *) * (size_t)a->n);
		a->v = v;
		a->cap = cap;
	}
	a->v[a->n++] = item;
	a->v[a->n] = NULL;
}

/* --- tokens ------------------------------------------------------------------------------- */

enum tok { T_WORD, T_IONUM, T_PIPE, T_OR, T_AMP, T_AND, T_SEMI, T_NL, T_LT, T_GT, T_APPEND, T_DUPOUT, T_DUPIN, T_END };

struct token {
	enum tok type;
	char *text;
};

/* The end of a $( ... ) starting at p ("$("), or NULL when it is not closed. */
static const char *skip_subst(const char *p)
{
	int depth = 1;
	for (p += 2; *p; p++) {
		if (*p == '\\' && p[1]) {
			p++;
		} else if (*p == '\'') {
			const char *q = strchr(p + 1, '\'');
			if (!q)
				return NULL;
			p = q;
		} else if (*p == '"') {
			for (p++; *p && *p != '"'; p++)
				if (*p == '\\' && p[1])
					p++;
			if (!*p)
				return NULL;
		} else if (*p == '(') {
			depth++;
		} else if (*p == ')' && --depth == 0) {
			return p + 1;
		}
	}
	return NULL;
}

/* The end of the word starting at p, or NULL when a quote or $( ) is not closed. */
static const char *skip_word(const char *p)
{
	while (*p && !strchr(" \t\n|&;<>", *p)) {
		if (*p == '\\') {
			if (!p[1])
				return NULL; /* a trailing backslash continues the line */
			p += 2;
		} else if (*p == '\'') {
			const char *q = strchr(p + 1, '\'');
			if (!q)
				return NULL;
			p = q + 1;
		} else if (*p == '"') {
			for (p++; *p != '"'; p++) {
				if (!*p)
					return NULL;
				if (*p == '\\' && p[1]) {
					p++;
				} else if (p[0] == '$' && p[1] == '(') {
					const char *end = skip_subst(p);
					if (!end)
						return NULL;
					p = end - 1; /* the loop steps past the ')' */
				}
			}
			p++;
		} else if (p[0] == '$' && p[1] == '(') {
			if (!(p = skip_subst(p)))
				return NULL;
		} else {
			p++;
		}
	}
	return p;
}

/* Splits s into tokens (ending with T_END); PARSE_INCOMPLETE if s ends inside a word. */
static int tokenize(const char *s, struct token **out, int *count)
{
	struct vec v = { 0 };
	const char *p = s;
	for (;;) {
		while (*p == ' ' || *p == '\t' || (p[0] == '\\' && p[1] == '\n'))
			p += *p == '\\' ? 2 : 1;
		if (*p == '#')
			while (*p && *p != '\n')
				p++;
		struct token *t = alloc(sizeof *t);
		t->text = NULL;
		if (!*p) {
			t->type = T_END;
			t->text = "";
			vec_push(&v, t);
			break;
		}
		static const struct {
			const char *text;
			enum tok type;
		} ops[] = { { "&&", T_AND }, { "||", T_OR }, { ">>", T_APPEND }, { ">&", T_DUPOUT }, { "<&", T_DUPIN },
			    { "|", T_PIPE }, { "&", T_AMP },     { ";", T_SEMI },     { "\n", T_NL },     { "<", T_LT },
			    { ">", T_GT } };
		int matched = 0;
		for (size_t i = 0; i < sizeof ops / sizeof ops[0] && !matched; i++) {
			size_t n = strlen(ops[i].text);
			if (strncmp(p, ops[i].text, n) == 0) {
				t->type = ops[i].type;
				t->text = (char *)(ops[i].type == T_NL ? ";" : ops[i].text);
				p += n;
				matched = 1;
			}
		}
		if (!matched) {
			const char *end = skip_word(p);
			if (!end)
				return PARSE_INCOMPLETE;
			t->text = sndup(p, (size_t)(end - p));
			/* digits right before a redirection operator name the descriptor: 2>file */
			t->type = (*end == '<' || *end == '>') && strspn(t->text, "0123456789") == strlen(t->text) ? T_IONUM
														   : T_WORD;
			p = end;
		}
		vec_push(&v, t);
	}
	*out = alloc(sizeof(struct token) * (size_t)v.n);
	for (int i = 0; i < v.n; i++)
		(*out)[i] = *(struct token *)v.v[i];
	*count = v.n;
	return PARSE_OK;
}

/* --- the syntax tree ---------------------------------------------------------------------- */

struct redir {
	int fd;     /* the descriptor redirected */
	enum tok op; /* T_LT T_GT T_APPEND T_DUPOUT T_DUPIN */
	char *word; /* unexpanded target */
};

struct command {
	char **words; /* unexpanded, NULL-terminated */
	int nwords;
	struct redir *redirs;
	int nredirs;
};

struct pipeline {
	struct command *cmds;
	int n;
	int negate; /* ! pipeline */
	int timed;  /* time pipeline: TIME_BASH, or TIME_POSIX for time -p; 0 when not timed */
};

enum { TIME_BASH = 1, TIME_POSIX = 2 };

struct and_or {
	struct pipeline *pipes;
	enum tok *ops; /* ops[i] (T_AND or T_OR) joins pipes[i] and pipes[i + 1] */
	int n;
	int background; /* ended with & */
	char *text;     /* the source text, for job messages */
};

struct list {
	struct and_or *items;
	int n;
};

struct parser {
	struct token *t;
	int i;
	const char *error; /* the token where a syntax error was found */
};

static int is_redir(enum tok t) { return t == T_LT || t == T_GT || t == T_APPEND || t == T_DUPOUT || t == T_DUPIN; }

static int parse_command(struct parser *ps, struct command *c)
{
	struct vec words = { 0 }, redirs = { 0 };
	for (;;) {
		struct token *t = &ps->t[ps->i];
		if (t->type == T_WORD) {
			vec_push(&words, t->text);
			ps->i++;
		} else if (t->type == T_IONUM || is_redir(t->type)) {
			struct redir *r = alloc(sizeof *r);
			r->fd = -1;
			if (t->type == T_IONUM) {
				r->fd = atoi(t->text);
				t = &ps->t[++ps->i];
			}
			r->op = t->type;
			if (r->fd < 0)
				r->fd = r->op == T_LT || r->op == T_DUPIN ? 0 : 1;
			t = &ps->t[++ps->i];
			if (t->type != T_WORD) {
				ps->error = t->type == T_END ? "newline" : t->text;
				return PARSE_ERROR;
			}
			r->word = t->text;
			ps->i++;
			vec_push(&redirs, r);
		} else {
			break;
		}
	}
	if (words.n == 0 && redirs.n == 0) {
		ps->error = ps->t[ps->i].type == T_END ? "newline" : ps->t[ps->i].text;
		return PARSE_ERROR;
	}
	c->nwords = words.n;
	c->words = alloc(sizeof(char *) * (size_t)(words.n + 1));
	for (int i = 0; i < words.n; i++)
		c->words[i] = words.v[i];
	c->words[words.n] = NULL;
	c->nredirs = redirs.n;
	c->redirs = alloc(sizeof(struct redir) * (size_t)(redirs.n + 1));
	for (int i = 0; i < redirs.n; i++)
		c->redirs[i] = *(struct redir *)redirs.v[i];
	return PARSE_OK;
}

/* After an operator that needs a right-hand side: skips newlines; incomplete at the end. */
static int need_more(struct parser *ps)
{
	while (ps->t[ps->i].type == T_NL)
		ps->i++;
	return ps->t[ps->i].type == T_END ? PARSE_INCOMPLETE : PARSE_OK;
}

/* Whether token i is the unquoted word `word` (a reserved word: "time" quoted is a command name). */
static int is_word(struct parser *ps, const char *word)
{
	return ps->t[ps->i].type == T_WORD && strcmp(ps->t[ps->i].text, word) == 0;
}

/* Whether token i ends a pipeline: what may follow `time` when it times nothing. */
static int ends_pipeline(struct parser *ps)
{
	enum tok t = ps->t[ps->i].type;
	return t == T_END || t == T_NL || t == T_SEMI || t == T_AMP || t == T_AND || t == T_OR;
}

static int parse_pipeline(struct parser *ps, struct pipeline *p)
{
	struct vec cmds = { 0 };
	p->negate = 0;
	p->timed = 0;
	if (is_word(ps, "time")) {
		p->timed = TIME_BASH;
		ps->i++;
		if (is_word(ps, "-p")) {
			p->timed = TIME_POSIX;
			ps->i++;
		}
		if (ends_pipeline(ps)) {
			p->n = 0; /* `time` alone: the times of nothing, as bash prints them */
			p->cmds = NULL;
			return PARSE_OK;
		}
	}
	if (is_word(ps, "!")) {
		p->negate = 1;
		ps->i++;
	}
	for (;;) {
		struct command *c = alloc(sizeof *c);
		int r = parse_command(ps, c);
		if (r != PARSE_OK)
			return r;
		vec_push(&cmds, c);
		if (ps->t[ps->i].type != T_PIPE)
			break;
		ps->i++;
		if ((r = need_more(ps)) != PARSE_OK)
			return r;
	}
	p->n = cmds.n;
	p->cmds = alloc(sizeof(struct command) * (size_t)cmds.n);
	for (int i = 0; i < cmds.n; i++)
		p->cmds[i] = *(struct command *)cmds.v[i];
	return PARSE_OK;
}

static int parse_and_or(struct parser *ps, struct and_or *a)
{
	struct vec pipes = { 0 }, ops = { 0 };
	int start = ps->i;
	for (;;) {
		struct pipeline *p = alloc(sizeof *p);
		int r = parse_pipeline(ps, p);
		if (r != PARSE_OK)
			return r;
		vec_push(&pipes, p);
		enum tok t = ps->t[ps->i].type;
		if (t != T_AND && t != T_OR)
			break;
		vec_push(&ops, (void *)(size_t)t);
		ps->i++;
		if ((r = need_more(ps)) != PARSE_OK)
			return r;
	}
	a->n = pipes.n;
	a->pipes = alloc(sizeof(struct pipeline) * (size_t)pipes.n);
	a->ops = alloc(sizeof(enum tok) * (size_t)(ops.n + 1));
	for (int i = 0; i < pipes.n; i++)
		a->pipes[i] = *(struct pipeline *)pipes.v[i];
	for (int i = 0; i < ops.n; i++)
		a->ops[i] = (enum tok)(size_t)ops.v[i];
	struct str text = { 0 };
	for (int i = start; i < ps->i; i++) {
		if (ps->t[i].type == T_NL)
			continue;
		if (text.len && ps->t[i - 1].type != T_IONUM)
			str_addc(&text, ' ');
		str_add(&text, ps->t[i].text);
	}
	a->text = (char *)str_get(&text);
	return PARSE_OK;
}

/* Parses a whole command line (possibly several lines) into *out. */
static int parse(const char *s, struct list *out, const char **error)
{
	struct parser ps = { 0 };
	int n, r = tokenize(s, &ps.t, &n);
	if (r != PARSE_OK)
		return r;
	struct vec items = { 0 };
	while (ps.t[ps.i].type != T_END) {
		if (ps.t[ps.i].type == T_NL) {
			ps.i++;
			continue;
		}
		struct and_or *a = alloc(sizeof *a);
		r = parse_and_or(&ps, a);
		if (r != PARSE_OK) {
			*error = ps.error;
			return r;
		}
		a->background = 0;
		enum tok t = ps.t[ps.i].type;
		if (t == T_AMP || t == T_SEMI || t == T_NL) {
			a->background = t == T_AMP;
			ps.i++;
		} else if (t != T_END) {
			*error = ps.t[ps.i].text;
			return PARSE_ERROR;
		}
		vec_push(&items, a);
	}
	out->n = items.n;
	out->items = alloc(sizeof(struct and_or) * (size_t)(items.n + 1));
	for (int i = 0; i < items.n; i++)
		out->items[i] = *(struct and_or *)items.v[i];
	return PARSE_OK;
}

#endif
