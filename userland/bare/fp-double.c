/*
 * fp-double: D-extension arithmetic on double precision, results as raw bit patterns with
 * the flags each operation raised. fadd fsub fmul fdiv fmin fmax fsgnj fsgnjn
 * fsgnjx feq flt fle on every pair of an operand table (zeros, normals, extremes, subnormals,
 * infinities, quiet and signalling NaNs); fsqrt and fclass on every operand; fmadd fmsub
 * fnmadd fnmsub on every triple of a smaller table; the five static rounding modes and the
 * dynamic one on inexact operations; then self-checks of IEEE corners.
 */
#include "fp.h"

static const u64 vals[] = {
    0x0000000000000000, /* +0 */
    0x8000000000000000, /* -0 */
    0x3ff0000000000000, /* 1 */
    0xbff8000000000000, /* -1.5 */
    0x400921fb54442d18, /* pi */
    0x3fb999999999999a, /* 0.1 */
    0x7fefffffffffffff, /* largest finite */
    0x0010000000000000, /* smallest normal */
    0x0000000000000001, /* smallest subnormal */
    0x800fffffffffffff, /* largest negative subnormal */
    0x7ff0000000000000, /* +inf */
    0xfff0000000000000, /* -inf */
    0x7ff8000000000000, /* canonical quiet NaN */
    0x7ff0000000000001, /* signalling NaN */
    0xfff8000000012345, /* negative quiet NaN with a payload */
};
#define N (int)(sizeof vals / sizeof vals[0])

/* the operands of the fused multiply-adds: indices into vals */
static const int fma_vals[] = {1, 2, 3, 5, 6, 8, 10, 13};
#define NF (int)(sizeof fma_vals / sizeof fma_vals[0])

#define V(i) vals[i]
#define BIN(insn) FRUN(insn " ft3, ft0, ft1", V(i), V(j), 0, 0, RNE)
#define CMP(insn) FRUN(insn " a0, ft0, ft1", V(i), V(j), 0, 0, RNE)
#define ROUNDED(insn, rm) FRUN(insn " ft3, ft0, ft1, " rm, V(i), V(j), 0, 0, RNE)

static void binary(void) {
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) {
      print_fres("fadd.d", i, j, -1, BIN("fadd.d"));
      print_fres("fsub.d", i, j, -1, BIN("fsub.d"));
      print_fres("fmul.d", i, j, -1, BIN("fmul.d"));
      print_fres("fdiv.d", i, j, -1, BIN("fdiv.d"));
      print_fres("fmin.d", i, j, -1, BIN("fmin.d"));
      print_fres("fmax.d", i, j, -1, BIN("fmax.d"));
      print_fres("fsgnj.d", i, j, -1, BIN("fsgnj.d"));
      print_fres("fsgnjn.d", i, j, -1, BIN("fsgnjn.d"));
      print_fres("fsgnjx.d", i, j, -1, BIN("fsgnjx.d"));
      print_fres("feq.d", i, j, -1, CMP("feq.d"));
      print_fres("flt.d", i, j, -1, CMP("flt.d"));
      print_fres("fle.d", i, j, -1, CMP("fle.d"));
    }
}

static void unary(void) {
  for (int i = 0; i < N; i++) {
    print_fres("fsqrt.d", i, -1, -1, FRUN("fsqrt.d ft3, ft0", V(i), 0, 0, 0, RNE));
    print_fres("fclass.d", i, -1, -1, FRUN("fclass.d a0, ft0", V(i), 0, 0, 0, RNE));
  }
}

static void fused(void) {
  for (int a = 0; a < NF; a++)
    for (int b = 0; b < NF; b++)
      for (int c = 0; c < NF; c++) {
        u64 x = V(fma_vals[a]), y = V(fma_vals[b]), z = V(fma_vals[c]);
        print_fres("fmadd.d", a, b, c, FRUN("fmadd.d ft3, ft0, ft1, ft2", x, y, z, 0, RNE));
        print_fres("fmsub.d", a, b, c, FRUN("fmsub.d ft3, ft0, ft1, ft2", x, y, z, 0, RNE));
        print_fres("fnmadd.d", a, b, c, FRUN("fnmadd.d ft3, ft0, ft1, ft2", x, y, z, 0, RNE));
        print_fres("fnmsub.d", a, b, c, FRUN("fnmsub.d ft3, ft0, ft1, ft2", x, y, z, 0, RNE));
      }
}

