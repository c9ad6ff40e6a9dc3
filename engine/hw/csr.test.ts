import { beforeAll, describe, expect, it } from 'vitest';
import { encode as e } from './isa/encode';
import { createTestHart, type TestHart } from './testing/test-hart';
import { CAUSE_BREAKPOINT, CAUSE_ILLEGAL_INSTRUCTION } from './trap-codes';

const FFLAGS = 0x001;
const FRM = 0x002;
const FCSR = 0x003;
const CYCLE = 0xc00;
const TIME = 0xc01;
const INSTRET = 0xc02;

let t: TestHart;
beforeAll(async () => {
  t = await createTestHart();
});

describe('Zicsr', () => {
  it('reads and writes fflags and frm as views of fcsr', () => {
    t.hart.fcsr = 0;
    t.hart.setX(1, 0x1fn);
    const code = [
      e('csrrw', { rd: 2, csr: FFLAGS, rs1: 1 }), // fflags = 0x1f, x2 = 0
      e('csrrwi', { rd: 3, csr: FRM, zimm: 3 }), // frm = RUP
      e('csrrs', { rd: 4, csr: FCSR, rs1: 0 }), // read only
      e('csrrci', { rd: 5, csr: FFLAGS, zimm: 0x11 }), // clear NV and NX
      e('csrrsi', { rd: 6, csr: FRM, zimm: 4 }), // frm |= 4 -> 7
      e('csrrc', { rd: 7, csr: FCSR, rs1: 0 }),
    ];
    expect(t.exec(code)).toBe(CAUSE_BREAKPOINT);
    expect(t.hart.getX(2)).toBe(0n);
    expect(t.hart.getX(4)).toBe(BigInt((3 << 5) | 0x1f));
    expect(t.hart.getX(5)).toBe(0x1fn);
    expect(t.hart.getX(6)).toBe(3n);
    expect(t.hart.getX(7)).toBe(BigInt((7 << 5) | 0x0e));
    expect(t.hart.fcsr).toBe((7 << 5) | 0x0e);
  });

  it('keeps only the 8 defined bits of fcsr', () => {
    t.hart.setX(1, 0xffffn);
    expect(t.exec([e('csrrw', { rd: 0, csr: FCSR, rs1: 1 })])).toBe(CAUSE_BREAKPOINT);
    expect(t.hart.fcsr).toBe(0xff);
  });

  it('counts retired instructions in cycle and instret', () => {
    const before = t.hart.instret;
    const code = [
      e('csrrs', { rd: 1, csr: INSTRET, rs1: 0 }),
      e('addi', { rd: 0, rs1: 0, imm12: 0 }),
      e('addi', { rd: 0, rs1: 0, imm12: 0 }),
      e('csrrs', { rd: 2, csr: INSTRET, rs1: 0 }),
      e('csrrs', { rd: 3, csr: CYCLE, rs1: 0 }),
    ];
    expect(t.exec(code)).toBe(CAUSE_BREAKPOINT);
    expect(t.hart.getX(1)).toBe(before);
    expect(t.hart.getX(2) - t.hart.getX(1)).toBe(3n);
    expect(t.hart.getX(3)).toBe(t.hart.getX(2) + 1n);
    expect(t.hart.instret).toBe(before + 5n); // the ebreak did not retire
  });

  it('reads time from the virtual clock the host keeps', () => {
    t.hart.time = 123456789n;
    expect(t.exec([e('csrrs', { rd: 1, csr: TIME, rs1: 0 })])).toBe(CAUSE_BREAKPOINT);
    expect(t.hart.getX(1)).toBe(123456789n);
  });

  it('treats writes to the counters and unknown CSRs as illegal instructions', () => {
    t.hart.setX(1, 1n);
    for (const csr of [CYCLE, TIME, INSTRET]) {
      const insn = e('csrrw', { rd: 0, csr, rs1: 1 });
      expect(t.exec([insn])).toBe(CAUSE_ILLEGAL_INSTRUCTION);
      expect(t.hart.trap.value).toBe(BigInt(insn));
      expect(t.exec([e('csrrsi', { rd: 2, csr, zimm: 1 })])).toBe(CAUSE_ILLEGAL_INSTRUCTION);
    }
    for (const csr of [0x100, 0x180, 0x300, 0xf14, 0xc03]) {
      expect(t.exec([e('csrrs', { rd: 2, csr, rs1: 0 })]), `csr 0x${csr.toString(16)}`).toBe(CAUSE_ILLEGAL_INSTRUCTION);
    }
  });
});

describe('fences', () => {
  it('runs fence and fence.i as ordering-only instructions', () => {
    expect(t.exec([e('fence', { pred: 15, succ: 15 }), e('fence.i'), e('addi', { rd: 1, rs1: 0, imm12: 9 })])).toBe(
      CAUSE_BREAKPOINT,
    );
    expect(t.hart.getX(1)).toBe(9n);
  });

  it('sees code written by the program itself after fence.i', () => {
    // store "addi x5, x0, 42" over the instruction after fence.i, then run it
    const patched = e('addi', { rd: 5, rs1: 0, imm12: 42 });
    t.hart.setX(6, BigInt(patched));
    const code = [
      e('auipc', { rd: 7, imm20: 0 }),
      e('sw', { rs1: 7, rs2: 6, simm12: 12 }),
      e('fence.i'),
      e('addi', { rd: 5, rs1: 0, imm12: 1 }), // replaced before it runs
    ];
    expect(t.exec(code)).toBe(CAUSE_BREAKPOINT);
    expect(t.hart.getX(5)).toBe(42n);
  });
});
