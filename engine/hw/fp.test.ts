// The F and D extensions on the real wasm hart, instruction by instruction: a handler for every
// F and D instruction, loads and stores, NaN-boxing, fmv and sign injection, the reserved
// rounding modes and flag accumulation. The arithmetic, comparisons and conversions are tested
// in fp-arith.test.ts, fp-compare.test.ts and fp-convert.test.ts, against the exact BigInt
// model in testing/fp-model.ts.

import { describe, expect, it } from 'vitest';
import { encode } from './isa/encode';
import { BASE_INSTRUCTIONS } from './isa/instructions';
import { RAM_OFFSET } from './memory-map';
import { box, CANON_D, CANON_S, f32, f64, fpHart, run1, setupFpHart } from './testing/fp-helpers';
import { DZ, NV, NX, RUP } from './testing/fp-model';
import { CAUSE_BREAKPOINT, CAUSE_ILLEGAL_INSTRUCTION, CAUSE_LOAD_ACCESS } from './trap-codes';

setupFpHart();

describe('F and D extensions', () => {
  it('has a handler for every F and D instruction in the table', () => {
    const t = fpHart();
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
    const t = fpHart();
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
    const t = fpHart();
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

  describe('rounding-mode field and flags', () => {
    it('treats rm 5 and 6, and rm 7 with frm 5, 6 or 7, as illegal instructions that change nothing', () => {
      const t = fpHart();
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
      const t = fpHart();
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
