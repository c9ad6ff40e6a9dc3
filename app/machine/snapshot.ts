// One frame's view of the running machine, read from shared memory: the clock, what each hart
// runs and how busy it is, and each kernel's state and counters. The views render from it;
// sameSnapshot() lets a frame that changed nothing visible skip re-rendering.

import type { BrowserMachine } from '../../engine/machine/browser/browser-machine';
import { FRAME_BYTES } from '../../engine/machine/browser/telemetry';
import { RateMeter } from './rate';
import { UtilisationMeter } from './utilisation';

export interface HartView {
  hart: number;
  kernel: number | undefined;
  /** 0 when the hart is idle. */
  pid: number;
  tid: number;
  /** Share of recent virtual time spent running guest code, 0..1. */
  utilisation: number;
}

export type KernelStatus = 'booting' | 'up' | 'stopped' | 'failed';

export interface KernelView {
  index: number;
  status: KernelStatus;
  /** Why it failed, when status is 'failed'. */
  error: string | undefined;
  harts: number[];
  processes: number;
  threads: number;
  syscalls: number;
  pageFaults: number;
  messagesSent: number;
  messagesReceived: number;
  memoryUsed: number;
  memoryTotal: number;
}

export interface TracePoint {
  epoch: number;
  hash: string;
}

export interface MachineSnapshot {
  /** Epochs every kernel has completed. */
  epoch: number;
  running: boolean;
  /** Replaying a shared link's run to the epoch it was shared at. */
  replaying: boolean;
  /** The machine's trace hash at the latest epoch every kernel had published. */
  trace: TracePoint | undefined;
  /** Epochs granted (above epoch while the workers catch up). */
  granted: number;
  virtualNs: number;
  /** The machine's epoch (its quantum) in virtual ns: the clock moves by these. */
  epochNs: number;
  /** Measured virtual ns per wall second (undefined until measured). */
  rate: number | undefined;
  harts: HartView[];
  kernels: KernelView[];
}

/** The meters a sequence of snapshots shares. */
export class SnapshotMeters {
  readonly rate: RateMeter;
  readonly utilisation: UtilisationMeter[];

  /** `epochNs`: the machine's epoch (its quantum) in virtual ns. */
  constructor(kernels: number, epochNs?: number) {
    this.rate = new RateMeter(undefined, epochNs);
    // the same span of virtual time (5 ms) at any quantum
    const window = epochNs === undefined ? undefined : Math.max(1, Math.round(5e6 / epochNs));
    this.utilisation = Array.from({ length: kernels }, () => new UtilisationMeter(window, epochNs));
  }
}

export function takeSnapshot(
  machine: BrowserMachine,
  meters: SnapshotMeters,
  wallMs: number,
  previous?: MachineSnapshot,
): MachineSnapshot {
  const spec = machine.scenario.machine;
  const epoch = machine.epoch();
  const harts: HartView[] = [];
  const kernels = spec.kernels.map((k, index): KernelView => {
    const t = machine.telemetry.kernel(index);
    const failed = machine.failures[index];
    const hartFigures = k.harts.map((h) => machine.telemetry.hart(h));
    const busy = (meters.utilisation[index] as UtilisationMeter).sample(
      t.epochs,
      hartFigures.map((h) => h.busyNs),
    );
    k.harts.forEach((hart, i) => {
      const f = hartFigures[i];
      const up = t.state === 'up' && failed === undefined;
      harts.push({
        hart,
        kernel: index,
        pid: up ? (f?.pid ?? 0) : 0,
        tid: up ? (f?.tid ?? 0) : 0,
        utilisation: up ? (busy[i] ?? 0) : 0,
      });
    });
    return {
      index,
      status: failed !== undefined ? 'failed' : t.state === 'up' ? 'up' : t.state === 'dead' ? 'stopped' : 'booting',
      error: failed,
      harts: k.harts,
      processes: t.processes,
      threads: t.threads,
      syscalls: t.syscalls,
      pageFaults: t.pageFaults,
      messagesSent: t.messagesSent,
      messagesReceived: t.messagesReceived,
      memoryUsed: t.framesUsed * FRAME_BYTES,
      memoryTotal: k.memory.size,
    };
  });
  harts.sort((a, b) => a.hart - b.hart);
  return {
    epoch,
    running: machine.running,
    replaying: machine.replaying,
    // between two kernels' publishes the hash is not of one epoch: keep the last one that was
    trace: machine.traceHash() ?? previous?.trace,
    granted: machine.granted(),
    virtualNs: machine.now(),
    epochNs: machine.epochNs,
    rate: meters.rate.sample(wallMs, epoch),
    harts,
    kernels,
  };
}

/** Whether two snapshots would render the same (utilisation and rate to the displayed precision). */
export function sameSnapshot(a: MachineSnapshot, b: MachineSnapshot): boolean {
  return visible(a) === visible(b);
}

function visible(s: MachineSnapshot): string {
  return JSON.stringify({
    ...s,
    rate: s.rate === undefined ? -1 : Math.round(s.rate / 1e5),
    harts: s.harts.map((h) => ({ ...h, utilisation: Math.round(h.utilisation * 100) })),
  });
}
