import { Worker } from 'node:worker_threads';
import { beforeAll, describe, expect, it } from 'vitest';
import { Hart } from './hart';
import { instantiateHart } from './hart-module';
import { encode as e } from './isa/encode';
import { RAM_OFFSET } from './memory-map';
import { createPhysicalMemory } from './physical-memory';
import { createTestHart, type TestHart } from './testing/test-hart';
import { CAUSE_BREAKPOINT, CAUSE_LOAD_MISALIGNED, CAUSE_STORE_MISALIGNED } from './trap-codes';

const u = (v: bigint) => BigInt.asUintN(64, v);
const DATA = 0x20000;

let t: TestHart;
beforeAll(async () => {
  t = await createTestHart();
});

/** Stores `old` at DATA, runs `op x3, x2, (x1)` with x2 = v, returns [x3, memory after]. */
function amo(op: string, old: bigint, v: bigint): [bigint, bigint] {
  const wide = op.endsWith('.d');
  if (wide) t.view.setBigUint64(RAM_OFFSET + DATA, u(old), true);
  else t.view.setUint32(RAM_OFFSET + DATA, Number(BigInt.asUintN(32, old)), true);
  t.hart.setX(1, BigInt(DATA));
  t.hart.setX(2, u(v));
  expect(t.exec([e(op, { rd: 3, rs1: 1, rs2: 2 })])).toBe(CAUSE_BREAKPOINT);
  const after = wide ? t.view.getBigUint64(RAM_OFFSET + DATA, true) : BigInt(t.view.getUint32(RAM_OFFSET + DATA, true));
  return [t.hart.getX(3), after];
}

describe('RV64A atomic memory operations', () => {
  const cases: Array<[string, bigint, bigint, bigint]> = [
    // op, old, operand, new memory value
    ['amoswap.d', 1n, 2n, 2n],
    ['amoadd.d', -1n, 2n, 1n],
    ['amoxor.d', 0b1100n, 0b1010n, 0b0110n],
    ['amoand.d', 0b1100n, 0b1010n, 0b1000n],
    ['amoor.d', 0b1100n, 0b1010n, 0b1110n],
    ['amomin.d', -5n, 3n, u(-5n)],
    ['amomax.d', -5n, 3n, 3n],
    ['amominu.d', -5n, 3n, 3n],
    ['amomaxu.d', -5n, 3n, u(-5n)],
    ['amoswap.w', 1n, 2n, 2n],
    ['amoadd.w', 0xffffffffn, 2n, 1n],
    ['amoxor.w', 0b1100n, 0b1010n, 0b0110n],
    ['amoand.w', 0b1100n, 0b1010n, 0b1000n],
    ['amoor.w', 0b1100n, 0b1010n, 0b1110n],
    ['amomin.w', 0xfffffffbn, 3n, 0xfffffffbn],
    ['amomax.w', 0xfffffffbn, 3n, 3n],
    ['amominu.w', 0xfffffffbn, 3n, 3n],
    ['amomaxu.w', 0xfffffffbn, 3n, 0xfffffffbn],
  ];
  it.each(cases)('%s: old %d with %d leaves %d and returns the old value', (op, old, v, expected) => {
    const [returned, after] = amo(op, old, v);
    expect(after).toBe(expected);
    const width = op.endsWith('.w') ? 32 : 64;
    expect(returned).toBe(u(BigInt.asIntN(width, old))); // .w results are sign-extended
  });

  it('pairs sc with the lr before it, and fails an sc without one', () => {
    t.view.setBigUint64(RAM_OFFSET + DATA, 41n, true);
    t.hart.setX(1, BigInt(DATA));
    const code = [
      e('lr.d', { rd: 2, rs1: 1 }),
      e('addi', { rd: 2, rs1: 2, imm12: 1 }),
      e('sc.d', { rd: 3, rs1: 1, rs2: 2 }), // succeeds: 0
      e('sc.d', { rd: 4, rs1: 1, rs2: 0 }), // reservation gone: 1
      e('lr.w', { rd: 5, rs1: 1 }),
      e('sc.w', { rd: 6, rs1: 1, rs2: 0 }),
    ];
    expect(t.exec(code)).toBe(CAUSE_BREAKPOINT);
    expect(t.hart.getX(3)).toBe(0n);
    expect(t.hart.getX(4)).toBe(1n);
    expect(t.hart.getX(5)).toBe(42n);
    expect(t.hart.getX(6)).toBe(0n);
    expect(t.view.getBigUint64(RAM_OFFSET + DATA, true)).toBe(0n);
  });

  it('fails an sc when memory changed after the lr', () => {
    t.view.setBigUint64(RAM_OFFSET + DATA, 1n, true);
    t.hart.setX(1, BigInt(DATA));
    const code = [
      e('lr.d', { rd: 2, rs1: 1 }),
      e('sd', { rs1: 1, rs2: 1, simm12: 0 }), // another writer's value
      e('sc.d', { rd: 3, rs1: 1, rs2: 0 }),
    ];
    expect(t.exec(code)).toBe(CAUSE_BREAKPOINT);
    expect(t.hart.getX(3)).toBe(1n);
  });

  it('traps on misaligned atomics instead of splitting them', () => {
    t.hart.setX(1, BigInt(DATA + 4));
    expect(t.exec([e('amoadd.d', { rd: 3, rs1: 1, rs2: 2 })])).toBe(CAUSE_STORE_MISALIGNED);
    expect(t.hart.trap.value).toBe(BigInt(DATA + 4));
    t.hart.setX(1, BigInt(DATA + 2));
    expect(t.exec([e('lr.w', { rd: 3, rs1: 1 })])).toBe(CAUSE_LOAD_MISALIGNED);
    expect(t.exec([e('sc.w', { rd: 3, rs1: 1, rs2: 2 })])).toBe(CAUSE_STORE_MISALIGNED);
  });
});

