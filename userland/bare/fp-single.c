/*
 * fp-single: F-extension arithmetic on single precision, results as raw (NaN-boxed) bit
 * patterns with the flags each operation raised. fadd fsub fmul fdiv fmin fmax fsgnj fsgnjn
 * fsgnjx feq flt fle on every pair of an operand table (zeros, normals, extremes, subnormals,
 * infinities, quiet and signalling NaNs); fsqrt and fclass on every operand; fmadd fmsub
 * fnmadd fnmsub on every triple of a smaller table; the five static rounding modes and the
 * dynamic one on inexact operations; then self-checks of IEEE corners.
 */
#include "fp.h"

static const u32 vals[] = {
    0x00000000, /* +0 */
    0x80000000, /* -0 */
    0x3f800000, /* 1 */
    0xbfc00000, /* -1.5 */
    0x40490fdb, /* pi */
    0x3dcccccd, /* 0.1 */
    0x7f7fffff, /* largest finite */
    0x00800000, /* smallest normal */
    0x00000001, /* smallest subnormal */
    0x807fffff, /* largest negative subnormal */
    0x7f800000, /* +inf */
    0xff800000, /* -inf */
    0x7fc00000, /* canonical quiet NaN */
    0x7f800001, /* signalling NaN */
    0xffc12345, /* negative quiet NaN with a payload */
};
#define N (int)(sizeof vals / sizeof vals[0])

/* the operands of the fused multiply-adds: indices into vals */
static const int fma_vals[] = {1, 2, 3, 5, 6, 8, 10, 13};
#define NF (int)(sizeof fma_vals / sizeof fma_vals[0])

#define V(i) BOX(vals[i])
#define BIN(insn) FRUN(insn " ft3, ft0, ft1", V(i), V(j), 0, 0, RNE)
#define CMP(insn) FRUN(insn " a0, ft0, ft1", V(i), V(j), 0, 0, RNE)
#define ROUNDED(insn, rm) FRUN(insn " ft3, ft0, ft1, " rm, V(i), V(j), 0, 0, RNE)

static void binary(void) {
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) {
      print_fres("fadd.s", i, j, -1, BIN("fadd.s"));
      print_fres("fsub.s", i, j, -1, BIN("fsub.s"));
      print_fres("fmul.s", i, j, -1, BIN("fmul.s"));
      print_fres("fdiv.s", i, j, -1, BIN("fdiv.s"));
      print_fres("fmin.s", i, j, -1, BIN("fmin.s"));
      print_fres("fmax.s", i, j, -1, BIN("fmax.s"));
      print_fres("fsgnj.s", i, j, -1, BIN("fsgnj.s"));
      print_fres("fsgnjn.s", i, j, -1, BIN("fsgnjn.s"));
      print_fres("fsgnjx.s", i, j, -1, BIN("fsgnjx.s"));
      print_fres("feq.s", i, j, -1, CMP("feq.s"));
      print_fres("flt.s", i, j, -1, CMP("flt.s"));
      print_fres("fle.s", i, j, -1, CMP("fle.s"));
    }
}

static void unary(void) {
  for (int i = 0; i < N; i++) {
    print_fres("fsqrt.s", i, -1, -1, FRUN("fsqrt.s ft3, ft0", V(i), 0, 0, 0, RNE));
    print_fres("fclass.s", i, -1, -1, FRUN("fclass.s a0, ft0", V(i), 0, 0, 0, RNE));
  }
}

static void fused(void) {
  for (int a = 0; a < NF; a++)
    for (int b = 0; b < NF; b++)
      for (int c = 0; c < NF; c++) {
        u64 x = V(fma_vals[a]), y = V(fma_vals[b]), z = V(fma_vals[c]);
        print_fres("fmadd.s", a, b, c, FRUN("fmadd.s ft3, ft0, ft1, ft2", x, y, z, 0, RNE));
        print_fres("fmsub.s", a, b, c, FRUN("fmsub.s ft3, ft0, ft1, ft2", x, y, z, 0, RNE));
        print_fres("fnmadd.s", a, b, c, FRUN("fnmadd.s ft3, ft0, ft1, ft2", x, y, z, 0, RNE));
        print_fres("fnmsub.s", a, b, c, FRUN("fnmsub.s ft3, ft0, ft1, ft2", x, y, z, 0, RNE));
      }
}