/* inexact pairs: (1, 0.1) (-1.5, 0.1) (pi, 0.1) (max, max) (smallest normal, 0.1) (pi, -1.5) */
static const int rounding_pairs[][2] = {{2, 5}, {3, 5}, {4, 5}, {6, 6}, {7, 5}, {4, 3}};

/* one line per operation at static rounding mode `rm` (a string: "rne" ...) */
#define ROUND_SET(rm)                                                                                  \
  print_fres(rm " fadd.d", i, j, -1, ROUNDED("fadd.d", rm));                                           \
  print_fres(rm " fsub.d", i, j, -1, ROUNDED("fsub.d", rm));                                           \
  print_fres(rm " fmul.d", i, j, -1, ROUNDED("fmul.d", rm));                                           \
  print_fres(rm " fdiv.d", i, j, -1, ROUNDED("fdiv.d", rm));                                           \
  print_fres(rm " fsqrt.d", i, -1, -1, FRUN("fsqrt.d ft3, ft0, " rm, V(i), 0, 0, 0, RNE));             \
  print_fres(rm " fmadd.d", i, j, j, FRUN("fmadd.d ft3, ft0, ft1, ft1, " rm, V(i), V(j), 0, 0, RNE))

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
      print_fres("dyn fadd.d", i, j, rm, FRUN("fadd.d ft3, ft0, ft1, dyn", V(i), V(j), 0, 0, rm));
      print_fres("dyn fdiv.d", i, j, rm, FRUN("fdiv.d ft3, ft0, ft1", V(i), V(j), 0, 0, rm));
      print_fres("dyn fsqrt.d", i, -1, rm, FRUN("fsqrt.d ft3, ft0", V(i), 0, 0, 0, rm));
    }
  }
}

