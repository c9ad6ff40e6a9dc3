// What a kernel publishes to the page after every epoch (telemetry.ts), read off the running
// kernel in its worker: the thread on each of its harts, busy time, and its counters.

import type { ScenarioKernel } from '../run-state';
import type { KernelFigures } from './telemetry';

/** The figures of a booted kernel that has completed `epochs` epochs. */
export function figuresOf(sk: ScenarioKernel, epochs: number): KernelFigures {
  const k = sk.node.kernel;
  const m = sk.node.messenger;
  const up = sk.up; // a crashed kernel runs nothing: its counters stay as they were at the crash
  return {
    epochs,
    processes: up ? k.processes.size : 0,
    threads: up ? k.threads.size : 0,
    syscalls: k.stats.syscalls,
    pageFaults: k.stats.pageFaults,
    switches: k.stats.contextSwitches,
    messagesSent: m.sentToPeer.reduce((n, c) => n + c.count, 0),
    messagesReceived: m.receivedFromPeer.reduce((n, c) => n + c.count, 0),
    framesUsed: k.frames.used,
    framesTotal: k.frames.total,
    inputs: sk.recorded.length,
    hash: k.tracer.hash(),
    messageTypes: m.byType,
    harts: k.slots.map((slot) => {
      // at an epoch's end a hart shared by more threads than harts has just switched out the
      // one it ran (preempted, so still runnable): that one is what the hart runs, not nothing
      const t = !up ? undefined : (slot.current ?? (slot.lastRan?.state === 'runnable' ? slot.lastRan : undefined));
      return { hart: slot.hart.id, pid: t?.process.pid ?? 0, tid: t?.tid ?? 0, busyNs: slot.busyNs };
    }),
  };
}
