// Test helper: records a real run's trace, headless (every kernel in this thread, every event
// kept), and gives it as the page's trace feed would: all kernels' events, ordered by time, ties
// by kernel, each kernel's own order kept. The narration tests read what real scenarios did.

import { loadUserlandFiles } from '../../../engine/kernels/userland-files';
import { CommandMailbox } from '../../../engine/machine/command-mailbox';
import { LocalMachine } from '../../../engine/machine/local-machine';
import { parseScenario } from '../../../engine/machine/scenario';
import type { FeedEvent } from '../../machine/trace-feed';

/** Boots `scenario` (an object, as its JSON), lets `drive` run it, and returns its trace. */
export async function recordTrace(scenario: object, drive: (m: LocalMachine) => void): Promise<FeedEvent[]> {
  const m = await LocalMachine.boot(parseScenario(JSON.stringify(scenario)), await loadUserlandFiles(), true);
  drive(m);
  return traceOf(m);
}

/** Every event the machine's kernels kept so far, as the trace feed orders them. */
export function traceOf(m: LocalMachine): FeedEvent[] {
  const events = m.kernels.flatMap((k, kernel) =>
    k.everBooted ? (k.node.kernel.tracer.kept ?? []).map((e) => ({ ...e, kernel })) : [],
  );
  return events.sort((a, b) => a.time - b.time || a.kernel - b.kernel);
}

/** A recorded migration: `busy` started on kernel 1, moved to kernel 0 at `askedAt`. */
export interface RecordedMigration {
  events: FeedEvent[];
  pid: number;
  tid: number;
  /** The virtual time the move was asked for. */
  askedAt: number;
}

/** Runs `busy` on kernel 1 for 2 ms, asks for its thread to move to kernel 0, runs 2 ms more. */
export async function recordBusyMigration(): Promise<RecordedMigration> {
  let pid = 0;
  let tid = 0;
  let askedAt = 0;
  const events = await recordTrace(
    { version: 1, machine: { preset: 'two-kernels' }, shells: false, programs: [{ kernel: 1, argv: ['busy'] }] },
    (m) => {
      m.runUntil(2e6);
      ({ pid, tid } = busyOnKernel1(m));
      askedAt = m.now;
      new CommandMailbox(m.memory, 1).post({ kind: 'migrate', tid, to: 0 });
      m.runUntil(4e6);
    },
  );
  return { events, pid, tid, askedAt };
}

/** The demo `busy` started on kernel 1 (the recorded scenarios' one program): its pid and first thread. */
export function busyOnKernel1(m: LocalMachine): { pid: number; tid: number } {
  const busy = [...(m.kernels[1]?.node.kernel.processes.values() ?? [])].find((p) => p.comm === 'busy');
  return { pid: busy?.pid ?? 0, tid: busy?.liveThreads[0]?.tid ?? 0 };
}
