/*
 * fp.h: what the floating-point test programs share. FRUN runs one instruction sequence on
 * raw bit patterns, so nothing depends on how the compiler handles floating point: ft0, ft1,
 * ft2 are loaded with fmv.d.x (singles go in NaN-boxed, see BOX), the integer operand is an
 * asm operand, fcsr is set to the rounding mode with no flags, the body runs, and the result
 * comes back as the raw 64 bits of ft3 (so single results show their NaN boxing), the integer
 * a0, and the accrued flags.
 */
#ifndef FP_H
#define FP_H
#include "bare.h"

struct fres {
  u64 f;     /* ft3 after the body, all 64 bits */
  u64 x;     /* a0 after the body */
  u64 flags; /* fflags: NV DZ OF UF NX in bits 4..0 */
};

/* A single's bit pattern as it sits in a 64-bit f register. */
#define BOX(bits) (0xffffffff00000000ul | (u32)(bits))

/* Rounding modes (frm values; 7 is "dynamic" in an instruction's rm field). */
#define RNE 0
#define RTZ 1
#define RDN 2
#define RUP 3
#define RMM 4

/* body: instructions that read ft0 ft1 ft2 and %[x] (the integer operand) and write ft3 or a0. */
#define FRUN(body, A, B, C, X, RM)                                                                     \
  ({                                                                                                   \
    struct fres r_;                                                                                    \
    __asm__ volatile("fmv.d.x ft0, %[a]\n\tfmv.d.x ft1, %[b]\n\tfmv.d.x ft2, %[c]\n\t"                 \
                     "fmv.d.x ft3, zero\n\tli a0, 0\n\tfscsr %[rm]\n\t" body "\n\t"                   \
                     "frflags %[fl]\n\tfmv.x.d %[f], ft3\n\tmv %[r], a0\n\tfscsr zero"                \
                     : [f] "=&r"(r_.f), [r] "=&r"(r_.x), [fl] "=&r"(r_.flags)                         \
                     : [a] "r"((u64)(A)), [b] "r"((u64)(B)), [c] "r"((u64)(C)), [x] "r"((u64)(X)),   \
                       [rm] "r"((u64)(RM) << 5)                                                        \
                     : "ft0", "ft1", "ft2", "ft3", "a0", "memory");                                   \
    r_;                                                                                                \
  })

/* Prints "name i j k f x flags" (the indices say which operands were used). */
static inline void print_fres(const char *name, int i, int j, int k, struct fres r) {
  put_str(name);
  if (i >= 0) put_char(' '), put_udec((u64)i);
  if (j >= 0) put_char(' '), put_udec((u64)j);
  if (k >= 0) put_char(' '), put_udec((u64)k);
  put_char(' ');
  put_hex(r.f);
  put_char(' ');
  put_hex(r.x);
  put_char(' ');
  put_hex_n(r.flags, 2);
  put_char('\n');
}

/* Checks the f result and the flags together. */
static inline void check_f(const char *label, struct fres r, u64 want, u64 want_flags) {
  check(label, r.f, want);
  check("  flags", r.flags, want_flags);
}

/* Checks the integer result and the flags together. */
static inline void check_x(const char *label, struct fres r, u64 want, u64 want_flags) {
  check(label, r.x, want);
  check("  flags", r.flags, want_flags);
}

#define NV 0x10
#define DZ 0x08
#define OF 0x04
#define UF 0x02
#define NX 0x01

#endif /* FP_H */
