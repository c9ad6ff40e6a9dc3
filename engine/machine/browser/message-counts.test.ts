// The messages per type the page counts come from the kernels' messengers through telemetry,
// not from trace events: these tests check that what is published is what each messenger
// counted, and that the counts stay exact (sent = delivered + in flight, type by type) on the
// sixteen-kernel preset, whose kernels write far more events than their trace rings keep.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MESSAGE_TYPE_SLOTS } from '../../hw/memory-map';
import { createPhysicalMemory } from '../../hw/physical-memory';
import { TRACE_CAPACITY, TraceDevice } from '../../hw/trace-device';
import { loadUserlandFiles } from '../../kernels/userland-files';
import { MSG } from '../../protocols/messaging/message-types';
import { LocalMachine } from '../local-machine';
import { parseScenario } from '../scenario';
import { figuresOf } from './kernel-figures';
import { TelemetryReader, TelemetryWriter, type KernelFigures } from './telemetry';
import { EV } from './trace-events';

function publishAll(m: LocalMachine): void {
  m.kernels.forEach((k, i) => {
    new TelemetryWriter(m.memory, i).publish(figuresOf(k, m.epoch));
  });
}

/** Sums of the published counts over the kernels, by type. */
function machineCounts(m: LocalMachine): Map<number, { sent: number; delivered: number }> {
  const read = new TelemetryReader(m.memory);
  const sums = new Map<number, { sent: number; delivered: number }>();
  for (let k = 0; k < m.kernels.length; k++) {
    for (const [type, c] of read.messageTypes(k)) {
      const s = sums.get(type) ?? { sent: 0, delivered: 0 };
      s.sent += c.sent;
      s.delivered += c.delivered;
      sums.set(type, s);
    }
  }
  return sums;
}

describe('message counts in telemetry', () => {
  it('has a slot for every message type', () => {
    for (const [name, type] of Object.entries(MSG)) expect(type, name).toBeLessThan(MESSAGE_TYPE_SLOTS);
  });

  it('gives the page what a kernel published, types beyond the slots in slot 0', () => {
    const { memory } = createPhysicalMemory(1 << 20, 2);
    const figures = (types: KernelFigures['messageTypes']): KernelFigures => ({
      epochs: 1,
      processes: 0,
      threads: 0,
      syscalls: 0,
      pageFaults: 0,
      switches: 0,
      messagesSent: 0,
      messagesReceived: 0,
      framesUsed: 0,
      framesTotal: 0,
      inputs: 0,
      hash: '0000000000000000',
      harts: [],
      messageTypes: types,
    });
    new TelemetryWriter(memory, 1).publish(
      figures(
        new Map([
          [MSG.PROC_LIST, { sent: 3540, received: 3778 }],
          [MSG.VMA_UNMAP_ACK, { sent: 1, received: 0 }],
          [999, { sent: 2, received: 3 }],
        ]),
      ),
    );
    const read = new TelemetryReader(memory);
    expect(read.messageTypes(1)).toEqual(
      new Map([
        [0, { sent: 2, delivered: 3 }],
        [MSG.PROC_LIST, { sent: 3540, delivered: 3778 }],
        [MSG.VMA_UNMAP_ACK, { sent: 1, delivered: 0 }],
      ]),
    );
    expect(read.messageTypes(0).size, 'kernels do not overwrite each other').toBe(0);
  });

  it('publishes what each kernel’s messenger counted, type by type', async () => {
    // a thread of mt moved to kernel 1: migration, pages, futexes and process lists
    const text = JSON.stringify({
      version: 1,
      machine: { preset: 'two-kernels' },
      shells: false,
      programs: [{ kernel: 0, at: 1_000_000, argv: ['mt', '-s', '2', '200000'] }],
    });
    const m = await LocalMachine.boot(parseScenario(text), await loadUserlandFiles());
    m.runUntil(4_000_000);
    publishAll(m);
    const read = new TelemetryReader(m.memory);
    for (const [i, k] of m.kernels.entries()) {
      const own = new Map([...k.node.messenger.byType].map(([t, c]) => [t, { sent: c.sent, delivered: c.received }]));
      expect(own.size).toBeGreaterThan(3);
      expect(read.messageTypes(i)).toEqual(own);
    }
  });

  it('stays exact when the trace rings lose events: sent = delivered + in flight, type by type', async () => {
    const text = readFileSync('engine/machine/scenarios/sixteen-kernels-migrating.json', 'utf8');
    const m = await LocalMachine.boot(parseScenario(text), await loadUserlandFiles());
    m.runUntil(8_000_000);
    publishAll(m);
    // the trace rings kept only their last TRACE_CAPACITY events each: counting the message
    // events in them (what the page used to do) misses sends and deliveries
    const traces = m.kernels.map((_, k) => new TraceDevice(m.memory, k));
    expect(
      traces.some((t) => t.written() > TRACE_CAPACITY),
      'the trace rings wrapped',
    ).toBe(true);
    const events = traces.flatMap((t) => t.readSince(0).events);
    const traced = { sent: 0, delivered: 0 };
    for (const e of events) {
      if (e.kind === EV.MSG_SEND) traced.sent++;
      if (e.kind === EV.MSG_DELIVER) traced.delivered++;
    }
    // what is in flight, counted on its own: every message in a ring or an inbox, not delivered
    const inFlight = new Map<number, number>();
    for (const k of m.kernels) {
      k.node.messenger.poll();
      for (const [type, n] of k.node.messenger.pendingByType()) inFlight.set(type, (inFlight.get(type) ?? 0) + n);
    }
    const counts = machineCounts(m);
    let sent = 0;
    for (const [type, c] of counts) {
      expect(c.sent, `type ${type}`).toBe(c.delivered + (inFlight.get(type) ?? 0));
      sent += c.sent;
    }
    for (const type of inFlight.keys()) expect(counts.has(type), `type ${type} in flight is counted`).toBe(true);
    expect(counts.get(MSG.PROC_LIST)?.sent).toBeGreaterThan(0);
    expect(
      [...inFlight.values()].reduce((a, b) => a + b, 0),
      'messages are in flight at the epoch end',
    ).toBeGreaterThan(0);
    expect(traced.sent, 'the trace kept fewer sends than were made').toBeLessThan(sent);
  });
});
