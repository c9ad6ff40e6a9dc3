// An exact model of IEEE 754 binary32/binary64 arithmetic on BigInt, for the F and D tests
// (engine/hw/fp*.test.ts): every operation is computed exactly and rounded once in any of the
// five RISC-V rounding modes, with the IEEE flags (tininess detected after rounding). Written
// independently of the hart's arithmetic (engine/hw/as/fpu*.ts), which it checks.

export const RNE = 0;
export const RTZ = 1;
export const RDN = 2;
export const RUP = 3;
export const RMM = 4;
export const MODES = [RNE, RTZ, RDN, RUP, RMM];
export const MODE_NAMES = ['RNE', 'RTZ', 'RDN', 'RUP', 'RMM'];

export const NV = 0x10;
export const DZ = 0x08;
export const OF = 0x04;
export const UF = 0x02;
export const NX = 0x01;

// ---- an exact model of IEEE 754 rounding, on BigInt ----

export interface Fmt {
  name: 's' | 'd';
  width: number;
  frac: number;
  ebits: number;
  bias: number;
  emin: number;
  emax: number;
}
export const S: Fmt = { name: 's', width: 32, frac: 23, ebits: 8, bias: 127, emin: -126, emax: 127 };
export const D: Fmt = { name: 'd', width: 64, frac: 52, ebits: 11, bias: 1023, emin: -1022, emax: 1023 };

export const pow2 = (k: number): bigint => 1n << BigInt(k);
const bitlen = (n: bigint): number => n.toString(2).length;
const signOf = (n: bigint): number => (n > 0n ? 1 : n < 0n ? -1 : 0);
export const signBit = (f: Fmt): bigint => pow2(f.width - 1);
const abs = (n: bigint): bigint => (n < 0n ? -n : n);

/** A finite value as (-1)^neg * m * 2^e. */
function decode(f: Fmt, bits: bigint): { neg: boolean; m: bigint; e: number } {
  const neg = (bits & signBit(f)) !== 0n;
  const be = Number((bits >> BigInt(f.frac)) & (pow2(f.ebits) - 1n));
  const fr = bits & (pow2(f.frac) - 1n);
  if (be === 0) return { neg, m: fr, e: f.emin - f.frac };
  return { neg, m: fr | pow2(f.frac), e: be - f.bias - f.frac };
}

/** A positive exact value: floor(log2(v)), and v / 2^q split into floor, half-comparison, exactness. */
interface Magnitude {
  log2: number;
  scaled(q: number): { int: bigint; half: number; exact: boolean };
}

/** n / d * 2^k */
function rational(n: bigint, d: bigint, k: number): Magnitude {
  let l = bitlen(n) - bitlen(d);
  if (n << BigInt(Math.max(0, -l)) < d << BigInt(Math.max(0, l))) l--;
  return {
    log2: l + k,
    scaled(q) {
      const s = k - q;
      const num = s >= 0 ? n << BigInt(s) : n;
      const den = s >= 0 ? d : d << BigInt(-s);
      const int = num / den;
      const rem = num - int * den;
      return { int, half: signOf(2n * rem - den), exact: rem === 0n };
    },
  };
}

