// One TCP connection as an explicit state record (Linux's struct tcp_sock, RFC 793's TCB)
// advanced by pure functions: (record, event) -> (record, segments to send, bytes that arrived,
// notes for the socket). The connection table (inet-tcp.ts) owns the records, feeds them the
// segments that arrive and what the application does, and sends what they return; nothing
// here touches a socket, a clock or a device.
//
// The handshake, numbered as the tests name its steps:
//   1. active open: SYN (seq = iss, MSS option)                      CLOSED -> SYN_SENT
//   2. the listener's side: SYN-ACK (seq = iss', ack = iss + 1)      LISTEN -> SYN_RECEIVED
//   3. ACK (ack = iss' + 1): both ends are ESTABLISHED
// and the teardown: the side that closes first sends FIN once its queue is sent (FIN_WAIT_1),
// the other ACKs it (CLOSE_WAIT; its reader sees end of file) and later sends its own FIN
// (LAST_ACK); the first side ACKs that and waits 2MSL (TIME_WAIT) so a late duplicate cannot
// land in a new connection of the same four numbers.
//
// The link between kernels is lossless and keeps order, so what this machine needs most is
// flow control: a sender never has more bytes in flight than the receiver's last window, and
// a receiver whose reader makes room says so (a window update). Retransmission exists for
// the cases the link cannot hide (a peer whose kernel stopped, a SYN dropped by a full accept
// queue, as Linux drops it): go-back-N from the oldest unacknowledged byte, with Linux's
// timeouts and retry limits. There is no round-trip estimation (the timeout stays at Linux's
// minimum, 200 ms), no congestion window, no selective ACK and no delayed ACK: on a link that
// never loses, they change timing only.

import { ECONNREFUSED, ECONNRESET, EHOSTUNREACH, ETIMEDOUT } from '../../errno';
import { TCP_ACK, TCP_FIN, TCP_PSH, TCP_RST, TCP_SYN } from '../packets/tcp-segment';
import { seqAdd, seqDiff, seqLe, seqLt } from './sequence';

export type TcpState =
  | 'SYN_SENT'
  | 'SYN_RECEIVED'
  | 'ESTABLISHED'
  | 'FIN_WAIT_1'
  | 'FIN_WAIT_2'
  | 'CLOSE_WAIT'
  | 'CLOSING'
  | 'LAST_ACK'
  | 'TIME_WAIT'
  | 'CLOSED';

/** The segment MSS this end offers: an Ethernet MTU less the IPv4 and TCP headers. */
export const LOCAL_MSS = 1460;
/** The MSS assumed when the peer names none (RFC 1122). */
export const DEFAULT_MSS = 536;
/** The largest window without window scaling, which this stack does not offer. */
export const MAX_WINDOW = 0xffff;
/** Linux's first retransmission timeout for a SYN (TCP_TIMEOUT_INIT) and its minimum after (TCP_RTO_MIN). */
export const RTO_INITIAL_NS = 1_000_000_000;
export const RTO_MIN_NS = 200_000_000;
export const RTO_MAX_NS = 120_000_000_000;
/** Linux's retry limits: net.ipv4.tcp_syn_retries, tcp_synack_retries and tcp_retries2. */
export const SYN_RETRIES = 6;
export const SYNACK_RETRIES = 5;
export const DATA_RETRIES = 15;
/** How long TIME_WAIT lasts (Linux's TCP_TIMEWAIT_LEN, 2MSL). */
export const TIME_WAIT_NS = 60_000_000_000;

/** A segment this connection sends, without its ports and addresses (the table adds them). */
export interface Outgoing {
  seq: number;
  ack: number;
  flags: number;
  window: number;
  mss?: number;
  payload: Uint8Array;
}

/** The fields of an arriving segment the machine reads: the same, without the ports. */
export type Incoming = Outgoing;

export interface TcpTimer {
  at: number;
  kind: 'retransmit' | 'persist' | 'time-wait';
}

