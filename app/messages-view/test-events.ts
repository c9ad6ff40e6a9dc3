// Trace events as the engine writes them for a message, for the messages view's tests.

import { EV, NO_HART } from '../../engine/machine/browser/trace-events';
import type { FeedEvent } from '../machine/trace-feed';

export interface TestMessage {
  from: number;
  to: number;
  type: number;
  seq: number;
  sentAt: number;
  deliverAt: number;
  pid?: number;
}

/** The MSG_SEND event the sender's trace holds for `m`. */
export function sendEvent(m: TestMessage): FeedEvent {
  return {
    time: m.sentAt,
    kind: EV.MSG_SEND,
    hart: NO_HART,
    pid: m.pid ?? 0,
    tid: m.seq,
    a: m.type,
    b: m.to,
    c: m.deliverAt,
    kernel: m.from,
  };
}

/** The MSG_DELIVER event the receiver's trace holds for `m`. */
export function deliverEvent(m: TestMessage): FeedEvent {
  return {
    time: m.deliverAt,
    kind: EV.MSG_DELIVER,
    hart: NO_HART,
    pid: m.pid ?? 0,
    tid: m.seq,
    a: m.type,
    b: m.from,
    c: m.sentAt,
    kernel: m.to,
  };
}
