// add, sub, mul, div and sqrt on double bit patterns (singles widened), with the result in
// either format, correctly rounded in all five modes (the rules are in fpu.ts). Each operation
// handles the special operands, then takes the fast path (native nearest-even result plus its
// exact error sign, finished in fpu-round.ts) or, out of that path's range, the exact slow path
// on integer significands rounded by roundPack.

import { mulhu64 } from './exec/muldiv';
import {
  biasedExp,
  DZ,
  exactOf,
  F64,
  flag,
  infOf,
  isInf64,
  isNaN64,
  isNeg,
  isSNaN64,
  isZero64,
  nanIn,
  nanOf,
  NV,
  RDN,
  RMM,
  SIGN64,
  sgn,
  zeroOf,
} from './fpu';
import {
  finish,
  isTieAway,
  nudged,
  roundedOdd,
  roundPack,
  roundToSingle,
  setFast,
  shiftRightJam,
  tErr,
  twoProd,
  twoSum,
  uExp,
  unpack,
} from './fpu-round';

const TWO_600: f64 = 4.149515568880993e180; // 2^600 (shortest round-trip decimals, so exact)
const TWO_M300: f64 = 4.909093465297727e-91; // 2^-300
const TWO_M600: f64 = 2.409919865102884e-181; // 2^-600
const TWO_300: f64 = 2.037035976334486e90; // 2^300

// ---- slow paths: exact integer arithmetic, then roundPack ----

function addSlow(a: u64, b: u64, mode: u32, fmt: u32): u64 {
  let ma = unpack(a) >> 1; // leading one at bit 61: room for the carry
  let ea = uExp;
  let mb = unpack(b) >> 1;
  let eb = uExp;
  let na = isNeg(a);
  let nb = isNeg(b);
  if (ea < eb || (ea == eb && ma < mb)) {
    const m = ma;
    ma = mb;
    mb = m;
    const e = ea;
    ea = eb;
    eb = e;
    const n = na;
    na = nb;
    nb = n;
  }
  mb = shiftRightJam(mb, ea - eb);
  let m: u64;
  if (na == nb) {
    m = ma + mb;
  } else {
    m = ma - mb;
    if (m == 0) return zeroOf(mode == RDN, fmt);
  }
  const lz = clz(m);
  return roundPack(na, ea + 2 - <i32>lz, m << (lz - 1), mode, fmt);
}

function mulSlow(a: u64, b: u64, mode: u32, fmt: u32): u64 {
  const x = unpack(a);
  let exp = uExp;
  const y = unpack(b);
  exp += uExp;
  const hi = mulhu64(x, y); // product of two [2^62, 2^63) numbers: in [2^124, 2^126)
  const lo = x * y;
  let sig: u64;
  if (hi >> 61 != 0) {
    sig = (hi << 1) | (lo >> 63) | (lo << 1 != 0 ? 1 : 0);
    exp++;
  } else {
    sig = (hi << 2) | (lo >> 62) | (lo << 2 != 0 ? 1 : 0);
  }
  return roundPack(isNeg(a) != isNeg(b), exp, sig, mode, fmt);
}

function divSlow(a: u64, b: u64, mode: u32, fmt: u32): u64 {
  let x = unpack(a) >> 10; // 53-bit significands
  let exp = uExp;
  const y = unpack(b) >> 10;
  exp -= uExp;
  if (x < y) {
    x <<= 1;
    exp--;
  }
  // long division, 11 quotient bits per step (the remainder stays below 2^53)
  let q: u64 = 1;
  let r = x - y;
  let left: i32 = 62;
  while (left > 0) {
    const k: u64 = left > 11 ? 11 : <u64>left;
    r <<= k;
    q = (q << k) | (r / y);
    r %= y;
    left -= <i32>k;
  }
  return roundPack(isNeg(a) != isNeg(b), exp, q | (r != 0 ? 1 : 0), mode, fmt);
}

// ---- the arithmetic operations, on double bits (singles widened), result in fmt ----

export function fadd(a: u64, b: u64, mode: u32, fmt: u32): u64 {
  if (nanIn(a, b)) return nanOf(fmt);
  if (isInf64(a) || isInf64(b)) {
    if (isInf64(a) && isInf64(b) && isNeg(a) != isNeg(b)) {
      flag(NV);
      return nanOf(fmt);
    }
    return infOf(isNeg(isInf64(a) ? a : b), fmt);
  }
  if (isZero64(a) || isZero64(b)) {
    if (!isZero64(a)) return exactOf(a, fmt);
    if (!isZero64(b)) return exactOf(b, fmt);
    // +0 + -0 is +0, except -0 when rounding down
    return zeroOf((isNeg(a) && isNeg(b)) || (isNeg(a) != isNeg(b) && mode == RDN), fmt);
  }
  if ((a & ~SIGN64) < 0x7fd0000000000000 && (b & ~SIGN64) < 0x7fd0000000000000) {
    // both below 2^1022: no overflow anywhere; an inexact sum is far above the subnormals
    const s = twoSum(reinterpret<f64>(a), reinterpret<f64>(b));
    if (s == 0) return zeroOf(mode == RDN, fmt);
    setFast(s, sgn(tErr), mode == RMM && isTieAway(s, tErr));
    return finish(mode, fmt);
  }
  return addSlow(a, b, mode, fmt);
}

