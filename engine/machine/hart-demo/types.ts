// The hart demo's shared types: what the main-side facade (hart-demo.ts) and the worker entry
// (worker.ts) agree on. Commands go over comlink; the hot state (registers, pc, instret) is read
// from the machine's shared memory, and the run state from a small shared status block.

/** One hart, one MiB of guest RAM: enough for the demo program and its ring. */
export const DEMO_HART = 0;
export const DEMO_RAM_BYTES = 1 << 20;

/** Instructions per run() call; between slices the worker yields so commands are served. */
export const DEMO_SLICE = 1_000_000;

/** The status block: Int32 words in a SharedArrayBuffer, written by the worker only. */
export const STATUS_STATE = 0; // a DemoState
export const STATUS_CAUSE = 1; // RISC-V exception code of the trap, when state is TRAPPED
export const STATUS_WORDS = 2;

export const DemoState = {
  PAUSED: 0,
  RUNNING: 1,
  /** The guest trapped; only reset() goes on. */
  TRAPPED: 2,
} as const;
export type DemoState = (typeof DemoState)[keyof typeof DemoState];

/** The worker's commands. Each returns once the command took effect. */
export interface HartDemoWorkerApi {
  /** Instantiates the hart over `memory`, loads the program, and waits paused at its entry. */
  init(memory: WebAssembly.Memory, module: WebAssembly.Module, status: SharedArrayBuffer): Promise<void>;
  /** Runs in slices until pause(), step() or reset(). */
  run(): void;
  pause(): void;
  /** Pauses, then retires exactly one instruction (or stops on its trap). */
  step(): void;
  /** Pauses and reloads the program: registers, counter and guest memory as at boot. */
  reset(): void;
}
