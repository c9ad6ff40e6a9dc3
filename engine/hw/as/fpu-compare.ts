// Comparisons, fmin/fmax and fclass for the F and D extensions. feq is a quiet comparison (NV
// only for a signaling NaN), flt and fle signal on any NaN; fmin and fmax are IEEE 754-2019
// minimumNumber and maximumNumber. Operands are double bit patterns (singles widened), except
// fclass32, which takes the single's own bits.

import { biasedExp, flag, FRAC64, isNaN64, isNeg, isSNaN64, NV, QUIET64 } from './fpu';

export function feq(a: u64, b: u64): bool {
  if (isNaN64(a) || isNaN64(b)) {
    if (isSNaN64(a) || isSNaN64(b)) flag(NV); // quiet comparison
    return false;
  }
  return reinterpret<f64>(a) == reinterpret<f64>(b);
}

export function flt(a: u64, b: u64): bool {
  if (isNaN64(a) || isNaN64(b)) {
    flag(NV); // signaling comparison
    return false;
  }
  return reinterpret<f64>(a) < reinterpret<f64>(b);
}

export function fle(a: u64, b: u64): bool {
  if (isNaN64(a) || isNaN64(b)) {
    flag(NV);
    return false;
  }
  return reinterpret<f64>(a) <= reinterpret<f64>(b);
}

/**
 * IEEE 754-2019 minimumNumber / maximumNumber: 0 picks a, 1 picks b, 2 the canonical NaN.
 * A NaN operand loses to a number; -0 is below +0; a signaling NaN raises NV.
 */
export function minMax(a: u64, b: u64, max: bool): i32 {
  if (isSNaN64(a) || isSNaN64(b)) flag(NV);
  const an = isNaN64(a);
  const bn = isNaN64(b);
  if (an && bn) return 2;
  if (an) return 1;
  if (bn) return 0;
  const fa = reinterpret<f64>(a);
  const fb = reinterpret<f64>(b);
  if (fa == fb) return isNeg(a) != max ? 0 : 1; // equal, or zeros of either sign
  return fa < fb != max ? 0 : 1;
}

/** fclass: one bit of ten, from -inf (bit 0) to quiet NaN (bit 9). */
function classify(neg: bool, expAllOnes: bool, expZero: bool, fracZero: bool, quiet: bool): u64 {
  if (expAllOnes) {
    if (fracZero) return neg ? 1 << 0 : 1 << 7;
    return quiet ? 1 << 9 : 1 << 8;
  }
  if (expZero) {
    if (fracZero) return neg ? 1 << 3 : 1 << 4;
    return neg ? 1 << 2 : 1 << 5;
  }
  return neg ? 1 << 1 : 1 << 6;
}

export function fclass64(b: u64): u64 {
  const e = biasedExp(b);
  return classify(isNeg(b), e == 0x7ff, e == 0, (b & FRAC64) == 0, (b & QUIET64) != 0);
}

export function fclass32(s: u32): u64 {
  const e = (s >> 23) & 0xff;
  return classify(s >> 31 != 0, e == 0xff, e == 0, (s & 0x7fffff) == 0, (s & 0x400000) != 0);
}
