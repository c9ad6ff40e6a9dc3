// The network view's packet list: the frames the kernels sent through the virtual switch, read
// off their view boards (each a NET_FRAME message's body, decoded with the network's declared
// interface, then as an Ethernet frame) and told in tcpdump's words, with the kernels each went
// between, its virtual times and the connection (flow) it belongs to. Keeps the latest
// `capacity` in send order, the flows seen, and how many frames the page never saw (a board
// holds only the latest frames, so a burst between two readings can outrun it).

import type { ViewFrame } from '../../engine/machine/browser/kernel-view';
import { decodeFrame, describePacket, flowOf, tcpFlagsString } from '../../engine/machine/browser/packets';
import { decodeMessage, MSG, WireError } from '../../engine/machine/browser/trace-events';

export interface PacketRow {
  /** `from:to:seq`: the message's name. */
  key: string;
  from: number;
  to: number;
  /** The NET_FRAME message's sequence number. */
  seq: number;
  /** Virtual ns. */
  sentAt: number;
  deliverAt: number;
  /** The frame's bytes on the wire. */
  bytes: number;
  /** tcpdump's line, or why the frame could not be read. */
  line: string;
  /** The connection it belongs to (flowOf), undefined for a frame that did not decode. */
  flow: string | undefined;
  /** TCP's flags as tcpdump writes them ("S", "S.", "."), '' for another protocol. */
  flags: string;
}

/** A frame as the view lists it: decoded, described, and its flow. Never throws. */
export function packetRow(f: ViewFrame): PacketRow {
  const base = { key: `${f.from}:${f.to}:${f.seq}`, from: f.from, to: f.to, seq: f.seq, sentAt: f.sentAt };
  const row = { ...base, deliverAt: f.deliverAt, bytes: 0, flow: undefined, flags: '' };
  let frame: Uint8Array;
  try {
    const message = decodeMessage(MSG.NET_FRAME, f.body);
    if (message.name !== 'NET_FRAME') return { ...row, line: `not a frame: ${message.name}` };
    frame = message.fields.frame;
  } catch (e) {
    if (e instanceof WireError) return { ...row, line: `unreadable message: ${e.message}` };
    throw e;
  }
  const p = decodeFrame(frame);
  if ('error' in p) return { ...row, bytes: frame.length, line: `undecodable frame (${p.error})` };
  return {
    ...row,
    bytes: frame.length,
    line: describePacket(p),
    flow: flowOf(p),
    flags: p.l4.kind === 'tcp' ? tcpFlagsString(p.l4.segment.flags) : '',
  };
}

/** A NET_FRAME body's packet in tcpdump's words (the inspector shows it under the message's fields). */
export function frameLine(body: Uint8Array): string {
  return packetRow({ from: 0, to: 0, seq: 0, ordinal: 0, sentAt: 0, deliverAt: 0, body }).line;
}

/** What a handshake or teardown segment is, in words ('' for others). */
export function segmentRole(flags: string): string {
  if (flags === 'S') return 'SYN';
  if (flags === 'S.') return 'SYN-ACK';
  if (flags.includes('R')) return 'RST';
  if (flags.includes('F')) return 'FIN';
  return '';
}

export interface FlowSummary {
  flow: string;
  packets: number;
  /** Virtual ns of its latest packet. */
  lastAt: number;
}

export class PacketLog {
  private rows: PacketRow[] = [];
  private readonly keys = new Set<string>();
  /** Per kernel: the ordinal of the next frame expected (undefined before its first reading). */
  private readonly next = new Map<number, number>();
  /** Frames that came and went between two readings: never listed. */
  missed = 0;
  /** Bumped whenever the list changes. */
  version = 0;

  constructor(readonly capacity = 2000) {}

  /** The ordinal to ask kernel `kernel`'s board for frames from. */
  since(kernel: number): number {
    return this.next.get(kernel) ?? 0;
  }

  /** Frames read off kernel `kernel`'s board (oldest first); true if the list changed. */
  add(kernel: number, frames: readonly ViewFrame[]): boolean {
    const added: PacketRow[] = [];
    for (const f of frames) {
      const want = this.next.get(kernel);
      if (want !== undefined && f.ordinal < want) continue; // read before
      // a gap after the first reading is frames the board no longer held (before it: the past)
      if (want !== undefined && f.ordinal > want) this.missed += f.ordinal - want;
      this.next.set(kernel, f.ordinal + 1);
      const row = packetRow(f);
      if (this.keys.has(row.key)) continue;
      this.keys.add(row.key);
      added.push(row);
    }
    if (added.length === 0) return false;
    // a new array for every change: what the view memoises on
    const rows = [...this.rows, ...added].sort((a, b) => a.sentAt - b.sentAt || a.from - b.from || a.seq - b.seq);
    for (const r of rows.splice(0, Math.max(0, rows.length - this.capacity))) this.keys.delete(r.key);
    this.rows = rows;
    this.version++;
    return true;
  }

  /** Forgets the packets listed (the frames to come are listed from the next reading on). */
  clear(): void {
    this.rows = [];
    this.keys.clear();
    this.version++;
  }

  /** The packets kept, oldest first (a new array after every change, the same one until then). */
  list(): readonly PacketRow[] {
    return this.rows;
  }
}

/** The packets of connection `flow` (all of them for undefined). */
export function filterPackets(rows: readonly PacketRow[], flow: string | undefined): readonly PacketRow[] {
  return flow === undefined ? rows : rows.filter((r) => r.flow === flow);
}

/** The connections among `rows`, the latest active first. */
export function flowsOf(rows: readonly PacketRow[]): FlowSummary[] {
  const flows = new Map<string, FlowSummary>();
  for (const r of rows) {
    if (r.flow === undefined) continue;
    const f = flows.get(r.flow) ?? { flow: r.flow, packets: 0, lastAt: 0 };
    f.packets++;
    f.lastAt = Math.max(f.lastAt, r.sentAt);
    flows.set(r.flow, f);
  }
  return [...flows.values()].sort((a, b) => b.lastAt - a.lastAt || a.flow.localeCompare(b.flow));
}

/**
 * What the list shows of `rows`: the latest `tail`; for one connection also its first `head`
 * (its handshake), with how many lie between them unshown.
 */
export function shownPackets(
  rows: readonly PacketRow[],
  flow: string | undefined,
  head = 8,
  tail = 100,
): { head: readonly PacketRow[]; hidden: number; tail: readonly PacketRow[] } {
  const of = filterPackets(rows, flow);
  const first = flow === undefined ? 0 : Math.min(head, of.length);
  const last = Math.min(of.length - first, flow === undefined ? head + tail : tail);
  return { head: of.slice(0, first), hidden: of.length - first - last, tail: of.slice(of.length - last) };
}
