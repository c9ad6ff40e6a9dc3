/*
 * rv64i-alu: RV64I integer computation. Every register-register and register-immediate
 * operation (add sub sll slt sltu xor srl sra or and, addi slti sltiu xori ori andi slli srli
 * srai) and every W form (addw subw sllw srlw sraw, addiw slliw srliw sraiw) on a table of edge
 * operands, printed in full; then self-checks of the corners: sign extension of W results,
 * shift amounts taken from the low 6 (5 for W) bits, signed versus unsigned compares, and
 * sign-extended immediates.
 */
#include "bare.h"

#define RR(op, a, b)                                                  \
  ({                                                                  \
    u64 r_;                                                           \
    __asm__ volatile(op " %0, %1, %2" : "=r"(r_) : "r"(a), "r"(b)); \
    r_;                                                               \
  })
#define RI(op, a, imm)                                                  \
  ({                                                                    \
    u64 r_;                                                             \
    __asm__ volatile(op " %0, %1, %2" : "=r"(r_) : "r"(a), "i"(imm)); \
    r_;                                                                 \
  })

static const u64 vals[] = {
    0,
    1,
    -1ul,
    0x7fffffffffffffff,
    0x8000000000000000,
    0x00000000ffffffff,
    0x0000000080000000,
    0x000000007fffffff,
    0x123456789abcdef0,
    0xfedcba9876543210,
    31,
    63,
    0x45, /* a shift amount above 63: only the low bits count */
};
#define N (sizeof vals / sizeof vals[0])

typedef u64 (*binop)(u64, u64);

#define DEF_RR(fn, op) \
  static u64 fn(u64 a, u64 b) { return RR(op, a, b); }
DEF_RR(op_add, "add")
DEF_RR(op_sub, "sub")
DEF_RR(op_sll, "sll")
DEF_RR(op_slt, "slt")
DEF_RR(op_sltu, "sltu")
DEF_RR(op_xor, "xor")
DEF_RR(op_srl, "srl")
DEF_RR(op_sra, "sra")
DEF_RR(op_or, "or")
DEF_RR(op_and, "and")
DEF_RR(op_addw, "addw")
DEF_RR(op_subw, "subw")
DEF_RR(op_sllw, "sllw")
DEF_RR(op_srlw, "srlw")
DEF_RR(op_sraw, "sraw")

static const struct {
  const char *name;
  binop fn;
} rr_ops[] = {
    {"add", op_add},   {"sub", op_sub},   {"sll", op_sll},   {"slt", op_slt},   {"sltu", op_sltu},
    {"xor", op_xor},   {"srl", op_srl},   {"sra", op_sra},   {"or", op_or},     {"and", op_and},
    {"addw", op_addw}, {"subw", op_subw}, {"sllw", op_sllw}, {"srlw", op_srlw}, {"sraw", op_sraw},
};

static void print_rr(const char *name, unsigned i, unsigned j, u64 r) {
  put_str(name);
  put_char(' ');
  put_udec(i);
  put_char(' ');
  put_udec(j);
  put_char(' ');
  put_hex(r);
  put_char('\n');
}

