// The messages the view knows about, built from the trace feed: each message is one record
// made from its send event (in the sender's trace) and its delivery event (in the receiver's),
// whichever arrives first, so a message in flight already has an arrow (the send event carries
// its delivery time). Keeps the latest `capacity` messages, and how many send and delivery
// events it has read.
//
// What the events hold is read with the trace's decoders (messageSendOf, messageDeliverOf):
// type, the other kernel, the delivery or send time, and a sequence number that counts per
// (sender, receiver) pair, so sender,
// receiver and sequence name a message. (The counters per type are the kernels' own, not
// counts of these events: a trace ring that wraps loses events, see live-messages.ts.)

import { EV, messageDeliverOf, messageSendOf } from '../../engine/machine/browser/trace-events';
import type { FeedEvent } from '../machine/trace-feed';

export interface MessageRecord {
  /** messageKey(from, to, seq). */
  key: number;
  from: number;
  to: number;
  type: number;
  seq: number;
  /** Virtual ns. */
  sentAt: number;
  deliverAt: number;
  /** The process the message was sent for, or 0 when the trace does not say. */
  pid: number;
  /** The events read for it: the inspector shows one of them. */
  send: FeedEvent | undefined;
  deliver: FeedEvent | undefined;
}

/** Room for the kernel index in a key (MAX_KERNELS is 64). */
const KERNEL_SPAN = 256;
/** Sequence numbers are u32 in a trace record. */
const SEQ_SPAN = 2 ** 32;

/** A number naming a message (below 2^48, so exact in a double). */
export function messageKey(from: number, to: number, seq: number): number {
  return (from * KERNEL_SPAN + to) * SEQ_SPAN + seq;
}

export function isMessageEvent(e: FeedEvent): boolean {
  return e.kind === EV.MSG_SEND || e.kind === EV.MSG_DELIVER;
}

/** The key of the message a MSG_SEND or MSG_DELIVER event belongs to (undefined for others). */
export function keyOfEvent(e: FeedEvent): number | undefined {
  if (e.kind === EV.MSG_SEND) return messageKey(e.kernel, messageSendOf(e).to, e.tid);
  if (e.kind === EV.MSG_DELIVER) return messageKey(messageDeliverOf(e).from, e.kernel, e.tid);
  return undefined;
}

export class MessageLog {
  /** In the order first read: close to send order (each frame's batch is sorted by time). */
  private records: MessageRecord[] = [];
  private readonly byKey = new Map<number, MessageRecord>();
  private readonly pidSet = new Set<number>();
  /** Send events read. */
  sent = 0;
  /** Delivery events read. */
  delivered = 0;
  /** Bumped whenever a message is added or changes. */
  version = 0;

  constructor(readonly capacity = 4096) {}

  /** Reads a batch of feed events (others than messages are ignored); true if anything changed. */
  add(events: readonly FeedEvent[]): boolean {
    const before = this.version;
    for (const e of events) {
      if (e.kind === EV.MSG_SEND) this.addSend(e);
      else if (e.kind === EV.MSG_DELIVER) this.addDelivery(e);
    }
    if (this.records.length > 2 * this.capacity) this.trim();
    return this.version !== before;
  }

  private addSend(e: FeedEvent): void {
    this.sent++;
    const m = messageSendOf(e);
    const key = messageKey(e.kernel, m.to, m.seq);
    const known = this.byKey.get(key);
    if (known) {
      // its delivery was read first (the receiver's trace was ahead)
      known.send = e;
      known.sentAt = e.time;
      this.notePid(known, e.pid);
    } else {
      this.push({
        key,
        from: e.kernel,
        to: m.to,
        type: m.type,
        seq: m.seq,
        sentAt: e.time,
        deliverAt: m.deliverAt,
        pid: e.pid,
        send: e,
        deliver: undefined,
      });
    }
    this.version++;
  }

  private addDelivery(e: FeedEvent): void {
    this.delivered++;
    const m = messageDeliverOf(e);
    const key = messageKey(m.from, e.kernel, m.seq);
    const known = this.byKey.get(key);
    if (known) {
      known.deliver = e;
      known.deliverAt = e.time;
      this.notePid(known, e.pid);
    } else {
      // its send was lost to a wrapped trace ring, or is not read yet
      this.push({
        key,
        from: m.from,
        to: e.kernel,
        type: m.type,
        seq: m.seq,
        sentAt: m.sentAt,
        deliverAt: e.time,
        pid: e.pid,
        send: undefined,
        deliver: e,
      });
    }
    this.version++;
  }

  private push(r: MessageRecord): void {
    this.records.push(r);
    this.byKey.set(r.key, r);
    if (r.pid !== 0) this.pidSet.add(r.pid);
  }

  private notePid(r: MessageRecord, pid: number): void {
    if (r.pid !== 0 || pid === 0) return;
    r.pid = pid;
    this.pidSet.add(pid);
  }

  /** Drops the oldest records down to `capacity` (in one go, so trimming costs O(1) per message). */
  private trim(): void {
    const drop = this.records.length - this.capacity;
    for (let i = 0; i < drop; i++) {
      const r = this.records[i] as MessageRecord;
      // a later message may reuse the key (a kernel that restarted its sequence numbers)
      if (this.byKey.get(r.key) === r) this.byKey.delete(r.key);
    }
    this.records = this.records.slice(drop);
  }

  /** Forgets every message and count. */
  reset(): void {
    this.records = [];
    this.byKey.clear();
    this.pidSet.clear();
    this.sent = 0;
    this.delivered = 0;
    this.version++;
  }

  /** The latest messages, in the order first read. */
  all(): readonly MessageRecord[] {
    return this.records;
  }

  get(key: number): MessageRecord | undefined {
    return this.byKey.get(key);
  }

  /** Processes (non-zero pids) messages were seen for. */
  pids(): ReadonlySet<number> {
    return this.pidSet;
  }
}