export interface Tcb {
  readonly state: TcpState;
  // sending: sequence numbers [sndUna, sndNxt) are in flight
  readonly iss: number;
  readonly sndUna: number;
  readonly sndNxt: number;
  /** The peer's last advertised window, in bytes. */
  readonly sndWnd: number;
  /** The most the peer takes in one segment. */
  readonly mss: number;
  /** Bytes the application wrote and the peer has not acknowledged, oldest first (sent ones lead). */
  readonly queue: readonly Uint8Array[];
  readonly queued: number;
  /** The application sends no more (close, shutdown(SHUT_WR)): a FIN follows the queue. */
  readonly finQueued: boolean;
  /** The FIN went out (it is the last sequence number sent). */
  readonly finSent: boolean;
  // receiving
  readonly irs: number;
  readonly rcvNxt: number;
  /** Free bytes in the socket's receive queue: what the window may offer. */
  readonly rcvSpace: number;
  /** The receive queue's size (its room when empty). */
  readonly rcvBuffer: number;
  /** The right edge of the window last advertised (rcvNxt + window then). */
  readonly rcvEdge: number;
  // the connection's one timer
  readonly timer: TcpTimer | undefined;
  readonly rto: number;
  readonly retries: number;
}

export type TcpEvent =
  | { kind: 'segment'; segment: Incoming; now: number }
  /** The application wrote `data` (the caller checked it fits the send buffer). */
  | { kind: 'send'; data: Uint8Array; now: number }
  /** The application read: `space` bytes are now free in the receive queue. */
  | { kind: 'read'; space: number; now: number }
  /** The application will send no more: a FIN goes once the queue is sent. */
  | { kind: 'close'; now: number }
  /** The connection is thrown away at once (a close with unread data): a RST tells the peer. */
  | { kind: 'abort' }
  | { kind: 'timer'; now: number }
  /** The peer's kernel has gone: nothing will ever answer. */
  | { kind: 'link-down' };

/** What the socket must learn from a step. */
export type TcpNote =
  /** The handshake completed. */
  | 'established'
  /** Sent bytes were acknowledged: room in the send buffer. */
  | 'acked'
  /** The peer's FIN arrived in order: the reader sees end of file after the data. */
  | 'fin'
  /** The record reached CLOSED: the table forgets it. */
  | 'closed'
  /** The connection failed with this errno (ECONNREFUSED, ECONNRESET, ETIMEDOUT, EHOSTUNREACH). */
  | { reset: number };

export interface TcpStep {
  tcb: Tcb;
  out: Outgoing[];
  /** Bytes that arrived in order, for the socket's receive queue. */
  data: Uint8Array | undefined;
  notes: TcpNote[];
}

const EMPTY = new Uint8Array(0);

// ---- opening ----

/** connect(): the SYN (step 1). `space`: the receive queue's room. */
export function activeOpen(iss: number, space: number, now: number): TcpStep {
  const tcb: Tcb = {
    state: 'SYN_SENT',
    iss,
    sndUna: iss,
    sndNxt: seqAdd(iss, 1),
    sndWnd: 0,
    mss: DEFAULT_MSS,
    queue: [],
    queued: 0,
    finQueued: false,
    finSent: false,
    irs: 0,
    rcvNxt: 0,
    rcvSpace: space,
    rcvBuffer: space,
    rcvEdge: 0,
    timer: { at: now + RTO_INITIAL_NS, kind: 'retransmit' },
    rto: RTO_INITIAL_NS,
    retries: 0,
  };
  const syn = { seq: iss, ack: 0, flags: TCP_SYN, window: windowOf(tcb), mss: LOCAL_MSS, payload: EMPTY };
  return { tcb, out: [syn], data: undefined, notes: [] };
}

/** A SYN reached a listener that has room (step 2): the new connection and its SYN-ACK. */
export function passiveOpen(syn: Incoming, iss: number, space: number, now: number): TcpStep {
  const rcvNxt = seqAdd(syn.seq, 1);
  const base: Tcb = {
    state: 'SYN_RECEIVED',
    iss,
    sndUna: iss,
    sndNxt: seqAdd(iss, 1),
    sndWnd: syn.window,
    mss: Math.min(syn.mss ?? DEFAULT_MSS, LOCAL_MSS),
    queue: [],
    queued: 0,
    finQueued: false,
    finSent: false,
    irs: syn.seq,
    rcvNxt,
    rcvSpace: space,
    rcvBuffer: space,
    rcvEdge: rcvNxt,
    timer: { at: now + RTO_INITIAL_NS, kind: 'retransmit' },
    rto: RTO_INITIAL_NS,
    retries: 0,
  };
  const [tcb, synAck] = synAckOf(base);
  return { tcb, out: [synAck], data: undefined, notes: [] };
}

/**
 * The answer to a segment that reached no connection and no listener (RFC 793's CLOSED
 * state): a RST, unless the segment was one.
 */
