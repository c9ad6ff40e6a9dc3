// F and D comparisons on the real wasm hart: fmin/fmax (IEEE 754-2019 minimumNumber and
// maximumNumber), feq (quiet) and flt/fle (signaling), and fclass's ten classes.

import { describe, expect, it } from 'vitest';
import { bitsOf, box, CANON_D, CANON_S, fop, FORMATS, hex, run1, setupFpHart } from './testing/fp-helpers';
import { inf, NV, S, signBit } from './testing/fp-model';

setupFpHart();

describe('F and D extensions', () => {
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
});
