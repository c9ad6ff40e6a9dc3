/*
 * fp-convert: F and D conversions, each under all five rounding modes (through frm), with
 * the flags raised. Float to integer: fcvt.w fcvt.wu fcvt.l fcvt.lu from .s and .d on values
 * around every integer range limit, halves (ties), NaNs and infinities (out of range results
 * saturate and raise NV), plus the static rtz of a C cast. Integer to float: fcvt.s and fcvt.d
 * from .w .wu .l .lu (the W forms read only the low 32 bits). Between precisions: fcvt.s.d
 * (rounding, overflow, underflow, NaN) and fcvt.d.s (exact; NaNs become canonical).
 */
#include "fp.h"

static const u64 dvals[] = {
    0x0000000000000000, /* 0 */
    0x8000000000000000, /* -0 */
    0x3fe0000000000000, /* 0.5 */
    0xbfe0000000000000, /* -0.5 */
    0x3ff8000000000000, /* 1.5 */
    0x4004000000000000, /* 2.5 */
    0xc004000000000000, /* -2.5 */
    0xbfe8000000000000, /* -0.75 */
    0xbff0000000000000, /* -1 */
    0x41cdcd6500400000, /* 1e9 + 0.5 */
    0x41dfffffffc00000, /* 2^31 - 1 */
    0x41e0000000000000, /* 2^31 */
    0xc1e0000000000000, /* -2^31 */
    0xc1e0000000200000, /* -2^31 - 1 */
    0x41efffffffe00000, /* 2^32 - 1 */
    0x41f0000000000000, /* 2^32 */
    0x43e0000000000000, /* 2^63 */
    0x43dfffffffffffff, /* 2^63 - 1024 */
    0xc3e0000000000000, /* -2^63 */
    0xc3e0000000000001, /* -2^63 - 2048 */
    0x43f0000000000000, /* 2^64 */
    0x4415af1d78b58c40, /* 1e20 */
    0xc415af1d78b58c40, /* -1e20 */
    0x7ff0000000000000, /* inf */
    0xfff0000000000000, /* -inf */
    0x7ff8000000000000, /* quiet NaN */
    0x7ff0000000000001, /* signalling NaN */
    0xfff8000000012345, /* negative quiet NaN with a payload */
    0x0000000000000001, /* smallest subnormal */
    0x3fb999999999999a, /* 0.1 */
    0x400921fb54442d18, /* pi */
    0x48078287f49c4a1d, /* 1e39: beyond single range */
    0xc8078287f49c4a1d, /* -1e39 */
    0x37a16c262777579c, /* 1e-40: a single subnormal */
    0x358dee7a4ad4b81f, /* 1e-50: below single range */
    0x7fefffffffffffff, /* largest double */
    0x3ff0000010000000, /* 1 + 2^-24: a tie in single */
    0x3ff0000018000000, /* 1 + 3 * 2^-25 */
};
#define ND (int)(sizeof dvals / sizeof dvals[0])

static const u32 svals[] = {
    0x00000000, /* 0 */
    0x80000000, /* -0 */
    0x3f000000, /* 0.5 */
    0xbf000000, /* -0.5 */
    0x3fc00000, /* 1.5 */
    0x40200000, /* 2.5 */
    0xc0200000, /* -2.5 */
    0xbf400000, /* -0.75 */
    0xbf800000, /* -1 */
    0x4effffff, /* 2^31 - 128 */
    0x4f000000, /* 2^31 */
    0xcf000000, /* -2^31 */
    0xcf000001, /* -2^31 - 256 */
    0x4f7fffff, /* 2^32 - 256 */
    0x4f800000, /* 2^32 */
    0x5effffff, /* 2^63 - 2^39 */
    0x5f000000, /* 2^63 */
    0xdf000000, /* -2^63 */
    0xdf000001, /* -2^63 - 2^40 */
    0x5f800000, /* 2^64 */
    0x60ad78ec, /* 1e20 */
    0xe0ad78ec, /* -1e20 */
    0x7f800000, /* inf */
    0xff800000, /* -inf */
    0x7fc00000, /* quiet NaN */
    0x7f800001, /* signalling NaN */
    0xffc12345, /* negative quiet NaN with a payload */
    0x00000001, /* smallest subnormal */
    0x3dcccccd, /* 0.1 */
};
#define NS (int)(sizeof svals / sizeof svals[0])

