// IEEE 754 arithmetic for the F and D extensions: rounding in the five RISC-V rounding modes,
// the exception flags, special values, and conversions. The handlers in exec/float.ts decode
// operands and call these; every function here takes and returns raw bit patterns.
//
// Rounding-mode behaviour. Every result is correctly rounded in all five modes, for every
// operation and every exponent range; there are no known deviations from the RISC-V F and D
// specification (checked against an exact BigInt model and bit for bit against qemu-riscv64).
//
// - Mode selection: the instruction's rm field; rm 7 (DYN) takes frm from fcsr bits 7:5. rm 5
//   or 6, or DYN with frm 5, 6 or 7, is an illegal instruction, raised before anything is
//   written, for every instruction with an rm field, even exact ones (fcvt.d.s, fcvt.d.w[u]).
// - Flags: NX exactly when the result differs from the exact value. UF when the result is tiny
//   and inexact, with tininess detected AFTER rounding, as RISC-V specifies (a value that,
//   rounded to full precision with an unbounded exponent, reaches the smallest normal is not
//   tiny). OF (with NX) when the result rounded with an unbounded exponent exceeds the largest
//   finite number; the result is then infinity in RNE and RMM, the largest finite number in RTZ,
//   +largest finite or -infinity in RDN, +infinity or -largest finite in RUP. NV for signaling
//   NaN operands and invalid operations; DZ for a finite nonzero number divided by zero.
// - Doubles, fast path: WebAssembly arithmetic only rounds to nearest-even. The native result r
//   is computed, then the sign of the exact error (exact - r) by an error-free transformation:
//   TwoSum for add; Veltkamp/Dekker TwoProduct for mul; the exact remainder a - q*b (through
//   TwoProduct) for div; x - s*s for sqrt; for fma the Boldo–Melquiond emulation (TwoProduct,
//   TwoSum, a round-to-odd addition of the low parts, a final nearest-even addition) with the
//   residual's sign from an exact Shewchuk expansion. RTZ, RDN and RUP move r one ulp toward the
//   exact value when r lies on the wrong side of it; RMM moves r one ulp away from zero only on
//   an exact tie that nearest-even rounded toward zero (div and sqrt results never tie there).
// - Doubles, slow path: where those transformations could overflow or lose their error term
//   (operands above 2^995 for the Dekker split, error terms below 2^-1074, results that are
//   subnormal or near the overflow threshold), the operation is done exactly on integers
//   instead (64- or 128-bit significands with a sticky bit, long division) and rounded by
//   roundPack. The two paths give identical results; the fast one is only for speed. sqrt has
//   no slow path: operands below 2^-899 or above 2^977 are scaled by 2^600 or 2^-600 first, and
//   the root back by 2^-300 or 2^300, all exactly.
// - Singles: operands are widened to double (exactly), the exact result is rounded to double
//   with round-to-odd (the nearest-even result and the error sign from the same transformations;
//   products of singles are exact in double), and that is rounded once to single in the
//   requested mode. Round-to-odd at 53 bits followed by rounding to 24 bits (or fewer, for
//   subnormals) equals one correct rounding, since 53 >= 24 + 2.
// - Conversions to integer round first, with the WebAssembly integral roundings (nearest-even,
//   trunc, floor, ceil; RMM is trunc plus one away from zero when the dropped fraction is at
//   least one half), then check the range: NaN and out-of-range values saturate as the spec's
//   table says (NaN to the largest value) and raise NV only, never NX. So -0.5 to an unsigned
//   integer is 0 with NX in RTZ, RUP and RNE but invalid (0, NV) in RDN and RMM. 32-bit results
//   are sign-extended to 64 bits, unsigned ones included.
// - Integer to float and fcvt.s.d round in the requested mode through the same roundPack.
// - NaNs: a NaN result is always the canonical NaN (payloads never propagate, and WebAssembly's
//   nondeterministic NaN bits never escape: special operands are handled before any native
//   arithmetic). Singles in registers that are not NaN-boxed read as the canonical single NaN.

import { fcsrRead, raiseFlags } from './cpu';
import { mulhu64 } from './exec/muldiv';

export const RNE: u32 = 0;
export const RTZ: u32 = 1;
export const RDN: u32 = 2;
export const RUP: u32 = 3;
export const RMM: u32 = 4;

export const NV: u32 = 0x10;
export const DZ: u32 = 0x08;
export const OF: u32 = 0x04;
export const UF: u32 = 0x02;
export const NX: u32 = 0x01;

/** Result formats: single results are the 32 bits, unboxed (the handler boxes them). */
export const F32: u32 = 0;
export const F64: u32 = 1;

