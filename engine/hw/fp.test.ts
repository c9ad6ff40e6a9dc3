// The F and D extensions on the real wasm hart: every instruction, the spec's edge cases
// (NaN-boxing, canonical NaNs, fmin/fmax, saturating conversions, exception flags, reserved
// rounding modes), and random operands in all five rounding modes checked against an exact
// BigInt model of IEEE 754 rounding written here, independently of the hart's arithmetic.

import { beforeAll, describe, expect, it } from 'vitest';
import { encode } from './isa/encode';
import { BASE_INSTRUCTIONS } from './isa/instructions';
import { RAM_OFFSET } from './memory-map';
import { createTestHart, type TestHart } from './testing/test-hart';
import { CAUSE_BREAKPOINT, CAUSE_ILLEGAL_INSTRUCTION, CAUSE_LOAD_ACCESS } from './trap-codes';

const RNE = 0;
const RTZ = 1;
const RDN = 2;
const RUP = 3;
const RMM = 4;
const MODES = [RNE, RTZ, RDN, RUP, RMM];
const MODE_NAMES = ['RNE', 'RTZ', 'RDN', 'RUP', 'RMM'];

const NV = 0x10;
const DZ = 0x08;
const OF = 0x04;
const UF = 0x02;
const NX = 0x01;

// ---- an exact model of IEEE 754 rounding, on BigInt ----

interface Fmt {
  name: 's' | 'd';
  width: number;
  frac: number;
  ebits: number;
  bias: number;
  emin: number;
  emax: number;
}
const S: Fmt = { name: 's', width: 32, frac: 23, ebits: 8, bias: 127, emin: -126, emax: 127 };
const D: Fmt = { name: 'd', width: 64, frac: 52, ebits: 11, bias: 1023, emin: -1022, emax: 1023 };

const pow2 = (k: number): bigint => 1n << BigInt(k);
const bitlen = (n: bigint): number => n.toString(2).length;
const signOf = (n: bigint): number => (n > 0n ? 1 : n < 0n ? -1 : 0);
const signBit = (f: Fmt): bigint => pow2(f.width - 1);
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

interface FpResult {
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

function maxFinite(f: Fmt): bigint {
  return ((pow2(f.ebits) - 2n) << BigInt(f.frac)) | (pow2(f.frac) - 1n);
}
function inf(f: Fmt, neg = false): bigint {
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

// The models take finite nonzero operands (specials are tested one by one below).
const model = {
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

// ---- running instructions on the hart ----

let t: TestHart;
beforeAll(async () => {
  t = await createTestHart();
});

const BOX = 0xffffffff00000000n;
const box = (s: bigint): bigint => BOX | s;
const CANON_S = 0x7fc00000n;
const CANON_D = 0x7ff8000000000000n;

interface Run {
  stop: number;
  f: bigint; // f10
  x: bigint; // x10
  flags: number;
}

/**
 * Runs one instruction: operands in f1, f2, f3 and x11, result in f10 or x10; frm = `frm`,
 * fflags cleared first; rm is the instruction's field (7, dynamic, unless given).
 */
function run1(name: string, o: { f?: bigint[]; x?: bigint; rm?: number; frm?: number } = {}): Run {
  const { hart } = t;
  (o.f ?? []).forEach((v, i) => {
    hart.setF(i + 1, v);
  });
  hart.setX(11, o.x ?? 0n);
  hart.setF(10, 0x5a5a5a5an);
  hart.setX(10, 0x5a5a5a5an);
  hart.fcsr = (o.frm ?? RNE) << 5;
  const word = encode(name, { frd: 10, rd: 10, frs1: 1, frs2: 2, frs3: 3, rs1: 11, rm: o.rm ?? 7 });
  const stop = t.exec([word]);
  return { stop, f: hart.getF(10), x: hart.getX(10), flags: hart.fcsr & 0x1f };
}

/** Runs an op on single or double operands (singles boxed) and returns its unboxed result. */
function fop(f: Fmt, op: string, operands: bigint[], mode = RNE): FpResult {
  const r = run1(`${op}.${f.name}`, { f: operands.map((v) => (f === S ? box(v) : v)), frm: mode });
  expect(r.stop).toBe(CAUSE_BREAKPOINT);
  if (f === S) expect(r.f >> 32n, `${op}.s result is NaN-boxed`).toBe(0xffffffffn);
  return { bits: f === S ? r.f & 0xffffffffn : r.f, flags: r.flags };
}

const hex = (v: bigint): string => '0x' + v.toString(16);
const f64 = (x: number): bigint => {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, x);
  return dv.getBigUint64(0);
};
const f32 = (x: number): bigint => {
  const dv = new DataView(new ArrayBuffer(4));
  dv.setFloat32(0, x);
  return BigInt(dv.getUint32(0));
};
const bitsOf = (f: Fmt, x: number): bigint => (f === S ? f32(x) : f64(x));

// ---- random operands (a fixed seed), biased toward the hard cases ----

function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  };
}

class Gen {
  private readonly r: () => number;
  constructor(seed: number) {
    this.r = mulberry32(seed);
  }
  int(n: number): number {
    return Math.floor(this.r() * n);
  }
  bits(n: number): bigint {
    let v = 0n;
    for (let i = 0; i < n; i += 32) v = (v << 32n) | BigInt(Math.floor(this.r() * 4294967296));
    return v & (pow2(n) - 1n);
  }
  /** A finite nonzero float: subnormals, extremes, short significands (exact results, ties). */
  finite(f: Fmt): bigint {
    const top = Number(pow2(f.ebits)) - 2;
    const c = this.r();
    let be: number;
    if (c < 0.12) be = 0;
    else if (c < 0.22) be = top - this.int(4);
    else if (c < 0.32) be = 1 + this.int(4);
    else if (c < 0.6) be = f.bias - 8 + this.int(17);
    else be = 1 + this.int(top);
    const k = this.r();
    let m: bigint;
    if (k < 0.4) m = this.bits(f.frac);
    else if (k < 0.65) {
      const n = 1 + this.int(6);
      m = this.bits(n) << BigInt(f.frac - n);
    } else if (k < 0.8) m = (pow2(f.frac) - 1n) ^ this.bits(this.int(4));
    else m = this.bits(f.frac) >> BigInt(this.int(f.frac));
    if (be === 0 && m === 0n) m = 1n;
    return (this.r() < 0.5 ? signBit(f) : 0n) | (BigInt(be) << BigInt(f.frac)) | m;
  }
  /** Near -a (or a): sums that cancel. */
  near(f: Fmt, a: bigint): bigint {
    const v = (a ^ (this.r() < 0.8 ? signBit(f) : 0n)) + BigInt(this.int(9) - 4);
    return isFiniteNonzero(f, v) ? v : this.finite(f);
  }
}