static const u64 ivals[] = {
    0,
    1,
    -1ul,
    0x7fffffff,
    0xffffffff80000000,
    0x00000000ffffffff,
    0xdeadbeef00000005, /* W forms see 5 */
    16777217,           /* 2^24 + 1: not a single */
    -16777217ul,
    16777219,
    0x20000000000001, /* 2^53 + 1: not a double */
    0x7fffffffffffffff,
    0x8000000000000000,
    0xfffffffffffffffe,
    0x123456789abcdef0,
};
#define NI (int)(sizeof ivals / sizeof ivals[0])

static void float_to_int(void) {
  for (int rm = 0; rm < 5; rm++) {
    for (int i = 0; i < NS; i++) {
      u64 v = BOX(svals[i]);
      print_fres("fcvt.w.s", i, rm, -1, FRUN("fcvt.w.s a0, ft0", v, 0, 0, 0, rm));
      print_fres("fcvt.wu.s", i, rm, -1, FRUN("fcvt.wu.s a0, ft0", v, 0, 0, 0, rm));
      print_fres("fcvt.l.s", i, rm, -1, FRUN("fcvt.l.s a0, ft0", v, 0, 0, 0, rm));
      print_fres("fcvt.lu.s", i, rm, -1, FRUN("fcvt.lu.s a0, ft0", v, 0, 0, 0, rm));
    }
    for (int i = 0; i < ND; i++) {
      u64 v = dvals[i];
      print_fres("fcvt.w.d", i, rm, -1, FRUN("fcvt.w.d a0, ft0", v, 0, 0, 0, rm));
      print_fres("fcvt.wu.d", i, rm, -1, FRUN("fcvt.wu.d a0, ft0", v, 0, 0, 0, rm));
      print_fres("fcvt.l.d", i, rm, -1, FRUN("fcvt.l.d a0, ft0", v, 0, 0, 0, rm));
      print_fres("fcvt.lu.d", i, rm, -1, FRUN("fcvt.lu.d a0, ft0", v, 0, 0, 0, rm));
    }
  }
  /* static rtz, as a C cast compiles, with frm set to round-up */
  for (int i = 0; i < NS; i++)
    print_fres("fcvt.w.s rtz", i, -1, -1, FRUN("fcvt.w.s a0, ft0, rtz", BOX(svals[i]), 0, 0, 0, RUP));
  for (int i = 0; i < ND; i++)
    print_fres("fcvt.l.d rtz", i, -1, -1, FRUN("fcvt.l.d a0, ft0, rtz", dvals[i], 0, 0, 0, RUP));
}

static void int_to_float(void) {
  for (int rm = 0; rm < 5; rm++)
    for (int i = 0; i < NI; i++) {
      u64 x = ivals[i];
      print_fres("fcvt.s.w", i, rm, -1, FRUN("fcvt.s.w ft3, %[x]", 0, 0, 0, x, rm));
      print_fres("fcvt.s.wu", i, rm, -1, FRUN("fcvt.s.wu ft3, %[x]", 0, 0, 0, x, rm));
      print_fres("fcvt.s.l", i, rm, -1, FRUN("fcvt.s.l ft3, %[x]", 0, 0, 0, x, rm));
      print_fres("fcvt.s.lu", i, rm, -1, FRUN("fcvt.s.lu ft3, %[x]", 0, 0, 0, x, rm));
      print_fres("fcvt.d.w", i, rm, -1, FRUN("fcvt.d.w ft3, %[x]", 0, 0, 0, x, rm));
      print_fres("fcvt.d.wu", i, rm, -1, FRUN("fcvt.d.wu ft3, %[x]", 0, 0, 0, x, rm));
      print_fres("fcvt.d.l", i, rm, -1, FRUN("fcvt.d.l ft3, %[x], dyn", 0, 0, 0, x, rm));
      print_fres("fcvt.d.lu", i, rm, -1, FRUN("fcvt.d.lu ft3, %[x], dyn", 0, 0, 0, x, rm));
    }
}

