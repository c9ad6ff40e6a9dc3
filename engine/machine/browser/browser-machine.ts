// The browser machine, main side: boots a scenario with one Web Worker per kernel over one
// shared WebAssembly.Memory and gives the page its controls and read-only views of the memory.
// It never receives machine state by message: the page calls frame() once per animation frame
// (which paces the workers through the pacing word) and reads TTYs, telemetry and trace rings
// straight from shared memory.
//
//   const m = await BrowserMachine.boot({ scenarioText });
//   const frame = (now: number) => {
//     m.frame(now);                              // pace the workers
//     show(m.epoch(), m.tty(0).drainOutput());   // read shared memory
//     requestAnimationFrame(frame);
//   };
//   m.pause(); m.step(); m.run(); m.setSpeed('max');
//   const fresh = await m.reset();  // the same scenario, rebooted; m is disposed
//   location.hash = m.shareFragment(); // the scenario plus everything typed so far, as a link

import { compileHartModule, instantiateHart } from '../../hw/hart-module';
import { createPhysicalMemory } from '../../hw/physical-memory';
import { TraceDevice } from '../../hw/trace-device';
import { TtyDevice } from '../../hw/tty-device';
import { EpochBarrier } from '../epoch-barrier';
import { hartCount } from '../machine-spec';
import { KernelStates } from '../kernel-states';
import { parseScenario, type RecordedInput, type Scenario } from '../scenario';
import { encodeScenarioUrl } from '../scenario-url';
import { DEFAULT_SPEED, EPOCH_NS, Pacer, PacingWord, type Speed } from './pacing';
import type { KernelWebWorkerInit, KernelWebWorkerReport } from './protocol';
import { TelemetryReader } from './telemetry';
import { loadUserlandFiles } from './userland-browser';

/** A worker that has not reported within this time is counted as failed. */
const BOOT_TIMEOUT_MS = 30_000;

export interface BrowserMachineOptions {
  /** The scenario's JSON text (parsed and validated here and in every worker). */
  scenarioText: string;
  /** The root filesystem's programs; by default the bundled userland binaries. */
  files?: Record<string, Uint8Array>;
  speed?: Speed;
  /** Start running (true, the default) or paused at epoch 0. */
  running?: boolean;
  /** Told when a kernel's worker fails; the other kernels run on without it. */
  onKernelFailed?: (index: number, error: string) => void;
}

export class BrowserMachine {
  readonly telemetry: TelemetryReader;
  /** Why each kernel failed, if it did (index = kernel). */
  readonly failures: (string | undefined)[];
  private readonly workers: Worker[];
  /** Per kernel: called once its worker reports ready or fails (set while booting). */
  private readonly settled: Array<() => void>;
  private readonly pacing: PacingWord;
  private readonly pacer: Pacer;
  private readonly ttys: TtyDevice[];
  private readonly traces: TraceDevice[];
  /** The programs, kept for reset(). */
  private files: Record<string, Uint8Array> | undefined;
  private lastFrame: number | undefined;
  private disposed = false;
  /** What people typed, as the workers reported it (every kernel's ScenarioKernel.recorded). */
  private readonly typed: RecordedInput[] = [];

  /** Starts the workers at once (they load their script while the page loads the rest). */
  private constructor(
    readonly scenario: Scenario,
    readonly memory: WebAssembly.Memory,
    private readonly options: BrowserMachineOptions,
  ) {
    const kernels = scenario.machine.kernels.length;
    this.telemetry = new TelemetryReader(memory);
    this.failures = Array.from({ length: kernels }, () => undefined);
    this.settled = Array.from({ length: kernels }, () => () => undefined);
    this.pacing = new PacingWord(memory);
    this.pacer = new Pacer(options.speed ?? DEFAULT_SPEED, options.running ?? true);
    this.ttys = Array.from({ length: kernels }, (_, k) => new TtyDevice(memory, k));
    this.traces = Array.from({ length: kernels }, (_, k) => new TraceDevice(memory, k));
    this.workers = Array.from({ length: kernels }, (_, index) => {
      const worker = new Worker(new URL('./kernel-web-worker.ts', import.meta.url), {
        type: 'module',
        name: `kernel ${index}`,
      });
      // listening from the start: a worker whose script fails to load reports it before init
      worker.onmessage = (event: MessageEvent<KernelWebWorkerReport>) => {
        if (event.data.kind === 'recorded') {
          this.typed.push(...event.data.inputs);
          return;
        }
        if (event.data.kind === 'failed') this.fail(index, event.data.error);
        this.settled[index]?.();
      };
      worker.onerror = (event) => {
        event.preventDefault();
        this.fail(index, `its worker died: ${event.message || 'its script did not load'}`);
        this.settled[index]?.();
      };
      return worker;
    });
  }

