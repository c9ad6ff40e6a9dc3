// The messages in flight, from the trace: sent (MSG_SEND, written by the sender) and not yet
// delivered (no MSG_DELIVER of the same sender, receiver and sequence number, written by the
// receiver), in the order they will be delivered: the messenger's fixed order (delivery time,
// then sender, then sequence number; then receiver, for two of one number to two kernels),
// which is what makes every run the same. A message a person held back while exploring
// (MSG_DELAY, written by its receiver) is due when the delay says, and so are the later ones of
// its link, which may not pass it (FIFO). Pure.

import { deliveryOrder, heldDeliveryTime, type HeldBack } from '../../engine/machine/browser/browser-machine';
import { EV, messageTypeName } from '../../engine/machine/browser/trace-events';
import type { FeedEvent } from '../machine/trace-feed';

export interface InFlight {
  type: string;
  from: number;
  to: number;
  seq: number;
  sentAt: number;
  /** When it will be delivered, delays included. */
  deliverAt: number;
  /** When it was due as sent: earlier than deliverAt when it, or one before it on its link, was held back. */
  dueAt: number;
  pid: number;
}

const key = (from: number, to: number, seq: number) => `${from}:${to}:${seq}`;

/**
 * The messages of `events` (oldest first, a window of the trace) sent and not delivered by its
 * end, virtual time `now`, in delivery order. A delivery whose send left the window is simply
 * not listed, nor is a message due before `now`: its delivery was among the events the page
 * skipped while the machine ran faster than it could read (TraceFeed), since a message is
 * delivered by the time it is due.
 */
export function inFlight(events: readonly FeedEvent[], now: number): InFlight[] {
  const sent = new Map<string, InFlight>();
  const held: HeldBack[] = [];
  for (const e of events) {
    if (e.kind === EV.MSG_DELAY) held.push({ from: e.b, to: e.kernel, seq: e.tid, until: e.c });
    else if (e.kind === EV.MSG_SEND) {
      sent.set(key(e.kernel, e.b, e.tid), {
        type: messageTypeName(e.a),
        from: e.kernel,
        to: e.b,
        seq: e.tid,
        sentAt: e.time,
        deliverAt: e.c,
        dueAt: e.c,
        pid: e.pid,
      });
    } else if (e.kind === EV.MSG_DELIVER) sent.delete(key(e.b, e.kernel, e.tid));
  }
  return [...sent.values()]
    .map((m) => ({ ...m, deliverAt: heldDeliveryTime(m, held) }))
    .filter((m) => m.deliverAt >= now)
    .sort(deliveryOrder);
}
