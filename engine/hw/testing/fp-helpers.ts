// Running F and D instructions on a one-hart test machine, for engine/hw/fp*.test.ts: one
// instruction with operands in f1..f3 and x11 (run1, fop), bit patterns of host numbers,
// random operands biased toward the hard cases, and a sweep of an op over every rounding mode
// against the exact model in fp-model.ts.

import { beforeAll, expect } from 'vitest';
import { encode } from '../isa/encode';
import { CAUSE_BREAKPOINT } from '../trap-codes';
import { D, type Fmt, type FpResult, inf, MODE_NAMES, MODES, pow2, RNE, S, signBit } from './fp-model';
import { createTestHart, type TestHart } from './test-hart';

// ---- running instructions on the hart ----

let current: TestHart | undefined;

/** Creates the test file's hart before its tests run: call once at a test file's top level. */
export function setupFpHart(): void {
  beforeAll(async () => {
    current = await createTestHart();
  });
}

/** The hart made by setupFpHart, which run1 and fop use. */
export function fpHart(): TestHart {
  if (!current) throw new Error('setupFpHart() was not called');
  return current;
}

const BOX = 0xffffffff00000000n;
export const box = (s: bigint): bigint => BOX | s;
export const CANON_S = 0x7fc00000n;
export const CANON_D = 0x7ff8000000000000n;

export interface Run {
  stop: number;
  f: bigint; // f10
  x: bigint; // x10
  flags: number;
}

/**
 * Runs one instruction: operands in f1, f2, f3 and x11, result in f10 or x10; frm = `frm`,
 * fflags cleared first; rm is the instruction's field (7, dynamic, unless given).
 */
export function run1(name: string, o: { f?: bigint[]; x?: bigint; rm?: number; frm?: number } = {}): Run {
  const t = fpHart();
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
export function fop(f: Fmt, op: string, operands: bigint[], mode = RNE): FpResult {
  const r = run1(`${op}.${f.name}`, { f: operands.map((v) => (f === S ? box(v) : v)), frm: mode });
  expect(r.stop).toBe(CAUSE_BREAKPOINT);
  if (f === S) expect(r.f >> 32n, `${op}.s result is NaN-boxed`).toBe(0xffffffffn);
  return { bits: f === S ? r.f & 0xffffffffn : r.f, flags: r.flags };
}

export const hex = (v: bigint): string => '0x' + v.toString(16);
export const f64 = (x: number): bigint => {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, x);
  return dv.getBigUint64(0);
};
export const f32 = (x: number): bigint => {
  const dv = new DataView(new ArrayBuffer(4));
  dv.setFloat32(0, x);
  return BigInt(dv.getUint32(0));
};
export const bitsOf = (f: Fmt, x: number): bigint => (f === S ? f32(x) : f64(x));

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

export class Gen {
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

export function isFiniteNonzero(f: Fmt, v: bigint): boolean {
  const mag = v & (signBit(f) - 1n);
  return v >= 0n && v < pow2(f.width) && mag !== 0n && mag < inf(f);
}

type Ops3 = [bigint, bigint, bigint];

/** Checks `cases` operand lists of an op against the model in every mode; returns mismatches. */
export function sweep(f: Fmt, op: string, cases: bigint[][], ref: (ops: Ops3, mode: number) => FpResult): string[] {
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

export const FORMATS: Fmt[] = [S, D];
/** Random operand lists per op and mode; FP_RANDOM_CASES and FP_SEED vary them for a soak. */
export const RANDOM_CASES = Number(process.env.FP_RANDOM_CASES ?? 300);
export const SEED = Number(process.env.FP_SEED ?? 0);
