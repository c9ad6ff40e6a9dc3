/*
 * fence: memory ordering and instruction-fetch fences. Every fence form gcc's assembler knows
 * (fence with each predecessor/successor set, fence.tso, the pause hint) runs between a store
 * and the load that reads it back; then fence.i after self-modifying code: a function in a
 * writable and executable section is rewritten (32-bit and compressed encodings) and called
 * again, and must run the new instructions.
 */
#include "bare.h"

/* smc_fn: "addi a0, zero, 1; ret", uncompressed so the immediate can be patched. */
__asm__(".pushsection .smc, \"awx\", @progbits\n"
        ".balign 4\n"
        "smc_fn:\n"
        ".option push\n"
        ".option norvc\n"
        "  addi a0, zero, 1\n"
        "  jalr zero, 0(ra)\n"
        ".option pop\n"
        ".popsection\n");
extern u32 smc_fn[];
typedef u64 (*fn0)(void);

static u64 call_smc(void) {
  fn0 f = (fn0)(void *)smc_fn;
  OPAQUE(f);
  return f();
}

static void patch(unsigned index, u32 insn) {
  ((volatile u32 *)smc_fn)[index] = insn;
  __asm__ volatile("fence.i" ::: "memory");
}

static u32 addi_a0(int imm) { return 0x00000513u | ((u32)imm << 20); } /* addi a0, zero, imm */

static volatile u64 cell;

#define FENCED(fence_insn, v)                     \
  ({                                              \
    cell = (v);                                   \
    __asm__ volatile(fence_insn ::: "memory");    \
    cell;                                         \
  })

int main(void) {
  check("fence", FENCED("fence", 1), 1);
  check("fence rw,rw", FENCED("fence rw, rw", 2), 2);
  check("fence r,rw", FENCED("fence r, rw", 3), 3);
  check("fence w,w", FENCED("fence w, w", 4), 4);
  check("fence iorw,iorw", FENCED("fence iorw, iorw", 5), 5);
  check("fence i,o", FENCED("fence i, o", 6), 6);
  check("fence.tso", FENCED("fence.tso", 7), 7);
  check("pause hint", FENCED(".word 0x0100000f", 8), 8);
  check("fence.i alone", FENCED("fence.i", 9), 9);

  check("original code", call_smc(), 1);
  patch(0, addi_a0(-42));
  check("patched immediate", call_smc(), -42ul);
  u64 sum = 0;
  for (int i = 0; i < 100; i++) {
    patch(0, addi_a0(i));
    sum += call_smc();
  }
  check("patched in a loop", sum, 4950);
  patch(0, 0x00014509); /* c.li a0, 2; c.nop */
  check("patched to compressed", call_smc(), 2);
  patch(0, 0x8082557d); /* c.li a0, -1; c.ret */
  check("compressed return", call_smc(), -1ul);
  return bare_done();
}
