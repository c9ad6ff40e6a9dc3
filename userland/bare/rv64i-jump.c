/*
 * rv64i-jump: unconditional jumps. jal and jalr link values (the address after the jump),
 * jalr with an offset, with an odd target (bit 0 is cleared), with rd == rs1 (the target uses
 * the old value), with rd = x0 (j, jr, ret); calls through function pointers in a table, a
 * switch compiled to a jump table, recursion, and mutual tail calls.
 */
#include "bare.h"

static u64 add1(u64 x) { return x + 1; }
static u64 twice(u64 x) { return x * 2; }
static u64 square(u64 x) { return x * x; }
static u64 negate(u64 x) { return -x; }
static u64 (*const table[])(u64) = {add1, twice, square, negate};

__attribute__((noinline)) static u64 fib(u64 n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

__attribute__((noinline)) static u64 ack(u64 m, u64 n) {
  if (m == 0) return n + 1;
  if (n == 0) return ack(m - 1, 1);
  return ack(m - 1, ack(m, n - 1));
}

__attribute__((noinline)) static u64 dispatch(u64 k, u64 x) {
  switch (k) { /* dense cases: gcc emits a jump table and an indirect jr */
    case 0: return x + 3;
    case 1: return x ^ 0x55;
    case 2: return x << 4;
    case 3: return x - 9;
    case 4: return x * 7;
    case 5: return x | 0x100;
    case 6: return x >> 1;
    case 7: return ~x;
    default: return 0;
  }
}

static u64 is_even(u64 n);
__attribute__((noinline)) static u64 is_odd(u64 n) { return n == 0 ? 0 : is_even(n - 1); }
__attribute__((noinline)) static u64 is_even(u64 n) { return n == 0 ? 1 : is_odd(n - 1); }

int main(void) {
  u64 link, after;
  __asm__ volatile("jal %0, 1f\n2:\n\tli %0, 0\n1:\n\tlla %1, 2b" : "=&r"(link), "=&r"(after));
  check("jal links the next address", link - after, 0);

  u64 base, target;
  __asm__ volatile("lla %1, 1f - 8\n\tjalr %0, 8(%1)\n2:\n\tli %0, 0\n1:\n\tlla %1, 2b"
                   : "=&r"(link), "=&r"(base));
  check("jalr offset, link", link - base, 0);

  __asm__ volatile("lla %0, 1f + 1\n\tjalr %1, 0(%0)\n\tli %0, 0\n1:\n\tlla %0, 1b" : "=&r"(target), "=&r"(link));
  check("jalr clears bit 0", target != 0, 1);

  __asm__ volatile("lla %0, 1f\n\tjalr %0, 0(%0)\n2:\n\tli %0, 0\n1:\n\tlla %1, 2b" : "=&r"(link), "=&r"(after));
  check("jalr rd == rs1", link - after, 0);

  u64 skipped = 1;
  __asm__ volatile("j 1f\n\tli %0, 0\n1:" : "+r"(skipped));
  check("j", skipped, 1);
  __asm__ volatile("lla t0, 1f\n\tjr t0\n\tli %0, 0\n1:" : "+r"(skipped) : : "t0");
  check("jr", skipped, 1);

  u64 x = 5;
  for (unsigned i = 0; i < 4; i++) {
    OPAQUE(i);
    x = table[i](x);
  }
  check("function pointers", x, -((5 + 1) * 2 * ((5 + 1) * 2)));

  u64 acc = 0;
  for (u64 k = 0; k < 9; k++) {
    OPAQUE(k);
    acc = acc * 31 + dispatch(k, 1000 + k);
  }
  show("jump table", acc);

  u64 n = 25;
  OPAQUE(n);
  check("fib(25)", fib(n), 75025);
  u64 m = 2;
  OPAQUE(m);
  check("ack(2, 3)", ack(m, 3), 9);
  check("mutual tail calls", is_even(n * 40), 1);
  return bare_done();
}
