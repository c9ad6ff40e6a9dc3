// Rounding machinery for the F and D arithmetic (see fpu.ts for the rounding-mode rules):
// roundPack rounds an exact value, given as sign, exponent and significand, to single or double
// in any mode with the IEEE flags; the error-free transformations (TwoSum, Dekker's TwoProduct,
// a Shewchuk expansion sign) give the exact error of a native nearest-even result; and the
// finishing step moves that result one ulp where the requested mode says (or rounds it to odd
// and then once to single). Used by fpu-arith.ts, fpu-fma.ts and fpu-convert.ts.

import {
  biasedExp,
  F32,
  F64,
  flag,
  FRAC64,
  infOf,
  isNeg,
  MAX64,
  NX,
  OF,
  RDN,
  RMM,
  RNE,
  RTZ,
  RUP,
  SIGN64,
  sgn,
  UF,
  zeroOf,
} from './fpu';

const TWO_M126: f64 = 1.1754943508222875e-38; // 2^-126, the smallest normal single
const TWO_127: f64 = 1.7014118346046923e38; // 2^127

// ---- rounding an exact value given as sign, exponent, significand ----

/** Unpacked exponent, set by unpack(). */
export let uExp: i32 = 0;

/** Significand of a finite nonzero double, with its leading one at bit 62; exponent in uExp. */
export function unpack(b: u64): u64 {
  const e = biasedExp(b);
  const m = b & FRAC64;
  if (e == 0) {
    const lz = clz(m);
    uExp = -1011 - <i32>lz;
    return m << (lz - 1);
  }
  uExp = e - 1023;
  return (m | ((<u64>1) << 52)) << 10;
}

/** v >> n, with any bits shifted out ORed into bit 0 (the sticky bit). */
export function shiftRightJam(v: u64, n: i32): u64 {
  if (n <= 0) return v;
  if (n >= 63) return v != 0 ? 1 : 0;
  const k: u64 = n;
  return (v >> k) | (v << (64 - k) != 0 ? 1 : 0);
}

/** Whether rounding adds one at the last kept place; `rest` (nonzero) is the dropped part. */
function roundsUp(neg: bool, mode: u32, rest: u64, half: u64, odd: bool): bool {
  if (mode == RNE) return rest > half || (rest == half && odd);
  if (mode == RDN) return neg;
  if (mode == RUP) return !neg;
  if (mode == RMM) return rest >= half;
  return false;
}

function overflowed(neg: bool, mode: u32, fmt: u32): u64 {
  const toInf = mode == RNE || mode == RMM || (mode == RDN && neg) || (mode == RUP && !neg);
  if (toInf) return infOf(neg, fmt);
  if (fmt == F32) return (neg ? <u64>0x80000000 : 0) | 0x7f7fffff;
  return (neg ? SIGN64 : 0) | MAX64;
}

/**
 * Rounds (-1)^neg * sig * 2^(exp - 62) to fmt in `mode`, where sig has its leading one at bit
 * 62 and a sticky bit 0 (set when nonzero bits below it were dropped). Raises NX, UF, OF.
 */
export function roundPack(neg: bool, exp: i32, sig: u64, mode: u32, fmt: u32): u64 {
  const fracBits: u64 = fmt == F32 ? 23 : 52;
  const shift: u64 = 62 - fracBits;
  const emin: i32 = fmt == F32 ? -126 : -1022;
  const emax: i32 = fmt == F32 ? 127 : 1023;
  const restMask: u64 = ((<u64>1) << shift) - 1;
  const half: u64 = (<u64>1) << (shift - 1);
  let tiny = false;
  if (exp < emin) {
    // Tiny after rounding: unless it is just below 2^emin and rounds up to it at full precision.
    tiny = true;
    const allOnes = sig >> shift == ((<u64>1) << (fracBits + 1)) - 1;
    if (exp == emin - 1 && allOnes && (sig & restMask) != 0 && roundsUp(neg, mode, sig & restMask, half, true)) {
      tiny = false;
    }
    sig = shiftRightJam(sig, emin - exp);
    exp = emin;
  }
  const rest = sig & restMask;
  let m = sig >> shift;
  if (rest != 0) {
    flag(tiny ? NX | UF : NX);
    if (roundsUp(neg, mode, rest, half, (m & 1) != 0)) {
      m++;
      if (m == (<u64>1) << (fracBits + 1)) {
        m >>= 1;
        exp++;
      }
    }
  }
  if (exp > emax) {
    flag(OF | NX);
    return overflowed(neg, mode, fmt);
  }
  const biased: u64 = m >> fracBits != 0 ? <u64>(exp + (fmt == F32 ? 127 : 1023)) : 0;
  const signBit: u64 = neg ? (<u64>1) << (fracBits + (fmt == F32 ? 8 : 11)) : 0;
  return signBit | (biased << fracBits) | (m & (((<u64>1) << fracBits) - 1));
}

