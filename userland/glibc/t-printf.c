/*
 * t-printf: glibc's printf family on the emulated hart.
 *
 * Formats integers of every width and base, strings, characters and floating-point values
 * (%f %e %g %a and their upper-case forms, double and long double, infinities, NaNs, negative
 * zero, subnormals, rounding of halfway cases) with flags, widths and precisions, and checks
 * each result against the exact text glibc produces (the same on every correct RV64GC machine:
 * float formatting runs on the hart's integer and FPU instructions, not on the kernel). Also
 * checks snprintf truncation and return values, %n, positional arguments and a few
 * strtod/strtol/sscanf round trips. Prints "format -> [result]" per case; exits 0 when all pass.
 */
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "t-check.h"

/* Formats with vsnprintf, prints the case, checks text and returned length. */
__attribute__((format(printf, 3, 4)))
static void fmt(int line, const char *expect, const char *format, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, format);
	int n = vsnprintf(buf, sizeof buf, format, ap);
	va_end(ap);
	printf("%-10s -> [%s]\n", format, buf);
	t_check(strcmp(buf, expect) == 0 && n == (int)strlen(expect), expect, __FILE__, line);
}

#define F(expect, ...) fmt(__LINE__, expect, __VA_ARGS__)

static void integers(void)
{
	F("0", "%d", 0);
	F("-2147483648", "%d", INT_MIN);
	F("2147483647", "%i", INT_MAX);
	F("4294967295", "%u", UINT_MAX);
	F("-9223372036854775808", "%ld", LONG_MIN);
	F("18446744073709551615", "%llu", ULLONG_MAX);
	F("-128 255", "%hhd %hhu", (signed char)-128, (unsigned char)255);
	F("-32768 65535", "%hd %hu", (short)-32768, (unsigned short)65535);
	F("deadbeef DEADBEEF", "%x %X", 0xdeadbeefu, 0xdeadbeefu);
	F("0x1f 0X1F 037 0", "%#x %#X %#o %#x", 31, 31, 31, 0);
	F("777", "%o", 0777);
	F("|   42|42   |00042|", "|%5d|%-5d|%05d|", 42, 42, 42);
	F("|+42| 42|-42|", "|%+d|% d|%+d|", 42, 42, -42);
	F("|  00042|", "|%7.5d|", 42);
	F("||", "|%.0d|", 0);
	F("|    7|", "|%*d|", 5, 7);
	F("|7    |", "|%*d|", -5, 7);
	F("|007|", "|%.*d|", 3, 7);
	F("123456789012", "%zu", (size_t)123456789012ULL);
	F("-1 ffffffffffffffff", "%jd %jx", (intmax_t)-1, (uintmax_t)-1);
	F("-5", "%td", (ptrdiff_t)-5);
	F("0x1234", "%p", (void *)0x1234);
	F("(nil)", "%p", (void *)0);
	F("b a", "%2$c %1$c", 'a', 'b');
}

static void strings(void)
{
	F("hello", "%s", "hello");
	F("|  abc|abc  |", "|%5s|%-5s|", "abc", "abc");
	F("|hel|", "|%.3s|", "hello");
	F("|  hel|", "|%5.3s|", "hello");
	F("|he|", "|%.*s|", 2, "hello");
	F("x%y", "x%%y");
	F("|  z|", "|%3c|", 'z');
}

static void doubles(void)
{
	F("3.141593", "%f", M_PI);
	F("3.14159265358979311600", "%.20f", M_PI);
	F("3", "%.0f", M_PI);
	F("0 2 2 4", "%.0f %.0f %.0f %.0f", 0.5, 1.5, 2.5, 3.5);
	F("1.000000e+00", "%e", 1.0);
	F("1.234568E-05", "%E", 0.0000123456789);
	F("1e+100", "%g", 1e100);
	F("0.0001 1e-05", "%g %g", 0.0001, 0.00001);
	F("123457 1.23457e+06", "%g %g", 123456.7, 1234567.0);
	F("100000 1e+06", "%g %g", 100000.0, 1000000.0);
	F("0.1 0.10000000000000001", "%g %.17g", 0.1, 0.1);
	F("1.5 1.50000", "%g %#g", 1.5, 1.5);
	F("0x1p+0 0x1.8p+1 -0x1.91eb851eb851fp+1", "%a %a %a", 1.0, 3.0, -3.14);
	F("0X1.999999999999AP-4", "%A", 0.1);
	F("0x0.0000000000001p-1022 0x1p-1022", "%a %a", 4.9406564584124654e-324, DBL_MIN);
	F("1.797693e+308", "%e", DBL_MAX);
	F("2.225074e-308 4.940656e-324", "%e %e", DBL_MIN, 4.9406564584124654e-324);
	F("inf -inf INF", "%f %f %F", INFINITY, -INFINITY, INFINITY);
	F("nan -nan NAN", "%f %f %F", NAN, -NAN, NAN);
	F("-0.000000 -0 -0x0p+0", "%f %g %a", -0.0, -0.0, -0.0);
	F("|   +1.50|+1.50   |0001.50|", "|%+8.2f|%-+8.2f|%07.2f|", 1.5, 1.5, 1.5);
	F("1e+300 1e-300", "%g %g", 1e300, 1e-300);
	F("12345678901234567168.000000", "%f", 12345678901234567890.0);
	F("0.333333 0.3333333333", "%f %.10f", 1.0 / 3, 1.0 / 3);
	F("2.50 -2.50", "%.2f %.2f", 2.5f, -2.5f);
	F("16777216.000000", "%f", (double)16777216.0f);
}