function isFiniteNonzero(f: Fmt, v: bigint): boolean {
  const mag = v & (signBit(f) - 1n);
  return v >= 0n && v < pow2(f.width) && mag !== 0n && mag < inf(f);
}

type Ops3 = [bigint, bigint, bigint];

/** Checks `cases` operand lists of an op against the model in every mode; returns mismatches. */
function sweep(f: Fmt, op: string, cases: bigint[][], ref: (ops: Ops3, mode: number) => FpResult): string[] {
  const bad: string[] = [];
  for (const mode of MODES) {
    for (const ops of cases) {
      const want = ref([ops[0] ?? 0n, ops[1] ?? 0n, ops[2] ?? 0n], mode);
      const got = fop(f, op, ops, mode);
      if (got.bits !== want.bits || got.flags !== want.flags) {
        bad.push(
          `${op}.${f.name} ${MODE_NAMES[mode]} ${ops.map(hex).join(' ')}: ` +
            `got ${hex(got.bits)}/${got.flags.toString(16)} want ${hex(want.bits)}/${want.flags.toString(16)}`,
        );
      }
    }
  }
  return bad.slice(0, 10);
}

const FORMATS: Fmt[] = [S, D];
/** Random operand lists per op and mode; FP_RANDOM_CASES and FP_SEED vary them for a soak. */
const RANDOM_CASES = Number(process.env.FP_RANDOM_CASES ?? 300);
const SEED = Number(process.env.FP_SEED ?? 0);

