/*
 * bare.h: the whole runtime of the bare test programs (no libc, no kernel beyond write and
 * exit). For C: _start (sets gp, calls main, exits with its result), the system calls,
 * line-buffered printing of strings, decimals and hex, and self-checks. For assembly (.S):
 * system call numbers and BARE_ASM_RUNTIME, which emits a hex-printing routine.
 *
 * Convention: a program prints its results, then `return bare_done();`, which prints the
 * self-check summary and returns the number of failed checks, so exit code 0 means every
 * check passed. Output must not depend on where the stack is or on timing: the differential
 * test compares it byte for byte with qemu-riscv64.
 */
#ifndef BARE_H
#define BARE_H

#define SYS_WRITE 64
#define SYS_EXIT 93

#ifdef __ASSEMBLER__

/* bare_put_hex_line: prints a0 as "0x%016lx\n". Clobbers a0-a2, a7, t0-t2. */
/* bare_exit: exits with status a0. */
.macro BARE_ASM_RUNTIME
  .pushsection .text.bare_runtime, "ax", @progbits
  .globl bare_put_hex_line
bare_put_hex_line:
  addi sp, sp, -32
  la t0, bare_hex_digits
  li t1, 60 /* shift of the current nibble */
  li t2, '0'
  sb t2, 0(sp)
  li t2, 'x'
  sb t2, 1(sp)
  addi a1, sp, 2
1:
  srl t2, a0, t1
  andi t2, t2, 15
  add t2, t2, t0
  lbu t2, 0(t2)
  sb t2, 0(a1)
  addi a1, a1, 1
  addi t1, t1, -4
  bgez t1, 1b
  li t2, '\n'
  sb t2, 0(a1)
  li a0, 1
  mv a1, sp
  li a2, 19
  li a7, SYS_WRITE
  ecall
  addi sp, sp, 32
  ret
  .globl bare_exit
bare_exit:
  li a7, SYS_EXIT
  ecall
  j bare_exit
  .popsection
  .pushsection .rodata.bare_runtime, "a", @progbits
bare_hex_digits:
  .ascii "0123456789abcdef"
  .popsection
.endm

#else /* C */

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long u64;
typedef signed char i8;
typedef short i16;
typedef int i32;
typedef long i64;

/* Hides a value from the optimiser, so the instruction under test really runs on it. */
#define OPAQUE(x) __asm__ volatile("" : "+r"(x))

int main(void);

static inline long bare_syscall(long n, long a, long b, long c) {
  register long a0 __asm__("a0") = a;
  register long a1 __asm__("a1") = b;
  register long a2 __asm__("a2") = c;
  register long a7 __asm__("a7") = n;
  __asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a7) : "memory");
  return a0;
}

static inline long sys_write(int fd, const void *buf, unsigned long len) {
  return bare_syscall(SYS_WRITE, fd, (long)buf, (long)len);
}

static inline __attribute__((noreturn)) void sys_exit(int code) {
  for (;;) bare_syscall(SYS_EXIT, code, 0, 0);
}

/* ---- line-buffered standard output ---- */

static char bare_out[256];
static unsigned bare_out_len;

static inline void flush(void) {
  if (bare_out_len) sys_write(1, bare_out, bare_out_len);
  bare_out_len = 0;
}

static inline void put_char(char c) {
  bare_out[bare_out_len++] = c;
  if (c == '\n' || bare_out_len == sizeof bare_out) flush();
}

static inline void put_str(const char *s) {
  while (*s) put_char(*s++);
}

static inline void put_udec(u64 v) {
  char b[20];
  int i = 0;
  do b[i++] = (char)('0' + v % 10); while ((v /= 10) != 0);
  while (i) put_char(b[--i]);
}

static inline void put_dec(i64 v) {
  if (v < 0) {
    put_char('-');
    put_udec(-(u64)v);
  } else {
    put_udec((u64)v);
  }
}

/* Prints the low `digits` hex digits of v, after "0x". */
static inline void put_hex_n(u64 v, int digits) {
  put_str("0x");
  for (int s = (digits - 1) * 4; s >= 0; s -= 4) put_char("0123456789abcdef"[(v >> s) & 15]);
}

static inline void put_hex(u64 v) { put_hex_n(v, 16); }
static inline void put_hex32(u32 v) { put_hex_n(v, 8); }

/* "label 0x%016lx\n" */
static inline void show(const char *label, u64 v) {
  put_str(label);
  put_char(' ');
  put_hex(v);
  put_char('\n');
}

/* ---- self-checks ---- */

static unsigned bare_checks, bare_failed;

/* Prints "label 0x...", then " ok" or " FAIL want 0x..."; counts the check. */
static inline void check(const char *label, u64 got, u64 want) {
  bare_checks++;
  put_str(label);
  put_char(' ');
  put_hex(got);
  if (got == want) {
    put_str(" ok\n");
  } else {
    bare_failed++;
    put_str(" FAIL want ");
    put_hex(want);
    put_char('\n');
  }
}

/* Prints the summary; returns the failure count (at most 255) for main to return. */
static inline int bare_done(void) {
  put_str("checks: ");
  put_udec(bare_checks - bare_failed);
  put_str(" passed, ");
  put_udec(bare_failed);
  put_str(" failed\n");
  return bare_failed > 255 ? 255 : (int)bare_failed;
}

/* ---- entry ---- */

/* Called by _start: runs main, flushes what it printed, exits with its result. */
__attribute__((used, noreturn)) void bare_start_c(void) {
  int code = main();
  flush();
  sys_exit(code);
}

/* gp must be set before any gp-relative access the linker relaxed; sp comes from the loader. */
__asm__(
    ".pushsection .text._start, \"ax\", @progbits\n"
    ".globl _start\n"
    "_start:\n"
    ".option push\n"
    ".option norelax\n"
    "  lla gp, __global_pointer$\n"
    ".option pop\n"
    "  andi sp, sp, -16\n"
    "  call bare_start_c\n"
    ".popsection\n");

#endif /* __ASSEMBLER__ */
#endif /* BARE_H */