export function resetFor(s: Incoming): Outgoing | undefined {
  if (s.flags & TCP_RST) return undefined;
  if (s.flags & TCP_ACK) return { seq: s.ack, ack: 0, flags: TCP_RST, window: 0, payload: EMPTY };
  const length = s.payload.length + (s.flags & TCP_SYN ? 1 : 0) + (s.flags & TCP_FIN ? 1 : 0);
  return { seq: 0, ack: seqAdd(s.seq, length), flags: TCP_RST | TCP_ACK, window: 0, payload: EMPTY };
}

// ---- what the record says ----

/** Sequence space in flight: data, and the SYN and FIN while unacknowledged. */
function flight(t: Tcb): number {
  return seqDiff(t.sndNxt, t.sndUna);
}

function synUnacked(t: Tcb): boolean {
  return t.state === 'SYN_SENT' || t.state === 'SYN_RECEIVED';
}

/** Bytes of data sent and not yet acknowledged. */
function dataInFlight(t: Tcb): number {
  const f = flight(t);
  return f - (synUnacked(t) ? 1 : 0) - (t.finSent && f > 0 ? 1 : 0);
}

/** Bytes written and not yet sent. */
export function unsent(t: Tcb): number {
  return t.queued - dataInFlight(t);
}

/** Whether the connection can still carry the application's bytes out. */
export function canSend(t: Tcb): boolean {
  return (t.state === 'ESTABLISHED' || t.state === 'CLOSE_WAIT') && !t.finQueued;
}

/** The window to advertise: the receive queue's room, as far as 16 bits reach. */
function windowOf(t: Tcb): number {
  return Math.max(0, Math.min(t.rcvSpace, MAX_WINDOW));
}

function ackOf(t: Tcb, flags = TCP_ACK): [Tcb, Outgoing] {
  const window = windowOf(t);
  const seg = { seq: t.sndNxt, ack: t.rcvNxt, flags, window, payload: EMPTY };
  return [{ ...t, rcvEdge: seqAdd(t.rcvNxt, window) }, seg];
}

function synAckOf(t: Tcb): [Tcb, Outgoing] {
  const window = windowOf(t);
  const seg = { seq: t.iss, ack: t.rcvNxt, flags: TCP_SYN | TCP_ACK, window, mss: LOCAL_MSS, payload: EMPTY };
  return [{ ...t, rcvEdge: seqAdd(t.rcvNxt, window) }, seg];
}

/** `n` bytes of the queue from `offset` on, copied out. */
function bytesAt(queue: readonly Uint8Array[], offset: number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  let at = 0;
  for (const chunk of queue) {
    if (at >= n) break;
    if (offset >= chunk.length) {
      offset -= chunk.length;
      continue;
    }
    const part = chunk.subarray(offset, offset + (n - at));
    out.set(part, at);
    at += part.length;
    offset = 0;
  }
  return out;
}

/** The queue without its first `n` bytes. */
function dropBytes(queue: readonly Uint8Array[], n: number): Uint8Array[] {
  const left: Uint8Array[] = [];
  for (const chunk of queue) {
    if (n >= chunk.length) {
      n -= chunk.length;
      continue;
    }
    left.push(n > 0 ? chunk.subarray(n) : chunk);
    n = 0;
  }
  return left;
}

/**
 * Sends what the peer's window allows of the queue, then the FIN once all is sent, and keeps
 * the retransmission (or, facing a closed window, the persist) timer running while anything
 * waits for the peer.
 */
function output(t: Tcb, now: number, out: Outgoing[]): Tcb {
  if (synUnacked(t) || t.state === 'CLOSED' || t.state === 'TIME_WAIT') return t;
  for (;;) {
    const pending = unsent(t);
    const room = t.sndWnd - dataInFlight(t);
    if (pending > 0 && room > 0) {
      const n = Math.min(t.mss, pending, room);
      const last = n === pending;
      const fin = last && t.finQueued && !t.finSent;
      const payload = bytesAt(t.queue, dataInFlight(t), n);
      const flags = TCP_ACK | (last ? TCP_PSH : 0) | (fin ? TCP_FIN : 0);
      const window = windowOf(t);
      out.push({ seq: t.sndNxt, ack: t.rcvNxt, flags, window, payload });
      t = { ...t, sndNxt: seqAdd(t.sndNxt, n + (fin ? 1 : 0)), rcvEdge: seqAdd(t.rcvNxt, window) };
      if (fin) t = finSent(t);
      continue;
    }
    if (pending === 0 && t.finQueued && !t.finSent) {
      let seg: Outgoing;
      [t, seg] = ackOf(t, TCP_FIN | TCP_ACK);
      out.push(seg);
      t = finSent({ ...t, sndNxt: seqAdd(t.sndNxt, 1) });
    }
    break;
  }
  if (flight(t) > 0) {
    if (t.timer?.kind !== 'retransmit') t = { ...t, timer: { at: now + t.rto, kind: 'retransmit' } };
  } else if (unsent(t) > 0 && t.sndWnd === 0) {
    if (t.timer?.kind !== 'persist') t = { ...t, timer: { at: now + t.rto, kind: 'persist' } };
  } else if (t.timer?.kind !== 'time-wait') t = { ...t, timer: undefined };
  return t;
}

