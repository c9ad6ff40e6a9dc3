// One kernel's end of the messaging layer: sends into the receivers' rings with the virtual
// times each message leaves and arrives, drains its own ring into an inbox, and delivers what
// is due in a fixed order (delivery time, sender, sequence), which makes every run with the
// same inputs the same. Handlers register per message type (Popcorn's callbacks); requests
// and their responses are matched through wait stations.
//
// Every payload starts with a u32 wait-station id (0 when the message is not a request or
// a response); handlers see the rest.

import type { Message, Ring } from './ring';
import { WireError } from './codec';
import { isKnownMessageType, messageTypeName } from './message-types';
import { delayedUntil, heldDeliveryTime, type HeldBack } from './delays';
import { deliveryTime } from './latency';

export interface Delivered {
  from: number;
  type: number;
  seq: number;
  sentAt: number;
  deliverAt: number;
  /** The wait station this message belongs to (requests carry it; responses return it). */
  station: number;
  body: Uint8Array;
}

export type Handler = (m: Delivered) => void;

export interface MessengerOptions {
  self: number;
  /** rings[k]: kernel k's receive ring. */
  rings: Ring[];
  /** Virtual ns a message of `bytes` takes from this kernel to `to`. */
  latency: (to: number, bytes: number) => number;
  /** Length of an epoch: nothing sent in one epoch arrives before the next. */
  epochNs: number;
  /** Called while a receiver's ring is full: make progress elsewhere, wait a little. */
  waitForRoom: (ring: Ring) => void;
  /** Rings the receiver's doorbell after a send (the IPI). */
  ringDoorbell?: (kernel: number) => void;
  /** Whether kernel k's worker has died (messages to it are then dropped and counted). */
  peerDead?: (kernel: number) => boolean;
  /** Observer of every send and delivery (the trace). */
  observe?: (event: 'send' | 'deliver', m: Delivered, to: number) => void;
  /**
   * Virtual time this kernel instance booted at: what was sent before it was meant for an
   * instance that ran in the partition before (it stopped) and is dropped, not delivered.
   */
  bornAt?: number;
}

interface Counter {
  count: number;
  bytes: number;
}

/** Messages of one type this kernel sent and had delivered to it. */
export interface TypeTally {
  sent: number;
  received: number;
}

export class Messenger {
  private readonly inbox: Message[] = [];
  private readonly seqTo: number[];
  /** Latest delivery time given to each receiver: links are FIFO, as the protocols assume. */
  private readonly lastDeliverTo: number[];
  private readonly handlers = new Map<number, Handler>();
  private readonly stations = new Map<number, Handler>();
  private nextStation = 1;
  /** Counters for /proc/popcorn/stat: by type name and by peer. */
  readonly sentByType = new Map<string, Counter>();
  readonly receivedByType = new Map<string, Counter>();
  readonly sentToPeer: Counter[];
  readonly receivedFromPeer: Counter[];
  /** The same counts by type number, for the page (telemetry publishes them every epoch). */
  readonly byType = new Map<number, TypeTally>();
  /** Messages of a type nobody handles, or whose payload does not decode (dropped with a line, never a crash). */
  readonly unhandled: string[] = [];
  /** Messages not sent because their receiver is dead. */
  droppedToDead = 0;
  /** Messages not delivered because they were sent by, or to, an instance that has died since. */
  droppedStale = 0;
  /** Per sender, the time before which what it sent is dropped: it died (forgetFrom). */
  private readonly forgetBefore = new Map<number, number>();
  /** Messages to this kernel a person held back (delays.ts): they and those behind them on their link wait. */
  private readonly held: HeldBack[] = [];

  constructor(private readonly o: MessengerOptions) {
    const n = o.rings.length;
    this.seqTo = new Array<number>(n).fill(0);
    this.lastDeliverTo = new Array<number>(n).fill(0);
    this.sentToPeer = Array.from({ length: n }, () => ({ count: 0, bytes: 0 }));
    this.receivedFromPeer = Array.from({ length: n }, () => ({ count: 0, bytes: 0 }));
  }

  get self(): number {
    return this.o.self;
  }

  get kernels(): number {
    return this.o.rings.length;
  }

  /** Whether kernel k is known dead (stopped, or its worker died). */
  peerDead(k: number): boolean {
    return this.o.peerDead?.(k) ?? false;
  }

  /**
   * Kernel `k` was found dead at `now`: what it sent before and is delivered from now on is
   * dropped (a fresh instance booted in its partition sends only after now).
   */
  forgetFrom(k: number, now: number): void {
    this.forgetBefore.set(k, now);
  }

  on(type: number, handler: Handler): void {
    if (this.handlers.has(type)) throw new Error(`${messageTypeName(type)} already has a handler`);
    this.handlers.set(type, handler);
  }

  /** Sends a message at virtual time `now`; returns its delivery time. */
  send(to: number, type: number, body: Uint8Array, now: number, station = 0): number {
    const ring = this.o.rings[to];
    if (!ring) throw new RangeError(`no kernel ${to}`);
    if (this.o.peerDead?.(to)) {
      this.droppedToDead++;
      return Infinity;
    }
    const payload = new Uint8Array(4 + body.length);
    new DataView(payload.buffer).setUint32(0, station, true);
    payload.set(body, 4);
    // a big message sent late in an epoch may be due after a small one sent later: never overtake
    const deliverAt = deliveryTime(
      now,
      this.o.latency(to, payload.length),
      this.o.epochNs,
      this.lastDeliverTo[to] ?? 0,
    );
    this.lastDeliverTo[to] = deliverAt;
    const seq = this.seqTo[to] ?? 0;
    this.seqTo[to] = seq + 1;
    ring.send({ from: this.o.self, type, seq, sentAt: now, deliverAt, payload }, this.o.waitForRoom);
    this.o.ringDoorbell?.(to);
    bump(this.sentByType, messageTypeName(type), payload.length);
    this.tally(type).sent++;
    const peer = this.sentToPeer[to] as Counter;
    peer.count++;
    peer.bytes += payload.length;
    this.o.observe?.('send', { from: this.o.self, type, seq, sentAt: now, deliverAt, station, body }, to);
    return deliverAt;
  }