/* Each immediate form with one immediate, on every operand. */
#define IMM_ROW(op, imm)                                   \
  for (unsigned i = 0; i < N; i++) {                       \
    u64 a = vals[i];                                       \
    put_str(op " " #imm " ");                              \
    put_udec(i);                                           \
    put_char(' ');                                         \
    put_hex(RI(op, a, imm));                               \
    put_char('\n');                                        \
  }
#define IMM_ARITH(op) IMM_ROW(op, 0) IMM_ROW(op, 1) IMM_ROW(op, -1) IMM_ROW(op, 2047) IMM_ROW(op, -2048) IMM_ROW(op, 0x555)

static void immediates(void) {
  IMM_ARITH("addi")
  IMM_ARITH("slti")
  IMM_ARITH("sltiu")
  IMM_ARITH("xori")
  IMM_ARITH("ori")
  IMM_ARITH("andi")
  IMM_ARITH("addiw")
  IMM_ROW("slli", 0) IMM_ROW("slli", 1) IMM_ROW("slli", 31) IMM_ROW("slli", 32) IMM_ROW("slli", 63)
  IMM_ROW("srli", 0) IMM_ROW("srli", 1) IMM_ROW("srli", 31) IMM_ROW("srli", 32) IMM_ROW("srli", 63)
  IMM_ROW("srai", 0) IMM_ROW("srai", 1) IMM_ROW("srai", 31) IMM_ROW("srai", 32) IMM_ROW("srai", 63)
  IMM_ROW("slliw", 0) IMM_ROW("slliw", 1) IMM_ROW("slliw", 31)
  IMM_ROW("srliw", 0) IMM_ROW("srliw", 1) IMM_ROW("srliw", 31)
  IMM_ROW("sraiw", 0) IMM_ROW("sraiw", 1) IMM_ROW("sraiw", 31)
}

static void corners(void) {
  u64 one = 1, m1 = -1ul, zero = 0, big = 0x7fffffff, lo = 0x80000000, hi = 0xffffffff80000000;
  OPAQUE(one);
  OPAQUE(m1);
  OPAQUE(zero);
  OPAQUE(big);
  OPAQUE(lo);
  OPAQUE(hi);
  check("addw overflow sign-extends", RR("addw", big, one), 0xffffffff80000000);
  check("addw ignores upper bits", RR("addw", 0x1234567800000005ul, one), 6);
  check("subw wraps", RR("subw", zero, lo), 0xffffffff80000000);
  check("addiw sext.w", RI("addiw", lo, 0), 0xffffffff80000000);
  check("addiw wraps to 0", RI("addiw", 0xfffffffful, 1), 0);
  check("sll uses 6 bits", RR("sll", one, 65ul), 2);
  check("srl uses 6 bits", RR("srl", hi, 64ul), hi);
  check("sllw uses 5 bits", RR("sllw", one, 33ul), 2);
  check("sllw sign-extends", RR("sllw", one, 31ul), 0xffffffff80000000);
  check("srlw by 0 sign-extends", RR("srlw", lo, zero), 0xffffffff80000000);
  check("srlw zero-fills bit 31", RR("srlw", hi, one), 0x40000000);
  check("sraw", RR("sraw", lo, 4ul), 0xfffffffff8000000);
  check("sra -1 by 63", RR("sra", m1, 63ul), -1ul);
  check("srai 63", RI("srai", 0x8000000000000000ul, 63), -1ul);
  check("srli 63", RI("srli", 0x8000000000000000ul, 63), 1);
  check("slliw 31", RI("slliw", one, 31), 0xffffffff80000000);
  check("srliw 31", RI("srliw", hi, 31), 1);
  check("sraiw 31", RI("sraiw", lo, 31), -1ul);
  check("slt -1 < 0", RR("slt", m1, zero), 1);
  check("sltu -1 < 0", RR("sltu", m1, zero), 0);
  check("sltiu imm -1 is all ones", RI("sltiu", big, -1), 1);
  check("slti imm sign", RI("slti", m1, -2048), 0);
  check("seqz (sltiu 1)", RI("sltiu", zero, 1), 1);
  check("andi imm sign-extends", RI("andi", m1, -2048), 0xfffffffffffff800);
  check("xori -1 is not", RI("xori", big, -1), 0xffffffff80000000);
  check("sub borrow", RR("sub", zero, one), -1ul);
  check("add carry out lost", RR("add", m1, one), 0);
  u64 x0;
  __asm__ volatile("addi x0, %1, 5\n\tmv %0, x0" : "=r"(x0) : "r"(one));
  check("x0 stays zero", x0, 0);
}

int main(void) {
  for (unsigned k = 0; k < sizeof rr_ops / sizeof rr_ops[0]; k++)
    for (unsigned i = 0; i < N; i++)
      for (unsigned j = 0; j < N; j++) print_rr(rr_ops[k].name, i, j, rr_ops[k].fn(vals[i], vals[j]));
  immediates();
  corners();
  return bare_done();
}
