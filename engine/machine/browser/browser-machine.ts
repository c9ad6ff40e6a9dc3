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
//   location.hash = await m.shareFragment(); // the scenario plus everything typed so far, as a link

import { compileHartModule, instantiateHart } from '../../hw/hart-module';
import { createPhysicalMemory } from '../../hw/physical-memory';
import { TraceDevice } from '../../hw/trace-device';
import { TtyDevice } from '../../hw/tty-device';
import { CommandMailbox } from '../command-mailbox';
import { EpochBarrier } from '../epoch-barrier';
import { Ring } from '../../protocols/messaging/ring';
import { ringAddress } from '../machine-layout';
import { hartCount } from '../machine-spec';
import { originOf } from '../rules';
import { errnoSymbol } from '../../kernels/errno-names';
import { KernelStates } from '../kernel-states';
import { machineHash } from '../machine-hash';
import { coalesceInputs } from '../recorded-inputs';
import { parseScenario, type RecordedInput, type Scenario } from '../scenario';
import { encodeScenarioUrl } from '../scenario-url';
import { DEFAULT_SPEED, Pacer, PacingWord, type Speed } from './pacing';
import { epochNsOf } from '../quantum';
import type { KernelWebWorkerInit, KernelWebWorkerReport } from './protocol';
import {
  KernelViewReader,
  newestThreads,
  type MessageRef,
  type ProcessPages,
  type PublishedMessage,
  type ViewFrame,
  type ViewNic,
  type ViewRegisters,
  type ViewThread,
} from './kernel-view';
import { TelemetryReader, type TypeCounts } from './telemetry';
import { userlandPrograms } from './userland-browser';
import { adoptKernelWorkers, prestartKernelWorkers, takeKernelWorker, type KernelWorker } from './kernel-workers';
import type { ProgramFetcher } from '../program-store';
import { programWaves } from './program-waves';
import { InvariantBoard, type BrokenAt } from '../invariant-board';

export type { BrokenAt };
import type { Delay } from '../../protocols/messaging/delays';
import { delaysRefused } from './delay-requests';

// exploration's rules (which deliveries may change, and how), for the page's in-flight list
export {
  deliverFirst,
  delayRefusal,
  deliveryOrder,
  heldDeliveryTime,
  MAX_DELAY_EPOCHS,
  reorderRefusal,
  type Delay,
  type HeldBack,
  type LinkMessage,
} from '../../protocols/messaging/delays';

/** What the page started before its scripts ran, for warmUp() to take over. */
export interface EarlyStart {
  /** Kernel workers, started and waiting for a boot. */
  workers?: KernelWorker[];
  /** The hart, fetched and compiling. */
  hart?: Promise<WebAssembly.Module>;
}

/** The hart the page compiled itself (EarlyStart.hart), if it did: boot() takes it. */
let pageHart: Promise<WebAssembly.Module> | undefined;

/** The compiled hart: the page's, or else (or if the page's failed) this realm's own. */
function hartModule(): Promise<WebAssembly.Module> {
  const early = pageHart;
  if (!early) return compileHartModule();
  return early.catch(() => {
    if (pageHart === early) pageHart = undefined;
    return compileHartModule();
  });
}

/** A worker that has not reported within this time is counted as failed. */
const BOOT_TIMEOUT_MS = 30_000;

export interface BrowserMachineOptions {
  /** The scenario's JSON text (parsed and validated here and in every worker). */
  scenarioText: string;
  /** The root filesystem's programs, fetched on first use; by default the bundled userland binaries. */
  programs?: ProgramFetcher;
  speed?: Speed;
  /** Start running (true, the default) or paused at epoch 0. */
  running?: boolean;
  /**
   * Cores of this computer (navigator.hardwareConcurrency). With more kernels than cores the
   * workers could starve the page, so their pace adapts to its frame rate (Pacer.adaptive).
   */
  cores?: number;
  /** Told when a kernel's worker fails; the other kernels run on without it. */
  onKernelFailed?: (index: number, error: string) => void;
}

