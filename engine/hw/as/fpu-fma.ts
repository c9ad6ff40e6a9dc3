// The fused multiply-add, a * b + c with a single rounding in any of the five modes (the
// handlers negate operands for fmsub, fnmsub and fnmadd). The fast path is the Boldo–Melquiond
// emulation described in fpu.ts, finished through fpu-round.ts; the slow path adds exactly on
// 128-bit significands and rounds with roundPack.

import { mulhu64 } from './exec/muldiv';
import {
  biasedExp,
  exactOf,
  F32,
  flag,
  infOf,
  isInf64,
  isNaN64,
  isNeg,
  isSNaN64,
  isZero64,
  nanOf,
  NV,
  RDN,
  RMM,
  SIGN64,
  sgn,
  zeroOf,
} from './fpu';
import { mulFinite } from './fpu-arith';
import {
  nudged,
  roundedOdd,
  roundPack,
  roundToSingle,
  setFast,
  shiftRightJam,
  sumSign,
  tErr,
  twoProd,
  twoSum,
  uExp,
  ulpAway,
  unpack,
} from './fpu-round';

const TWO_M1021: f64 = 4.450147717014403e-308; // 2^-1021

// 128-bit results of shr128Jam
let rh: u64 = 0;
let rl: u64 = 0;

function shr128Jam(h: u64, l: u64, n: i32): void {
  if (n <= 0) {
    rh = h;
    rl = l;
  } else if (n < 64) {
    const k: u64 = n;
    rl = (l >> k) | (h << (64 - k)) | (l << (64 - k) != 0 ? 1 : 0);
    rh = h >> k;
  } else if (n < 128) {
    rl = shiftRightJam(h, n - 64) | (l != 0 ? 1 : 0);
    rh = 0;
  } else {
    rl = (h | l) != 0 ? 1 : 0;
    rh = 0;
  }
}

/** a * b + c for finite nonzero a, b, c, exactly on 128-bit significands. */
function fmaSlow(a: u64, b: u64, c: u64, mode: u32, fmt: u32): u64 {
  const x = unpack(a);
  let pe = uExp;
  const y = unpack(b);
  pe += uExp;
  let ph = mulhu64(x, y);
  let pl = x * y;
  // both addends with their leading one at bit 125 of a 128-bit number
  if (ph >> 61 != 0) {
    pe++;
  } else {
    ph = (ph << 1) | (pl >> 63);
    pl <<= 1;
  }
  const z = unpack(c);
  const ce = uExp;
  const pneg = isNeg(a) != isNeg(b);
  const cneg = isNeg(c);
  // the larger magnitude is (bh, bl) with exponent e and sign neg; the other is aligned to it
  const cLarger = ce > pe || (ce == pe && (z >> 1 > ph || (z >> 1 == ph && z << 63 > pl)));
  const bh = cLarger ? z >> 1 : ph;
  const bl = cLarger ? z << 63 : pl;
  const e = cLarger ? ce : pe;
  const neg = cLarger ? cneg : pneg;
  if (cLarger) shr128Jam(ph, pl, ce - pe);
  else shr128Jam(z >> 1, z << 63, pe - ce);
  let h: u64;
  let l: u64;
  if (pneg == cneg) {
    l = bl + rl;
    h = bh + rh + (l < bl ? 1 : 0);
  } else {
    l = bl - rl;
    h = bh - rh - (bl < rl ? 1 : 0);
    if ((h | l) == 0) return zeroOf(mode == RDN, fmt);
  }
  const top: i32 = h != 0 ? 127 - <i32>clz(h) : 63 - <i32>clz(l);
  let sig: u64;
  if (top >= 62) {
    shr128Jam(h, l, top - 62);
    sig = rl;
  } else {
    const k: u64 = 62 - top;
    sig = l << k;
  }
  return roundPack(neg, e + top - 125, sig, mode, fmt);
}

/** a * b + c (the handlers negate operands for the other three fused forms). */
export function fma(a: u64, b: u64, c: u64, mode: u32, fmt: u32): u64 {
  const infTimesZero = (isInf64(a) && isZero64(b)) || (isZero64(a) && isInf64(b));
  if (isNaN64(a) || isNaN64(b) || isNaN64(c)) {
    // RISC-V: inf * 0 is invalid even when the addend is a quiet NaN
    if (isSNaN64(a) || isSNaN64(b) || isSNaN64(c) || infTimesZero) flag(NV);
    return nanOf(fmt);
  }
  const neg = isNeg(a) != isNeg(b);
  if (isInf64(a) || isInf64(b)) {
    if (infTimesZero || (isInf64(c) && isNeg(c) != neg)) {
      flag(NV);
      return nanOf(fmt);
    }
    return infOf(neg, fmt);
  }
  if (isInf64(c)) return infOf(isNeg(c), fmt);
  if (isZero64(a) || isZero64(b)) {
    if (!isZero64(c)) return exactOf(c, fmt);
    return zeroOf((neg && isNeg(c)) || (neg != isNeg(c) && mode == RDN), fmt);
  }
  if (isZero64(c)) return mulFinite(a, b, mode, fmt); // the exact result is the nonzero product
  const ea = biasedExp(a) - 1023;
  const eb = biasedExp(b) - 1023;
  if (
    ea > -1023 &&
    eb > -1023 &&
    ea <= 995 &&
    eb <= 995 &&
    ea + eb >= -970 &&
    ea + eb <= 1018 &&
    (c & ~SIGN64) < 0x7fb0000000000000 // |c| < 2^1020
  ) {
    const uh = twoProd(reinterpret<f64>(a), reinterpret<f64>(b));
    const ul = tErr;
    if (fmt == F32) {
      // single products are exact (ul is 0): c + uh, rounded to odd, then to single
      const s = twoSum(reinterpret<f64>(c), uh);
      if (s == 0) return zeroOf(mode == RDN, fmt);
      setFast(s, sgn(tErr), false);
      return roundToSingle(roundedOdd(), mode);
    }
    // Boldo–Melquiond: th + tl = c + uh, v = RO(tl + ul), z = RN(th + v) = RN(a*b + c)
    const th = twoSum(reinterpret<f64>(c), uh);
    const tl = tErr;
    const s = twoSum(tl, ul);
    const e = tErr;
    setFast(s, sgn(e), false);
    // (tl + ul is a multiple of 2^-1074, so a subnormal s is exact and v needs no range check)
    const v = roundedOdd();
    const z = th + v;
    if (abs<f64>(z) >= TWO_M1021) {
      // z is normal, so the final rounding was at full precision; the residual's sign is exact
      const zSign = sumSign(e, s, th, -z, 0);
      let tie = false;
      if (mode == RMM && zSign != 0 && zSign > 0 == z > 0) {
        // an error away from zero: a tie when it is exactly half an ulp of z
        tie = sumSign(e, s, th, -z, -copysign<f64>(ulpAway(z) * 0.5, z)) == 0;
      }
      setFast(z, zSign, tie);
      return nudged(mode);
    }
  }
  return fmaSlow(a, b, c, mode, fmt);
}