function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = pow2(Math.ceil(bitlen(n) / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** sqrt(n * 2^k) */
function root(n: bigint, k: number): Magnitude {
  if (k % 2 !== 0) {
    n <<= 1n;
    k -= 1;
  }
  return {
    log2: Math.floor((bitlen(n) - 1 + k) / 2),
    scaled(q) {
      const t = k - 2 * q;
      if (t >= 0) {
        const big = n << BigInt(t);
        const int = isqrt(big);
        return { int, half: signOf(4n * big - (2n * int + 1n) ** 2n), exact: int * int === big };
      }
      const int = isqrt(n >> BigInt(-t));
      const exact = (n & (pow2(-t) - 1n)) === 0n && int * int === n >> BigInt(-t);
      return { int, half: signOf(4n * n - (((2n * int + 1n) ** 2n) << BigInt(-t))), exact };
    },
  };
}

export interface FpResult {
  bits: bigint;
  flags: number;
}

function roundsUp(mode: number, neg: boolean, int: bigint, half: number, exact: boolean): boolean {
  if (exact) return false;
  if (mode === RNE) return half > 0 || (half === 0 && (int & 1n) === 1n);
  if (mode === RDN) return neg;
  if (mode === RUP) return !neg;
  if (mode === RMM) return half >= 0;
  return false;
}

export function maxFinite(f: Fmt): bigint {
  return ((pow2(f.ebits) - 2n) << BigInt(f.frac)) | (pow2(f.frac) - 1n);
}
export function inf(f: Fmt, neg = false): bigint {
  return (neg ? signBit(f) : 0n) | ((pow2(f.ebits) - 1n) << BigInt(f.frac));
}

/** Rounds (-1)^neg * mag to f in `mode`, with IEEE flags (tininess detected after rounding). */
function roundTo(f: Fmt, neg: boolean, mag: Magnitude, mode: number): FpResult {
  const e = mag.log2;
  const unbounded = mag.scaled(e - f.frac);
  const carried = unbounded.int + 1n === pow2(f.frac + 1);
  const tiny = (carried && roundsUp(mode, neg, unbounded.int, unbounded.half, unbounded.exact) ? e + 1 : e) < f.emin;
  const q = Math.max(e, f.emin) - f.frac;
  const r = mag.scaled(q);
  const v = r.int + (roundsUp(mode, neg, r.int, r.half, r.exact) ? 1n : 0n);
  let flags = r.exact ? 0 : NX | (tiny ? UF : 0);
  const sign = neg ? signBit(f) : 0n;
  if (v > 0n && bitlen(v) - 1 + q > f.emax) {
    flags |= OF | NX;
    const toInf = mode === RNE || mode === RMM || (mode === RDN && neg) || (mode === RUP && !neg);
    return { bits: toInf ? inf(f, neg) : sign | maxFinite(f), flags };
  }
  if (v === 0n) return { bits: sign, flags };
  const l = bitlen(v) - 1;
  if (q + l < f.emin) return { bits: sign | v, flags }; // subnormal
  const m = l > f.frac ? v >> BigInt(l - f.frac) : v << BigInt(f.frac - l);
  return { bits: sign | (BigInt(q + l + f.bias) << BigInt(f.frac)) | (m - pow2(f.frac)), flags };
}

/** Rounds the exact signed value n * 2^k (zero gives the sign of an exact cancellation). */
function roundDyadic(f: Fmt, n: bigint, k: number, mode: number): FpResult {
  if (n === 0n) return { bits: mode === RDN ? signBit(f) : 0n, flags: 0 };
  return roundTo(f, n < 0n, rational(abs(n), 1n, k), mode);
}

function signed(v: { neg: boolean; m: bigint }): bigint {
  return v.neg ? -v.m : v.m;
}

// The models take finite nonzero operands (the tests check special operands one by one).
export const model = {
  add(f: Fmt, a: bigint, b: bigint, mode: number): FpResult {
    const x = decode(f, a);
    const y = decode(f, b);
    const e = Math.min(x.e, y.e);
    return roundDyadic(f, (signed(x) << BigInt(x.e - e)) + (signed(y) << BigInt(y.e - e)), e, mode);
  },
  mul(f: Fmt, a: bigint, b: bigint, mode: number): FpResult {
    const x = decode(f, a);
    const y = decode(f, b);
    return roundDyadic(f, signed(x) * signed(y), x.e + y.e, mode);
  },
  div(f: Fmt, a: bigint, b: bigint, mode: number): FpResult {
    const x = decode(f, a);
    const y = decode(f, b);
    return roundTo(f, x.neg !== y.neg, rational(x.m, y.m, x.e - y.e), mode);
  },
  sqrt(f: Fmt, a: bigint, mode: number): FpResult {
    const x = decode(f, a);
    return roundTo(f, false, root(x.m, x.e), mode);
  },
  fma(f: Fmt, a: bigint, b: bigint, c: bigint, mode: number): FpResult {
    const x = decode(f, a);
    const y = decode(f, b);
    const z = decode(f, c);
    const pe = x.e + y.e;
    const e = Math.min(pe, z.e);
    const sum = ((signed(x) * signed(y)) << BigInt(pe - e)) + (signed(z) << BigInt(z.e - e));
    return roundDyadic(f, sum, e, mode);
  },
  /** fcvt.s.d */
  narrow(a: bigint, mode: number): FpResult {
    const x = decode(D, a);
    return roundDyadic(S, signed(x), x.e, mode);
  },
  fromInt(f: Fmt, v: bigint, mode: number): FpResult {
    return v === 0n ? { bits: 0n, flags: 0 } : roundDyadic(f, v, 0, mode);
  },
  /** fcvt to an integer of `width` bits: the x register value (32-bit ones sign-extended). */
  toInt(f: Fmt, a: bigint, mode: number, width: 32 | 64, isSigned: boolean): { x: bigint; flags: number } {
    const { neg, m, e } = decode(f, a);
    let int: bigint;
    let half = 0;
    let exact = true;
    if (e >= 0) {
      int = m << BigInt(e);
    } else {
      int = m >> BigInt(-e);
      const rem = m & (pow2(-e) - 1n);
      half = signOf(2n * rem - pow2(-e));
      exact = rem === 0n;
    }
    if (roundsUp(mode, neg, int, half, exact)) int += 1n;
    const value = neg ? -int : int;
    const min = isSigned ? -pow2(width - 1) : 0n;
    const max = isSigned ? pow2(width - 1) - 1n : pow2(width) - 1n;
    const reg = (v: bigint) => BigInt.asUintN(64, width === 32 ? BigInt.asIntN(32, v) : v);
    if (value < min || value > max) return { x: reg(neg ? min : max), flags: NV };
    return { x: reg(value), flags: exact ? 0 : NX };
  },
};
