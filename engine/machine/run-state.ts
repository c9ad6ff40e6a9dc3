// What every way of running a machine shares: booting one kernel of a scenario (its shell,
// its scheduled actions and recorded inputs, applied at epoch starts so that any worker layout
// gives the same run), and combining the kernels' trace hashes into the machine's
// (machine-hash.ts, re-exported here).

import type { HartExports } from '../hw/hart-module';
import type { RootFiles } from '../kernels/kernel';
import { signalProcess } from '../kernels/signal/deliver';
import { spawn } from '../kernels/proc/spawn';
import type { Ring } from '../protocols/messaging/ring';
import { TtyDevice } from '../hw/tty-device';
import { EAGAIN, EALREADY, EINVAL, ENOENT } from '../kernels/errno';
import { delayRefusal } from '../protocols/messaging/delays';
import { errnoName, errnoText } from '../kernels/errno-names';
import { proposeProcess } from '../protocols/migration/round-robin';
import { CommandMailbox } from './command-mailbox';
import { KernelNode } from './kernel-node';
import { epochNsOf } from './quantum';
import { KernelStates } from './kernel-states';
import { MAX_WINDOW_CELLS, type Action, type MessageDelay, type RecordedInput, type Scenario } from './scenario';
import { ScriptedTyping } from './scripted-typing';
import type { KernelSummary } from './worker-protocol';

export { machineHash } from './machine-hash';

/**
 * One kernel of a running scenario, with the actions and inputs meant for it. As on Popcorn,
 * kernel 0 boots first and boots the others (kexec) one epoch later, unless the scenario boots
 * a kernel later with a `boot` action. A `stop` (a scenario's action, or the page's) crashes it
 * as Linux's sysrq crash does; a `boot` after that starts a fresh instance in the same partition
 * (same harts, same memory window, nothing of the old one's state), which checks in again.
 */
export class ScenarioKernel {
  private booted: KernelNode | undefined;
  private stopped = false;
  /** The epoch it last stopped at: it may boot again from the next one on (kernel-states.ts). */
  private stoppedAt = -1;
  /** A boot asked for in the epoch it stopped, done at the next (with `record`: the page's). */
  private bootWanted: { record: boolean } | undefined;
  /** Instances booted in this partition so far. */
  private boots = 0;
  /** Actions that fell due while it was down (they are not done; its next boot says how many). */
  private missed = 0;
  /** A stop or boot replayed from the inputs, done where the page's commands are (see runEpoch). */
  private replayedPower: Array<'stop' | 'boot'> = [];
  private readonly actions: Action[];
  /** The `type` actions, which wait for a prompt and give way to a person (scripted-typing.ts). */
  private readonly script: ScriptedTyping;
  private readonly inputs: RecordedInput[];
  /** What the terminal typed and the page asked, with the epoch it entered at: a scenario's `inputs` to replay it. */
  readonly recorded: RecordedInput[] = [];
  private readonly terminal: TtyDevice;
  /** The terminal's window-size counter when its size was last taken (followWindowSize). */
  private windowSeq = 0;
  private readonly commands: CommandMailbox;
  readonly bootEpoch: number;
  /** The scenario's epoch (its quantum) in virtual ns: epoch numbers count these. */
  private readonly epochNs: number;

  constructor(
    private readonly memory: WebAssembly.Memory,
    private readonly wasm: HartExports,
    private readonly scenario: Scenario,
    readonly index: number,
    private readonly files: RootFiles,
    private readonly waitForRoom: (ring: Ring) => void,
    private readonly keepTrace = false,
  ) {
    this.terminal = new TtyDevice(memory, index);
    this.commands = new CommandMailbox(memory, index);
    const mine = scenario.actions.filter((a) => a.kernel === index);
    // a boot before the kernel's first stop is its first boot; a later one boots it again
    const firstStop = mine.find((a) => a.kind === 'stop')?.at ?? Infinity;
    const boot = mine.find((a) => a.kind === 'boot' && a.at <= firstStop);
    this.actions = mine.filter((a) => a !== boot && a.kind !== 'type');
    this.script = new ScriptedTyping(mine.flatMap((a) => (a.kind === 'type' ? [a] : [])));
    this.inputs = scenario.inputs.filter((i) => i.kernel === index).sort((a, b) => a.epoch - b.epoch);
    this.epochNs = epochNsOf(scenario.machine);
    this.bootEpoch = boot ? Math.floor(boot.at / this.epochNs) : index === 0 ? 0 : 1;
    if (this.bootEpoch === 0) this.boot(0);
  }