static void precision(void) {
  for (int rm = 0; rm < 5; rm++)
    for (int i = 0; i < ND; i++)
      print_fres("fcvt.s.d", i, rm, -1, FRUN("fcvt.s.d ft3, ft0", dvals[i], 0, 0, 0, rm));
  for (int i = 0; i < NS; i++)
    print_fres("fcvt.d.s", i, -1, -1, FRUN("fcvt.d.s ft3, ft0", BOX(svals[i]), 0, 0, 0, RNE));
}

static void corners(void) {
  const u64 qnan_s = BOX(0x7fc00000), m25 = 0xc004000000000000;
  check_x("fcvt.w.s NaN saturates high", FRUN("fcvt.w.s a0, ft0", qnan_s, 0, 0, 0, RNE), 0x7fffffff, NV);
  check_x("fcvt.w.s -inf", FRUN("fcvt.w.s a0, ft0", BOX(0xff800000), 0, 0, 0, RNE), 0xffffffff80000000, NV);
  check_x("fcvt.wu.s -1", FRUN("fcvt.wu.s a0, ft0", BOX(0xbf800000), 0, 0, 0, RNE), 0, NV);
  check_x("fcvt.wu.s NaN sign-extends", FRUN("fcvt.wu.s a0, ft0", qnan_s, 0, 0, 0, RNE), -1ul, NV);
  check_x("fcvt.wu.s -0.5 rtz is inexact 0", FRUN("fcvt.wu.s a0, ft0", BOX(0xbf000000), 0, 0, 0, RTZ), 0, NX);
  check_x("fcvt.l.d 2^63", FRUN("fcvt.l.d a0, ft0", 0x43e0000000000000, 0, 0, 0, RNE), 0x7fffffffffffffff, NV);
  check_x("fcvt.lu.d 2^63", FRUN("fcvt.lu.d a0, ft0", 0x43e0000000000000, 0, 0, 0, RNE), 0x8000000000000000, 0);
  check_x("fcvt.w.d -2.5 rne", FRUN("fcvt.w.d a0, ft0", m25, 0, 0, 0, RNE), -2ul, NX);
  check_x("fcvt.w.d -2.5 rtz", FRUN("fcvt.w.d a0, ft0", m25, 0, 0, 0, RTZ), -2ul, NX);
  check_x("fcvt.w.d -2.5 rdn", FRUN("fcvt.w.d a0, ft0", m25, 0, 0, 0, RDN), -3ul, NX);
  check_x("fcvt.w.d -2.5 rup", FRUN("fcvt.w.d a0, ft0", m25, 0, 0, 0, RUP), -2ul, NX);
  check_x("fcvt.w.d -2.5 rmm", FRUN("fcvt.w.d a0, ft0", m25, 0, 0, 0, RMM), -3ul, NX);
  check_f("fcvt.s.w reads 32 bits", FRUN("fcvt.s.w ft3, %[x]", 0, 0, 0, 0xdeadbeef00000005, RNE), BOX(0x40a00000), 0);
  check_f("fcvt.s.l 2^24+1 rounds", FRUN("fcvt.s.l ft3, %[x]", 0, 0, 0, 16777217, RNE), BOX(0x4b800000), NX);
  check_f("fcvt.d.lu 2^64-1", FRUN("fcvt.d.lu ft3, %[x]", 0, 0, 0, -1ul, RNE), 0x43f0000000000000, NX);
  check_f("fcvt.s.d 1e39 overflows", FRUN("fcvt.s.d ft3, ft0", 0x48078287f49c4a1d, 0, 0, 0, RNE), BOX(0x7f800000),
          OF | NX);
  check_f("fcvt.s.d NaN is canonical", FRUN("fcvt.s.d ft3, ft0", 0xfff8000000012345, 0, 0, 0, RNE), qnan_s, 0);
  check_f("fcvt.d.s sNaN signals", FRUN("fcvt.d.s ft3, ft0", BOX(0x7f800001), 0, 0, 0, RNE), 0x7ff8000000000000,
          NV);
  check_f("fcvt.d.s 0.1", FRUN("fcvt.d.s ft3, ft0", BOX(0x3dcccccd), 0, 0, 0, RNE), 0x3fb99999a0000000, 0);
}

int main(void) {
  float_to_int();
  int_to_float();
  precision();
  corners();
  return bare_done();
}