  /** Sends a request; `onReply` runs when the response arrives (a wait station). */
  request(to: number, type: number, body: Uint8Array, now: number, onReply: Handler): number {
    const station = this.nextStation++;
    this.stations.set(station, onReply);
    this.send(to, type, body, now, station);
    return station;
  }

  /** Answers request `m` with a response that returns to its wait station. */
  reply(m: Delivered, type: number, body: Uint8Array, now: number): void {
    this.send(m.from, type, body, now, m.station);
  }

  /** Moves everything in this kernel's ring into the inbox (cheap; call often). */
  poll(): void {
    const ring = this.o.rings[this.o.self];
    const before = this.inbox.length;
    ring?.drain(this.inbox);
    if (this.held.length > 0) this.keepHeld(before);
  }

  /**
   * Holds message `seq` from kernel `from`, in flight to this kernel since before `now`, back
   * by `epochs` epochs (a person exploring: delays.ts); the messages behind it on its link wait
   * behind it. Its type and new delivery time, or undefined when no such message is in flight
   * (delivered already, or not sent before `now`: one sent meanwhile might not be here yet).
   */
  hold(from: number, seq: number, epochs: number, now: number): { type: number; until: number } | undefined {
    this.poll();
    const m = this.inbox.find((x) => x.from === from && x.seq === seq && x.sentAt < now);
    if (!m) return undefined;
    const until = delayedUntil(m.deliverAt, epochs, this.o.epochNs);
    this.held.push({ from, to: this.o.self, seq, until });
    this.keepHeld(0);
    return { type: m.type, until };
  }

  /** Gives the inbox's messages from `start` on the delivery times the holds leave them. */
  private keepHeld(start: number): void {
    for (let i = start; i < this.inbox.length; i++) {
      const m = this.inbox[i] as Message;
      m.deliverAt = heldDeliveryTime({ ...m, to: this.o.self }, this.held);
    }
  }

  /** Earliest delivery time waiting in the inbox. */
  nextDue(): number | undefined {
    let next: number | undefined;
    for (const m of this.inbox) if (next === undefined || m.deliverAt < next) next = m.deliverAt;
    return next;
  }

  pending(): number {
    return this.inbox.length;
  }

  /** Messages in the inbox, not delivered yet, by type (poll() first to count the ring's too). */
  pendingByType(): Map<number, number> {
    const counts = new Map<number, number>();
    for (const m of this.inbox) counts.set(m.type, (counts.get(m.type) ?? 0) + 1);
    return counts;
  }

  private tally(type: number): TypeTally {
    let t = this.byType.get(type);
    if (!t) {
      t = { sent: 0, received: 0 };
      this.byType.set(type, t);
    }
    return t;
  }

  /** Delivers every message due by `now`, in (delivery time, sender, sequence) order. */
  deliver(now: number): number {
    const due = this.inbox.filter((m) => m.deliverAt <= now);
    if (due.length === 0) return 0;
    const rest = this.inbox.filter((m) => m.deliverAt > now);
    this.inbox.length = 0;
    this.inbox.push(...rest);
    due.sort((a, b) => a.deliverAt - b.deliverAt || a.from - b.from || a.seq - b.seq);
    for (const m of due) {
      if (m.sentAt < (this.o.bornAt ?? 0) || m.sentAt < (this.forgetBefore.get(m.from) ?? -Infinity)) {
        this.droppedStale++;
        continue;
      }
      this.dispatch(m);
    }
    return due.length;
  }

  /** Runs a handler; a payload that does not decode is dropped with a line, like an unknown type. */
  private handle(handler: Handler, d: Delivered): void {
    try {
      handler(d);
    } catch (e) {
      if (!(e instanceof WireError)) throw e;
      this.unhandled.push(`${messageTypeName(d.type)} from kernel ${d.from}: ${e.message}`);
    }
  }

  private dispatch(m: Message): void {
    const station = new DataView(m.payload.buffer, m.payload.byteOffset).getUint32(0, true);
    const d: Delivered = { ...m, station, body: m.payload.subarray(4) };
    bump(this.receivedByType, messageTypeName(m.type), m.payload.length);
    this.tally(m.type).received++;
    const peer = this.receivedFromPeer[m.from];
    if (peer) {
      peer.count++;
      peer.bytes += m.payload.length;
    }
    this.o.observe?.('deliver', d, this.o.self);
    const waiting = station ? this.stations.get(station) : undefined;
    if (waiting && !this.handlers.has(m.type)) {
      this.stations.delete(station);
      this.handle(waiting, d);
      return;
    }
    const handler = this.handlers.get(m.type);
    if (handler) {
      this.handle(handler, d);
      return;
    }
    const why = isKnownMessageType(m.type) ? 'no handler is registered' : 'unknown message type';
    this.unhandled.push(`${messageTypeName(m.type)} from kernel ${m.from}: ${why}`);
  }
}

function bump(map: Map<string, Counter>, key: string, bytes: number): void {
  const c = map.get(key) ?? { count: 0, bytes: 0 };
  c.count++;
  c.bytes += bytes;
  map.set(key, c);
}
