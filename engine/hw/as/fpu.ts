// IEEE 754 arithmetic for the F and D extensions: rounding in the five RISC-V rounding modes,
// the exception flags, special values, and conversions. The handlers in exec/float.ts decode
// operands and call these; every function takes and returns raw bit patterns.
//
// The arithmetic is split by job; this module is the entry point and holds what they share:
// - fpu.ts (here): rounding-mode and flag constants, the pending exception flags, the
//   instruction's rounding mode, classification of bit patterns, NaN-boxing, special values.
// - fpu-round.ts: rounding an exact value to a format (roundPack), the error-free
//   transformations, and finishing a fast-path result in the requested mode.
// - fpu-arith.ts: add, sub, mul, div and sqrt (fast paths and exact slow paths).
// - fpu-fma.ts: the fused multiply-add.
// - fpu-compare.ts: feq, flt, fle, fmin/fmax and fclass.
// - fpu-convert.ts: float <-> integer conversions, fcvt.s.d and fcvt.d.s.
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

export const SIGN64: u64 = 0x8000000000000000;
export const EXP64: u64 = 0x7ff0000000000000;
export const FRAC64: u64 = 0x000fffffffffffff;
export const QUIET64: u64 = 0x0008000000000000;
export const MAX64: u64 = EXP64 - 1; // the largest finite double
export const CANON64: u64 = 0x7ff8000000000000;
export const CANON32: u32 = 0x7fc00000;
export const BOX: u64 = 0xffffffff00000000;

// ---- flags and rounding mode ----

/** Flags raised by the operation in progress; committed by the handler once it cannot trap. */
let pending: u32 = 0;

export function flag(f: u32): void {
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

export function isNaN64(b: u64): bool {
  return (b & ~SIGN64) > EXP64;
}
export function isSNaN64(b: u64): bool {
  return isNaN64(b) && (b & QUIET64) == 0;
}
export function isInf64(b: u64): bool {
  return (b & ~SIGN64) == EXP64;
}
export function isZero64(b: u64): bool {
  return b << 1 == 0;
}
export function isNeg(b: u64): bool {
  return b >> 63 != 0;
}
export function biasedExp(b: u64): i32 {
  return <i32>((b >> 52) & 0x7ff);
}
export function sgn(x: f64): i32 {
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

export function nanOf(fmt: u32): u64 {
  return fmt == F32 ? <u64>CANON32 : CANON64;
}
export function infOf(neg: bool, fmt: u32): u64 {
  if (fmt == F32) return (neg ? <u64>0x80000000 : 0) | 0x7f800000;
  return (neg ? SIGN64 : 0) | EXP64;
}
export function zeroOf(neg: bool, fmt: u32): u64 {
  if (fmt == F32) return neg ? <u64>0x80000000 : 0;
  return neg ? SIGN64 : 0;
}
/** A double that is exactly representable in fmt, in fmt's encoding. */
export function exactOf(b: u64, fmt: u32): u64 {
  return fmt == F64 ? b : <u64>reinterpret<u32>(<f32>reinterpret<f64>(b));
}

/** NaN operands: raises NV for a signaling one; true when the result is the canonical NaN. */
export function nanIn(a: u64, b: u64): bool {
  if (!isNaN64(a) && !isNaN64(b)) return false;
  if (isSNaN64(a) || isSNaN64(b)) flag(NV);
  return true;
}
