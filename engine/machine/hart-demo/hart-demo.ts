// The hart demo's main-side facade: boots a one-hart machine (shared memory, hart module, the
// worker that runs it) and hands the page a read-only view of the hart plus four commands.
// The page reads `hart` (registers, pc, instret) and `state()` every animation frame; both read
// shared memory directly, so nothing is posted per instruction or per frame.
//
//   const demo = await startHartDemo();
//   await demo.run();  ...  demo.hart.pc, demo.hart.getX(10), demo.fetch(demo.hart.pc)
//   demo.dispose();

import * as Comlink from 'comlink';
import { Hart } from '../../hw/hart';
import { compileHartModule, instantiateHart } from '../../hw/hart-module';
import { RAM_OFFSET } from '../../hw/memory-map';
import { createPhysicalMemory } from '../../hw/physical-memory';
import { assembleDemoProgram, type GuestProgram } from './program';
import {
  DEMO_HART,
  DEMO_RAM_BYTES,
  STATUS_CAUSE,
  STATUS_STATE,
  STATUS_WORDS,
  type DemoState,
  type HartDemoWorkerApi,
} from './types';

export { DemoState } from './types';
export { CHECKSUM_ADDR, RING_BASE, RING_ENTRIES } from './program';

export interface HartDemo {
  /** Main-thread view of the hart's register file in shared memory (read it, don't run it). */
  readonly hart: Hart;
  readonly program: GuestProgram;
  /** Bytes of guest RAM. */
  readonly ramBytes: number;
  /** The hart's compressed-instruction expansion, for the disassembler. */
  readonly expand: (h: number) => number;
  state(): DemoState;
  /** Exception code of the trap that stopped the hart, when state() is TRAPPED. */
  trapCause(): number;
  /** The 32 bits at guest physical address `pa` (0 outside RAM). */
  fetch(pa: bigint): number;
  /** The u64 at guest physical address `pa`. */
  readU64(pa: number): bigint;
  run(): Promise<void>;
  pause(): Promise<void>;
  step(): Promise<void>;
  reset(): Promise<void>;
  dispose(): void;
}

export async function startHartDemo(): Promise<HartDemo> {
  const pm = createPhysicalMemory(DEMO_RAM_BYTES, 1);
  const module = await compileHartModule();
  const wasm = await instantiateHart(pm.memory, module);
  wasm.buildTables();
  const status = new Int32Array(new SharedArrayBuffer(STATUS_WORDS * 4));
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'hart-demo' });
  const remote = Comlink.wrap<HartDemoWorkerApi>(worker);
  try {
    await remote.init(pm.memory, module, status.buffer);
  } catch (err) {
    worker.terminate();
    throw err;
  }
  const view = new DataView(pm.memory.buffer);
  return {
    hart: new Hart(DEMO_HART, pm.memory, wasm),
    program: assembleDemoProgram(),
    ramBytes: pm.ramBytes,
    expand: (h) => wasm.expandCompressed(h) >>> 0,
    state: () => Atomics.load(status, STATUS_STATE) as DemoState,
    trapCause: () => Atomics.load(status, STATUS_CAUSE),
    fetch: (pa) => (pa >= 0n && pa + 4n <= BigInt(pm.ramBytes) ? view.getUint32(RAM_OFFSET + Number(pa), true) : 0),
    readU64: (pa) => view.getBigUint64(RAM_OFFSET + pa, true),
    run: () => remote.run(),
    pause: () => remote.pause(),
    step: () => remote.step(),
    reset: () => remote.reset(),
    dispose: () => {
      remote[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}
