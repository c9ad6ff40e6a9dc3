// What the machine and a kernel worker say to each other (the shared types of the worker's
// three files: worker-machine.ts on the main side, kernel-worker.ts in the worker).

import type { TraceEvent } from '../hw/trace-device';
import type { ProgramStoreInit } from './program-store';

export interface KernelWorkerInit {
  memory: WebAssembly.Memory;
  module: WebAssembly.Module;
  /** The scenario's JSON text (every worker parses and validates it itself). */
  scenario: string;
  index: number;
  /** The root filesystem's files, as bytes. */
  files: Record<string, Uint8Array>;
  /** Programs whose bytes arrive in this store when first needed (the page's way), besides `files`. */
  programs?: ProgramStoreInit;
  /** Epochs to run before reporting. */
  epochs: number;
  keepTrace: boolean;
  /** Skip the epoch barrier: kernels run at their own pace (not deterministic; for measuring). */
  freeRunning?: boolean;
}

export interface KernelWorkerResult {
  index: number;
  hash: string;
  events: TraceEvent[];
  log: string[];
  summary: KernelSummary;
}

/** Counters a run reports per kernel. */
export interface KernelSummary {
  processes: number;
  syscalls: number;
  pageFaults: number;
  messagesSent: number;
  messagesReceived: number;
  instructions: number;
}

/** A worker needs program `program`'s bytes in the store (it waits for them, its epoch held). */
export interface KernelWorkerFetch {
  fetch: number;
}

export interface KernelWorkerFailure {
  index: number;
  error: string;
}