static void long_doubles(void)
{
	/* long double is IEEE binary128 on riscv64 (software arithmetic in libgcc/glibc) */
	F("1.500000", "%Lf", 1.5L);
	F("0x1p+0 0x1.8p+1", "%La %La", 1.0L, 3.0L);
	F("3.14159265358979323846264338327950", "%.32Lf", 3.14159265358979323846264338327950288L);
	F("1.18973149535723176509e+4932", "%.20Le", LDBL_MAX);
	F("0.1", "%Lg", 0.1L);
}

static void snprintf_edges(void)
{
	char small[8];
	const char *volatile text = "truncated text"; /* volatile: gcc must not see the truncation */
	int n = snprintf(small, sizeof small, "%s", text);
	printf("snprintf(8, \"truncated text\") -> %d [%s]\n", n, small);
	T_CHECK(n == 14 && strcmp(small, "truncat") == 0);
	n = snprintf(NULL, 0, "%d-%d", 123, 4567);
	printf("snprintf(NULL, 0, \"%%d-%%d\") -> %d\n", n);
	T_CHECK(n == 8);
	int count = 0;
	char buf[32];
	snprintf(buf, sizeof buf, "abc%n def", &count);
	printf("%%n after \"abc\" -> %d\n", count);
	T_CHECK(count == 3);
}

static void parsing(void)
{
	char *end;
	double d = strtod("  -1.25e-3xyz", &end);
	printf("strtod(\"  -1.25e-3xyz\") -> %.17g, rest [%s]\n", d, end);
	T_CHECK(d == -0.00125 && strcmp(end, "xyz") == 0);
	d = strtod("0x1.8p3", NULL);
	printf("strtod(\"0x1.8p3\") -> %g\n", d);
	T_CHECK(d == 12.0);
	d = strtod("2.2250738585072011e-308", NULL); /* a famous hard case */
	printf("strtod(\"2.2250738585072011e-308\") -> %a\n", d);
	T_CHECK(d == 0x0.fffffffffffffp-1022);
	long l = strtol("-0x7fffffff", NULL, 16);
	printf("strtol(\"-0x7fffffff\", 16) -> %ld\n", l);
	T_CHECK(l == -0x7fffffffL);
	unsigned long long u = strtoull("18446744073709551615", NULL, 10);
	printf("strtoull(max) -> %llu\n", u);
	T_CHECK(u == ULLONG_MAX);
	int a = 0;
	double b = 0;
	char word[16] = "";
	int got = sscanf("17 2.5 word", "%d %lf %15s", &a, &b, word);
	printf("sscanf(\"17 2.5 word\") -> %d: %d %g %s\n", got, a, b, word);
	T_CHECK(got == 3 && a == 17 && b == 2.5 && strcmp(word, "word") == 0);
	/* every double printed with %.17g reads back exactly */
	uint64_t state = 0x9e3779b97f4a7c15ULL;
	int exact = 1;
	for (int i = 0; i < 2000; i++) {
		state ^= state << 13, state ^= state >> 7, state ^= state << 17;
		double x;
		uint64_t bits = state & 0x7fefffffffffffffULL; /* finite */
		memcpy(&x, &bits, sizeof x);
		char text[40];
		snprintf(text, sizeof text, "%.17g", x);
		if (strtod(text, NULL) != x)
			exact = 0;
	}
	printf("2000 random doubles round-trip through %%.17g: %s\n", exact ? "yes" : "no");
	T_CHECK(exact);
}

int main(void)
{
	t_begin();
	integers();
	strings();
	doubles();
	long_doubles();
	snprintf_edges();
	parsing();
	return t_done("t-printf");
}
