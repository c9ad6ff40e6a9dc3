// What the browser machine (browser-machine.ts, on the page) and a kernel's Web Worker
// (kernel-web-worker.ts) say to each other: one init message each way, then only the typing a
// kernel records (for share links), posted by the worker as it happens. Pacing, TTY bytes and
// telemetry all go through the shared memory, never through postMessage.

import type { RecordedInput } from '../scenario';

export interface KernelWebWorkerInit {
  memory: WebAssembly.Memory;
  /** The hart, compiled once on the page (workers instantiate it over the shared memory). */
  module: WebAssembly.Module;
  /** The scenario's JSON text (every worker parses and validates it itself). */
  scenario: string;
  index: number;
  /** Guest path -> bytes: the root filesystem's programs (each worker gets its own copy). */
  files: Record<string, Uint8Array>;
}

export type KernelWebWorkerReport =
  /** The kernel is set up and waits at the pacing word for its first epoch. */
  | { kind: 'ready'; index: number }
  /** The kernel failed (at boot or in an epoch): it runs no more, the others go on. */
  | { kind: 'failed'; index: number; error: string }
  /** What a person typed into the kernel's TTY during the epoch just run (ScenarioKernel.recorded). */
  | { kind: 'recorded'; index: number; inputs: RecordedInput[] };
