import { describe, expect, it } from 'vitest';
import { RAM_OFFSET } from './memory-map';
import { PTE, Sv39Builder } from './testing/sv39';
import { CODE_BASE, createTestHart } from './testing/test-hart';
import * as codes from './trap-codes';

/** xorshift32: a fixed-seed generator, so a failure reproduces. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
}

const VALID_STOPS = new Set<number>(Object.values(codes));

describe('wild guests', () => {
  it('turns random instruction words into traps or a spent budget, never a host exception', async () => {
    const t = await createTestHart();
    const next = rng(0x5eed);
    const stops = new Map<number, number>();
    for (let program = 0; program < 3000; program++) {
      const words = Array.from({ length: 64 }, () => next());
      t.writeCode(CODE_BASE, words);
      for (let r = 1; r < 32; r++) t.hart.setX(r, BigInt(next()) * BigInt(next()));
      t.hart.pc = BigInt(CODE_BASE);
      const stop = t.hart.run(5000);
      expect(VALID_STOPS.has(stop), `stop ${stop}`).toBe(true);
      expect(t.hart.getX(0)).toBe(0n);
      stops.set(stop, (stops.get(stop) ?? 0) + 1);
    }
    // random words mostly decode as illegal, and the rest reach memory faults and jumps
    expect(stops.get(codes.CAUSE_ILLEGAL_INSTRUCTION) ?? 0).toBeGreaterThan(1000);
    expect(stops.size).toBeGreaterThan(3);
  });

  it('stops random code under translation on page faults, never a host exception', async () => {
    const t = await createTestHart();
    const pt = new Sv39Builder(t.view, 0x200000);
    for (let page = 0; page < 16; page++)
      pt.map(BigInt(CODE_BASE + page * 4096), CODE_BASE + page * 4096, PTE.R | PTE.W | PTE.X | PTE.U);
    t.hart.satp = pt.satp;
    const next = rng(42);
    for (let program = 0; program < 1000; program++) {
      for (let i = 0; i < 16 * 1024; i++) t.view.setUint32(RAM_OFFSET + CODE_BASE + i * 4, next(), true);
      t.hart.pc = BigInt(CODE_BASE + (next() % (16 * 2048)) * 2);
      const stop = t.hart.run(10_000);
      expect(VALID_STOPS.has(stop), `stop ${stop}`).toBe(true);
    }
  });

  it('returns from an endless loop when the budget is spent', async () => {
    const t = await createTestHart();
    t.writeHalfwords(CODE_BASE, [0xa001]); // c.j . (jump to itself)
    t.hart.pc = BigInt(CODE_BASE);
    expect(t.hart.run(1_000_000)).toBe(codes.STOP_BUDGET);
    expect(t.hart.pc).toBe(BigInt(CODE_BASE));
    expect(t.hart.instret).toBe(1_000_000n);
  });

  it('faults on a jump outside physical memory', async () => {
    const t = await createTestHart();
    t.hart.pc = 0xdead_beef_0000n;
    expect(t.hart.run(10)).toBe(codes.CAUSE_FETCH_ACCESS);
    expect(t.hart.trap.value).toBe(0xdead_beef_0000n);
  });

  it('rejects a bad hart number or budget without running anything', async () => {
    const t = await createTestHart();
    expect(t.wasm.run(-1, 100)).toBe(codes.STOP_BUDGET);
    expect(t.wasm.run(64, 100)).toBe(codes.STOP_BUDGET);
    expect(t.wasm.run(0, 0)).toBe(codes.STOP_BUDGET);
    expect(t.hart.instret).toBe(0n);
  });
});