  /** The running kernel (throws before it booted: callers check `up` first). */
  get node(): KernelNode {
    if (!this.booted) throw new Error(`kernel ${this.index} has not booted`);
    return this.booted;
  }

  get everBooted(): boolean {
    return this.booted !== undefined;
  }

  get up(): boolean {
    return this.booted !== undefined && !this.stopped;
  }

  /** Boots an instance in this kernel's partition at `epoch`: its first, or a fresh one after a stop. */
  private boot(epoch: number): void {
    const previous = this.booted;
    this.boots++;
    this.stopped = false;
    this.booted = new KernelNode(this.memory, this.wasm, {
      spec: this.scenario.machine,
      index: this.index,
      ringSlots: this.scenario.ringSlots,
      files: this.files,
      seed: this.scenario.seed,
      keepTrace: this.keepTrace,
      waitForRoom: this.waitForRoom,
      bootAt: epoch * this.epochNs,
      faults: new Set(this.scenario.faults),
      ...(previous ? { bootsAgainAt: epoch, previous } : {}),
    });
    this.booted.epoch = epoch;
    const k = this.booted.kernel;
    k.tty.takeInputFromMachine(); // typing and window sizes enter at epoch starts (runEpoch), where they are recorded
    const harts = (kernel: number) => this.scenario.machine.kernels[kernel]?.harts.join(',') ?? '';
    if (previous) {
      k.printk(`kexec: kernel ${this.index} booted again on harts ${harts(this.index)} (boot ${this.boots})`);
      if (this.missed > 0) k.printk(`scenario: ${this.missed} actions fell due while kernel ${this.index} was down`);
      this.missed = 0;
      this.windowSeq = -1; // the fresh TTY takes the terminal's size at once
    } else if (this.index === 0) {
      for (const other of this.scenario.machine.kernels.keys()) {
        if (other !== 0) k.printk(`kexec: booting kernel ${other} on harts ${harts(other)}`);
      }
    }
    if (this.scenario.shells) this.start(['/sbin/init']);
  }

  /**
   * Crashes the kernel at the start of `epoch`, as Linux's sysrq crash does: it prints its
   * panic and runs nothing more. Its peers take it as dead from the next epoch: what ran there
   * is lost (engine/protocols/migration/distribution.ts says what that costs them).
   */
  private stop(epoch: number): void {
    const k = this.node.kernel;
    for (const line of ['sysrq: Trigger a crash', 'Kernel panic - not syncing: sysrq triggered crash']) {
      k.printk(line);
      k.tty.writeKernelText(`\n[${(k.now / 1e9).toFixed(6).padStart(12)}] ${line}`);
    }
    k.tty.writeKernelText('\n---[ end Kernel panic - not syncing: sysrq triggered crash ]---\n');
    k.tty.flushOutput();
    this.stopped = true;
    this.stoppedAt = epoch;
    new KernelStates(this.memory).stopAt(this.index, epoch);
  }

  /** A stop or a boot (a scenario's action, the page's command or its replay): 0, or why not. */
  private power(kind: 'stop' | 'boot', epoch: number, record: boolean): number {
    if (kind === 'stop') {
      if (!this.up) return -EALREADY;
      if (record) this.recorded.push({ epoch, kernel: this.index, power: 'stop' });
      this.stop(epoch);
      return 0;
    }
    if (this.up) return -EALREADY;
    // its peers must see it dead for an epoch at least, or they would never forget the old one
    if (epoch <= this.stoppedAt) {
      this.bootWanted = { record };
      return 0;
    }
    if (record) this.recorded.push({ epoch, kernel: this.index, power: 'boot' });
    this.boot(epoch);
    return 0;
  }

  private start(argv: string[]): void {
    const k = this.node.kernel;
    const name = argv[0] ?? '';
    const path = name.includes('/') ? name : `/bin/${name}`;
    const p = spawn(k, path, argv);
    if (typeof p !== 'number') return;
    k.printk(`scenario: cannot start ${argv.join(' ')}: ${errnoName(-p)}`);
    // and on the kernel's terminal, where the person watching looks, in a shell's words
    k.tty.writeKernelText(`scenario: ${name}: ${p === -ENOENT ? 'not found' : errnoText(-p)}\n`);
  }

