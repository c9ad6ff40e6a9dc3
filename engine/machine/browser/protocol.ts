// What the browser machine (browser-machine.ts, on the page) and a kernel's Web Worker
// (kernel-web-worker.ts) say to each other: one init message each way, then only the typing a
// kernel records (for share links), posted by the worker as it happens, and its requests for
// programs' bytes it could not fetch itself (which the page puts in the shared program store). Pacing, TTY bytes and
// telemetry all go through the shared memory, never through postMessage.

import type { ProgramStoreInit } from '../program-store';
import type { RecordedInput } from '../scenario';

export interface KernelWebWorkerInit {
  memory: WebAssembly.Memory;
  /** The hart, compiled once on the page (workers instantiate it over the shared memory). */
  module: WebAssembly.Module;
  /** The scenario's JSON text (every worker parses and validates it itself). */
  scenario: string;
  index: number;
  /** The root filesystem's programs: names and sizes, and the shared store their bytes arrive in. */
  programs: ProgramStoreInit;
  /**
   * Where the worker may fetch each program itself (by index; absolute URLs), so that a kernel
   * needing one does not wait for the page's thread; a program without one is asked for.
   */
  programUrls: readonly string[];
}

export type KernelWebWorkerReport =
  /** The kernel is set up and waits at the pacing word for its first epoch. */
  | { kind: 'ready'; index: number }
  /** The kernel failed (at boot or in an epoch): it runs no more, the others go on. */
  | { kind: 'failed'; index: number; error: string }
  /** What a person typed into the kernel's TTY during the epoch just run (ScenarioKernel.recorded). */
  | { kind: 'recorded'; index: number; inputs: RecordedInput[] }
  /** The kernel needs program `program`'s bytes (it waits for them in the store, its epoch held). */
  | { kind: 'fetch'; index: number; program: number };
