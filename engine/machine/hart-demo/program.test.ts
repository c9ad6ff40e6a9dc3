// Tests of the hart demo's guest program: it disassembles to what its source says, and the
// hart runs it forever computing Fibonacci numbers into registers and the ring in memory.

import { describe, expect, it } from 'vitest';
import { disassemble } from '../../hw/isa/disasm';
import { RAM_OFFSET } from '../../hw/memory-map';
import { createTestHart } from '../../hw/testing/test-hart';
import { STOP_BUDGET } from '../../hw/trap-codes';
import { assembleDemoProgram, CHECKSUM_ADDR, loadDemoProgram, RING_BASE, RING_ENTRIES } from './program';

function fib(n: number): bigint {
  let [a, b] = [0n, 1n];
  for (let k = 0; k < n; k++) [a, b] = [b, BigInt.asUintN(64, a + b)];
  return a;
}

describe('hart demo program', () => {
  it('disassembles to its source, compressed forms included', async () => {
    const { wasm } = await createTestHart(1 << 20);
    const expand = (h: number): number => wasm.expandCompressed(h) >>> 0;
    const program = assembleDemoProgram();
    const view = new DataView(program.bytes.buffer);
    const lines: string[] = [];
    for (let off = 0; off < program.bytes.length;) {
      const bits = off + 4 <= program.bytes.length ? view.getUint32(off, true) : view.getUint16(off, true);
      const d = disassemble(bits, { expand, pc: BigInt(program.entry + off) });
      lines.push(d.text);
      off += d.length;
    }
    expect(lines).toContain('c.mv a0,zero,a1');
    expect(lines).toContain('c.addi s0,s0,1');
    expect(lines).toContain('c.xor a3,a3,a2');
    expect(lines).toContain('csrrs a5,instret,zero');
    expect(lines.at(-1)).toBe(`jal zero,${program.loop.toString(16)}`);
    expect(lines.some((l) => l.startsWith('.'))).toBe(false);
  });

  it('runs forever, keeping Fibonacci numbers in a0/a1 and the ring', async () => {
    const t = await createTestHart(1 << 20);
    const program = assembleDemoProgram();
    loadDemoProgram(program, t.pm.memory, t.hart);
    for (let slice = 0; slice < 5; slice++) expect(t.hart.run(100_003)).toBe(STOP_BUDGET);
    expect(t.hart.instret).toBe(500_015n);
    // pause at the top of the loop, where the registers are consistent
    while (t.hart.pc !== BigInt(program.loop)) t.hart.run(1);
    const n = Number(t.hart.getX(8));
    expect(n).toBeGreaterThan(10_000);
    expect(t.hart.getX(10)).toBe(fib(n));
    expect(t.hart.getX(11)).toBe(fib(n + 1));
    expect(t.hart.getX(14)).toBe(BigInt(n * n));
    const last = (n - 1) % RING_ENTRIES;
    expect(t.view.getBigUint64(RAM_OFFSET + RING_BASE + last * 8, true)).toBe(fib(n));
    expect(t.view.getBigUint64(RAM_OFFSET + CHECKSUM_ADDR, true)).toBe(t.hart.getX(13));
  });

  it('starts over from a clean state when loaded again', async () => {
    const t = await createTestHart(1 << 20);
    const program = assembleDemoProgram();
    loadDemoProgram(program, t.pm.memory, t.hart);
    t.hart.run(12_345);
    loadDemoProgram(program, t.pm.memory, t.hart);
    expect(t.hart.instret).toBe(0n);
    expect(t.hart.pc).toBe(BigInt(program.entry));
    expect(t.hart.saveRegisters().x.every((v) => v === 0n)).toBe(true);
    expect(t.view.getBigUint64(RAM_OFFSET + RING_BASE, true)).toBe(0n);
  });
});