/** The state once the FIN has gone out. */
function finSent(t: Tcb): Tcb {
  const state = t.state === 'ESTABLISHED' ? 'FIN_WAIT_1' : t.state === 'CLOSE_WAIT' ? 'LAST_ACK' : t.state;
  return { ...t, finSent: true, state };
}

function closed(t: Tcb, notes: TcpNote[], errno?: number): TcpStep {
  if (errno !== undefined) notes.push({ reset: errno });
  notes.push('closed');
  return { tcb: { ...t, state: 'CLOSED', timer: undefined, queue: [], queued: 0 }, out: [], data: undefined, notes };
}

// ---- events ----

export function advance(t: Tcb, e: TcpEvent): TcpStep {
  if (t.state === 'CLOSED') return { tcb: t, out: [], data: undefined, notes: [] };
  switch (e.kind) {
    case 'segment':
      return t.state === 'SYN_SENT' ? synSentSegment(t, e.segment, e.now) : segmentArrived(t, e.segment, e.now);
    case 'send': {
      const out: Outgoing[] = [];
      const queued = { ...t, queue: [...t.queue, e.data.slice()], queued: t.queued + e.data.length };
      return { tcb: output(queued, e.now, out), out, data: undefined, notes: [] };
    }
    case 'read':
      return windowOpened({ ...t, rcvSpace: e.space });
    case 'close': {
      if (t.state === 'SYN_SENT') return closed(t, []); // nothing was agreed: Linux sends nothing
      if (t.finQueued) return { tcb: t, out: [], data: undefined, notes: [] };
      const out: Outgoing[] = [];
      return { tcb: output({ ...t, finQueued: true }, e.now, out), out, data: undefined, notes: [] };
    }
    case 'abort': {
      if (t.state === 'SYN_SENT' || t.state === 'TIME_WAIT') return closed(t, []);
      const [, rst] = ackOf(t, TCP_RST | TCP_ACK);
      const step = closed(t, []);
      return { ...step, out: [{ ...rst, window: 0 }] };
    }
    case 'timer':
      return timerFired(t, e.now);
    case 'link-down':
      return closed(t, [], t.state === 'SYN_SENT' ? EHOSTUNREACH : ECONNRESET);
  }
}

/** Step 1's answer at the connecting end. */
function synSentSegment(t: Tcb, s: Incoming, now: number): TcpStep {
  const acceptableAck = (s.flags & TCP_ACK) !== 0 && s.ack === t.sndNxt;
  if (s.flags & TCP_ACK && !acceptableAck) {
    const rst = s.flags & TCP_RST ? [] : [{ seq: s.ack, ack: 0, flags: TCP_RST, window: 0, payload: EMPTY }];
    return { tcb: t, out: rst, data: undefined, notes: [] };
  }
  if (s.flags & TCP_RST) return acceptableAck ? closed(t, [], ECONNREFUSED) : noChange(t);
  if (!(s.flags & TCP_SYN)) return noChange(t);
  const rcvNxt = seqAdd(s.seq, 1);
  const learned = { ...t, irs: s.seq, rcvNxt, mss: Math.min(s.mss ?? DEFAULT_MSS, LOCAL_MSS), sndWnd: s.window };
  if (!acceptableAck) {
    // both ends opened at once (RFC 793's simultaneous open): answer SYN-ACK, wait for its ACK
    const [tcb, synAck] = synAckOf({ ...learned, state: 'SYN_RECEIVED' });
    return { tcb, out: [synAck], data: undefined, notes: [] };
  }
  // step 3
  const out: Outgoing[] = [];
  const established: Tcb = {
    ...learned,
    state: 'ESTABLISHED',
    sndUna: s.ack,
    timer: undefined,
    rto: RTO_MIN_NS,
    retries: 0,
  };
  const [acked, ack] = ackOf(established);
  out.push(ack);
  return { tcb: output(acked, now, out), out, data: undefined, notes: ['established'] };
}