describe('RV64A across workers', () => {
  it('keeps a counter exact when harts in four workers increment it with amoadd and lr/sc', async () => {
    const pm = createPhysicalMemory(16 << 20, 4);
    const wasm = await instantiateHart(pm.memory);
    wasm.buildTables();
    const view = new DataView(pm.memory.buffer);
    const N = 20000;
    // x1 = &counter, x2 = N; loop: amoadd.d; lr.d/sc.d increment; x2--; bnez; ebreak
    const code = [
      e('lui', { rd: 1, imm20: 0x30 }), // x1 = 0x30000
      e('lui', { rd: 2, imm20: 5 }), // x2 = 20480 ... adjusted below
      e('addi', { rd: 2, rs1: 2, imm12: N - 20480 }),
      e('addi', { rd: 5, rs1: 0, imm12: 1 }),
      e('amoadd.d', { rd: 0, rs1: 1, rs2: 5 }), // loop:
      e('lr.d', { rd: 6, rs1: 1 }), // retry:
      e('addi', { rd: 6, rs1: 6, imm12: 1 }),
      e('sc.d', { rd: 7, rs1: 1, rs2: 6 }),
      e('bne', { rs1: 7, rs2: 0, bimm13: -12 }), // sc failed: retry
      e('addi', { rd: 2, rs1: 2, imm12: -1 }),
      e('bne', { rs1: 2, rs2: 0, bimm13: -24 }),
      e('ebreak'),
    ];
    code.forEach((w, i) => {
      view.setUint32(RAM_OFFSET + 0x10000 + i * 4, w, true);
    });
    for (let h = 0; h < 4; h++) new Hart(h, pm.memory, wasm).pc = 0x10000n;
    const wasmUrl = new URL('./generated/hart.wasm', import.meta.url).href;
    const stops = await Promise.all(
      [0, 1, 2, 3].map(
        (hart) =>
          new Promise<number>((resolve, reject) => {
            const worker = new Worker(new URL('./testing/hart-worker.mjs', import.meta.url), {
              workerData: { memory: pm.memory, wasmUrl, hart, budget: 100_000_000 },
            });
            worker.once('message', (stop: number) => {
              resolve(stop);
              void worker.terminate();
            });
            worker.once('error', reject);
          }),
      ),
    );
    expect(stops).toEqual([CAUSE_BREAKPOINT, CAUSE_BREAKPOINT, CAUSE_BREAKPOINT, CAUSE_BREAKPOINT]);
    expect(view.getBigUint64(RAM_OFFSET + 0x30000, true)).toBe(BigInt(4 * N * 2));
  });
});
