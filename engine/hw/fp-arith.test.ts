// F and D arithmetic on the real wasm hart: special operands (canonical NaNs, NV, DZ, signed
// zeros), overflow and tininess after rounding, the five rounding modes, and random operands in
// every mode checked against the exact BigInt model in testing/fp-model.ts.

import { describe, expect, it } from 'vitest';
import {
  bitsOf,
  CANON_D,
  CANON_S,
  f32,
  f64,
  fop,
  FORMATS,
  Gen,
  hex,
  isFiniteNonzero,
  RANDOM_CASES,
  run1,
  SEED,
  setupFpHart,
  sweep,
} from './testing/fp-helpers';
import {
  D,
  DZ,
  inf,
  maxFinite,
  model,
  MODES,
  NV,
  NX,
  OF,
  RDN,
  RMM,
  RNE,
  RTZ,
  RUP,
  S,
  signBit,
  UF,
} from './testing/fp-model';

setupFpHart();

describe('F and D extensions', () => {
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
});
