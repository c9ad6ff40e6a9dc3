// A one-hart machine for tests: memory, the wasm hart, and helpers to place code and data in
// guest memory and run it. Used by the instruction, MMU and FP tests; the bare-program harness
// (bare-harness.ts) builds on it.

import { Hart } from '../hart';
import { instantiateHart, type HartExports } from '../hart-module';
import { RAM_OFFSET } from '../memory-map';
import { createPhysicalMemory, type PhysicalMemory } from '../physical-memory';
import { STOP_BUDGET } from '../trap-codes';

export interface TestHart {
  pm: PhysicalMemory;
  wasm: HartExports;
  hart: Hart;
  view: DataView;
  bytes: Uint8Array;
  /** Writes 32-bit instruction words at guest physical `pa`. */
  writeCode(pa: number, words: readonly number[]): void;
  /** Writes 16-bit compressed instructions at `pa`. */
  writeHalfwords(pa: number, halves: readonly number[]): void;
  /**
   * Places `words` at CODE_BASE followed by an ebreak, sets pc there and runs until the ebreak
   * (or another trap). Returns the stop code: CAUSE_BREAKPOINT when the code ran through.
   */
  exec(words: readonly number[], budget?: number): number;
}

export const CODE_BASE = 0x10000;
export const EBREAK = 0x00100073;

export async function createTestHart(ramBytes = 16 << 20): Promise<TestHart> {
  const pm = createPhysicalMemory(ramBytes, 1);
  const wasm = await instantiateHart(pm.memory);
  wasm.buildTables();
  const hart = new Hart(0, pm.memory, wasm);
  const view = new DataView(pm.memory.buffer);
  const bytes = new Uint8Array(pm.memory.buffer);
  const t: TestHart = {
    pm,
    wasm,
    hart,
    view,
    bytes,
    writeCode(pa, words) {
      words.forEach((w, i) => {
        view.setUint32(RAM_OFFSET + pa + i * 4, w >>> 0, true);
      });
    },
    writeHalfwords(pa, halves) {
      halves.forEach((h, i) => {
        view.setUint16(RAM_OFFSET + pa + i * 2, h & 0xffff, true);
      });
    },
    exec(words, budget = 1_000_000) {
      t.writeCode(CODE_BASE, [...words, EBREAK]);
      hart.pc = BigInt(CODE_BASE);
      const stop = hart.run(budget);
      return stop === STOP_BUDGET ? stop : hart.trap.cause;
    },
  };
  return t;
}