/* inexact pairs: (1, 0.1) (-1.5, 0.1) (pi, 0.1) (max, max) (smallest normal, 0.1) (pi, -1.5) */
static const int rounding_pairs[][2] = {{2, 5}, {3, 5}, {4, 5}, {6, 6}, {7, 5}, {4, 3}};

/* one line per operation at static rounding mode `rm` (a string: "rne" ...) */
#define ROUND_SET(rm)                                                                                  \
  print_fres(rm " fadd.s", i, j, -1, ROUNDED("fadd.s", rm));                                           \
  print_fres(rm " fsub.s", i, j, -1, ROUNDED("fsub.s", rm));                                           \
  print_fres(rm " fmul.s", i, j, -1, ROUNDED("fmul.s", rm));                                           \
  print_fres(rm " fdiv.s", i, j, -1, ROUNDED("fdiv.s", rm));                                           \
  print_fres(rm " fsqrt.s", i, -1, -1, FRUN("fsqrt.s ft3, ft0, " rm, V(i), 0, 0, 0, RNE));             \
  print_fres(rm " fmadd.s", i, j, j, FRUN("fmadd.s ft3, ft0, ft1, ft1, " rm, V(i), V(j), 0, 0, RNE))

static void rounding(void) {
  for (unsigned p = 0; p < sizeof rounding_pairs / sizeof rounding_pairs[0]; p++) {
    int i = rounding_pairs[p][0], j = rounding_pairs[p][1];
    ROUND_SET("rne");
    ROUND_SET("rtz");
    ROUND_SET("rdn");
    ROUND_SET("rup");
    ROUND_SET("rmm");
    /* the same through frm (dynamic rounding), with every mode */
    for (int rm = 0; rm < 5; rm++) {
      print_fres("dyn fadd.s", i, j, rm, FRUN("fadd.s ft3, ft0, ft1, dyn", V(i), V(j), 0, 0, rm));
      print_fres("dyn fdiv.s", i, j, rm, FRUN("fdiv.s ft3, ft0, ft1", V(i), V(j), 0, 0, rm));
      print_fres("dyn fsqrt.s", i, -1, rm, FRUN("fsqrt.s ft3, ft0", V(i), 0, 0, 0, rm));
    }
  }
}