  /** Boots the scenario; resolves once every kernel's worker is ready (or has failed). */
  static async boot(options: BrowserMachineOptions): Promise<BrowserMachine> {
    const scenario = parseScenario(options.scenarioText); // throws ScenarioError with a message for people
    const { memory } = createPhysicalMemory(scenario.machine.ramBytes, hartCount(scenario.machine));
    new EpochBarrier(memory).reset(scenario.machine.kernels.length);
    new PacingWord(memory).setRunTo(0); // nothing runs until the first frame grants epochs
    // Requests in order of need, as the browser runs only a few at a time: the workers' script
    // (the constructor starts them) and the hart, small and awaited by everything, before the
    // programs, which are megabytes.
    const machine = new BrowserMachine(scenario, memory, options);
    try {
      const compiling = compileHartModule();
      const [module, files] = await Promise.all([compiling, options.files ?? loadUserlandFiles()]);
      (await instantiateHart(memory, module)).buildTables(); // once per machine, before any hart runs
      machine.files = files;
      await Promise.all(machine.workers.map((_, index) => machine.start(index, module, files)));
      return machine;
    } catch (err) {
      machine.dispose();
      throw err;
    }
  }

  /** Sends a worker its init; resolves when it is ready or has failed. */
  private start(index: number, module: WebAssembly.Module, files: Record<string, Uint8Array>): Promise<void> {
    if (this.failures[index] !== undefined) return Promise.resolve(); // its script already failed
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.fail(index, `its worker did not start within ${BOOT_TIMEOUT_MS / 1000} s`);
        resolve();
      }, BOOT_TIMEOUT_MS);
      this.settled[index] = () => {
        this.settled[index] = () => undefined;
        clearTimeout(timer);
        resolve();
      };
      const init: KernelWebWorkerInit = {
        memory: this.memory,
        module,
        scenario: this.options.scenarioText,
        index,
        files,
      };
      this.workers[index]?.postMessage(init);
    });
  }

  private fail(index: number, error: string): void {
    if (this.disposed || this.failures[index] !== undefined) return;
    this.failures[index] = error;
    this.workers[index]?.terminate();
    // the others must neither wait for it at the barrier nor for room in its ring
    new KernelStates(this.memory).markDead(index);
    new EpochBarrier(this.memory).leave();
    this.options.onKernelFailed?.(index, error);
  }

  // ---- controls ----

  get running(): boolean {
    return this.pacer.running;
  }

  get speed(): Speed {
    return this.pacer.speed;
  }

  run(): void {
    this.pacer.resume();
  }

  /** Stops after the epoch under way. */
  pause(): void {
    this.pacing.setRunTo(this.pacer.pause(this.pacing.runTo(), this.pacing.completed()));
  }

  /** Pauses, then lets every kernel run exactly one more epoch. */
  step(): void {
    this.pacing.setRunTo(this.pacer.step(this.pacing.runTo(), this.pacing.completed()));
  }

  setSpeed(speed: Speed): void {
    this.pacer.speed = speed;
  }

  /** Call once per animation frame with its timestamp: grants the epochs the speed allows. */
  frame(now: number): void {
    const elapsed = this.lastFrame === undefined ? 0 : now - this.lastFrame;
    this.lastFrame = now;
    this.pacing.setRunTo(this.pacer.frame(this.pacing.runTo(), this.pacing.completed(), elapsed));
  }

  /** Boots the same scenario afresh (new memory, new workers), keeping speed and run state. */
  async reset(): Promise<BrowserMachine> {
    this.dispose();
    return BrowserMachine.boot({ ...this.options, files: this.files, speed: this.speed, running: this.running });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const w of this.workers) w.terminate();
  }

  // ---- sharing ----

  /** Everything typed into the terminals so far, each with the epoch it entered, by (epoch, kernel). */
  recordedInputs(): RecordedInput[] {
    return byEpoch([...this.typed]);
  }

  /**
   * The scenario as JSON, its `inputs` being its own plus everything typed so far: booting it
   * replays this run. (Typing is reported by the workers a little after it entered, so input
   * typed in the last moment before may be missing.)
   */
  shareableScenario(): Record<string, unknown> {
    const json = JSON.parse(this.options.scenarioText) as Record<string, unknown>;
    return { ...json, inputs: byEpoch([...this.scenario.inputs, ...this.typed]) };
  }

  /** The URL fragment (`#s=...`) that boots shareableScenario(). */
  shareFragment(): string {
    return encodeScenarioUrl(this.shareableScenario());
  }

  // ---- views of the shared memory ----

  /** Epochs every kernel has completed. */
  epoch(): number {
    return this.pacing.completed();
  }

  /** Epochs granted so far (equal to epoch() once a paused machine has settled). */
  granted(): number {
    return this.pacing.runTo();
  }

  /** The machine's virtual clock, ns. */
  now(): number {
    return this.epoch() * EPOCH_NS;
  }

  /** The terminal side of kernel `k`'s TTY (type, drainOutput, resize). */
  tty(k: number): TtyDevice {
    const t = this.ttys[k];
    if (!t) throw new RangeError(`no kernel ${k}`);
    return t;
  }

  /** Kernel `k`'s trace ring (readSince). */
  trace(k: number): TraceDevice {
    const t = this.traces[k];
    if (!t) throw new RangeError(`no kernel ${k}`);
    return t;
  }
}

/** Sorts inputs by (epoch, kernel), keeping the order typed within one kernel's epoch. */
function byEpoch(inputs: RecordedInput[]): RecordedInput[] {
  return inputs.sort((a, b) => a.epoch - b.epoch || a.kernel - b.kernel);
}