describe('F and D extensions', () => {
  it('has a handler for every F and D instruction in the table', () => {
    const fd = BASE_INSTRUCTIONS.filter((s) => s.ext === 'F' || s.ext === 'D');
    expect(fd.length).toBe(62);
    for (const spec of fd) {
      const word = encode(spec.name, { rd: 10, frd: 10, rs1: 11, frs1: 1, frs2: 2, frs3: 3, rs2: 2, rm: 0 });
      t.hart.setX(11, 0x20000n); // a valid address for the loads and stores
      t.hart.fcsr = 0;
      expect(t.exec([word]), spec.name).toBe(CAUSE_BREAKPOINT);
    }
  });

  it('moves raw bits through memory: flw boxes, fsw stores the low half, fld/fsd are exact', () => {
    const { hart, view } = t;
    const base = 0x20000;
    view.setUint32(RAM_OFFSET + base + 4, 0x7f800001, true); // a signaling NaN, unchanged by loads
    view.setBigUint64(RAM_OFFSET + base + 16, 0x7ff0000000000001n, true);
    hart.setX(5, BigInt(base));
    hart.setF(7, 0x1234567889abcdefn); // not boxed: fsw still stores the low 32 bits
    const code = [
      encode('flw', { frd: 1, rs1: 5, imm12: 4 }),
      encode('fld', { frd: 2, rs1: 5, imm12: 16 }),
      encode('fsw', { frs2: 1, rs1: 5, simm12: 32 }),
      encode('fsd', { frs2: 2, rs1: 5, simm12: 40 }),
      encode('fsw', { frs2: 7, rs1: 5, simm12: -4 }),
    ];
    expect(t.exec(code)).toBe(CAUSE_BREAKPOINT);
    expect(hart.getF(1)).toBe(0xffffffff7f800001n);
    expect(hart.getF(2)).toBe(0x7ff0000000000001n);
    expect(view.getUint32(RAM_OFFSET + base + 32, true)).toBe(0x7f800001);
    expect(view.getBigUint64(RAM_OFFSET + base + 40, true)).toBe(0x7ff0000000000001n);
    expect(view.getUint32(RAM_OFFSET + base - 4, true)).toBe(0x89abcdef);
    expect(hart.fcsr).toBe(0); // transfers raise no flags
  });

  it('traps on a faulting float load without writing the register', () => {
    t.hart.setX(5, 0x7fff_fff0n << 8n); // far beyond RAM
    t.hart.setF(3, 0x1111n);
    expect(t.exec([encode('fld', { frd: 3, rs1: 5, imm12: 0 })])).toBe(CAUSE_LOAD_ACCESS);
    expect(t.hart.getF(3)).toBe(0x1111n);
    expect(t.exec([encode('flw', { frd: 3, rs1: 5, imm12: 8 })])).toBe(CAUSE_LOAD_ACCESS);
    expect(t.hart.getF(3)).toBe(0x1111n);
  });

  it('reads a single that is not NaN-boxed as the canonical NaN', () => {
    const one = f32(1);
    // upper half not all ones: the operand is the canonical NaN, so the sum is too
    expect(run1('fadd.s', { f: [one, box(one)] }).f).toBe(box(CANON_S));
    expect(run1('fadd.s', { f: [0xffffffef3f800000n, box(one)] }).f).toBe(box(CANON_S));
    expect(run1('fadd.s', { f: [box(one), box(one)] }).f).toBe(box(f32(2)));
    expect(run1('fclass.s', { f: [one] }).x).toBe(1n << 9n); // quiet NaN
    expect(run1('fcvt.d.s', { f: [one] }).f).toBe(CANON_D);
    expect(run1('fsgnjn.s', { f: [one, box(one)] }).f).toBe(box(0xffc00000n)); // NaN with sign injected
    expect(run1('fmin.s', { f: [one, box(f32(5))] }).f).toBe(box(f32(5)));
    // an unboxed operand is a quiet NaN: no NV for feq, NV for flt
    expect(run1('feq.s', { f: [one, box(one)] })).toMatchObject({ x: 0n, flags: 0 });
    expect(run1('flt.s', { f: [one, box(one)] })).toMatchObject({ x: 0n, flags: NV });
  });

  it('fmv.x.w sign-extends the low 32 bits whatever the boxing; fmv.w.x boxes', () => {
    expect(run1('fmv.x.w', { f: [box(0xbf800000n)] }).x).toBe(0xffffffffbf800000n);
    expect(run1('fmv.x.w', { f: [0x123456783f800000n] }).x).toBe(0x3f800000n);
    expect(run1('fmv.x.w', { f: [box(0x7f800001n)] })).toMatchObject({ x: 0x7f800001n, flags: 0 });
    expect(run1('fmv.w.x', { x: 0xdeadbeef7f800001n }).f).toBe(box(0x7f800001n));
  });

  it('fmv.x.d and fmv.d.x move bits unchanged, NaN payloads included', () => {
    expect(run1('fmv.x.d', { f: [0x7ff4000000000123n] })).toMatchObject({ x: 0x7ff4000000000123n, flags: 0 });
    expect(run1('fmv.d.x', { x: 0xfff0000000000001n }).f).toBe(0xfff0000000000001n);
  });

  it('fsgnj, fsgnjn and fsgnjx inject signs and keep NaN payloads', () => {
    const snan = 0x7ff0000000000abcn;
    expect(run1('fsgnj.d', { f: [snan, f64(-1)] })).toMatchObject({ f: 0xfff0000000000abcn, flags: 0 });
    expect(run1('fsgnjn.d', { f: [f64(2), f64(-1)] }).f).toBe(f64(2));
    expect(run1('fsgnjn.d', { f: [f64(2), f64(1)] }).f).toBe(f64(-2));
    expect(run1('fsgnjx.d', { f: [f64(-2), f64(-1)] }).f).toBe(f64(2));
    expect(run1('fsgnjx.d', { f: [f64(-2), f64(1)] }).f).toBe(f64(-2));
    expect(run1('fsgnj.s', { f: [box(0x7f800001n), box(f32(-1))] })).toMatchObject({ f: box(0xff800001n), flags: 0 });
    expect(run1('fsgnjn.s', { f: [box(f32(3)), box(f32(3))] }).f).toBe(box(f32(-3)));
    expect(run1('fsgnjx.s', { f: [box(f32(-3)), box(f32(-1))] }).f).toBe(box(f32(3)));
  });

  describe('fmin and fmax are IEEE 754-2019 minimumNumber and maximumNumber', () => {
    for (const f of FORMATS) {
      it(`.${f.name}: a NaN loses to a number, two NaNs give the canonical NaN, -0 < +0`, () => {
        const v = (x: number) => bitsOf(f, x);
        const qnan = f === S ? 0x7fc00001n : 0x7ff8000000000001n;
        const snan = f === S ? 0x7f800001n : 0x7ff0000000000001n;
        const canon = f === S ? CANON_S : CANON_D;
        const pos0 = v(0);
        const neg0 = v(-0);
        const cases: Array<[string, bigint, bigint, bigint, number]> = [
          ['fmin', v(1), v(2), v(1), 0],
          ['fmax', v(1), v(2), v(2), 0],
          ['fmin', v(-5), v(2), v(-5), 0],
          ['fmin', qnan, v(3), v(3), 0],
          ['fmax', v(3), qnan, v(3), 0],
          ['fmin', snan, v(3), v(3), NV],
          ['fmax', v(-3), snan, v(-3), NV],
          ['fmin', qnan, qnan, canon, 0],
          ['fmax', snan, qnan, canon, NV],
          ['fmin', pos0, neg0, neg0, 0],
          ['fmin', neg0, pos0, neg0, 0],
          ['fmax', pos0, neg0, pos0, 0],
          ['fmax', neg0, pos0, pos0, 0],
          ['fmax', inf(f, true), v(-1e30), v(-1e30), 0],
          ['fmin', inf(f, true), v(-1e30), inf(f, true), 0],
          ['fmin', 1n, 2n, 1n, 0], // subnormals are returned as they are
        ];
        for (const [op, a, b, want, flags] of cases) {
          expect(fop(f, op, [a, b]), `${op}(${hex(a)}, ${hex(b)})`).toEqual({ bits: want, flags });
        }
      });
    }
  });

  describe('comparisons: feq is quiet, flt and fle signal on any NaN', () => {
    for (const f of FORMATS) {
      it(`.${f.name}`, () => {
        const v = (x: number) => bitsOf(f, x);
        const qnan = f === S ? CANON_S : CANON_D;
        const snan = f === S ? 0x7f800001n : 0x7ff0000000000001n;
        const cmp = (op: string, a: bigint, b: bigint) => {
          const r = run1(`${op}.${f.name}`, { f: [a, b].map((x) => (f === S ? box(x) : x)) });
          return [r.x, r.flags];
        };
        expect(cmp('feq', v(1), v(1))).toEqual([1n, 0]);
        expect(cmp('feq', v(0), v(-0))).toEqual([1n, 0]);
        expect(cmp('feq', v(1), v(2))).toEqual([0n, 0]);
        expect(cmp('feq', qnan, v(1))).toEqual([0n, 0]);
        expect(cmp('feq', qnan, qnan)).toEqual([0n, 0]);
        expect(cmp('feq', v(1), snan)).toEqual([0n, NV]);
        expect(cmp('flt', v(1), v(2))).toEqual([1n, 0]);
        expect(cmp('flt', v(2), v(1))).toEqual([0n, 0]);
        expect(cmp('flt', v(-0), v(0))).toEqual([0n, 0]);
        expect(cmp('flt', inf(f, true), v(-1))).toEqual([1n, 0]);
        expect(cmp('flt', qnan, v(1))).toEqual([0n, NV]);
        expect(cmp('fle', v(2), v(2))).toEqual([1n, 0]);
        expect(cmp('fle', v(-0), v(0))).toEqual([1n, 0]);
        expect(cmp('fle', v(3), v(2))).toEqual([0n, 0]);
        expect(cmp('fle', v(1), qnan)).toEqual([0n, NV]);
        expect(cmp('fle', snan, v(1))).toEqual([0n, NV]);
      });
    }
  });

  describe('fclass reports each of the ten classes', () => {
    for (const f of FORMATS) {
      it(`.${f.name}`, () => {
        const sub = 1n;
        const quiet = f === S ? 0x7fc00000n : CANON_D;
        const sig = f === S ? 0x7f800001n : 0x7ff0000000000001n;
        const classes: Array<[bigint, number]> = [
          [inf(f, true), 0],
          [bitsOf(f, -1.5), 1],
          [signBit(f) | sub, 2],
          [signBit(f), 3],
          [0n, 4],
          [sub, 5],
          [bitsOf(f, 1.5), 6],
          [inf(f), 7],
          [sig, 8],
          [quiet, 9],
          [signBit(f) | quiet, 9],
        ];
        for (const [bits, cls] of classes) {
          const r = run1(`fclass.${f.name}`, { f: [f === S ? box(bits) : bits] });
          expect(r, hex(bits)).toMatchObject({ x: 1n << BigInt(cls), flags: 0 });
        }
      });
    }
  });

  describe('special operands', () => {
    for (const f of FORMATS) {
      it(`.${f.name}: NaN results are canonical, signaling inputs raise NV, invalid operations raise NV`, () => {
        const v = (x: number) => bitsOf(f, x);
        const canon = f === S ? CANON_S : CANON_D;
        const qnan = f === S ? 0xffc01234n : 0xfff8000000001234n; // negative, with payload
        const snan = f === S ? 0x7f800001n : 0x7ff0000000000001n;
        const cases: Array<[string, bigint[], bigint, number]> = [
          ['fadd', [qnan, v(1)], canon, 0],
          ['fadd', [snan, v(1)], canon, NV],
          ['fsub', [v(1), snan], canon, NV],
          ['fmul', [qnan, qnan], canon, 0],
          ['fdiv', [v(1), snan], canon, NV],
          ['fsqrt', [snan], canon, NV],
          ['fsqrt', [qnan], canon, 0],
          ['fmadd', [v(1), v(1), snan], canon, NV],
          ['fmadd', [qnan, v(1), v(1)], canon, 0],
          ['fadd', [inf(f), inf(f, true)], canon, NV],
          ['fsub', [inf(f), inf(f)], canon, NV],
          ['fadd', [inf(f), inf(f)], inf(f), 0],
          ['fmul', [v(0), inf(f, true)], canon, NV],
          ['fmul', [inf(f, true), v(-2)], inf(f), 0],
          ['fdiv', [v(0), v(-0)], canon, NV],
          ['fdiv', [inf(f), inf(f)], canon, NV],
          ['fdiv', [inf(f), v(-3)], inf(f, true), 0],
          ['fdiv', [v(3), inf(f, true)], v(-0), 0],
          ['fsqrt', [v(-1)], canon, NV],
          ['fsqrt', [inf(f, true)], canon, NV],
          ['fsqrt', [v(-0)], v(-0), 0],
          ['fsqrt', [inf(f)], inf(f), 0],
          ['fmadd', [inf(f), v(0), v(1)], canon, NV],
          ['fmadd', [inf(f), v(0), canon], canon, NV], // RISC-V: NV even with a quiet NaN addend
          ['fmadd', [inf(f), v(2), inf(f, true)], canon, NV],
          ['fmsub', [inf(f), v(2), inf(f)], canon, NV],
          ['fmadd', [inf(f), v(2), inf(f)], inf(f), 0],
          ['fmadd', [v(2), v(3), inf(f, true)], inf(f, true), 0],
        ];
        for (const [op, ops, want, flags] of cases) {
          expect(fop(f, op, ops), `${op}(${ops.map(hex).join(', ')})`).toEqual({ bits: want, flags });
        }
      });

      it(`.${f.name}: division of a finite nonzero number by zero raises DZ and gives a signed infinity`, () => {
        const v = (x: number) => bitsOf(f, x);
        expect(fop(f, 'fdiv', [v(1), v(0)])).toEqual({ bits: inf(f), flags: DZ });
        expect(fop(f, 'fdiv', [v(-1), v(0)])).toEqual({ bits: inf(f, true), flags: DZ });
        expect(fop(f, 'fdiv', [v(1), v(-0)])).toEqual({ bits: inf(f, true), flags: DZ });
        expect(fop(f, 'fdiv', [inf(f), v(0)])).toEqual({ bits: inf(f), flags: 0 }); // infinite: no DZ
        expect(fop(f, 'fdiv', [v(0), v(5)])).toEqual({ bits: v(0), flags: 0 });
      });

      it(`.${f.name}: zero results carry the IEEE sign in every mode`, () => {
        const v = (x: number) => bitsOf(f, x);
        for (const mode of MODES) {
          const cancelled = mode === RDN ? v(-0) : v(0);
          expect(fop(f, 'fsub', [v(1.5), v(1.5)], mode).bits).toBe(cancelled);
          expect(fop(f, 'fadd', [v(0), v(-0)], mode).bits).toBe(cancelled);
          expect(fop(f, 'fadd', [v(-0), v(-0)], mode).bits).toBe(v(-0));
          expect(fop(f, 'fadd', [v(-0), v(2)], mode).bits).toBe(v(2));
          expect(fop(f, 'fmul', [v(-0), v(2)], mode).bits).toBe(v(-0));
          expect(fop(f, 'fmadd', [v(2), v(3), v(-6)], mode).bits).toBe(cancelled);
          expect(fop(f, 'fmadd', [v(-0), v(3), v(-0)], mode).bits).toBe(v(-0));
          expect(fop(f, 'fmadd', [v(0), v(3), v(-0)], mode).bits).toBe(cancelled);
          expect(fop(f, 'fnmadd', [v(0), v(3), v(0)], mode).bits).toBe(v(-0)); // -(0*3) - 0
          expect(fop(f, 'fnmsub', [v(0), v(3), v(0)], mode).bits).toBe(cancelled); // -(0*3) + 0
          expect(fop(f, 'fmsub', [v(1), v(0), v(0)], mode).bits).toBe(cancelled); // 0 - 0
        }
      });
    }
  });

  describe('overflow and underflow', () => {
    it('overflow gives infinity or the largest finite number by mode, with OF and NX', () => {
      for (const f of FORMATS) {
        const max = maxFinite(f);
        for (const [mode, pos, neg] of [
          [RNE, inf(f), inf(f, true)],
          [RTZ, max, signBit(f) | max],
          [RDN, max, inf(f, true)],
          [RUP, inf(f), signBit(f) | max],
          [RMM, inf(f), inf(f, true)],
        ] as Array<[number, bigint, bigint]>) {
          expect(fop(f, 'fmul', [max, bitsOf(f, 2)], mode)).toEqual({ bits: pos, flags: OF | NX });
          expect(fop(f, 'fmul', [max, bitsOf(f, -2)], mode)).toEqual({ bits: neg, flags: OF | NX });
          expect(fop(f, 'fadd', [max, max], mode)).toEqual({ bits: pos, flags: OF | NX });
        }
        // max + half an ulp rounds to infinity in RNE but is not an overflow in RTZ
        const halfUlp = bitsOf(f, f === S ? 2 ** 103 : 2 ** 970);
        expect(fop(f, 'fadd', [max, halfUlp], RNE)).toEqual({ bits: inf(f), flags: OF | NX });
        expect(fop(f, 'fadd', [max, halfUlp], RTZ)).toEqual({ bits: max, flags: NX });
        expect(fop(f, 'fadd', [max, 1n << BigInt(f.frac)], RUP)).toEqual({ bits: inf(f), flags: OF | NX });
      }
    });

    it('detects tininess after rounding, and raises UF only for inexact tiny results', () => {
      // 0x007ffff0 * 0x3f800010 is just below 2^-126 and rounds up to it: NX only
      expect(fop(S, 'fmul', [0x007ffff0n, 0x3f800010n])).toEqual({ bits: 0x00800000n, flags: NX });
      // in RTZ the same product stays subnormal: tiny and inexact
      expect(fop(S, 'fmul', [0x007ffff0n, 0x3f800010n], RTZ)).toEqual({ bits: 0x007fffffn, flags: UF | NX });
      // an exact subnormal result is not an underflow
      expect(fop(S, 'fmul', [0x00000010n, f32(0.5)])).toEqual({ bits: 0x00000008n, flags: 0 });
      expect(fop(D, 'fmul', [0x0000000000000010n, f64(0.5)])).toEqual({ bits: 0x8n, flags: 0 });
      // the smallest subnormal halved: a tie to zero (even) in RNE, up to it in RMM and RUP
      expect(fop(D, 'fmul', [1n, f64(0.5)], RNE)).toEqual({ bits: 0n, flags: UF | NX });
      expect(fop(D, 'fmul', [1n, f64(0.5)], RMM)).toEqual({ bits: 1n, flags: UF | NX });
      expect(fop(D, 'fmul', [1n, f64(0.25)], RUP)).toEqual({ bits: 1n, flags: UF | NX });
      expect(fop(D, 'fmul', [1n, f64(-0.25)], RDN)).toEqual({ bits: 0x8000000000000001n, flags: UF | NX });
      // subnormal sums are exact
      expect(fop(D, 'fadd', [3n, 0x8000000000000001n])).toEqual({ bits: 2n, flags: 0 });
      // a double just below 2^-1022 that rounds to it: after rounding it is not tiny
      expect(fop(D, 'fmul', [0x000fffffffffffffn, 0x3ff0000000000001n])).toEqual({
        bits: 0x0010000000000000n,
        flags: NX,
      });
    });
  });

  describe('rounding modes for arithmetic', () => {
    it('rounds 1/3 and -1/3 in each mode, statically and through frm', () => {
      // 1/3 = 0.0101...: the nearest single is above it (...aaab), the nearest double below (...5555)
      const thirdS = [0x3eaaaaabn, 0x3eaaaaaan, 0x3eaaaaaan, 0x3eaaaaabn, 0x3eaaaaabn];
      const thirdD = [
        0x3fd5555555555555n,
        0x3fd5555555555555n,
        0x3fd5555555555555n,
        0x3fd5555555555556n,
        0x3fd5555555555555n,
      ];
      for (const mode of MODES) {
        expect(fop(S, 'fdiv', [f32(1), f32(3)], mode)).toEqual({ bits: thirdS[mode], flags: NX });
        expect(fop(D, 'fdiv', [f64(1), f64(3)], mode)).toEqual({ bits: thirdD[mode], flags: NX });
        // rm in the instruction wins over frm
        const r = run1('fdiv.d', { f: [f64(-1), f64(3)], rm: mode, frm: mode === RUP ? RDN : RUP });
        const mirrored = mode === RDN ? RUP : mode === RUP ? RDN : mode;
        expect(r.f).toBe((thirdD[mirrored] ?? 0n) | signBit(D));
      }
    });

    it('breaks ties to even in RNE and away from zero in RMM', () => {
      const tie = f64(2 ** -53); // 1 + 2^-53 lies halfway between 1 and 1 + 2^-52
      const want = [f64(1), f64(1), f64(1), f64(1) + 1n, f64(1) + 1n];
      for (const mode of MODES) {
        expect(fop(D, 'fadd', [f64(1), tie], mode)).toEqual({ bits: want[mode], flags: NX });
      }
      // 1 + 3 * 2^-53 is halfway between two odd-even neighbours: RNE rounds up here
      expect(fop(D, 'fadd', [f64(1) + 1n, tie], RNE).bits).toBe(f64(1) + 2n);
      // (1 + 2^-12)^2 = 1 + 2^-11 + 2^-24, halfway between singles
      const sq = f32(1 + 2 ** -12);
      expect(fop(S, 'fmul', [sq, sq], RNE)).toEqual({ bits: f32(1 + 2 ** -11), flags: NX });
      expect(fop(S, 'fmul', [sq, sq], RMM)).toEqual({ bits: f32(1 + 2 ** -11) + 1n, flags: NX });
      expect(fop(S, 'fmadd', [sq, sq, f32(-1)], RMM)).toEqual({ bits: f32(2 ** -11 + 2 ** -24), flags: 0 });
    });

    it('rounds square roots in each mode', () => {
      // sqrt(2) from the host's correctly rounded Math.SQRT2 (1.4142135623730951 is above sqrt 2)
      const rn = f64(Math.SQRT2);
      const want = [rn, rn - 1n, rn - 1n, rn, rn];
      for (const mode of MODES) expect(fop(D, 'fsqrt', [f64(2)], mode)).toEqual({ bits: want[mode], flags: NX });
      expect(fop(D, 'fsqrt', [f64(2.25)], RUP)).toEqual({ bits: f64(1.5), flags: 0 });
      expect(fop(S, 'fsqrt', [f32(2)], RNE)).toEqual({ bits: f32(Math.SQRT2), flags: NX });
      expect(fop(D, 'fsqrt', [1n], RNE)).toEqual({ bits: f64(2 ** -537), flags: 0 }); // sqrt(2^-1074)
    });

    it('fuses multiply-add with a single rounding', () => {
      // (1 + 2^-52)(1 - 2^-52) - 1 = -2^-104 exactly; a separate multiply would round to 0
      const a = f64(1 + 2 ** -52);
      const b = f64(1 - 2 ** -52);
      expect(fop(D, 'fmsub', [a, b, f64(1)])).toEqual({ bits: f64(-(2 ** -104)), flags: 0 });
      expect(fop(D, 'fmadd', [a, b, f64(-1)])).toEqual({ bits: f64(-(2 ** -104)), flags: 0 });
      expect(fop(D, 'fnmadd', [a, b, f64(-1)])).toEqual({ bits: f64(2 ** -104), flags: 0 });
      expect(fop(D, 'fnmsub', [a, b, f64(1)])).toEqual({ bits: f64(2 ** -104), flags: 0 });
      const as = f32(1 + 2 ** -23);
      const bs = f32(1 - 2 ** -23);
      expect(fop(S, 'fmsub', [as, bs, f32(1)])).toEqual({ bits: f32(-(2 ** -46)), flags: 0 });
    });

    for (const f of FORMATS) {
      const gen = new Gen((f === S ? 1 : 2) + 16 * SEED);
      const n = RANDOM_CASES;
      const pairs = (related: boolean) =>
        Array.from({ length: n }, () => {
          const a = gen.finite(f);
          return [a, related && gen.int(2) === 0 ? gen.near(f, a) : gen.finite(f)];
        });
      it(`.${f.name}: add and sub agree with the exact model in every mode`, () => {
        expect(sweep(f, 'fadd', pairs(true), ([a, b], m) => model.add(f, a, b, m))).toEqual([]);
        expect(sweep(f, 'fsub', pairs(true), ([a, b], m) => model.add(f, a, b ^ signBit(f), m))).toEqual([]);
      });
      it(`.${f.name}: mul and div agree with the exact model in every mode`, () => {
        expect(sweep(f, 'fmul', pairs(false), ([a, b], m) => model.mul(f, a, b, m))).toEqual([]);
        expect(sweep(f, 'fdiv', pairs(false), ([a, b], m) => model.div(f, a, b, m))).toEqual([]);
      });
      it(`.${f.name}: sqrt agrees with the exact model in every mode`, () => {
        const cases = Array.from({ length: n }, () => [gen.finite(f) & (signBit(f) - 1n)]);
        expect(sweep(f, 'fsqrt', cases, ([a], m) => model.sqrt(f, a, m))).toEqual([]);
      });
      it(`.${f.name}: the four fused multiply-adds agree with the exact model in every mode`, () => {
        const cases = Array.from({ length: n }, () => {
          const a = gen.finite(f);
          const b = gen.int(3) === 0 ? bitsOf(f, 1) + gen.bits(3) : gen.finite(f);
          const p = model.mul(f, a, b, RNE).bits;
          // half the addends nearly cancel the product
          const c = gen.int(2) === 0 && isFiniteNonzero(f, p) ? gen.near(f, p) : gen.finite(f);
          return [a, b, c];
        });
        const neg = signBit(f);
        expect(sweep(f, 'fmadd', cases, ([a, b, c], m) => model.fma(f, a, b, c, m))).toEqual([]);
        expect(sweep(f, 'fmsub', cases, ([a, b, c], m) => model.fma(f, a, b, c ^ neg, m))).toEqual([]);
        expect(sweep(f, 'fnmsub', cases, ([a, b, c], m) => model.fma(f, a ^ neg, b, c, m))).toEqual([]);
        expect(sweep(f, 'fnmadd', cases, ([a, b, c], m) => model.fma(f, a ^ neg, b, c ^ neg, m))).toEqual([]);
      });
    }
  });

  describe('conversions', () => {
    const INTS: Array<[string, 32 | 64, boolean]> = [
      ['w', 32, true],
      ['wu', 32, false],
      ['l', 64, true],
      ['lu', 64, false],
    ];

    it('fcvt to integer rounds in all five modes', () => {
      //            x      RNE RTZ RDN RUP RMM
      const table: Array<[number, number[]]> = [
        [2.5, [2, 2, 2, 3, 3]],
        [-2.5, [-2, -2, -3, -2, -3]],
        [1.5, [2, 1, 1, 2, 2]],
        [-1.5, [-2, -1, -2, -1, -2]],
        [0.5, [0, 0, 0, 1, 1]],
        [-0.5, [-0, -0, -1, -0, -1]],
        [2.4, [2, 2, 2, 3, 2]],
        [-2.6, [-3, -2, -3, -2, -3]],
        [7, [7, 7, 7, 7, 7]],
      ];
      for (const f of FORMATS) {
        for (const [x, want] of table) {
          for (const mode of MODES) {
            for (const [w, width, isSigned] of INTS) {
              const expected = want[mode] ?? 0;
              if (!isSigned && expected < 0) continue; // saturation, tested below
              const r = run1(`fcvt.${w}.${f.name}`, { f: [f === S ? box(f32(x)) : f64(x)], frm: mode });
              const reg = BigInt.asUintN(64, BigInt(expected));
              expect(r, `fcvt.${w}.${f.name}(${x}) ${MODE_NAMES[mode]}`).toMatchObject({
                x: width === 32 ? BigInt.asUintN(64, BigInt.asIntN(32, reg)) : reg,
                flags: Number.isInteger(x) ? 0 : NX,
              });
            }
          }
        }
      }
    });

    it('fcvt to integer saturates NaN and out-of-range values with NV alone', () => {
      const M = 0xffffffffffffffffn;
      const MIN_W = 0xffffffff80000000n;
      const MAX_W = 0x7fffffffn;
      const MIN_L = 0x8000000000000000n;
      const MAX_L = 0x7fffffffffffffffn;
      const ok = (x: bigint): [bigint, number] => [x, 0];
      const bad = (x: bigint): [bigint, number] => [x, NV];
      // input: [w, wu, l, lu] as (register value, flags), converting toward zero
      const table: Array<[number, Array<[bigint, number]>]> = [
        [NaN, [bad(MAX_W), bad(M), bad(MAX_L), bad(M)]],
        [Infinity, [bad(MAX_W), bad(M), bad(MAX_L), bad(M)]],
        [-Infinity, [bad(MIN_W), bad(0n), bad(MIN_L), bad(0n)]],
        [2 ** 31, [bad(MAX_W), ok(MIN_W), ok(2n ** 31n), ok(2n ** 31n)]],
        [-(2 ** 31), [ok(MIN_W), bad(0n), ok(BigInt.asUintN(64, -(2n ** 31n))), bad(0n)]],
        [-(2 ** 31) - 256, [bad(MIN_W), bad(0n), ok(BigInt.asUintN(64, -(2n ** 31n) - 256n)), bad(0n)]],
        [2 ** 32, [bad(MAX_W), bad(M), ok(2n ** 32n), ok(2n ** 32n)]],
        [2 ** 63, [bad(MAX_W), bad(M), bad(MAX_L), ok(2n ** 63n)]],
        [-(2 ** 63), [bad(MIN_W), bad(0n), ok(MIN_L), bad(0n)]],
        [2 ** 64, [bad(MAX_W), bad(M), bad(MAX_L), bad(M)]],
        [-1, [ok(M), bad(0n), ok(M), bad(0n)]],
        [-1e30, [bad(MIN_W), bad(0n), bad(MIN_L), bad(0n)]],
      ];
      for (const f of FORMATS) {
        for (const [x, want] of table) {
          const bits = Number.isNaN(x) ? (f === S ? CANON_S : CANON_D) : bitsOf(f, x);
          INTS.forEach(([w], i) => {
            const r = run1(`fcvt.${w}.${f.name}`, { f: [f === S ? box(bits) : bits], frm: RTZ });
            const [value, flags] = want[i] ?? [0n, 0];
            expect(r, `fcvt.${w}.${f.name}(${x})`).toMatchObject({ x: value, flags });
          });
        }
        // a signaling NaN of either sign is the largest integer too
        const snan = f === S ? box(0xff800001n) : 0xfff0000000000001n;
        expect(run1(`fcvt.w.${f.name}`, { f: [snan] })).toMatchObject({ x: 0x7fffffffn, flags: NV });
        // rounding happens first: -0.5 is a valid unsigned 0 toward zero, -0.75 is not to nearest
        expect(run1(`fcvt.wu.${f.name}`, { f: [f === S ? box(f32(-0.5)) : f64(-0.5)], frm: RTZ })).toMatchObject({
          x: 0n,
          flags: NX,
        });
        for (const mode of MODES) {
          // -0.5 rounds to -0 (valid, inexact) in RNE, RTZ and RUP, and to -1 (invalid) in RDN and RMM
          const r = run1(`fcvt.wu.${f.name}`, { f: [f === S ? box(f32(-0.5)) : f64(-0.5)], frm: mode });
          expect(r, MODE_NAMES[mode]).toMatchObject(
            mode === RDN || mode === RMM ? { x: 0n, flags: NV } : { x: 0n, flags: NX },
          );
        }
        expect(run1(`fcvt.lu.${f.name}`, { f: [f === S ? box(f32(-0.75)) : f64(-0.75)], frm: RNE })).toMatchObject({
          x: 0n,
          flags: NV,
        });
      }
      // double boundaries of the 32-bit ranges
      expect(run1('fcvt.w.d', { f: [f64(2147483647.4)] })).toMatchObject({ x: 0x7fffffffn, flags: NX });
      expect(run1('fcvt.w.d', { f: [f64(2147483647.5)] })).toMatchObject({ x: 0x7fffffffn, flags: NV });
      expect(run1('fcvt.w.d', { f: [f64(-2147483648.5)], frm: RTZ })).toMatchObject({
        x: 0xffffffff80000000n,
        flags: NX,
      });
      expect(run1('fcvt.wu.d', { f: [f64(4294967295.5)], frm: RDN })).toMatchObject({ x: M, flags: NX });
    });

    it('sign-extends 32-bit results, unsigned ones included', () => {
      expect(run1('fcvt.wu.d', { f: [f64(3e9)] }).x).toBe(0xffffffffb2d05e00n);
      expect(run1('fcvt.wu.s', { f: [box(f32(3e9))] }).x).toBe(0xffffffffb2d05e00n);
      expect(run1('fcvt.w.s', { f: [box(f32(-7))] }).x).toBe(BigInt.asUintN(64, -7n));
      expect(run1('fcvt.wu.s', { f: [box(f32(5))] }).x).toBe(5n);
    });

    it('fcvt from integers rounds in all five modes and uses the low 32 bits for .w', () => {
      // 2^53 + 1 is halfway between doubles; 2^24 + 1 halfway between singles
      const tie53 = 2n ** 53n + 1n;
      const d = (x: bigint) => f64(Number(x));
      const wantD = [d(2n ** 53n), d(2n ** 53n), d(2n ** 53n), d(2n ** 53n + 2n), d(2n ** 53n + 2n)];
      for (const mode of MODES) {
        expect(run1('fcvt.d.l', { x: tie53, frm: mode })).toMatchObject({ f: wantD[mode], flags: NX });
        expect(run1('fcvt.d.lu', { x: tie53, frm: mode })).toMatchObject({ f: wantD[mode], flags: NX });
        const neg = run1('fcvt.d.l', { x: BigInt.asUintN(64, -tie53), frm: mode });
        const mirrored = mode === RDN ? RUP : mode === RUP ? RDN : mode;
        expect(neg).toMatchObject({ f: (wantD[mirrored] ?? 0n) | signBit(D), flags: NX });
        const s = run1('fcvt.s.w', { x: 2n ** 24n + 1n, frm: mode });
        expect(s.f).toBe(box(mode === RUP || mode === RMM ? f32(2 ** 24 + 2) : f32(2 ** 24)));
      }
      expect(run1('fcvt.d.w', { x: 0x12345678ffffffffn })).toMatchObject({ f: f64(-1), flags: 0 });
      expect(run1('fcvt.d.wu', { x: 0x12345678ffffffffn })).toMatchObject({ f: f64(4294967295), flags: 0 });
      expect(run1('fcvt.s.wu', { x: 0xffffffffn })).toMatchObject({ f: box(f32(2 ** 32)), flags: NX });
      expect(run1('fcvt.s.lu', { x: 0xffffffffffffffffn, frm: RTZ })).toMatchObject({
        f: box(f32(2 ** 64) - 1n),
        flags: NX,
      });
      expect(run1('fcvt.s.l', { x: 0x8000000000000000n })).toMatchObject({ f: box(f32(-(2 ** 63))), flags: 0 });
      expect(run1('fcvt.d.l', { x: 0n })).toMatchObject({ f: 0n, flags: 0 });
      expect(run1('fcvt.s.w', { x: 0n, frm: RDN })).toMatchObject({ f: box(0n), flags: 0 }); // +0, even rounding down
    });

    it('fcvt.s.d rounds and fcvt.d.s is exact; NaNs become canonical, NV only for signaling ones', () => {
      expect(run1('fcvt.d.s', { f: [box(f32(0.1))] })).toMatchObject({ f: f64(Math.fround(0.1)), flags: 0 });
      expect(run1('fcvt.d.s', { f: [box(1n)] })).toMatchObject({ f: f64(2 ** -149), flags: 0 });
      expect(run1('fcvt.d.s', { f: [box(0xff800001n)] })).toMatchObject({ f: CANON_D, flags: NV });
      expect(run1('fcvt.d.s', { f: [box(0xffc00001n)] })).toMatchObject({ f: CANON_D, flags: 0 });
      expect(run1('fcvt.s.d', { f: [f64(0.1)] })).toMatchObject({ f: box(f32(0.1)), flags: NX });
      expect(run1('fcvt.s.d', { f: [0x7ff0000000000001n] })).toMatchObject({ f: box(CANON_S), flags: NV });
      expect(run1('fcvt.s.d', { f: [0xfff8000000000000n] })).toMatchObject({ f: box(CANON_S), flags: 0 });
      expect(run1('fcvt.s.d', { f: [f64(-Infinity)] })).toMatchObject({ f: box(0xff800000n), flags: 0 });
      expect(run1('fcvt.s.d', { f: [f64(1e300)], frm: RTZ })).toMatchObject({ f: box(0x7f7fffffn), flags: OF | NX });
      expect(run1('fcvt.s.d', { f: [f64(1e-300)], frm: RUP })).toMatchObject({ f: box(1n), flags: UF | NX });
    });

    it('random conversions agree with the exact model in every mode', () => {
      const gen = new Gen(3 + 16 * SEED);
      const bad: string[] = [];
      const check = (what: string, got: { x?: bigint; f?: bigint; flags: number }, want: object) => {
        try {
          expect(got).toMatchObject(want);
        } catch {
          bad.push(`${what}: got ${JSON.stringify(got, (_k, v: unknown) => (typeof v === 'bigint' ? hex(v) : v))}`);
        }
      };
      for (let i = 0; i < 200; i++) {
        // integers of every size, and floats near the integer range limits
        const bitsLen = 1 + gen.int(64);
        const v = gen.bits(bitsLen) | pow2(bitsLen - 1);
        const mode = MODES[gen.int(5)] ?? RNE;
        for (const f of FORMATS) {
          const fw = f === S ? box : (x: bigint) => x;
          for (const [w, width, isSigned] of INTS) {
            const x = width === 32 ? v & 0xffffffffn : v;
            const value = isSigned ? BigInt.asIntN(width, x) : x;
            const reg = width === 32 ? (gen.bits(32) << 32n) | x : x; // .w and .wu ignore the upper half
            const want = model.fromInt(f, value, mode);
            const r = run1(`fcvt.${f.name}.${w}`, { x: reg, frm: mode });
            check(`fcvt.${f.name}.${w} ${hex(x)} ${MODE_NAMES[mode]}`, r, { f: fw(want.bits), flags: want.flags });
          }
          const e = f.bias + gen.int(70) - 3;
          const fl = (gen.int(2) === 0 ? signBit(f) : 0n) | (BigInt(e) << BigInt(f.frac)) | gen.bits(f.frac);
          for (const [w, width, isSigned] of INTS) {
            const want = model.toInt(f, fl, mode, width, isSigned);
            const r = run1(`fcvt.${w}.${f.name}`, { f: [fw(fl)], frm: mode });
            check(`fcvt.${w}.${f.name} ${hex(fl)} ${MODE_NAMES[mode]}`, r, want);
          }
        }
        const d = gen.finite(D);
        const want = model.narrow(d, mode);
        check(`fcvt.s.d ${hex(d)} ${MODE_NAMES[mode]}`, run1('fcvt.s.d', { f: [d], frm: mode }), {
          f: box(want.bits),
          flags: want.flags,
        });
      }
      expect(bad.slice(0, 10)).toEqual([]);
    });
  });

  describe('rounding-mode field and flags', () => {
    it('treats rm 5 and 6, and rm 7 with frm 5, 6 or 7, as illegal instructions that change nothing', () => {
      const rmOps = BASE_INSTRUCTIONS.filter((s) => (s.ext === 'F' || s.ext === 'D') && s.operands.includes('rm'));
      expect(rmOps.length).toBe(36);
      for (const spec of rmOps) {
        for (const [rm, frm] of [
          [5, 0],
          [6, 0],
          [7, 5],
          [7, 6],
          [7, 7],
        ] as Array<[number, number]>) {
          t.hart.setF(10, 0x77n);
          t.hart.setX(10, 0x77n);
          t.hart.setF(1, f64(0.1));
          t.hart.setF(2, 0n);
          t.hart.setF(3, 0x7ff0000000000001n);
          t.hart.fcsr = frm << 5;
          const word = encode(spec.name, { frd: 10, rd: 10, frs1: 1, frs2: 2, frs3: 3, rs1: 11, rm });
          expect(t.exec([word]), `${spec.name} rm=${rm} frm=${frm}`).toBe(CAUSE_ILLEGAL_INSTRUCTION);
          expect(t.hart.trap.value).toBe(BigInt(word));
          expect(t.hart.fcsr).toBe(frm << 5); // no flags
          expect([t.hart.getF(10), t.hart.getX(10)]).toEqual([0x77n, 0x77n]);
        }
      }
    });

    it('accumulates flags across instructions and leaves frm alone', () => {
      t.hart.fcsr = RUP << 5;
      t.hart.setF(1, f64(1));
      t.hart.setF(2, f64(3));
      t.hart.setF(3, f64(0));
      const code = [
        encode('fdiv.d', { frd: 4, frs1: 1, frs2: 2, rm: 7 }), // NX
        encode('fdiv.d', { frd: 5, frs1: 1, frs2: 3, rm: 7 }), // DZ
        encode('fadd.d', { frd: 6, frs1: 1, frs2: 1, rm: 7 }), // exact: nothing new
      ];
      expect(t.exec(code)).toBe(CAUSE_BREAKPOINT);
      expect(t.hart.fcsr).toBe((RUP << 5) | DZ | NX);
      expect(t.hart.getF(4)).toBe(0x3fd5555555555556n); // rounded up, by frm
    });
  });
});