const SIGN64: u64 = 0x8000000000000000;
const EXP64: u64 = 0x7ff0000000000000;
const FRAC64: u64 = 0x000fffffffffffff;
const QUIET64: u64 = 0x0008000000000000;
const MAX64: u64 = EXP64 - 1; // the largest finite double
export const CANON64: u64 = 0x7ff8000000000000;
export const CANON32: u32 = 0x7fc00000;
export const BOX: u64 = 0xffffffff00000000;
const TWO_600: f64 = 4.149515568880993e180; // 2^600 (shortest round-trip decimals, so exact)
const TWO_M300: f64 = 4.909093465297727e-91; // 2^-300
const TWO_M600: f64 = 2.409919865102884e-181; // 2^-600
const TWO_300: f64 = 2.037035976334486e90; // 2^300
const TWO_M1021: f64 = 4.450147717014403e-308; // 2^-1021
const TWO_M126: f64 = 1.1754943508222875e-38; // 2^-126, the smallest normal single
const TWO_127: f64 = 1.7014118346046923e38; // 2^127

// ---- flags and rounding mode ----

/** Flags raised by the operation in progress; committed by the handler once it cannot trap. */
let pending: u32 = 0;

function flag(f: u32): void {
  pending |= f;
}

export function commitFlags(): void {
  raiseFlags(pending);
  pending = 0;
}

/** The instruction's rounding mode: its rm field, or frm when rm is 7. Above RMM is illegal. */
export function roundingMode(insn: u32): u32 {
  const rm = (insn >> 12) & 7;
  return rm == 7 ? (fcsrRead() >> 5) & 7 : rm;
}

// ---- classification of double bit patterns (singles are widened first) ----

function isNaN64(b: u64): bool {
  return (b & ~SIGN64) > EXP64;
}
function isSNaN64(b: u64): bool {
  return isNaN64(b) && (b & QUIET64) == 0;
}
function isInf64(b: u64): bool {
  return (b & ~SIGN64) == EXP64;
}
function isZero64(b: u64): bool {
  return b << 1 == 0;
}
function isNeg(b: u64): bool {
  return b >> 63 != 0;
}
function biasedExp(b: u64): i32 {
  return <i32>((b >> 52) & 0x7ff);
}
function sgn(x: f64): i32 {
  return x > 0 ? 1 : x < 0 ? -1 : 0;
}

/** A NaN-boxed register's single, or the canonical NaN when the upper half is not all ones. */
export function unboxS(reg: u64): u32 {
  return reg >> 32 == 0xffffffff ? <u32>reg : CANON32;
}

/** Widens single bits to double bits: exact for numbers; a NaN keeps sign, quiet bit, payload. */
export function widen(s: u32): u64 {
  if ((s & 0x7fffffff) > 0x7f800000) return ((<u64>(s >> 31)) << 63) | EXP64 | ((<u64>(s & 0x7fffff)) << 29);
  return reinterpret<u64>(<f64>reinterpret<f32>(s));
}

function nanOf(fmt: u32): u64 {
  return fmt == F32 ? <u64>CANON32 : CANON64;
}
function infOf(neg: bool, fmt: u32): u64 {
  if (fmt == F32) return (neg ? <u64>0x80000000 : 0) | 0x7f800000;
  return (neg ? SIGN64 : 0) | EXP64;
}
function zeroOf(neg: bool, fmt: u32): u64 {
  if (fmt == F32) return neg ? <u64>0x80000000 : 0;
  return neg ? SIGN64 : 0;
}
/** A double that is exactly representable in fmt, in fmt's encoding. */
function exactOf(b: u64, fmt: u32): u64 {
  return fmt == F64 ? b : <u64>reinterpret<u32>(<f32>reinterpret<f64>(b));
}

/** NaN operands: raises NV for a signaling one; true when the result is the canonical NaN. */
function nanIn(a: u64, b: u64): bool {
  if (!isNaN64(a) && !isNaN64(b)) return false;
  if (isSNaN64(a) || isSNaN64(b)) flag(NV);
  return true;
}

// ---- rounding an exact value given as sign, exponent, significand ----

/** Unpacked exponent, set by unpack(). */
let uExp: i32 = 0;

