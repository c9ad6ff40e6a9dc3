// Test helper: records a real run's trace, headless (every kernel in this thread, every event
// kept), and gives it as the page's trace feed would: all kernels' events, ordered by time, ties
// by kernel, each kernel's own order kept. The narration tests read what real scenarios did.

import { loadUserlandFiles } from '../../../engine/kernels/userland-files';
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
