import { describe, expect, it } from 'vitest';
import { EV } from '../kernels/trace';
import { MSG } from '../protocols/messaging/message-types';
import { chromeTrace } from './chrome-trace';

describe('chromeTrace', () => {
  it('names message arrows by type and lists every declared type with its fields in the metadata', () => {
    const send = { time: 1000, kind: EV.MSG_SEND, hart: 0xffff, pid: 1, tid: 4, a: MSG.TASK_MIGRATE, b: 1, c: 9000 };
    const trace = JSON.parse(chromeTrace([[send], []], 10_000)) as {
      traceEvents: Array<{ name: string; cat: string }>;
      metadata: { messages: Record<string, { type: number; description: string; fields: Record<string, string> }> };
    };
    expect(trace.traceEvents.find((e) => e.cat === 'msg')?.name).toBe('TASK_MIGRATE');
    const migrate = trace.metadata.messages.TASK_MIGRATE;
    expect(migrate?.type).toBe(MSG.TASK_MIGRATE);
    expect(migrate?.description).toMatch(/thread leaves its origin/);
    expect(migrate?.fields.regs).toMatch(/^register file: /);
    expect(Object.keys(trace.metadata.messages)).toContain('VMA_UNMAP_ACK');
  });

  it('marks a message held back while exploring on the messages track', () => {
    const held = { time: 2000, kind: EV.MSG_DELAY, hart: 0xffff, pid: 0, tid: 4, a: MSG.TASK_MIGRATE, b: 0, c: 9000 };
    const trace = JSON.parse(chromeTrace([[], [held]], 10_000)) as {
      traceEvents: Array<{ name: string; cat: string; ph: string; args: unknown }>;
    };
    expect(trace.traceEvents.find((e) => e.cat === 'explore')).toMatchObject({
      name: 'held back TASK_MIGRATE',
      ph: 'i',
      args: { from: 0, seq: 4, deliverAt: 9000 },
    });
  });
});
