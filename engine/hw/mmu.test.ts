import { beforeEach, describe, expect, it } from 'vitest';
import { encode as e } from './isa/encode';
import { RAM_OFFSET } from './memory-map';
import { PTE, Sv39Builder } from './testing/sv39';
import { CODE_BASE, createTestHart, EBREAK, type TestHart } from './testing/test-hart';
import {
  CAUSE_BREAKPOINT,
  CAUSE_FETCH_PAGE_FAULT,
  CAUSE_LOAD_ACCESS,
  CAUSE_LOAD_PAGE_FAULT,
  CAUSE_STORE_PAGE_FAULT,
} from './trap-codes';

const { R, W, X, U, A, D } = PTE;
const CODE_VA = 0x400000n;
const DATA_VA = 0x800000n;
const DATA_PA = 0x300000;

let t: TestHart;
let pt: Sv39Builder;

beforeEach(async () => {
  t = await createTestHart();
  pt = new Sv39Builder(t.view, 0x100000);
  pt.map(CODE_VA, CODE_BASE, R | X | U);
});

/** Runs `words` from CODE_VA with translation on; returns the stop cause. */
function runMapped(words: number[]): number {
  t.writeCode(CODE_BASE, [...words, EBREAK]);
  t.hart.satp = pt.satp;
  t.hart.pc = CODE_VA;
  return t.hart.run(10_000);
}

const loadX5 = (va: bigint) => {
  t.hart.setX(1, va);
  return runMapped([e('ld', { rd: 5, rs1: 1, imm12: 0 })]);
};
const storeX2 = (va: bigint, v: bigint) => {
  t.hart.setX(1, va);
  t.hart.setX(2, v);
  return runMapped([e('sd', { rs1: 1, rs2: 2, simm12: 0 })]);
};