export class BrowserMachine {
  readonly telemetry: TelemetryReader;
  /** One epoch of this machine (the scenario's quantum, quantum.ts) in virtual ns: epoch numbers count these. */
  readonly epochNs: number;
  /** The kernels' view boards: threads, inspected registers, the focused process's pages. */
  private readonly boards: KernelViewReader;
  private readonly mailboxes: CommandMailbox[];
  /** Why each kernel failed, if it did (index = kernel). */
  readonly failures: (string | undefined)[];
  private readonly workers: Worker[];
  /** Per kernel: called once its worker reports ready or fails (set while booting). */
  private readonly settled: Array<() => void>;
  private readonly pacing: PacingWord;
  private readonly pacer: Pacer;
  private readonly ttys: TtyDevice[];
  private readonly traces: TraceDevice[];
  private readonly rings: Ring[];
  /** The programs (names and sizes, and bytes as they arrive), shared with the machines reset() boots. */
  private readonly programs: ProgramFetcher;
  /** Programs the scenario runs later, fetched ahead once the machine has run its first epoch. */
  private later: string[] = [];
  private lastFrame: number | undefined;
  private disposed = false;
  /** What people typed and asked, as the workers reported it (every kernel's ScenarioKernel.recorded). */
  private readonly typed: RecordedInput[] = [];
  /** Per kernel: inputs its worker reported so far (its telemetry says how many it recorded). */
  private readonly reported: number[];
  /** What the kernels found broken, with a protocol fault on (undefined without one). */
  private readonly invariants: InvariantBoard | undefined;
  private broken: { counts: number[]; list: readonly BrokenAt[] } = { counts: [], list: [] };

