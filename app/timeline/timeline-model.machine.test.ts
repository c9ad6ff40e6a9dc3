// The timeline model against a real machine: two kernels run threads that contend, sleep,
// fetch pages and migrate, and the model, fed what the page would read (the trace, plus what
// each hart runs at every epoch's end), must account for exactly the time each hart was busy.

import { describe, expect, it } from 'vitest';
import { EV } from '../../engine/machine/browser/trace-events';
import { loadUserlandFiles } from '../../engine/kernels/userland-files';
import { LocalMachine } from '../../engine/machine/local-machine';
import { parseScenario } from '../../engine/machine/scenario';
import type { FeedEvent } from '../machine/trace-feed';
import { TimelineModel } from './timeline-model';

describe('TimelineModel on a running machine', () => {
  it('gives each hart exactly its busy time, and every migration an arrival', async () => {
    const scenario = parseScenario(
      JSON.stringify({
        version: 1,
        machine: { preset: 'two-kernels' },
        programs: [
          { kernel: 0, argv: ['mt', '-s', '6', '200000'], at: 2_000_000 },
          { kernel: 1, argv: ['counter', '-m', '30', '1'], at: 2_000_000 },
        ],
      }),
    );
    const m = await LocalMachine.boot(scenario, await loadUserlandFiles(), true);
    const kernelHarts = scenario.machine.kernels.map((k) => k.harts);
    const model = new TimelineModel(kernelHarts, { keepNs: 1e12, maxRunsPerHart: 1e6, maxMigrations: 1e6 });
    const read = m.kernels.map(() => 0);
    let migrates = 0;
    while (m.now < 40_000_000) {
      m.step();
      const batch: FeedEvent[] = [];
      m.kernels.forEach((k, kernel) => {
        const kept = k.everBooted ? (k.node.kernel.tracer.kept ?? []) : [];
        for (const e of kept.slice(read[kernel])) batch.push({ ...e, kernel });
        read[kernel] = kept.length;
      });
      batch.sort((a, b) => a.time - b.time || a.kernel - b.kernel);
      migrates += batch.filter((e) => e.kind === EV.MIGRATE).length;
      // the page may read an epoch's telemetry before the last of its trace: split the batch
      const cut = batch.length >> 1;
      model.ingest(batch.slice(0, cut));
      m.kernels.forEach((k, kernel) => {
        if (!k.up) return;
        k.node.kernel.slots.forEach((slot, i) => {
          model.sample(kernelHarts[kernel]?.[i] ?? -1, slot.current?.tid ?? 0, m.now);
        });
      });
      model.ingest(batch.slice(cut));
    }
    const busy = m.kernels.flatMap((k) => k.node.kernel.slots.map((s) => s.busyNs));
    const ran = [0, 1, 2, 3].map((h) => model.runs(h).reduce((n, r) => n + r.end - r.start, 0));
    expect(busy.every((b) => b > 0)).toBe(true);
    expect(ran).toEqual(busy);
    for (const h of [0, 1, 2, 3]) {
      const rs = model.runs(h);
      rs.forEach((r, i) => {
        expect(r.end).toBeGreaterThanOrEqual(r.start);
        if (i > 0) expect(r.start).toBeGreaterThanOrEqual(rs[i - 1]?.end ?? 0);
      });
    }
    expect(migrates).toBeGreaterThan(10);
    expect(model.migrations()).toHaveLength(migrates);
    for (const mig of model.migrations()) {
      expect(mig.fromHart).toBeDefined();
      expect(model.kernelOf(mig.arriveHart ?? -1)).toBe(mig.to);
    }
  });
});