/** Rounds a finite double (already round-to-odd when it came from an inexact result) to single. */
export function roundToSingle(x: f64, mode: u32): u64 {
  const ax = abs<f64>(x);
  if (mode == RNE && ax >= TWO_M126 && ax < TWO_127) {
    // normal single range (2^-126 .. 2^127): WebAssembly's demotion rounds to nearest-even
    const r = <f32>x;
    if (<f64>r != x) flag(NX);
    return reinterpret<u32>(r);
  }
  const b = reinterpret<u64>(x);
  if (x == 0) return zeroOf(isNeg(b), F32);
  const sig = unpack(b);
  return roundPack(isNeg(b), uExp, sig, mode, F32);
}

// ---- error-free transformations (valid without overflow; TwoProduct needs the range checks) ----

/** Error of the last twoSum/twoProd: a + b (or a * b) == result + tErr exactly. */
export let tErr: f64 = 0;

export function twoSum(a: f64, b: f64): f64 {
  const s = a + b;
  const bb = s - a;
  tErr = a - (s - bb) + (b - bb);
  return s;
}

/** Veltkamp split and Dekker product; exact when both exponents are <= 995 and sum >= -970. */
export function twoProd(a: f64, b: f64): f64 {
  const p = a * b;
  let t = 134217729.0 * a; // 2^27 + 1
  const ah = t - (t - a);
  const al = a - ah;
  t = 134217729.0 * b;
  const bh = t - (t - b);
  const bl = b - bh;
  tErr = ah * bh - p + ah * bl + al * bh + al * bl;
  return p;
}

/** Exact sign of x0 + x1 + x2 + x3 + x4, by growing a Shewchuk nonoverlapping expansion. */
export function sumSign(x0: f64, x1: f64, x2: f64, x3: f64, x4: f64): i32 {
  let q = twoSum(x1, x0);
  let g0 = tErr;
  let g1 = q;
  q = twoSum(x2, g0);
  g0 = tErr;
  q = twoSum(q, g1);
  g1 = tErr;
  let g2 = q;
  q = twoSum(x3, g0);
  g0 = tErr;
  q = twoSum(q, g1);
  g1 = tErr;
  q = twoSum(q, g2);
  g2 = tErr;
  let g3 = q;
  q = twoSum(x4, g0);
  g0 = tErr;
  q = twoSum(q, g1);
  g1 = tErr;
  q = twoSum(q, g2);
  g2 = tErr;
  q = twoSum(q, g3);
  g3 = tErr;
  // components grow in magnitude and do not overlap: the largest nonzero one has the sum's sign
  if (q != 0) return sgn(q);
  if (g3 != 0) return sgn(g3);
  if (g2 != 0) return sgn(g2);
  if (g1 != 0) return sgn(g1);
  return sgn(g0);
}

/** The gap from |r| to the next double away from zero (r finite, nonzero, below the maximum). */
export function ulpAway(r: f64): f64 {
  const a = abs<f64>(r);
  return reinterpret<f64>(reinterpret<u64>(a) + 1) - a;
}

/** Whether error e of the RN result r is exactly half an ulp, away from zero (an RMM tie). */
export function isTieAway(r: f64, e: f64): bool {
  return e != 0 && e > 0 == r > 0 && abs<f64>(e) * 2 == ulpAway(r);
}

// ---- finishing a fast-path result: eR is the RN result, eSign the sign of (exact - eR) ----

let eR: f64 = 0;
let eSign: i32 = 0;
let eTie: bool = false;

/** Starts finishing a fast-path result: r, the sign of (exact - r), whether it is an RMM tie. */
export function setFast(r: f64, sign: i32, tie: bool): void {
  eR = r;
  eSign = sign;
  eTie = tie;
}

/** Whether the exact value is farther from zero than eR (eR is nonzero when inexact). */
function errAway(): bool {
  return eSign > 0 == eR > 0;
}

/**
 * The double result in `mode`: eR moved one ulp toward the exact value where the mode says. The
 * fast paths keep eR between 2^-1021 and 2^1022, so a move never overflows or goes subnormal.
 */
export function nudged(mode: u32): u64 {
  let bits = reinterpret<u64>(eR);
  if (eSign == 0) return bits;
  flag(NX);
  const away = errAway();
  let move = false;
  if (mode == RTZ) move = !away;
  else if (mode == RDN) move = eSign < 0;
  else if (mode == RUP) move = eSign > 0;
  else if (mode == RMM) move = eTie;
  if (move) bits = away ? bits + 1 : bits - 1;
  return bits;
}

/** eR rounded to odd: when inexact and eR's last bit is even, its neighbour toward the exact value. */
export function roundedOdd(): f64 {
  let bits = reinterpret<u64>(eR);
  if (eSign != 0 && (bits & 1) == 0) bits = errAway() ? bits + 1 : bits - 1;
  return reinterpret<f64>(bits);
}

export function finish(mode: u32, fmt: u32): u64 {
  return fmt == F64 ? nudged(mode) : roundToSingle(roundedOdd(), mode);
}
