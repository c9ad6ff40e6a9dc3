// A message as the inspector shows it, from the trace event that was clicked: a send (traced
// by the sender, which knows when it will be delivered) or a delivery (traced by the receiver,
// which knows when it was sent) both name the same message; this reads either into one shape.

import { EV, messageDeliverOf, messageSendOf, messageTypeName } from '../../engine/machine/browser/trace-events';
import type { FeedEvent } from '../machine/trace-feed';

export interface MessageFields {
  /** Which event was clicked. */
  event: 'send' | 'delivery';
  type: number;
  typeName: string;
  from: number;
  to: number;
  /** Virtual ns. */
  sentNs: number;
  deliveredNs: number;
  transitNs: number;
  /** The kernel whose trace the event came from. */
  tracedBy: number;
  /** The sender's sequence number of the message (the event's tid field). */
  seq: number;
}

export function messageFields(e: FeedEvent): MessageFields | undefined {
  if (e.kind !== EV.MSG_SEND && e.kind !== EV.MSG_DELIVER) return undefined;
  const send = e.kind === EV.MSG_SEND;
  const m = send
    ? { ...messageSendOf(e), from: e.kernel, sentAt: e.time }
    : { ...messageDeliverOf(e), to: e.kernel, deliverAt: e.time };
  return {
    event: send ? 'send' : 'delivery',
    type: m.type,
    typeName: messageTypeName(m.type),
    from: m.from,
    to: m.to,
    sentNs: m.sentAt,
    deliveredNs: m.deliverAt,
    transitNs: m.deliverAt - m.sentAt,
    tracedBy: e.kernel,
    seq: m.seq,
  };
}