  /** Applies what is due at the start of `epoch`, then runs the epoch; false if the kernel sat idle. */
  runEpoch(epoch: number): boolean {
    const start = epoch * this.epochNs;
    const end = start + this.epochNs;
    if (!this.booted && epoch >= this.bootEpoch) this.boot(epoch);
    if (!this.booted) return false;
    while (this.actions[0] && this.actions[0].at < end) {
      const a = this.actions.shift() as Action;
      if (this.up || a.kind === 'boot') this.apply(a, epoch);
      else if (a.kind !== 'stop') this.missed++;
    }
    if (!this.up) this.whileDown(epoch);
    if (!this.up) return false;
    this.node.epoch = epoch;
    while (this.inputs[0] && this.inputs[0].epoch <= epoch) this.replay(this.inputs.shift() as RecordedInput, start);
    const typed = this.terminal.readInput();
    if (typed.length > 0) {
      const text = new TextDecoder().decode(typed);
      this.recorded.push({ epoch, kernel: this.index, text });
      this.personTypes(text);
    }
    this.followWindowSize(epoch);
    // after the person's input of this epoch, live or replayed: a replay decides alike
    const scripted = this.script.next(end, this.node.kernel.tty.awaitsLine);
    if (scripted !== undefined) this.type(scripted);
    for (const c of this.commands.take()) {
      if (c.kind === 'stop' || c.kind === 'boot') {
        this.commands.answer(c.ticket, this.power(c.kind, epoch, true));
        continue;
      }
      if (!this.isUp()) {
        this.commands.answer(c.ticket, -EAGAIN); // it stopped just now: the thread went with it
        continue;
      }
      if (c.kind === 'delay') {
        const delay = { from: c.from, seq: c.seq, epochs: c.epochs };
        const refused = this.refuseDelay(delay);
        if (refused < 0) {
          this.commands.answer(c.ticket, refused);
          continue;
        }
        this.recorded.push({ epoch, kernel: this.index, delay });
        this.commands.answer(c.ticket, this.delayMessage(delay, start) === undefined ? -ENOENT : 0);
        continue;
      }
      const migrate = { tid: c.tid, to: c.to };
      this.recorded.push({ epoch, kernel: this.index, migrate });
      this.migrateThread(migrate, (answer) => {
        this.commands.answer(c.ticket, answer); // the page says it was taken, or why not
      });
    }
    // a stop or boot replayed: where the page's commands are taken, so the replay runs alike
    for (const kind of this.replayedPower.splice(0)) this.power(kind, epoch, false);
    // an action above may have stopped it (a method call, so the check is made again)
    return this.isUp() && this.node.runEpoch(end);
  }

  /**
   * The start of an epoch while the kernel is down: nothing reads its terminal (what is typed
   * there is lost, as on a crashed machine's console) and only a boot does anything.
   */
  private whileDown(epoch: number): void {
    while (this.inputs[0] && this.inputs[0].epoch <= epoch && !this.up) {
      const input = this.inputs.shift() as RecordedInput;
      if ('power' in input && input.power === 'boot') this.power('boot', epoch, false);
    }
    this.terminal.readInput();
    for (const c of this.commands.take()) {
      this.commands.answer(c.ticket, c.kind === 'boot' ? this.power('boot', epoch, true) : -EAGAIN);
    }
    const wanted = this.bootWanted;
    if (wanted && epoch > this.stoppedAt && !this.up) {
      this.bootWanted = undefined;
      this.power('boot', epoch, wanted.record);
    }
  }

  private isUp(): boolean {
    return this.up;
  }

  /** Drains this kernel's ring into its inbox (a no-op before boot). */
  poll(): void {
    this.booted?.messenger.poll();
  }

  private apply(a: Action, epoch: number): void {
    const k = this.node.kernel;
    switch (a.kind) {
      case 'start':
        this.start(a.argv);
        break;
      case 'type':
        break; // typed by this.script
      case 'stop':
      case 'boot':
        if (this.power(a.kind, epoch, false) < 0)
          k.printk(`scenario: ${a.kind}: kernel ${this.index} already ${a.kind === 'stop' ? 'stopped' : 'up'}`);
        break;
      case 'migrate':
        if (proposeProcess(this.node.services.migration, a.pid, a.to) === 0)
          k.printk(`scenario: migrate ${a.pid}: no such process on kernel ${this.index}, or no kernel to go to`);
        break;
      case 'kill': {
        const p = k.processes.get(a.pid);
        if (p) signalProcess(k, p, a.signal, { code: 0, pid: 0, addr: 0 });
        else k.printk(`scenario: kill ${a.pid}: no such process on kernel ${this.index}`);
        break;
      }
    }
  }