static void corners(void) {
  const u64 one = BOX(0x3f800000), two = BOX(0x40000000), three = BOX(0x40400000), four = BOX(0x40800000);
  const u64 zero = BOX(0), negzero = BOX(0x80000000), inf = BOX(0x7f800000), qnan = BOX(0x7fc00000);
  const u64 snan = BOX(0x7f800001), max = BOX(0x7f7fffff), tiny = BOX(0x00800000);
  check_f("1 + 2", FRUN("fadd.s ft3, ft0, ft1", one, two, 0, 0, RNE), three, 0);
  check_f("sqrt 4", FRUN("fsqrt.s ft3, ft0", four, 0, 0, 0, RNE), two, 0);
  check_f("1 / 0", FRUN("fdiv.s ft3, ft0, ft1", one, zero, 0, 0, RNE), inf, DZ);
  check_f("0 / 0", FRUN("fdiv.s ft3, ft0, ft1", zero, zero, 0, 0, RNE), qnan, NV);
  check_f("inf - inf", FRUN("fsub.s ft3, ft0, ft1", inf, inf, 0, 0, RNE), qnan, NV);
  check_f("sqrt -1", FRUN("fsqrt.s ft3, ft0", BOX(0xbf800000), 0, 0, 0, RNE), qnan, NV);
  check_f("sqrt -0", FRUN("fsqrt.s ft3, ft0", negzero, 0, 0, 0, RNE), negzero, 0);
  check_f("max * 2 overflows", FRUN("fmul.s ft3, ft0, ft1", max, two, 0, 0, RNE), inf, OF | NX);
  check_f("max * 2 rtz", FRUN("fmul.s ft3, ft0, ft1, rtz", max, two, 0, 0, RNE), max, OF | NX);
  check_f("tiny / 4 underflows", FRUN("fdiv.s ft3, ft0, ft1", tiny, four, 0, 0, RNE), BOX(0x00200000), 0);
  check_f("tiny / 3 underflows inexact", FRUN("fdiv.s ft3, ft0, ft1", tiny, three, 0, 0, RNE), BOX(0x002aaaab),
          UF | NX);
  check_f("fmin -0 +0", FRUN("fmin.s ft3, ft0, ft1", zero, negzero, 0, 0, RNE), negzero, 0);
  check_f("fmax -0 +0", FRUN("fmax.s ft3, ft0, ft1", negzero, zero, 0, 0, RNE), zero, 0);
  check_f("fmin qnan 1", FRUN("fmin.s ft3, ft0, ft1", qnan, one, 0, 0, RNE), one, 0);
  check_f("fmin snan 1", FRUN("fmin.s ft3, ft0, ft1", snan, one, 0, 0, RNE), one, NV);
  check_f("fmax nan nan", FRUN("fmax.s ft3, ft0, ft1", snan, qnan, 0, 0, RNE), qnan, NV);
  check_f("NaN results are canonical", FRUN("fadd.s ft3, ft0, ft1", BOX(0xffc12345), one, 0, 0, RNE), qnan, 0);
  check_x("feq qnan", FRUN("feq.s a0, ft0, ft0", qnan, 0, 0, 0, RNE), 0, 0);
  check_x("feq snan signals", FRUN("feq.s a0, ft0, ft0", snan, 0, 0, 0, RNE), 0, NV);
  check_x("flt qnan signals", FRUN("flt.s a0, ft0, ft1", qnan, one, 0, 0, RNE), 0, NV);
  check_x("fle -0 +0", FRUN("fle.s a0, ft0, ft1", negzero, zero, 0, 0, RNE), 1, 0);
  check_x("flt -0 +0", FRUN("flt.s a0, ft0, ft1", negzero, zero, 0, 0, RNE), 0, 0);
  check_x("fclass -inf", FRUN("fclass.s a0, ft0", BOX(0xff800000), 0, 0, 0, RNE), 1 << 0, 0);
  check_x("fclass -normal", FRUN("fclass.s a0, ft0", BOX(0xbf800000), 0, 0, 0, RNE), 1 << 1, 0);
  check_x("fclass -subnormal", FRUN("fclass.s a0, ft0", BOX(0x807fffff), 0, 0, 0, RNE), 1 << 2, 0);
  check_x("fclass -0", FRUN("fclass.s a0, ft0", negzero, 0, 0, 0, RNE), 1 << 3, 0);
  check_x("fclass +0", FRUN("fclass.s a0, ft0", zero, 0, 0, 0, RNE), 1 << 4, 0);
  check_x("fclass +subnormal", FRUN("fclass.s a0, ft0", BOX(1), 0, 0, 0, RNE), 1 << 5, 0);
  check_x("fclass +normal", FRUN("fclass.s a0, ft0", one, 0, 0, 0, RNE), 1 << 6, 0);
  check_x("fclass +inf", FRUN("fclass.s a0, ft0", inf, 0, 0, 0, RNE), 1 << 7, 0);
  check_x("fclass snan", FRUN("fclass.s a0, ft0", snan, 0, 0, 0, RNE), 1 << 8, 0);
  check_x("fclass qnan", FRUN("fclass.s a0, ft0", qnan, 0, 0, 0, RNE), 1 << 9, 0);
  check_f("fmadd 2*3+1", FRUN("fmadd.s ft3, ft0, ft1, ft2", two, three, one, 0, RNE), BOX(0x40e00000), 0);
  check_f("fnmsub -(2*3)+1", FRUN("fnmsub.s ft3, ft0, ft1, ft2", two, three, one, 0, RNE), BOX(0xc0a00000), 0);
  check_f("fma inf*0+qnan", FRUN("fmadd.s ft3, ft0, ft1, ft2", inf, zero, qnan, 0, RNE), qnan, NV);
  check_f("fsgnjn is fneg", FRUN("fsgnjn.s ft3, ft0, ft0", one, 0, 0, 0, RNE), BOX(0xbf800000), 0);
  check_f("fsgnjx is fabs", FRUN("fsgnjx.s ft3, ft0, ft0", BOX(0xbf800000), 0, 0, 0, RNE), one, 0);
  check_f("fsgnj keeps a NaN payload", FRUN("fsgnj.s ft3, ft0, ft1", BOX(0x7f812345), negzero, 0, 0, RNE),
          BOX(0xff812345), 0);
}

int main(void) {
  binary();
  unary();
  fused();
  rounding();
  corners();
  return bare_done();
}