/** Significand of a finite nonzero double, with its leading one at bit 62; exponent in uExp. */
function unpack(b: u64): u64 {
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
function shiftRightJam(v: u64, n: i32): u64 {
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
function roundPack(neg: bool, exp: i32, sig: u64, mode: u32, fmt: u32): u64 {
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
function roundToSingle(x: f64, mode: u32): u64 {
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
let tErr: f64 = 0;

function twoSum(a: f64, b: f64): f64 {
  const s = a + b;
  const bb = s - a;
  tErr = a - (s - bb) + (b - bb);
  return s;
}

/** Veltkamp split and Dekker product; exact when both exponents are <= 995 and sum >= -970. */
function twoProd(a: f64, b: f64): f64 {
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
function sumSign(x0: f64, x1: f64, x2: f64, x3: f64, x4: f64): i32 {
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
function ulpAway(r: f64): f64 {
  const a = abs<f64>(r);
  return reinterpret<f64>(reinterpret<u64>(a) + 1) - a;
}

/** Whether error e of the RN result r is exactly half an ulp, away from zero (an RMM tie). */
function isTieAway(r: f64, e: f64): bool {
  return e != 0 && e > 0 == r > 0 && abs<f64>(e) * 2 == ulpAway(r);
}

// ---- finishing a fast-path result: eR is the RN result, eSign the sign of (exact - eR) ----

let eR: f64 = 0;
let eSign: i32 = 0;
let eTie: bool = false;

/** Whether the exact value is farther from zero than eR (eR is nonzero when inexact). */
function errAway(): bool {
  return eSign > 0 == eR > 0;
}

/**
 * The double result in `mode`: eR moved one ulp toward the exact value where the mode says. The
 * fast paths keep eR between 2^-1021 and 2^1022, so a move never overflows or goes subnormal.
 */
function nudged(mode: u32): u64 {
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
function roundedOdd(): f64 {
  let bits = reinterpret<u64>(eR);
  if (eSign != 0 && (bits & 1) == 0) bits = errAway() ? bits + 1 : bits - 1;
  return reinterpret<f64>(bits);
}

function finish(mode: u32, fmt: u32): u64 {
  return fmt == F64 ? nudged(mode) : roundToSingle(roundedOdd(), mode);
}

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
    eR = s;
    eSign = sgn(tErr);
    eTie = mode == RMM && isTieAway(s, tErr);
    return finish(mode, fmt);
  }
  return addSlow(a, b, mode, fmt);
}

/** Product of finite nonzero a and b. */
function mulFinite(a: u64, b: u64, mode: u32, fmt: u32): u64 {
  const ea = biasedExp(a) - 1023;
  const eb = biasedExp(b) - 1023;
  if (ea > -1023 && eb > -1023 && ea <= 995 && eb <= 995 && ea + eb >= -970 && ea + eb <= 1020) {
    eR = twoProd(reinterpret<f64>(a), reinterpret<f64>(b));
    eSign = sgn(tErr);
    eTie = mode == RMM && isTieAway(eR, tErr);
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
      eR = q;
      eSign = fb > 0 ? rem : -rem;
      eTie = false; // a quotient of 53-bit numbers is never a midpoint of normal doubles
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
  eR = s;
  eSign = d > tErr ? 1 : d < tErr ? -1 : 0; // sign of x - s*s; roots are never midpoints
  eTie = false;
  if (fmt == F64) {
    const r = reinterpret<f64>(nudged(mode));
    return reinterpret<u64>(scale > 0 ? r * TWO_M300 : scale < 0 ? r * TWO_300 : r);
  }
  return roundToSingle(roundedOdd(), mode); // single operands never need the scaling
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
      eR = s;
      eSign = sgn(tErr);
      return roundToSingle(roundedOdd(), mode);
    }
    // Boldo–Melquiond: th + tl = c + uh, v = RO(tl + ul), z = RN(th + v) = RN(a*b + c)
    const th = twoSum(reinterpret<f64>(c), uh);
    const tl = tErr;
    const s = twoSum(tl, ul);
    const e = tErr;
    eR = s;
    eSign = sgn(e);
    // (tl + ul is a multiple of 2^-1074, so a subnormal s is exact and v needs no range check)
    const v = roundedOdd();
    const z = th + v;
    if (abs<f64>(z) >= TWO_M1021) {
      // z is normal, so the final rounding was at full precision; the residual's sign is exact
      eR = z;
      eSign = sumSign(e, s, th, -z, 0);
      eTie = false;
      if (mode == RMM && eSign != 0 && errAway()) {
        eTie = sumSign(e, s, th, -z, -copysign<f64>(ulpAway(z) * 0.5, z)) == 0;
      }
      return nudged(mode);
    }
  }
  return fmaSlow(a, b, c, mode, fmt);
}

// ---- comparisons, min/max, classification ----

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

// ---- conversions ----

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
