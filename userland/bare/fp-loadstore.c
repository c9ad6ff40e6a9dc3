/*
 * fp-loadstore: moving bits in and out of the f registers. flw fsw fld fsd (aligned,
 * misaligned and with negative offsets), the compressed c.fld c.fsd c.fldsp c.fsdsp, the raw
 * moves fmv.w.x fmv.x.w fmv.d.x fmv.x.d (fmv.x.w sign-extends bit 31), and NaN boxing: flw
 * and fmv.w.x box the single, fsw and fmv.x.w ignore the box, and single-precision arithmetic
 * reads an improperly boxed register as the canonical NaN. None of it may touch fflags.
 */
#include "fp.h"

static u64 mem[4] __attribute__((aligned(16))) = {0x0123456789abcdef, 0xfedcba9876543210};
static u8 bytes[32] __attribute__((aligned(16)));

#define MEMRUN(body)                                                                          \
  ({                                                                                          \
    u64 r_, fl_;                                                                              \
    __asm__ volatile("fsflags zero\n\t" body "\n\tfrflags %1" : "=&r"(r_), "=&r"(fl_)         \
                     : "r"(mem), "r"(bytes) : "ft0", "fa0", "fa1", "a4", "memory");           \
    check("  no flags", fl_, 0);                                                              \
    r_;                                                                                       \
  })

int main(void) {
  /* loads: flw boxes the single */
  check("flw", MEMRUN("flw ft0, 0(%2)\n\tfmv.x.d %0, ft0"), 0xffffffff89abcdef);
  check("flw +4", MEMRUN("flw ft0, 4(%2)\n\tfmv.x.d %0, ft0"), 0xffffffff01234567);
  check("fld", MEMRUN("fld ft0, 8(%2)\n\tfmv.x.d %0, ft0"), 0xfedcba9876543210);
  check("fld negative offset", MEMRUN("addi a4, %2, 16\n\tfld ft0, -16(a4)\n\tfmv.x.d %0, ft0"), 0x0123456789abcdef);
  check("fld misaligned", MEMRUN("fld ft0, 3(%2)\n\tfmv.x.d %0, ft0"), 0x5432100123456789);
  check("flw misaligned", MEMRUN("flw ft0, 6(%2)\n\tfmv.x.d %0, ft0"), 0xffffffff32100123);

  /* stores: fsw writes the low 32 bits whatever the box */
  for (unsigned i = 0; i < sizeof bytes; i++) bytes[i] = 0xee;
  MEMRUN("li a4, 0x1122334455667788\n\tfmv.d.x ft0, a4\n\tfsd ft0, 1(%3)\n\tfsw ft0, 12(%3)\n\tli %0, 0");
  check("fsd misaligned, fsw unboxed", ((u64 *)bytes)[0], 0x22334455667788ee);
  check("  bytes 8..15", ((u64 *)bytes)[1], 0x55667788eeeeee11);
  check("  bytes 16..23", ((u64 *)bytes)[2], 0xeeeeeeeeeeeeeeee);

  /* moves */
  check("fmv.w.x boxes", MEMRUN("li a4, 0x123456789\n\tfmv.w.x ft0, a4\n\tfmv.x.d %0, ft0"), 0xffffffff23456789);
  check("fmv.x.w sign-extends", MEMRUN("li a4, 0x80000001\n\tfmv.w.x ft0, a4\n\tfmv.x.w %0, ft0"),
        0xffffffff80000001);
  check("fmv.x.w ignores the box", MEMRUN("li a4, 0x0000000140000000\n\tfmv.d.x ft0, a4\n\tfmv.x.w %0, ft0"),
        0x40000000);
  check("fmv.d.x and back", MEMRUN("li a4, 0x7ff0000000000001\n\tfmv.d.x ft0, a4\n\tfmv.x.d %0, ft0"),
        0x7ff0000000000001);

  /* NaN boxing seen by single-precision arithmetic */
  check("unboxed operand reads as NaN",
        MEMRUN("li a4, 0x000000003f800000\n\tfmv.d.x ft0, a4\n\tfsgnj.s fa0, ft0, ft0\n\tfmv.x.d %0, fa0"),
        0xffffffff7fc00000);
  check("unboxed fclass.s is quiet NaN",
        MEMRUN("li a4, 0x000000003f800000\n\tfmv.d.x ft0, a4\n\tfclass.s %0, ft0"), 0x200);
  check("fsw of an unboxed register",
        MEMRUN("li a4, 0x00000000cafef00d\n\tfmv.d.x ft0, a4\n\tfsw ft0, 16(%3)\n\tlwu %0, 16(%3)"), 0xcafef00d);
  check("boxed but not a NaN pattern",
        MEMRUN("li a4, 0xfffffffe3f800000\n\tfmv.d.x ft0, a4\n\tfsgnj.s fa0, ft0, ft0\n\tfmv.x.d %0, fa0"),
        0xffffffff7fc00000);

  /* compressed forms: c.fld/c.fsd take f8..f15 and x8..x15, c.fldsp/c.fsdsp use sp */
  check("c.fld", MEMRUN("mv a4, %2\n\tc.fld fa0, 8(a4)\n\tfmv.x.d %0, fa0"), 0xfedcba9876543210);
  check("c.fsd", MEMRUN("fld fa1, 0(%2)\n\tmv a4, %3\n\tc.fsd fa1, 24(a4)\n\tld %0, 24(%3)"),
        0x0123456789abcdef);
  check("c.fsdsp c.fldsp",
        MEMRUN("addi sp, sp, -32\n\tfld fa0, 8(%2)\n\tc.fsdsp fa0, 16(sp)\n\tc.fldsp ft0, 16(sp)\n\t"
               "ld a4, 16(sp)\n\taddi sp, sp, 32\n\tfmv.x.d %0, ft0\n\tsub %0, %0, a4"),
        0);
  return bare_done();
}
