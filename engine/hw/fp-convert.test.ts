// F and D conversions on the real wasm hart: float to integer (rounding, saturation with NV
// alone, sign extension of 32-bit results), integer to float, fcvt.s.d and fcvt.d.s, and
// random conversions in every mode checked against the exact model in testing/fp-model.ts.

import { describe, expect, it } from 'vitest';
import {
  bitsOf,
  box,
  CANON_D,
  CANON_S,
  f32,
  f64,
  FORMATS,
  Gen,
  hex,
  run1,
  SEED,
  setupFpHart,
} from './testing/fp-helpers';
import {
  D,
  MODE_NAMES,
  model,
  MODES,
  NV,
  NX,
  OF,
  pow2,
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
});