function noChange(t: Tcb): TcpStep {
  return { tcb: t, out: [], data: undefined, notes: [] };
}

/** A segment for a synchronized connection (RFC 793 section 3.9, "Otherwise"). */
function segmentArrived(t: Tcb, s: Incoming, now: number): TcpStep {
  const notes: TcpNote[] = [];
  const out: Outgoing[] = [];
  // the SYN again (our SYN-ACK is late or lost): answer it again
  if (t.state === 'SYN_RECEIVED' && s.flags & TCP_SYN && !(s.flags & TCP_ACK) && s.seq === t.irs) {
    const [tcb, synAck] = synAckOf(t);
    return { tcb, out: [synAck], data: undefined, notes };
  }
  // 1. acceptability: this link keeps order, so in-window means at rcvNxt (an old prefix is cut)
  let payload = s.payload;
  let seq = s.seq;
  const behind = seqDiff(t.rcvNxt, seq);
  if (behind > 0 && behind <= payload.length) {
    payload = payload.subarray(behind);
    seq = t.rcvNxt;
  }
  const fin = (s.flags & TCP_FIN) !== 0;
  if (seq !== t.rcvNxt) {
    if (s.flags & TCP_RST) return noChange(t);
    const [tcb, ack] = ackOf(t); // a duplicate, or a probe of a closed window: say where we are
    return { tcb, out: [ack], data: undefined, notes };
  }
  // 2. a reset
  if (s.flags & TCP_RST) {
    if (t.state === 'SYN_RECEIVED' || t.state === 'TIME_WAIT' || t.state === 'LAST_ACK' || t.state === 'CLOSING')
      return closed(t, notes);
    return closed(t, notes, ECONNRESET);
  }
  // 3. a SYN inside a synchronized connection: answer with an ACK (RFC 5961's challenge) and drop it
  if (s.flags & TCP_SYN) {
    const [tcb, ack] = ackOf(t);
    return { tcb, out: [ack], data: undefined, notes };
  }
  // 4. the acknowledgement
  if (!(s.flags & TCP_ACK)) return noChange(t);
  if (t.state === 'SYN_RECEIVED') {
    if (s.ack !== t.sndNxt) {
      return {
        tcb: t,
        out: [{ seq: s.ack, ack: 0, flags: TCP_RST, window: 0, payload: EMPTY }],
        data: undefined,
        notes,
      };
    }
    t = { ...t, state: 'ESTABLISHED', sndUna: s.ack, sndWnd: s.window, timer: undefined, rto: RTO_MIN_NS, retries: 0 };
    notes.push('established');
  } else if (seqLt(t.sndNxt, s.ack)) {
    const [tcb, ack] = ackOf(t); // acknowledges what was never sent
    return { tcb, out: [ack], data: undefined, notes };
  } else if (seqLt(t.sndUna, s.ack)) {
    const space = seqDiff(s.ack, t.sndUna);
    const finAcked = t.finSent && s.ack === t.sndNxt;
    const dataAcked = space - (finAcked ? 1 : 0);
    t = {
      ...t,
      sndUna: s.ack,
      queue: dropBytes(t.queue, dataAcked),
      queued: t.queued - dataAcked,
      retries: 0,
      rto: RTO_MIN_NS,
      timer: t.timer?.kind === 'retransmit' ? undefined : t.timer,
    };
    if (dataAcked > 0) notes.push('acked');
    if (finAcked) {
      if (t.state === 'FIN_WAIT_1') t = { ...t, state: 'FIN_WAIT_2' };
      else if (t.state === 'CLOSING')
        t = { ...t, state: 'TIME_WAIT', timer: { at: now + TIME_WAIT_NS, kind: 'time-wait' } };
      else if (t.state === 'LAST_ACK') return closed(t, notes);
    }
  }
  if (seqLe(t.sndUna, s.ack)) t = { ...t, sndWnd: s.window };
  // 5. the data, in the states where the reader still reads
  let data: Uint8Array | undefined;
  let ackNeeded = false;
  const reading = t.state === 'ESTABLISHED' || t.state === 'FIN_WAIT_1' || t.state === 'FIN_WAIT_2';
  if (payload.length > 0 && reading) {
    const taken = Math.min(payload.length, Math.max(0, seqDiff(t.rcvEdge, t.rcvNxt)), t.rcvSpace);
    if (taken > 0) {
      data = payload.subarray(0, taken);
      t = { ...t, rcvNxt: seqAdd(t.rcvNxt, taken), rcvSpace: t.rcvSpace - taken };
    }
    ackNeeded = true;
    if (taken < payload.length) {
      // beyond the window: dropped (a sender keeps to the window, so this is a bad peer)
      const [tcb, ack] = ackOf(t);
      return { tcb: output(tcb, now, out), out: [ack, ...out], data, notes };
    }
  }
  // 6. the FIN, once everything before it has arrived
  if (fin && (reading || t.state === 'SYN_RECEIVED' || t.state === 'TIME_WAIT')) {
    if (t.state !== 'TIME_WAIT') notes.push('fin');
    t = { ...t, rcvNxt: t.state === 'TIME_WAIT' ? t.rcvNxt : seqAdd(t.rcvNxt, 1) };
    ackNeeded = true;
    if (t.state === 'ESTABLISHED' || t.state === 'SYN_RECEIVED') t = { ...t, state: 'CLOSE_WAIT' };
    else if (t.state === 'FIN_WAIT_1') t = { ...t, state: 'CLOSING' };
    else t = { ...t, state: 'TIME_WAIT', timer: { at: now + TIME_WAIT_NS, kind: 'time-wait' } };
  }
  // 7. answer: what output sends carries the ACK; otherwise a bare ACK when one is owed
  t = output(t, now, out);
  if (ackNeeded && out.length === 0) {
    let ack: Outgoing;
    [t, ack] = ackOf(t);
    out.push(ack);
  }
  return { tcb: t, out, data, notes };
}

