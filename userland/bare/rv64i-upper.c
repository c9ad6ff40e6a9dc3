/*
 * rv64i-upper: the upper-immediate instructions. lui with immediates whose bit 31 is set (the
 * result sign-extends to 64 bits), auipc relative to its own address (forward, backward and
 * the sign-extending 0x80000), and the lui/addi(w)/slli sequences that build 64-bit constants.
 */
#include "bare.h"

#define LUI(imm)                                          \
  ({                                                      \
    u64 r_;                                               \
    __asm__ volatile("lui %0, " #imm : "=r"(r_));         \
    r_;                                                   \
  })

/* auipc rd, imm at a label; returns rd minus the label's address (lla is independent of pc). */
#define AUIPC_DELTA(imm)                                                          \
  ({                                                                              \
    u64 r_, here_;                                                                \
    __asm__ volatile("1: auipc %0, " #imm "\n\tlla %1, 1b" : "=r"(r_), "=r"(here_)); \
    r_ - here_;                                                                   \
  })

int main(void) {
  check("lui 0", LUI(0), 0);
  check("lui 1", LUI(1), 0x1000);
  check("lui 0x12345", LUI(0x12345), 0x12345000);
  check("lui 0x7ffff", LUI(0x7ffff), 0x7ffff000);
  check("lui 0x80000 sign-extends", LUI(0x80000), 0xffffffff80000000);
  check("lui 0xfffff", LUI(0xfffff), 0xfffffffffffff000);
  check("auipc 0", AUIPC_DELTA(0), 0);
  check("auipc 1", AUIPC_DELTA(1), 0x1000);
  check("auipc 0x7ffff", AUIPC_DELTA(0x7ffff), 0x7ffff000);
  check("auipc 0x80000 sign-extends", AUIPC_DELTA(0x80000), 0xffffffff80000000);
  check("auipc 0xfffff", AUIPC_DELTA(0xfffff), -0x1000ul);

  /* pc-relative addressing of data: the same address two ways */
  static const u64 target = 0x5a5a5a5a5a5a5a5a;
  u64 abs_addr, rel_addr;
  __asm__ volatile(".option push\n\t.option norelax\n\tlui %0, %%hi(%2)\n\taddi %0, %0, %%lo(%2)\n\t"
                   "1: auipc %1, %%pcrel_hi(%2)\n\taddi %1, %1, %%pcrel_lo(1b)\n\t.option pop"
                   : "=&r"(abs_addr), "=&r"(rel_addr)
                   : "S"(&target));
  check("lui+addi equals auipc+addi", abs_addr - rel_addr, 0);
  check("loads through it", *(volatile const u64 *)rel_addr, 0x5a5a5a5a5a5a5a5a);

  /* li of 64-bit constants becomes lui/addiw/slli/addi sequences */
  u64 c1, c2, c3, c4;
  __asm__ volatile("li %0, 0x123456789abcdef0" : "=r"(c1));
  __asm__ volatile("li %0, 0x7ffffffffffff800" : "=r"(c2));
  __asm__ volatile("li %0, 0x80000000" : "=r"(c3));
  __asm__ volatile("li %0, -0x80000001" : "=r"(c4));
  check("li 0x123456789abcdef0", c1, 0x123456789abcdef0);
  check("li 0x7ffffffffffff800", c2, 0x7ffffffffffff800);
  check("li 0x80000000", c3, 0x80000000);
  check("li -0x80000001", c4, 0xffffffff7fffffff);
  return bare_done();
}
