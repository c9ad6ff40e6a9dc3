// The messages in flight, from the trace: sent (MSG_SEND, written by the sender) and not yet
// delivered (no MSG_DELIVER of the same sender, receiver and sequence number, written by the
// receiver), in the order they will be delivered: the messenger's fixed order (delivery time,
// then sender, then sequence number), which is what makes every run the same. Pure.

import { EV, messageTypeName } from '../../engine/machine/browser/trace-events';
import type { FeedEvent } from '../machine/trace-feed';

export interface InFlight {
  type: string;
  from: number;
  to: number;
  seq: number;
  sentAt: number;
  deliverAt: number;
  pid: number;
}

const key = (from: number, to: number, seq: number) => `${from}:${to}:${seq}`;

/**
 * The messages of `events` (oldest first, a window of the trace) sent and not delivered by its
 * end, in delivery order. A delivery whose send left the window is simply not listed.
 */
export function inFlight(events: readonly FeedEvent[]): InFlight[] {
  const sent = new Map<string, InFlight>();
  for (const e of events) {
    if (e.kind === EV.MSG_SEND) {
      sent.set(key(e.kernel, e.b, e.tid), {
        type: messageTypeName(e.a),
        from: e.kernel,
        to: e.b,
        seq: e.tid,
        sentAt: e.time,
        deliverAt: e.c,
        pid: e.pid,
      });
    } else if (e.kind === EV.MSG_DELIVER) sent.delete(key(e.b, e.kernel, e.tid));
  }
  return [...sent.values()].sort((a, b) => a.deliverAt - b.deliverAt || a.from - b.from || a.seq - b.seq);
}