static void corners(void) {
  const u64 one = 0x3ff0000000000000, two = 0x4000000000000000, three = 0x4008000000000000, four = 0x4010000000000000;
  const u64 zero = 0, negzero = 0x8000000000000000, inf = 0x7ff0000000000000, qnan = 0x7ff8000000000000;
  const u64 snan = 0x7ff0000000000001, max = 0x7fefffffffffffff, tiny = 0x0010000000000000;
  check_f("1 + 2", FRUN("fadd.d ft3, ft0, ft1", one, two, 0, 0, RNE), three, 0);
  check_f("sqrt 4", FRUN("fsqrt.d ft3, ft0", four, 0, 0, 0, RNE), two, 0);
  check_f("1 / 0", FRUN("fdiv.d ft3, ft0, ft1", one, zero, 0, 0, RNE), inf, DZ);
  check_f("0 / 0", FRUN("fdiv.d ft3, ft0, ft1", zero, zero, 0, 0, RNE), qnan, NV);
  check_f("inf - inf", FRUN("fsub.d ft3, ft0, ft1", inf, inf, 0, 0, RNE), qnan, NV);
  check_f("sqrt -1", FRUN("fsqrt.d ft3, ft0", 0xbff0000000000000, 0, 0, 0, RNE), qnan, NV);
  check_f("sqrt -0", FRUN("fsqrt.d ft3, ft0", negzero, 0, 0, 0, RNE), negzero, 0);
  check_f("max * 2 overflows", FRUN("fmul.d ft3, ft0, ft1", max, two, 0, 0, RNE), inf, OF | NX);
  check_f("max * 2 rtz", FRUN("fmul.d ft3, ft0, ft1, rtz", max, two, 0, 0, RNE), max, OF | NX);
  check_f("tiny / 4 underflows", FRUN("fdiv.d ft3, ft0, ft1", tiny, four, 0, 0, RNE), 0x0004000000000000, 0);
  check_f("tiny / 3 underflows inexact", FRUN("fdiv.d ft3, ft0, ft1", tiny, three, 0, 0, RNE), 0x0005555555555555,
          UF | NX);
  check_f("fmin -0 +0", FRUN("fmin.d ft3, ft0, ft1", zero, negzero, 0, 0, RNE), negzero, 0);
  check_f("fmax -0 +0", FRUN("fmax.d ft3, ft0, ft1", negzero, zero, 0, 0, RNE), zero, 0);
  check_f("fmin qnan 1", FRUN("fmin.d ft3, ft0, ft1", qnan, one, 0, 0, RNE), one, 0);
  check_f("fmin snan 1", FRUN("fmin.d ft3, ft0, ft1", snan, one, 0, 0, RNE), one, NV);
  check_f("fmax nan nan", FRUN("fmax.d ft3, ft0, ft1", snan, qnan, 0, 0, RNE), qnan, NV);
  check_f("NaN results are canonical", FRUN("fadd.d ft3, ft0, ft1", 0xfff8000000012345, one, 0, 0, RNE), qnan, 0);
  check_x("feq qnan", FRUN("feq.d a0, ft0, ft0", qnan, 0, 0, 0, RNE), 0, 0);
  check_x("feq snan signals", FRUN("feq.d a0, ft0, ft0", snan, 0, 0, 0, RNE), 0, NV);
  check_x("flt qnan signals", FRUN("flt.d a0, ft0, ft1", qnan, one, 0, 0, RNE), 0, NV);
  check_x("fle -0 +0", FRUN("fle.d a0, ft0, ft1", negzero, zero, 0, 0, RNE), 1, 0);
  check_x("flt -0 +0", FRUN("flt.d a0, ft0, ft1", negzero, zero, 0, 0, RNE), 0, 0);
  check_x("fclass -inf", FRUN("fclass.d a0, ft0", 0xfff0000000000000, 0, 0, 0, RNE), 1 << 0, 0);
  check_x("fclass -normal", FRUN("fclass.d a0, ft0", 0xbff0000000000000, 0, 0, 0, RNE), 1 << 1, 0);
  check_x("fclass -subnormal", FRUN("fclass.d a0, ft0", 0x800fffffffffffff, 0, 0, 0, RNE), 1 << 2, 0);
  check_x("fclass -0", FRUN("fclass.d a0, ft0", negzero, 0, 0, 0, RNE), 1 << 3, 0);
  check_x("fclass +0", FRUN("fclass.d a0, ft0", zero, 0, 0, 0, RNE), 1 << 4, 0);
  check_x("fclass +subnormal", FRUN("fclass.d a0, ft0", 1, 0, 0, 0, RNE), 1 << 5, 0);
  check_x("fclass +normal", FRUN("fclass.d a0, ft0", one, 0, 0, 0, RNE), 1 << 6, 0);
  check_x("fclass +inf", FRUN("fclass.d a0, ft0", inf, 0, 0, 0, RNE), 1 << 7, 0);
  check_x("fclass snan", FRUN("fclass.d a0, ft0", snan, 0, 0, 0, RNE), 1 << 8, 0);
  check_x("fclass qnan", FRUN("fclass.d a0, ft0", qnan, 0, 0, 0, RNE), 1 << 9, 0);
  check_f("fmadd 2*3+1", FRUN("fmadd.d ft3, ft0, ft1, ft2", two, three, one, 0, RNE), 0x401c000000000000, 0);
  check_f("fnmsub -(2*3)+1", FRUN("fnmsub.d ft3, ft0, ft1, ft2", two, three, one, 0, RNE), 0xc014000000000000, 0);
  check_f("fma inf*0+qnan", FRUN("fmadd.d ft3, ft0, ft1, ft2", inf, zero, qnan, 0, RNE), qnan, NV);
  check_f("fsgnjn is fneg", FRUN("fsgnjn.d ft3, ft0, ft0", one, 0, 0, 0, RNE), 0xbff0000000000000, 0);
  check_f("fsgnjx is fabs", FRUN("fsgnjx.d ft3, ft0, ft0", 0xbff0000000000000, 0, 0, 0, RNE), one, 0);
  check_f("fsgnj keeps a NaN payload", FRUN("fsgnj.d ft3, ft0, ft1", 0x7ff0000000012345, negzero, 0, 0, RNE),
          0xfff0000000012345, 0);
}

int main(void) {
  binary();
  unary();
  fused();
  rounding();
  corners();
  return bare_done();
}