  /** Starts the workers at once (they load their script while the page loads the rest). */
  private constructor(
    readonly scenario: Scenario,
    readonly memory: WebAssembly.Memory,
    private readonly options: BrowserMachineOptions,
  ) {
    const kernels = scenario.machine.kernels.length;
    this.telemetry = new TelemetryReader(memory);
    this.boards = new KernelViewReader(memory);
    this.mailboxes = Array.from({ length: kernels }, (_, k) => new CommandMailbox(memory, k));
    this.failures = Array.from({ length: kernels }, () => undefined);
    this.reported = Array.from({ length: kernels }, () => 0);
    this.invariants = scenario.faults.length > 0 ? new InvariantBoard(memory, kernels) : undefined;
    this.settled = Array.from({ length: kernels }, () => () => undefined);
    this.pacing = new PacingWord(memory);
    this.epochNs = epochNsOf(scenario.machine);
    this.pacer = new Pacer(options.speed ?? DEFAULT_SPEED, options.running ?? true, this.epochNs);
    this.pacer.adaptive = kernels > (options.cores ?? 1);
    this.programs = options.programs ?? userlandPrograms();
    if (scenario.sharedAt) {
      // a shared link: replay to where it was shared, as fast as possible, and pause there
      this.pacer.running = true;
      this.pacer.replayTo = scenario.sharedAt.epoch;
    }
    this.ttys = Array.from({ length: kernels }, (_, k) => new TtyDevice(memory, k));
    this.traces = Array.from({ length: kernels }, (_, k) => new TraceDevice(memory, k));
    this.rings = Array.from(
      { length: kernels },
      (_, k) => new Ring(memory, ringAddress(scenario.machine, scenario.ringSlots, k), scenario.ringSlots),
    );
    this.workers = Array.from({ length: kernels }, (_, index) => {
      const { worker, failed } = takeKernelWorker(index);
      if (failed !== undefined)
        queueMicrotask(() => {
          this.fail(index, `its worker died: ${failed}`);
        });
      // listening from the start: a worker whose script fails to load reports it before init
      worker.onmessage = (event: MessageEvent<KernelWebWorkerReport>) => {
        if (event.data.kind === 'fetch') {
          void this.programs.fetch(event.data.program); // its failure is the kernel's EIO
          return;
        }
        if (event.data.kind === 'recorded') {
          this.typed.push(...event.data.inputs);
          this.reported[index] = (this.reported[index] ?? 0) + event.data.inputs.length;
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

  /**
   * Starts what every boot needs first, before the page knows what it will boot: fetching and
   * compiling the hart, and `kernels` kernel workers (kernel-workers.ts). The page calls it from
   * its entry point, so that this overlaps React's first render and commit instead of following
   * them; boot() then finds the hart compiled or compiling, and the workers started. What the
   * page started itself before its scripts ran (`early`) is taken over, not started again.
   */
  static warmUp(kernels: number, early: EarlyStart = {}): void {
    if (early.workers) adoptKernelWorkers(early.workers);
    if (early.hart) pageHart = early.hart;
    hartModule().catch(() => undefined); // boot() reports a failure, and tries again
    prestartKernelWorkers(kernels);
  }

  /** Boots the scenario; resolves once every kernel's worker is ready (or has failed). */
  static async boot(options: BrowserMachineOptions): Promise<BrowserMachine> {
    const scenario = parseScenario(options.scenarioText); // throws ScenarioError with a message for people
    const { memory } = createPhysicalMemory(scenario.machine.ramBytes, hartCount(scenario.machine));
    new EpochBarrier(memory).reset(scenario.machine.kernels.length);
    new PacingWord(memory).setRunTo(0); // nothing runs before every kernel is ready
    // Requests in order of need, as the browser runs only a few at a time: the workers' script
    // (the constructor starts them) and the hart, small and awaited by everything. The programs
    // every kernel runs to its first prompt its worker fetches itself when it needs them (the
    // page's thread is busiest then, drawing the page, and a kernel waiting for it to put bytes
    // that had arrived waited up to half a second); those the scenario runs later the page
    // fetches once the machine is up (frame()), so as not to compete with booting, or for a
    // replay at once (program-waves.ts). The rest come when a kernel first runs them (its
    // worker fetches them, its epoch waiting).
    const machine = new BrowserMachine(scenario, memory, options);
    try {
      const compiling = hartModule();
      const { boot, next, later } = programWaves(scenario);
      // a fetcher whose programs the workers cannot fetch themselves fetches the boot wave first
      const booting = machine.programs.urls.length > 0 ? Promise.resolve() : machine.programs.prefetch(boot);
      void booting.then(() => machine.programs.prefetch(next));
      machine.later = later;
      const module = await compiling;
      (await instantiateHart(memory, module)).buildTables(); // once per machine, before any hart runs
      await Promise.all(machine.workers.map((_, index) => machine.start(index, module)));
      // a running machine starts its first epoch now rather than at the page's first frame after
      // this: the kernels boot while the page draws them
      if (machine.pacer.running && machine.pacer.replayTo === undefined) machine.pacing.setRunTo(1);
      return machine;
    } catch (err) {
      machine.dispose();
      throw err;
    }
  }

  /** Sends a worker its init; resolves when it is ready or has failed. */
  private start(index: number, module: WebAssembly.Module): Promise<void> {
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
        programs: this.programs.store.init,
        programUrls: this.programs.urls,
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

  /** Whether it is replaying a shared run to the epoch the link was shared at. */
  get replaying(): boolean {
    return this.pacer.replayTo !== undefined;
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

  /**
   * Pauses, then runs epoch by epoch until one in which a kernel is delivered a message, and
   * pauses after it ("Next message"; Pacer.stepToMessage).
   */
  stepToMessage(): void {
    this.pacing.setRunTo(this.pacer.stepToMessage(this.pacing.runTo(), this.pacing.completed(), this.delivered()));
    void this.driveToMessage();
  }

  /**
   * Grants the next epoch as soon as one completes, not a frame later: a frame per epoch made
   * a quiet machine take seconds to reach its next message. The frames go on doing the same
   * (Pacer.frame), so nothing depends on which grants first.
   */
  private async driveToMessage(): Promise<void> {
    while (this.stillStepping()) {
      await this.pacing.completedBeyond(this.pacing.completed(), 50);
      if (!this.stillStepping()) return;
      const limit = this.pacer.frame(this.pacing.runTo(), this.pacing.completed(), 0, this.delivered());
      this.pacing.setRunTo(limit);
    }
  }

  private stillStepping(): boolean {
    return this.pacer.toMessage !== undefined && !this.disposed;
  }

  /** Whether it is running epoch by epoch to the next message. */
  get steppingToMessage(): boolean {
    return this.pacer.toMessage !== undefined;
  }

  /** Messages delivered so far, machine-wide, as the kernels last published. */
  private delivered(): number {
    let n = 0;
    for (let k = 0; k < this.scenario.machine.kernels.length; k++) n += this.telemetry.kernel(k).messagesReceived;
    return n;
  }

  setSpeed(speed: Speed): void {
    this.pacing.setRunTo(this.pacer.setSpeed(speed, this.pacing.runTo(), this.pacing.completed()));
  }

  /** Call once per animation frame with its timestamp: grants the epochs the speed allows. */
  frame(now: number): void {
    if (this.later.length > 0 && this.epoch() >= 1) {
      void this.programs.prefetch(this.later);
      this.later = [];
    }
    const elapsed = this.lastFrame === undefined ? 0 : now - this.lastFrame;
    this.lastFrame = now;
    const delivered = this.pacer.toMessage === undefined ? 0 : this.delivered();
    this.pacing.setRunTo(this.pacer.frame(this.pacing.runTo(), this.pacing.completed(), elapsed, delivered));
  }

  /** Boots the same scenario afresh (new memory, new workers), keeping speed and run state. */
  async reset(): Promise<BrowserMachine> {
    this.dispose();
    return BrowserMachine.boot({ ...this.options, programs: this.programs, speed: this.speed, running: this.running });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const w of this.workers) w.terminate();
  }

  /**
   * Asks for thread `tid` to move to kernel `to`. It goes to the thread's origin (the kernel
   * that handed its tid out, and knows where it runs), which applies it at its next epoch start
   * and records it for share links; migrationAnswer() says what the origin made of it. Undefined
   * if `to` is no kernel or too many requests are waiting.
   */
  migrate(tid: number, to: number): MigrationRequest | undefined {
    const kernels = this.scenario.machine.kernels.length;
    if (!Number.isInteger(tid) || tid <= 0 || !Number.isInteger(to) || to < 0 || to >= kernels) return undefined;
    const origin = originOf(tid, kernels);
    const ticket = this.mailboxes[origin]?.post({ kind: 'migrate', tid, to });
    return ticket === undefined ? undefined : { tid, to, origin, ticket };
  }

  /**
   * What the thread's origin made of migration request `r`: undefined until it took it; then
   * taken (the thread moves when it next runs: its board lists it with `movingTo`), or refused
   * with Popcorn's error (EBUSY: it is there already; EAGAIN: that kernel is not up; EINVAL: no
   * such kernel; ESRCH: no such thread), said by the origin or by the kernel the thread ran on.
   */
  migrationAnswer(r: MigrationRequest): { taken: true } | { taken: false; error: string } | undefined {
    const answer = this.mailboxes[r.origin]?.answerOf(r.ticket);
    if (answer === undefined) return undefined;
    return answer >= 0 ? { taken: true } : { taken: false, error: errnoSymbol(-answer) };
  }

  /**
   * Crashes kernel `kernel` (stop: it panics as Linux's sysrq crash does, and what ran there is
   * lost) or boots a fresh instance in its partition (boot). The kernel takes it at its next
   * epoch start and records it for share links, as typing; powerAnswer() says what it made of
   * it. Undefined if there is no such kernel or too many requests are waiting.
   */
  power(kernel: number, kind: 'stop' | 'boot'): PowerRequest | undefined {
    if (!Number.isInteger(kernel) || this.failures[kernel] !== undefined) return undefined;
    const ticket = this.mailboxes[kernel]?.post({ kind });
    return ticket === undefined ? undefined : { kernel, kind, ticket };
  }

  /** What the kernel made of `r`: undefined until it took it; then done, or refused (EALREADY: it already was). */
  powerAnswer(r: PowerRequest): { done: true } | { done: false; error: string } | undefined {
    const answer = this.mailboxes[r.kernel]?.answerOf(r.ticket);
    if (answer === undefined) return undefined;
    return answer >= 0 ? { done: true } : { done: false, error: errnoSymbol(-answer) };
  }

  /**
   * Exploring, while paused: holds each of `delays` (messages in flight) back, all taken at the
   * next epoch start by their receivers, which record them for share links like typing. All
   * or nothing: nothing is posted, and why is returned, when a delay is not one a scenario may
   * carry, its receiver is down, or a receiver's command ring has no room for its share.
   */
  delayMessages(delays: readonly Delay[]): DelayRequest[] | string {
    const why = delaysRefused(delays, {
      kernels: this.scenario.machine.kernels.length,
      down: (k) => new KernelStates(this.memory).dead(k) || this.failures[k] !== undefined,
      room: (k) => this.mailboxes[k]?.room() ?? 0,
    });
    if (why) return why;
    return delays.map((d) => {
      const ticket = this.mailboxes[d.to]?.post({ kind: 'delay', from: d.from, seq: d.seq, epochs: d.epochs }) ?? -1;
      return { ...d, ticket };
    });
  }

  /**
   * What the receiver made of delay `r`: undefined until it took it; then held, or refused
   * (ENOENT: the message was no longer in flight, delivered already).
   */
  delayAnswer(r: DelayRequest): { taken: true } | { taken: false; error: string } | undefined {
    const answer = this.mailboxes[r.to]?.answerOf(r.ticket);
    if (answer === undefined) return undefined;
    return answer >= 0 ? { taken: true } : { taken: false, error: errnoSymbol(-answer) };
  }

  // ---- sharing ----

  /** Everything typed and asked so far, each with the epoch it entered at, coalesced (recorded-inputs.ts). */
  recordedInputs(): RecordedInput[] {
    return coalesceInputs(this.typed);
  }

  /**
   * The scenario as JSON, its `inputs` being its own plus everything typed and asked so far:
   * booting it replays this run.
   */
  shareableScenario(): Record<string, unknown> {
    const json = JSON.parse(this.options.scenarioText) as Record<string, unknown>;
    delete json.sharedAt;
    return { ...json, inputs: coalesceInputs([...this.scenario.inputs, ...this.typed]) };
  }

  /**
   * The URL fragment (`#z=...`) that replays this run to where it is now: the shareable
   * scenario plus the epoch reached and the trace hash there. It waits (a few ms) for a moment
   * when every running kernel has published the same epoch and the page has every input they
   * recorded before it; a machine running too fast to catch one is paused for it.
   */
  async shareFragment(): Promise<string> {
    for (let attempt = 0; attempt < 400; attempt++) {
      const point = this.traceHash();
      const kernels = this.scenario.machine.kernels.keys();
      const heard = [...kernels].every(
        (k) => this.failures[k] !== undefined || (this.reported[k] ?? 0) >= this.telemetry.kernel(k).inputs,
      );
      if (point && point.epoch > 0 && heard && this.traceHash()?.epoch === point.epoch)
        return encodeScenarioUrl({ ...this.shareableScenario(), sharedAt: point });
      if (attempt === 40 && this.running) this.pause();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return encodeScenarioUrl(this.shareableScenario()); // never settled (a kernel hung): no point to replay to
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
    return this.epoch() * this.epochNs;
  }

  /**
   * The machine's trace hash (as `popcorn scenario` prints it) at the epoch every running kernel
   * has published, or undefined while they are between epochs (read it when paused).
   */
  traceHash(): { epoch: number; hash: string } | undefined {
    const kernels = this.scenario.machine.kernels.map((_, k) => k);
    const live = kernels.filter((k) => this.failures[k] === undefined && this.telemetry.state(k) !== 'down');
    const epochs = new Set(live.map((k) => this.telemetry.kernel(k).epochs));
    if (epochs.size !== 1) return undefined;
    const [epoch = 0] = epochs;
    return { epoch, hash: machineHash(kernels.map((k) => this.telemetry.hash(k))) };
  }

  /** The terminal side of kernel `k`'s TTY (type, drainOutput, resize). */
  tty(k: number): TtyDevice {
    const t = this.ttys[k];
    if (!t) throw new RangeError(`no kernel ${k}`);
    return t;
  }

  /**
   * The epoch threads() is current to: the oldest board among the kernels that are up (each
   * publishes every few epochs, and the page reads them only once a frame, so on a busy host
   * the listing may lag epoch() by dozens of epochs).
   */
  threadsEpoch(): number {
    const live = this.scenario.machine.kernels.flatMap((_, k) =>
      this.failures[k] === undefined && this.telemetry.state(k) !== 'down' ? [this.boards.epochOf(k)] : [],
    );
    return live.length > 0 ? Math.min(...live) : this.epoch();
  }

  /** Every thread of the machine, each listed by the kernel it runs on, by tid. */
  threads(): ViewThread[] {
    return newestThreads(
      this.scenario.machine.kernels.map((_, k) => ({ epoch: this.boards.epochOf(k), threads: this.boards.threads(k) })),
    );
  }

  /**
   * Shows process `pid` in the views: from the next epoch on, its origin publishes its VMAs and
   * pages (process()); 0 stops it.
   */
  focus(pid: number): void {
    this.boards.requests.focusPid = pid;
  }

  /**
   * The focused process's VMAs and pages as its origin (the kernel that created it) last
   * published them, and asks for them anew: read it a few times per second, not every frame
   * (publishing walks every page of the process).
   */
  process(pid: number): ProcessPages | undefined {
    const kernels = this.scenario.machine.kernels.length;
    if (pid <= 0) return undefined;
    const published = this.boards.process(originOf(pid, kernels), pid);
    this.boards.requests.want();
    return published;
  }

  /**
   * The page invariants the kernels found broken, with a protocol fault on (invariant-board.ts),
   * in the order they broke: the same list (the same object) until one more is found, so that it
   * can be read every frame.
   */
  brokenInvariants(): readonly BrokenAt[] {
    const board = this.invariants;
    if (!board) return this.broken.list;
    const counts = this.scenario.machine.kernels.map((_, k) => board.recordedBy(k));
    if (counts.every((n, k) => n === this.broken.counts[k])) return this.broken.list;
    const list = counts.flatMap((_, k) => board.broken(k)).sort((a, b) => a.epoch - b.epoch || a.kernel - b.kernel);
    this.broken = { counts, list };
    return list;
  }

  /** Asks the kernel that runs thread `tid` to publish its registers from the next epoch on (0 stops). */
  inspect(tid: number): void {
    this.boards.requests.inspectTid = tid;
  }

  /** The inspected thread's registers and code at pc, from the kernel that runs it. */
  registers(tid: number): ViewRegisters | undefined {
    for (const k of this.scenario.machine.kernels.keys()) {
      const r = this.boards.registers(k, tid);
      if (r) return r;
    }
    return undefined;
  }

  /** Asks the kernels that sent and received message `m` to publish its body (undefined stops). */
  inspectMessage(m: MessageRef | undefined): void {
    this.boards.requests.message = m;
  }

  /**
   * The body of the inspected message `m`, from its sender's or its receiver's board: undefined
   * until one answered, 'gone' when neither keeps it any more.
   */
  messageBody(m: MessageRef): PublishedMessage | undefined {
    const kernels = this.scenario.machine.kernels.length;
    const answers = [m.from, m.to].filter((k) => k >= 0 && k < kernels).map((k) => this.boards.message(k, m));
    return (
      answers.find((a) => a !== undefined && a !== 'gone') ?? (answers.every((a) => a === 'gone') ? 'gone' : undefined)
    );
  }

  /**
   * Kernel `k`'s network card as it last published it (address, counters, drops, TCP
   * connections), and the frames it sent through the switch from ordinal `since` on that its
   * board still holds: undefined before it published, or while it is down.
   */
  network(k: number, since = 0): { nic: ViewNic; frames: ViewFrame[] } | undefined {
    return this.boards.net(k, since);
  }

  /**
   * Messages by type, summed over the kernels as they counted them (sent, and delivered to
   * their receivers) as of their last published epoch: exact whatever the trace rings lose.
   */
  messageCounts(): MessageCounts {
    const types = new Map<number, TypeCounts>();
    let epochs = 0;
    for (const k of this.scenario.machine.kernels.keys()) {
      epochs = Math.max(epochs, this.telemetry.kernel(k).epochs);
      for (const [type, c] of this.telemetry.messageTypes(k)) {
        const sum = types.get(type) ?? { sent: 0, delivered: 0 };
        sum.sent += c.sent;
        sum.delivered += c.delivered;
        types.set(type, sum);
      }
    }
    return { epochs, types };
  }

  /** Kernel `k`'s message ring as it stands: slots in use, its size, the peak and waits for room. */
  ring(k: number): RingFigures {
    const r = this.rings[k];
    if (!r) throw new RangeError(`no kernel ${k}`);
    return { used: r.occupancy(), slots: r.slots, ...r.stats() };
  }

  /** Kernel `k`'s trace ring (readSince). */
  trace(k: number): TraceDevice {
    const t = this.traces[k];
    if (!t) throw new RangeError(`no kernel ${k}`);
    return t;
  }
}

export interface MessageCounts {
  /** The most epochs a kernel has published its counts for. */
  epochs: number;
  /** By message type (types no kernel has counted are absent). */
  types: Map<number, TypeCounts>;
}

/** A crash or a boot asked with power(): the kernel, which, and its ticket. */
export interface PowerRequest {
  kernel: number;
  kind: 'stop' | 'boot';
  ticket: number;
}

/** A delay posted to its receiver (BrowserMachine.delayMessages), to ask delayAnswer() about. */
export interface DelayRequest extends Delay {
  ticket: number;
}

/** A migration asked with migrate(): the thread, where to, and the origin's ticket for it. */
export interface MigrationRequest {
  tid: number;
  to: number;
  /** The kernel it was asked of (the thread's origin). */
  origin: number;
  ticket: number;
}

export interface RingFigures {
  /** Slots holding messages the receiver has not taken yet. */
  used: number;
  slots: number;
  /** The most slots ever in use at once. */
  peak: number;
  /** Times a sender had to wait for room. */
  fullWaits: number;
}
