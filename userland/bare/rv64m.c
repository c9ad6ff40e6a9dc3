/*
 * rv64m: the M extension. mul mulh mulhsu mulhu div divu rem remu and the W forms mulw divw
 * divuw remw remuw on every pair of a table of edge operands, printed in full; then
 * self-checks of what the spec defines for the corners: division by zero (quotient all ones,
 * remainder the dividend), signed overflow (most negative / -1), sign extension of W results,
 * W forms reading only the low 32 bits, and the signedness of the high multiplies.
 */
#include "bare.h"

#define RR(op, a, b)                                                  \
  ({                                                                  \
    u64 r_;                                                           \
    __asm__ volatile(op " %0, %1, %2" : "=r"(r_) : "r"(a), "r"(b)); \
    r_;                                                               \
  })

static const u64 vals[] = {
    0, 1, -1ul, 2, -2ul, 7, -7ul, 0x7fffffffffffffff, 0x8000000000000000, 0x00000000ffffffff,
    0x0000000080000000, 0x123456789abcdef0,
};
#define N (sizeof vals / sizeof vals[0])

#define DEF(fn, op) \
  static u64 fn(u64 a, u64 b) { return RR(op, a, b); }
DEF(op_mul, "mul")
DEF(op_mulh, "mulh")
DEF(op_mulhsu, "mulhsu")
DEF(op_mulhu, "mulhu")
DEF(op_div, "div")
DEF(op_divu, "divu")
DEF(op_rem, "rem")
DEF(op_remu, "remu")
DEF(op_mulw, "mulw")
DEF(op_divw, "divw")
DEF(op_divuw, "divuw")
DEF(op_remw, "remw")
DEF(op_remuw, "remuw")

static const struct {
  const char *name;
  u64 (*fn)(u64, u64);
} ops[] = {
    {"mul", op_mul},   {"mulh", op_mulh},   {"mulhsu", op_mulhsu}, {"mulhu", op_mulhu}, {"div", op_div},
    {"divu", op_divu}, {"rem", op_rem},     {"remu", op_remu},     {"mulw", op_mulw},   {"divw", op_divw},
    {"divuw", op_divuw}, {"remw", op_remw}, {"remuw", op_remuw},
};

int main(void) {
  for (unsigned k = 0; k < sizeof ops / sizeof ops[0]; k++)
    for (unsigned i = 0; i < N; i++)
      for (unsigned j = 0; j < N; j++) {
        put_str(ops[k].name);
        put_char(' ');
        put_udec(i);
        put_char(' ');
        put_udec(j);
        put_char(' ');
        put_hex(ops[k].fn(vals[i], vals[j]));
        put_char('\n');
      }

  u64 zero = 0, m1 = -1ul, seven = 7, min = 0x8000000000000000, min32 = 0x80000000;
  OPAQUE(zero);
  OPAQUE(m1);
  OPAQUE(seven);
  OPAQUE(min);
  OPAQUE(min32);
  check("div by zero", RR("div", seven, zero), -1ul);
  check("divu by zero", RR("divu", seven, zero), -1ul);
  check("rem by zero", RR("rem", seven, zero), 7);
  check("remu by zero", RR("remu", seven, zero), 7);
  check("divw by zero", RR("divw", seven, zero), -1ul);
  check("divuw by zero", RR("divuw", seven, zero), -1ul);
  check("remw by zero", RR("remw", 0x1234567880000001ul, zero), 0xffffffff80000001);
  check("remuw by zero", RR("remuw", 0x1234567880000001ul, zero), 0xffffffff80000001);
  check("div overflow", RR("div", min, m1), min);
  check("rem overflow", RR("rem", min, m1), 0);
  check("divw overflow", RR("divw", min32, m1), 0xffffffff80000000);
  check("remw overflow", RR("remw", min32, m1), 0);
  check("div rounds toward zero", RR("div", -7ul, 2ul), -3ul);
  check("rem takes the dividend's sign", RR("rem", -7ul, 2ul), -1ul);
  check("divw reads the low 32 bits", RR("divw", 0x100000010ul, 4ul), 4);
  check("divuw sign-extends", RR("divuw", 0xfffffffful, 1ul), -1ul);
  check("remuw", RR("remuw", 0xfffffffful, 0x10ul), 15);
  check("mulw sign-extends", RR("mulw", 0x7ffffffful, 2ul), 0xfffffffffffffffe);
  check("mulh -1 * -1", RR("mulh", m1, m1), 0);
  check("mulhu -1 * -1", RR("mulhu", m1, m1), 0xfffffffffffffffe);
  check("mulhsu -1 * (2^64-1)", RR("mulhsu", m1, m1), -1ul);
  check("mulhsu 2^63 * 2", RR("mulhsu", min, 2ul), -1ul);
  check("mulh min * min", RR("mulh", min, min), 0x4000000000000000);
  check("mul low bits", RR("mul", 0x123456789ul, 0x987654321ul), 0xd77d742cce1833a9);
  return bare_done();
}
