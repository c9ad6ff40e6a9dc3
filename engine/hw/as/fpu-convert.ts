// Conversions for the F and D extensions: float to integer (round in the mode, then saturate
// out-of-range values and NaN with NV alone), integer to float and fcvt.s.d (rounded by
// roundPack), and fcvt.d.s (exact; only the NaN handling is left). See fpu.ts for the rules.

import {
  CANON32,
  CANON64,
  F32,
  flag,
  infOf,
  isInf64,
  isNaN64,
  isNeg,
  isSNaN64,
  NV,
  NX,
  RDN,
  RMM,
  RTZ,
  RUP,
  zeroOf,
} from './fpu';
import { roundPack, roundToSingle } from './fpu-round';

export const TO_W: u32 = 0;
export const TO_WU: u32 = 1;
export const TO_L: u32 = 2;
export const TO_LU: u32 = 3;

/** x rounded to an integral value in `mode` (x finite). */
function roundIntegral(x: f64, mode: u32): f64 {
  if (mode == RTZ) return trunc<f64>(x);
  if (mode == RDN) return floor<f64>(x);
  if (mode == RUP) return ceil<f64>(x);
  if (mode == RMM) {
    // x - t is exact: below 2^52 both have the same exponent or less; above, x is integral
    const t = trunc<f64>(x);
    return abs<f64>(x - t) >= 0.5 ? t + copysign<f64>(1, x) : t;
  }
  return nearest<f64>(x);
}

/**
 * fcvt.{w,wu,l,lu}.{s,d}: double bits (singles widened) to an integer of kind `to`, as the
 * x register value (32-bit results sign-extended, even unsigned ones). Out of range and NaN
 * saturate with NV only; NaN gives the largest value.
 */
export function toInt(a: u64, mode: u32, to: u32): u64 {
  const x = reinterpret<f64>(a);
  let lo: f64;
  let hi: f64; // the valid range is [lo, hi]
  if (to == TO_W) {
    lo = -2147483648.0;
    hi = 2147483647.0;
  } else if (to == TO_WU) {
    lo = 0;
    hi = 4294967295.0;
  } else if (to == TO_L) {
    lo = -9223372036854775808.0;
    hi = 9223372036854774784.0; // the largest double below 2^63
  } else {
    lo = 0;
    hi = 18446744073709549568.0; // the largest double below 2^64
  }
  const nan = isNaN64(a);
  const r = nan ? x : roundIntegral(x, mode);
  if (nan || !(r >= lo && r <= hi)) {
    flag(NV);
    const low = !nan && isNeg(a);
    if (to == TO_W) return low ? 0xffffffff80000000 : 0x7fffffff;
    if (to == TO_WU) return low ? 0 : u64.MAX_VALUE;
    if (to == TO_L) return low ? <u64>i64.MIN_VALUE : <u64>i64.MAX_VALUE;
    return low ? 0 : u64.MAX_VALUE;
  }
  if (r != x) flag(NX);
  if (to == TO_LU) return <u64>r;
  if (to == TO_WU) return <u64>(<i64>(<i32>(<u32>(<i64>r))));
  return <u64>(<i64>r);
}

/** fcvt.{s,d}.{w,wu,l,lu}: integer v (signed or not, already extended to 64 bits) to fmt. */
export function fromInt(v: u64, signed: bool, mode: u32, fmt: u32): u64 {
  const neg = signed && <i64>v < 0;
  const m = neg ? 0 - v : v;
  if (m == 0) return zeroOf(false, fmt);
  const lz = clz(m);
  if (lz == 0) return roundPack(neg, 63, (m >> 1) | (m & 1), mode, fmt);
  return roundPack(neg, 63 - <i32>lz, m << (lz - 1), mode, fmt);
}

/** fcvt.s.d */
export function narrow(a: u64, mode: u32): u64 {
  if (isNaN64(a)) {
    if (isSNaN64(a)) flag(NV);
    return CANON32;
  }
  if (isInf64(a)) return infOf(isNeg(a), F32);
  return roundToSingle(reinterpret<f64>(a), mode);
}

/** fcvt.d.s, on the widened single */
export function widenChecked(a: u64): u64 {
  if (isNaN64(a)) {
    if (isSNaN64(a)) flag(NV);
    return CANON64;
  }
  return a;
}
