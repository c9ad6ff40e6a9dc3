// What every way of running a machine shares: booting one kernel of a scenario (its shell,
// its scheduled actions and recorded inputs, applied at epoch starts so that any worker layout
// gives the same run), and combining the kernels' trace hashes into the machine's.

import { TtyDevice } from '../hw/tty-device';
import type { HartExports } from '../hw/hart-module';
import { signalProcess } from '../kernels/signal/deliver';
import { spawn } from '../kernels/proc/spawn';
import type { Ring } from '../protocols/messaging/ring';
import { EPOCH_NS, KernelNode } from './kernel-node';
import type { Action, RecordedInput, Scenario } from './scenario';
import type { KernelSummary } from './worker-protocol';

/** One kernel of a running scenario, with the actions and inputs meant for it. */
export class ScenarioKernel {
  readonly node: KernelNode;
  private readonly tty: TtyDevice;
  private readonly actions: Action[];
  private readonly inputs: RecordedInput[];

  constructor(
    memory: WebAssembly.Memory,
    wasm: HartExports,
    scenario: Scenario,
    readonly index: number,
    files: Record<string, Uint8Array>,
    waitForRoom: (ring: Ring) => void,
    keepTrace = false,
  ) {
    this.node = new KernelNode(memory, wasm, {
      spec: scenario.machine,
      index,
      ringSlots: scenario.ringSlots,
      files,
      seed: scenario.seed,
      keepTrace,
      waitForRoom,
    });
    this.tty = new TtyDevice(memory, index);
    this.actions = scenario.actions.filter((a) => a.kernel === index);
    this.inputs = scenario.inputs.filter((i) => i.kernel === index).sort((a, b) => a.epoch - b.epoch);
    if (scenario.shells) this.start(['/sbin/init']);
  }

  private start(argv: string[]): void {
    const k = this.node.kernel;
    const path = argv[0]?.includes('/') ? argv[0] : `/bin/${argv[0] ?? ''}`;
    const p = spawn(k, path, argv);
    if (typeof p === 'number') k.printk(`scenario: cannot start ${argv.join(' ')}: errno ${-p}`);
  }

  /** Applies what is due at the start of `epoch`, then runs the epoch. */
  runEpoch(epoch: number): void {
    const start = epoch * EPOCH_NS;
    while (this.actions[0] && this.actions[0].at < start + EPOCH_NS) {
      const a = this.actions.shift() as Action;
      this.apply(a);
    }
    while (this.inputs[0] && this.inputs[0].epoch <= epoch) {
      this.type((this.inputs.shift() as RecordedInput).text);
    }
    this.node.runEpoch(start + EPOCH_NS);
  }

  private apply(a: Action): void {
    const k = this.node.kernel;
    switch (a.kind) {
      case 'start':
        this.start(a.argv);
        break;
      case 'type':
        this.type(a.text);
        break;
      case 'kill': {
        const p = k.processes.get(a.pid);
        if (p) signalProcess(k, p, a.signal, { code: 0, pid: 0, addr: 0 });
        else k.printk(`scenario: kill ${a.pid}: no such process on kernel ${this.index}`);
        break;
      }
    }
  }

  private type(text: string): void {
    const bytes = new TextEncoder().encode(text);
    const n = this.tty.type(bytes);
    if (n < bytes.length) this.node.kernel.printk(`scenario: TTY input ring full, ${bytes.length - n} bytes dropped`);
  }
}

/** A kernel's counters at the end of a run. */
export function summarize(sk: ScenarioKernel): KernelSummary {
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

/** The machine's trace hash: every kernel's hash, in kernel order, folded into one. */
export function machineHash(kernelHashes: string[]): string {
  let h = 0xcbf29ce484222325n;
  for (const c of kernelHashes.join(':')) h = BigInt.asUintN(64, (h ^ BigInt(c.charCodeAt(0))) * 0x100000001b3n);
  return h.toString(16).padStart(16, '0');
}