/** Product of finite nonzero a and b. */
export function mulFinite(a: u64, b: u64, mode: u32, fmt: u32): u64 {
  const ea = biasedExp(a) - 1023;
  const eb = biasedExp(b) - 1023;
  if (ea > -1023 && eb > -1023 && ea <= 995 && eb <= 995 && ea + eb >= -970 && ea + eb <= 1020) {
    const p = twoProd(reinterpret<f64>(a), reinterpret<f64>(b));
    setFast(p, sgn(tErr), mode == RMM && isTieAway(p, tErr));
    return finish(mode, fmt);
  }
  return mulSlow(a, b, mode, fmt);
}

export function fmul(a: u64, b: u64, mode: u32, fmt: u32): u64 {
  if (nanIn(a, b)) return nanOf(fmt);
  const neg = isNeg(a) != isNeg(b);
  if (isInf64(a) || isInf64(b)) {
    if (isZero64(a) || isZero64(b)) {
      flag(NV);
      return nanOf(fmt);
    }
    return infOf(neg, fmt);
  }
  if (isZero64(a) || isZero64(b)) return zeroOf(neg, fmt);
  return mulFinite(a, b, mode, fmt);
}

export function fdiv(a: u64, b: u64, mode: u32, fmt: u32): u64 {
  if (nanIn(a, b)) return nanOf(fmt);
  const neg = isNeg(a) != isNeg(b);
  if (isInf64(a)) {
    if (isInf64(b)) {
      flag(NV);
      return nanOf(fmt);
    }
    return infOf(neg, fmt);
  }
  if (isInf64(b)) return zeroOf(neg, fmt);
  if (isZero64(b)) {
    if (isZero64(a)) {
      flag(NV);
      return nanOf(fmt);
    }
    flag(DZ);
    return infOf(neg, fmt);
  }
  if (isZero64(a)) return zeroOf(neg, fmt);
  const fa = reinterpret<f64>(a);
  const fb = reinterpret<f64>(b);
  const ea = biasedExp(a) - 1023;
  const eb = biasedExp(b) - 1023;
  if (ea > -1023 && ea <= 1021 && eb > -1023 && eb <= 995) {
    const q = fa / fb;
    const eq = biasedExp(reinterpret<u64>(q)) - 1023;
    if (eq >= -1021 && eq <= 995 && eq + eb >= -968) {
      // remainder a - q*b = (a - p) - e exactly, where q*b = p + e and a - p is exact (Sterbenz)
      const p = twoProd(q, fb);
      const d = fa - p;
      const rem = d > tErr ? 1 : d < tErr ? -1 : 0;
      // not a tie: a quotient of 53-bit numbers is never a midpoint of normal doubles
      setFast(q, fb > 0 ? rem : -rem, false);
      return finish(mode, fmt);
    }
  }
  return divSlow(a, b, mode, fmt);
}

export function fsqrt(a: u64, mode: u32, fmt: u32): u64 {
  if (isNaN64(a)) {
    if (isSNaN64(a)) flag(NV);
    return nanOf(fmt);
  }
  if (isZero64(a)) return exactOf(a, fmt); // sqrt(-0) is -0
  if (isNeg(a)) {
    flag(NV);
    return nanOf(fmt);
  }
  if (isInf64(a)) return infOf(false, fmt);
  // Scale into a range where s*s and its error term are exact doubles: below 2^-899 by 2^600
  // (the root by 2^-300 afterwards), above 2^977 by 2^-600 (the root by 2^300). Exact both ways.
  const be = biasedExp(a);
  const scale: i32 = be < 124 ? 1 : be > 2000 ? -1 : 0;
  let x = reinterpret<f64>(a);
  if (scale > 0) x *= TWO_600;
  else if (scale < 0) x *= TWO_M600;
  const s = sqrt<f64>(x);
  const p = twoProd(s, s);
  const d = x - p;
  setFast(s, d > tErr ? 1 : d < tErr ? -1 : 0, false); // sign of x - s*s; roots are never midpoints
  if (fmt == F64) {
    const r = reinterpret<f64>(nudged(mode));
    return reinterpret<u64>(scale > 0 ? r * TWO_M300 : scale < 0 ? r * TWO_300 : r);
  }
  return roundToSingle(roundedOdd(), mode); // single operands never need the scaling
}