/**
 * The reader made room. The peer learns of it when the window's right edge moves by a
 * segment or half the buffer, whichever is less (RFC 1122's receiver-side silly window avoidance), or
 * when the window was shut: a sender facing a shut window waits for exactly this.
 */
function windowOpened(t: Tcb): TcpStep {
  const receiving = t.state === 'ESTABLISHED' || t.state === 'FIN_WAIT_1' || t.state === 'FIN_WAIT_2';
  if (!receiving) return noChange(t);
  const edge = seqAdd(t.rcvNxt, windowOf(t));
  const moved = seqDiff(edge, t.rcvEdge);
  const wasShut = t.rcvEdge === t.rcvNxt;
  const worth = Math.min(LOCAL_MSS, Math.min(t.rcvBuffer, MAX_WINDOW) / 2);
  if (moved <= 0 || (!wasShut && moved < worth)) return noChange(t);
  const [tcb, ack] = ackOf(t);
  return { tcb, out: [ack], data: undefined, notes: [] };
}

function timerFired(t: Tcb, now: number): TcpStep {
  const timer = t.timer;
  if (!timer || now < timer.at) return noChange(t);
  const notes: TcpNote[] = [];
  if (timer.kind === 'time-wait') return closed(t, notes);
  const rto = Math.min(t.rto * 2, RTO_MAX_NS);
  if (timer.kind === 'persist') {
    // a zero-window probe: an old sequence number, which the peer must answer with its window
    const probe = { seq: seqAdd(t.sndUna, -1), ack: t.rcvNxt, flags: TCP_ACK, window: windowOf(t), payload: EMPTY };
    return { tcb: { ...t, rto, timer: { at: now + rto, kind: 'persist' } }, out: [probe], data: undefined, notes };
  }
  const limit = t.state === 'SYN_SENT' ? SYN_RETRIES : t.state === 'SYN_RECEIVED' ? SYNACK_RETRIES : DATA_RETRIES;
  if (t.retries >= limit) return closed(t, notes, t.state === 'SYN_RECEIVED' ? undefined : ETIMEDOUT);
  const again = { ...t, rto, retries: t.retries + 1, timer: { at: now + rto, kind: 'retransmit' as const } };
  if (t.state === 'SYN_SENT') {
    const syn = { seq: t.iss, ack: 0, flags: TCP_SYN, window: windowOf(t), mss: LOCAL_MSS, payload: EMPTY };
    return { tcb: again, out: [syn], data: undefined, notes };
  }
  if (t.state === 'SYN_RECEIVED') {
    const [tcb, synAck] = synAckOf(again);
    return { tcb, out: [synAck], data: undefined, notes };
  }
  // go back to the oldest unacknowledged byte and send everything from there again
  const out: Outgoing[] = [];
  const rewound = { ...again, sndNxt: t.sndUna, finSent: false, timer: undefined };
  const tcb = output(rewound, now, out);
  return { tcb: { ...tcb, timer: { at: now + rto, kind: 'retransmit' } }, out, data: undefined, notes };
}