  private replay(input: RecordedInput, now: number): void {
    if ('power' in input) this.replayedPower.push(input.power);
    else if ('text' in input) this.personTypes(input.text);
    else if ('winsize' in input) this.node.kernel.tty.resize({ ...this.node.kernel.tty.winsize, ...input.winsize });
    else if ('delay' in input) this.delayMessage(input.delay, now);
    else this.migrateThread(input.migrate);
  }

  /** A delay the page asked that no scenario could carry (parseScenario's rules): -EINVAL, unrecorded. */
  private refuseDelay(d: MessageDelay): number {
    const fromOk = Number.isInteger(d.from) && d.from >= 0 && d.from < this.scenario.machine.kernels.length;
    return fromOk && d.from !== this.index && delayRefusal(d.epochs) === undefined ? 0 : -EINVAL;
  }

  /** Exploring: holds a message in flight to this kernel back (KernelNode.delayMessage). */
  private delayMessage(d: MessageDelay, now: number): number | undefined {
    return this.node.delayMessage(d.from, d.seq, d.epochs, now);
  }

  /**
   * The terminal took a new size (the page fitted it to its box): the kernel's TTY takes it at
   * this epoch's start, recorded like typing. While a shared run replays, the sizes it recorded
   * rule, whatever the size of the screen it replays on; the live size enters at the shared epoch.
   */
  private followWindowSize(epoch: number): void {
    const shared = this.scenario.sharedAt;
    if (shared && epoch < shared.epoch) return;
    const size = this.terminal.windowSize();
    if (size.seq === this.windowSeq) return;
    this.windowSeq = size.seq;
    const tty = this.node.kernel.tty;
    if (size.rows === tty.winsize.rows && size.cols === tty.winsize.cols) return;
    const winsize = { rows: Math.min(size.rows, MAX_WINDOW_CELLS), cols: Math.min(size.cols, MAX_WINDOW_CELLS) };
    this.recorded.push({ epoch, kernel: this.index, winsize });
    tty.resize({ ...tty.winsize, ...winsize });
  }

  /** What a person typed into the terminal: it goes in, and the scenario stops typing there. */
  private personTypes(text: string): void {
    const dropped = this.script.personTyped();
    if (dropped > 0)
      this.node.kernel.printk(`scenario: typing stopped: a person typed into the terminal (${dropped} pieces left)`);
    this.type(text);
  }

  /**
   * A migration asked for in the UI: a proposal for the thread, as propose_migration makes.
   * `answered` hears 0 once it is taken and -errno if it is refused (here, or later by the
   * kernel the thread runs on).
   */
  private migrateThread({ tid, to }: { tid: number; to: number }, answered?: (answer: number) => void): void {
    const r = this.node.services.migration.procs.proposeHere(tid, to, (later) => {
      if (later < 0) this.node.kernel.printk(`migrate: thread ${tid} to kernel ${to}: ${errnoName(-later)}`);
      answered?.(later);
    });
    if (r < 0) this.node.kernel.printk(`migrate: thread ${tid} to kernel ${to}: ${errnoName(-r)}`);
    answered?.(r);
  }

  private type(text: string): void {
    // through the kernel's side of the TTY: the device's input ring has one producer, the terminal
    this.node.kernel.tty.inject(new TextEncoder().encode(text));
  }
}

/** A kernel's counters at the end of a run. */
export function summarize(sk: ScenarioKernel): KernelSummary {
  if (!sk.up && !sk.everBooted)
    return { processes: 0, syscalls: 0, pageFaults: 0, messagesSent: 0, messagesReceived: 0, instructions: 0 };
  const k = sk.node.kernel;
  const m = sk.node.messenger;
  return {
    processes: k.processes.size,
    syscalls: k.stats.syscalls,
    pageFaults: k.stats.pageFaults,
    messagesSent: m.sentToPeer.reduce((n, c) => n + c.count, 0),
    messagesReceived: m.receivedFromPeer.reduce((n, c) => n + c.count, 0),
    instructions: Number(k.slots.reduce((n, s) => n + s.hart.instret, 0n)),
  };
}
