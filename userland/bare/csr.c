/*
 * csr: the Zicsr instructions on the CSRs user mode has. The counters (rdcycle rdinstret
 * rdtime) only move forward; the float CSRs: fscsr/frcsr, fsflags/frflags, fsrm/frrm return
 * the old value and write the new one, fcsr is fflags | frm << 5 and keeps 8 bits, and the
 * immediate forms csrrwi csrrsi csrrci plus csrrs/csrrc with a register set and clear bits.
 * No floating-point arithmetic runs here: the flags are only written and read.
 */
#include "bare.h"

#define CSR_READ(name)                                     \
  ({                                                       \
    u64 r_;                                                \
    __asm__ volatile("csrr %0, " #name : "=r"(r_));        \
    r_;                                                    \
  })
#define CSR_OP(insn, name, v)                                                 \
  ({                                                                          \
    u64 r_;                                                                   \
    __asm__ volatile(insn " %0, " #name ", %1" : "=r"(r_) : "r"(v) : "memory"); \
    r_;                                                                       \
  })
#define CSR_OPI(insn, name, imm)                                           \
  ({                                                                       \
    u64 r_;                                                                \
    __asm__ volatile(insn " %0, " #name ", " #imm : "=r"(r_) : : "memory"); \
    r_;                                                                    \
  })

static void counters(void) {
  u64 c0, c1, i0, i1, t0, t1;
  __asm__ volatile("rdcycle %0" : "=r"(c0));
  __asm__ volatile("rdinstret %0" : "=r"(i0));
  __asm__ volatile("rdtime %0" : "=r"(t0));
  u64 n = 1000;
  __asm__ volatile("1: addi %0, %0, -1\n\tbnez %0, 1b" : "+r"(n));
  __asm__ volatile("rdcycle %0" : "=r"(c1));
  __asm__ volatile("rdinstret %0" : "=r"(i1));
  __asm__ volatile("rdtime %0" : "=r"(t1));
  check("cycle advances", c1 > c0, 1);
  check("instret advances", i1 > i0, 1);
  check("time does not go back", t1 >= t0, 1);
  check("csrr cycle form", CSR_READ(cycle) >= c1, 1);
  check("csrr instret form", CSR_READ(instret) >= i1, 1);
}

int main(void) {
  counters();

  u64 old;
  __asm__ volatile("fscsr %0, %1" : "=r"(old) : "r"(0ul));
  check("fscsr 0", CSR_READ(fcsr), 0);
  __asm__ volatile("fscsr %0, %1" : "=r"(old) : "r"(0xfffful));
  check("fscsr keeps 8 bits: old", old, 0);
  check("fcsr", CSR_READ(fcsr), 0xff);
  u64 flags, rm;
  __asm__ volatile("frflags %0" : "=r"(flags));
  __asm__ volatile("frrm %0" : "=r"(rm));
  check("frflags", flags, 0x1f);
  check("frrm", rm, 7);
  __asm__ volatile("fsflags %0, %1" : "=r"(old) : "r"(0x25ul));
  check("fsflags old", old, 0x1f);
  check("fsflags writes 5 bits", CSR_READ(fflags), 5);
  check("fcsr after fsflags", CSR_READ(fcsr), 0xe5);
  __asm__ volatile("fsrm %0, %1" : "=r"(old) : "r"(0x9ul));
  check("fsrm old", old, 7);
  check("fsrm writes 3 bits", CSR_READ(frm), 1);
  check("fcsr after fsrm", CSR_READ(fcsr), 0x25);
  __asm__ volatile("frcsr %0" : "=r"(old));
  check("frcsr", old, 0x25);

  check("csrrwi fflags", CSR_OPI("csrrwi", fflags, 0x1a), 5);
  check("csrrsi fflags", CSR_OPI("csrrsi", fflags, 0x01), 0x1a);
  check("csrrci fflags", CSR_OPI("csrrci", fflags, 0x0a), 0x1b);
  check("fflags now", CSR_READ(fflags), 0x11);
  check("csrrwi frm", CSR_OPI("csrrwi", frm, 4), 1);
  check("csrrsi frm", CSR_OPI("csrrsi", frm, 3), 4);
  check("csrrci frm", CSR_OPI("csrrci", frm, 5), 7);
  check("frm now", CSR_READ(frm), 2);
  check("csrrs fcsr", CSR_OP("csrrs", fcsr, 0x0cul), 0x51);
  check("csrrc fcsr", CSR_OP("csrrc", fcsr, 0x41ul), 0x5d);
  check("csrrw fcsr", CSR_OP("csrrw", fcsr, 0ul), 0x1c);
  check("csrrs zero reads", CSR_OP("csrrs", fcsr, 0ul), 0);
  return bare_done();
}
