import { describe, expect, it } from 'vitest';
import { EV, MSG, messageTypeName, NO_HART } from '../../engine/machine/browser/trace-events';
import type { FeedEvent } from '../machine/trace-feed';
import { messageFields } from './message-fields';

const event = (kind: number, fields: Partial<FeedEvent>): FeedEvent => ({
  time: 0,
  kind,
  hart: NO_HART,
  pid: 0,
  tid: 0,
  a: 0,
  b: 0,
  c: 0,
  kernel: 0,
  ...fields,
});

const type = Object.values(MSG)[0] ?? 1;

describe('messageFields', () => {
  it('reads a send: from its kernel to b, delivered at c', () => {
    const f = messageFields(event(EV.MSG_SEND, { time: 5000, a: type, b: 1, c: 8000, kernel: 0, tid: 42 }));
    expect(f).toEqual({
      event: 'send',
      type,
      typeName: messageTypeName(type),
      from: 0,
      to: 1,
      sentNs: 5000,
      deliveredNs: 8000,
      transitNs: 3000,
      tracedBy: 0,
      seq: 42,
    });
  });

  it('reads a delivery: from b to its kernel, sent at c', () => {
    const f = messageFields(event(EV.MSG_DELIVER, { time: 8000, a: type, b: 0, c: 5000, kernel: 1 }));
    expect(f).toMatchObject({ event: 'delivery', from: 0, to: 1, sentNs: 5000, deliveredNs: 8000, tracedBy: 1 });
  });

  it('reads nothing else', () => {
    expect(messageFields(event(EV.PAGE_FETCH, {}))).toBeUndefined();
  });
});
