/*
 * rv64i-branch: conditional branches. beq bne blt bge bltu bgeu on every pair of a table of
 * signed/unsigned edge operands (taken or not, printed as a row of 0/1 per operand), the
 * pseudo-branches with x0 (beqz bnez bltz bgez blez bgtz), a backward-branch counting loop,
 * and a conditional branch to a target more than 4 KiB away (the assembler turns it into an
 * inverted branch over a jal).
 */
#include "bare.h"

#define TAKEN(op, a, b)                                                                          \
  ({                                                                                             \
    u64 r_;                                                                                      \
    __asm__ volatile("li %0, 1\n\t" op " %1, %2, 1f\n\tli %0, 0\n1:" : "=&r"(r_) : "r"(a), "r"(b)); \
    r_;                                                                                          \
  })
#define TAKEN1(op, a)                                                                \
  ({                                                                                 \
    u64 r_;                                                                          \
    __asm__ volatile("li %0, 1\n\t" op " %1, 1f\n\tli %0, 0\n1:" : "=&r"(r_) : "r"(a)); \
    r_;                                                                              \
  })

static const u64 vals[] = {0, 1, -1ul, 2, 0x7fffffffffffffff, 0x8000000000000000, 0xffffffff, 0x80000000};
#define N (sizeof vals / sizeof vals[0])

#define ROWS(op)                                                           \
  for (unsigned i = 0; i < N; i++) {                                       \
    put_str(op " ");                                                       \
    put_udec(i);                                                           \
    put_char(' ');                                                         \
    for (unsigned j = 0; j < N; j++) put_char('0' + TAKEN(op, vals[i], vals[j])); \
    put_char('\n');                                                        \
  }
#define ROW1(op)                                                 \
  put_str(op " ");                                               \
  for (unsigned i = 0; i < N; i++) put_char('0' + TAKEN1(op, vals[i])); \
  put_char('\n');

int main(void) {
  ROWS("beq") ROWS("bne") ROWS("blt") ROWS("bge") ROWS("bltu") ROWS("bgeu")
  ROW1("beqz") ROW1("bnez") ROW1("bltz") ROW1("bgez") ROW1("blez") ROW1("bgtz")

  u64 m1 = -1ul, one = 1, min = 0x8000000000000000, max = 0x7fffffffffffffff;
  OPAQUE(m1);
  OPAQUE(one);
  OPAQUE(min);
  OPAQUE(max);
  check("blt -1 < 1", TAKEN("blt", m1, one), 1);
  check("bltu -1 < 1", TAKEN("bltu", m1, one), 0);
  check("bge min >= max", TAKEN("bge", min, max), 0);
  check("bgeu min >= max", TAKEN("bgeu", min, max), 1);
  check("bge equal", TAKEN("bge", m1, m1), 1);
  check("beq equal", TAKEN("beq", min, min), 1);
  check("bne equal", TAKEN("bne", min, min), 0);

  /* backward branch: count down from 1000 */
  u64 n = 1000, iterations = 0;
  __asm__ volatile("1: addi %1, %1, 1\n\taddi %0, %0, -1\n\tbnez %0, 1b" : "+r"(n), "+r"(iterations));
  check("backward loop", iterations, 1000);

  /* a branch whose target is out of reach of the 13-bit offset */
  u64 far_taken;
  __asm__ volatile("li %0, 1\n\tbeq %1, %1, 1f\n\tli %0, 0\n\t.skip 6000\n1:" : "=&r"(far_taken) : "r"(one));
  check("far branch", far_taken, 1);
  return bare_done();
}