describe('Sv39 translation', () => {
  it('translates loads and stores through a 4 KiB page', () => {
    pt.map(DATA_VA, DATA_PA, R | W | U);
    expect(storeX2(DATA_VA + 8n, 1234n)).toBe(CAUSE_BREAKPOINT);
    expect(t.view.getBigUint64(RAM_OFFSET + DATA_PA + 8, true)).toBe(1234n);
    expect(loadX5(DATA_VA + 8n)).toBe(CAUSE_BREAKPOINT);
    expect(t.hart.getX(5)).toBe(1234n);
  });

  it('faults on a store to a read-only page, with the address as value', () => {
    pt.map(DATA_VA, DATA_PA, R | U);
    expect(loadX5(DATA_VA)).toBe(CAUSE_BREAKPOINT);
    expect(storeX2(DATA_VA + 16n, 1n)).toBe(CAUSE_STORE_PAGE_FAULT);
    expect(t.hart.trap.value).toBe(DATA_VA + 16n);
    expect(t.hart.trap.pc).toBe(CODE_VA);
  });

  it('faults on a load from an execute-only page and on a fetch from a non-executable one', () => {
    pt.map(DATA_VA, DATA_PA, X | U);
    expect(loadX5(DATA_VA)).toBe(CAUSE_LOAD_PAGE_FAULT);
    pt.map(CODE_VA, CODE_BASE, R | U);
    t.hart.flushTlb();
    expect(runMapped([])).toBe(CAUSE_FETCH_PAGE_FAULT);
    expect(t.hart.trap.value).toBe(CODE_VA);
  });

  it('denies user mode pages without the U bit', () => {
    pt.map(DATA_VA, DATA_PA, R | W);
    expect(loadX5(DATA_VA)).toBe(CAUSE_LOAD_PAGE_FAULT);
  });

  it('faults on unmapped, non-canonical and reserved (W without R) mappings', () => {
    expect(loadX5(DATA_VA)).toBe(CAUSE_LOAD_PAGE_FAULT);
    expect(loadX5(0x0000_8000_0000_0000n)).toBe(CAUSE_LOAD_PAGE_FAULT); // bit 47 set, bit 38 clear
    pt.map(DATA_VA, DATA_PA, W | U);
    expect(loadX5(DATA_VA)).toBe(CAUSE_LOAD_PAGE_FAULT);
  });

  it('gives an access fault for a mapping outside physical memory', () => {
    pt.map(DATA_VA, 64 << 20, R | W | U);
    expect(loadX5(DATA_VA)).toBe(CAUSE_LOAD_ACCESS);
  });

  it('sets the A bit on access and the D bit on a store (hardware A/D update)', () => {
    const at = pt.map(DATA_VA, DATA_PA, R | W | U);
    expect(pt.readPte(at) & (A | D)).toBe(0n);
    expect(loadX5(DATA_VA)).toBe(CAUSE_BREAKPOINT);
    expect(pt.readPte(at) & (A | D)).toBe(A);
    expect(storeX2(DATA_VA, 5n)).toBe(CAUSE_BREAKPOINT);
    expect(pt.readPte(at) & (A | D)).toBe(A | D);
  });

  it('maps 2 MiB megapages and rejects misaligned ones', () => {
    pt.map(0x1000_0000n, 0x200000, R | W | U, 1);
    t.view.setBigUint64(RAM_OFFSET + 0x200000 + 0x12340, 77n, true);
    expect(loadX5(0x1000_0000n + 0x12340n)).toBe(CAUSE_BREAKPOINT);
    expect(t.hart.getX(5)).toBe(77n);
    pt.map(0x2000_0000n, 0x201000, R | W | U, 1); // physical page number not 2 MiB aligned
    expect(loadX5(0x2000_0000n)).toBe(CAUSE_LOAD_PAGE_FAULT);
  });

  it('maps 1 GiB gigapages', () => {
    pt.map(0x40000000n, 0, R | W | U, 2);
    t.view.setBigUint64(RAM_OFFSET + 0x20008, 99n, true);
    expect(loadX5(0x40000000n + 0x20008n)).toBe(CAUSE_BREAKPOINT);
    expect(t.hart.getX(5)).toBe(99n);
  });

  it('translates the upper half of the address space (sign-extended bit 38)', () => {
    const high = 0xffff_ffc0_0000_0000n + 0x1000n;
    pt.map(high, DATA_PA, R | U);
    t.view.setBigUint64(RAM_OFFSET + DATA_PA, 3n, true);
    expect(loadX5(high)).toBe(CAUSE_BREAKPOINT);
    expect(t.hart.getX(5)).toBe(3n);
  });

  it('keeps using a cached translation until the host flushes the TLB', () => {
    const at = pt.map(DATA_VA, DATA_PA, R | W | U);
    t.view.setBigUint64(RAM_OFFSET + DATA_PA, 1n, true);
    t.view.setBigUint64(RAM_OFFSET + DATA_PA + 0x1000, 2n, true);
    t.hart.setX(1, DATA_VA);
    t.writeCode(CODE_BASE, [e('ld', { rd: 5, rs1: 1, imm12: 0 }), EBREAK]);
    t.hart.satp = pt.satp;
    t.hart.pc = CODE_VA;
    expect(t.hart.run(100)).toBe(CAUSE_BREAKPOINT);
    expect(t.hart.getX(5)).toBe(1n);
    pt.writePte(at, (BigInt((DATA_PA + 0x1000) / 4096) << 10n) | R | W | U | PTE.V);
    t.hart.pc = CODE_VA;
    expect(t.hart.run(100)).toBe(CAUSE_BREAKPOINT);
    expect(t.hart.getX(5)).toBe(1n); // stale, as on hardware without sfence.vma
    t.hart.flushTlb();
    t.hart.pc = CODE_VA;
    expect(t.hart.run(100)).toBe(CAUSE_BREAKPOINT);
    expect(t.hart.getX(5)).toBe(2n);
  });

  it('writes nothing when a misaligned store faults on its second page', () => {
    pt.map(DATA_VA, DATA_PA, R | W | U);
    pt.map(DATA_VA + 0x1000n, DATA_PA + 0x1000, R | U);
    expect(storeX2(DATA_VA + 0xffcn, -1n)).toBe(CAUSE_STORE_PAGE_FAULT);
    expect(t.hart.trap.value).toBe(DATA_VA + 0x1000n); // the part of the access that faulted
    expect(t.view.getUint32(RAM_OFFSET + DATA_PA + 0xffc, true)).toBe(0);
  });

  it('reports a fault on the second page of a misaligned load with that page address', () => {
    pt.map(DATA_VA, DATA_PA, R | W | U);
    expect(loadX5(DATA_VA + 0xffdn)).toBe(CAUSE_LOAD_PAGE_FAULT);
    expect(t.hart.trap.value).toBe(DATA_VA + 0x1000n);
  });
});
