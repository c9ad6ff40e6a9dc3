// The network part of a kernel's view board (kernel-view.ts says what a board is; the offsets
// are view-board-layout.ts's NET_*): its virtual NIC's address and counters, the drops by
// reason (the card's and its switch port's), its TCP connections and listeners with their
// states, and the latest frames it sent through the switch, each the NET_FRAME message's body
// as sent. The writer runs in the kernel's worker inside the board's sequence number; the
// reader in the page, inside the board reader's retry.

import type { InetStack } from '../../kernels/net/inet';
import { AF_INET, type InetAddr } from '../../kernels/net/sockaddr';
import { SOCK_STREAM, type Socket } from '../../kernels/net/socket';
import { socketOf } from '../../kernels/net/socket-file';
import type { Kernel } from '../../kernels/kernel';
import type { RecentFrames, SentFrame } from './recent-frames';
import type { NicCounters } from '../../kernels/net/nic';
import {
  CONN_BYTES,
  CONNS_AT,
  DROP_BYTES,
  DROPS_AT,
  FRAME_AREA,
  FRAME_HEADER,
  FRAMES_AT,
  MAX_NET_DROPS,
  MAX_VIEW_CONNS,
  NET_AT,
} from './view-board-layout';

/** A connection's state as the board numbers it: LISTEN, then tcp-machine.ts's states (netstat's names). */
export const CONN_STATES = [
  'LISTEN',
  'SYN_SENT',
  'SYN_RECEIVED',
  'ESTABLISHED',
  'FIN_WAIT_1',
  'FIN_WAIT_2',
  'CLOSE_WAIT',
  'CLOSING',
  'LAST_ACK',
  'TIME_WAIT',
  'CLOSED',
] as const;
export type ConnState = (typeof CONN_STATES)[number];

// the NIC header, from NET_AT
const PRESENT = 0; // u32: 1 once the kernel published its card
const IP = 4;
const MAC = 8; // f64 (48 bits)
const TX_FRAMES = 16; // f64 counters from here
const TX_BYTES = 24;
const RX_FRAMES = 32;
const RX_BYTES = 40;
const RX_INTERRUPTS = 48;
const RX_POLLS = 56;
const RX_QUEUE = 64; // u32: frames waiting for the softirq at the epoch's end
const RX_PEAK = 68;
const DROPS = 72; // u32 counts of the parts that follow
const CONNS = 76;
const FRAMES = 80;
const FRAMES_SENT = 88; // f64: frames sent through the switch since boot

/** A kernel's NIC as its board says. */
export interface ViewNic extends Omit<NicCounters, 'dropped'> {
  /** Its IPv4 address (10.0.0.K+1) and MAC, as numbers. */
  ip: number;
  mac: number;
  /** Frames in the receive queue at the end of the published epoch (the card's counters say the most it held). */
  rxQueue: number;
  /** Frames dropped, by reason (the card's, and its switch port's prefixed "switch: "). */
  drops: { reason: string; count: number }[];
  connections: ViewConnection[];
  /** Frames this kernel sent through the switch since boot (the next one's ordinal). */
  framesSent: number;
}

/** A TCP connection (or listener) of a kernel, as netstat shows it. */
export interface ViewConnection {
  localIp: number;
  localPort: number;
  /** 0 for a listener. */
  remoteIp: number;
  remotePort: number;
  state: ConnState;
}

/** A frame a kernel sent through the switch: one NET_FRAME message, and its sender. */
export interface ViewFrame extends SentFrame {
  from: number;
}

/** What the writer reads off a running kernel. */
export interface NetSources {
  inet: InetStack;
  /** Frames its switch port dropped, by reason. */
  switchDrops: ReadonlyMap<string, number>;
  frames: RecentFrames;
}

const pad4 = (n: number) => (n + 3) & ~3;

/** A frame's body (the message) this small is never left out for a full one. */
const SMALL_FRAME = 256;

/** The writer's side: one per board. */
export class NetBoardWriter {
  private readonly encoder = new TextEncoder();
  /** Frames recorded when the board's frames were last written. */
  private writtenTo = -1;

  constructor(
    private readonly view: DataView,
    private readonly base: number,
  ) {}

  write(k: Kernel, net: NetSources): void {
    const v = this.view;
    const o = this.base + NET_AT;
    const nic = net.inet.nic;
    const c = nic.counters;
    v.setUint32(o + IP, net.inet.ip, true);
    v.setFloat64(o + MAC, nic.mac, true);
    v.setFloat64(o + TX_FRAMES, c.txFrames, true);
    v.setFloat64(o + TX_BYTES, c.txBytes, true);
    v.setFloat64(o + RX_FRAMES, c.rxFrames, true);
    v.setFloat64(o + RX_BYTES, c.rxBytes, true);
    v.setFloat64(o + RX_INTERRUPTS, c.rxInterrupts, true);
    v.setFloat64(o + RX_POLLS, c.rxPolls, true);
    v.setUint32(o + RX_QUEUE, nic.pending, true);
    v.setUint32(o + RX_PEAK, c.rxQueuePeak, true);
    const drops = [
      ...[...c.dropped].map(([reason, count]) => ({ reason, count })),
      ...[...net.switchDrops].map(([reason, count]) => ({ reason: `switch: ${reason}`, count })),
    ].slice(0, MAX_NET_DROPS);
    drops.forEach((d, i) => {
      const at = this.base + DROPS_AT + i * DROP_BYTES;
      v.setUint32(at, d.count, true);
      this.text(at + 4, DROP_BYTES - 4, d.reason);
    });
    v.setUint32(o + DROPS, drops.length, true);
    const conns = connectionsOf(k, net.inet).slice(0, MAX_VIEW_CONNS);
    conns.forEach((cn, i) => {
      const at = this.base + CONNS_AT + i * CONN_BYTES;
      v.setUint32(at, cn.localIp, true);
      v.setUint32(at + 4, cn.remoteIp, true);
      v.setUint16(at + 8, cn.localPort, true);
      v.setUint16(at + 10, cn.remotePort, true);
      v.setUint8(at + 12, CONN_STATES.indexOf(cn.state));
    });
    v.setUint32(o + CONNS, conns.length, true);
    this.writeFrames(net.frames);
    v.setUint32(o + PRESENT, 1, true);
  }

  /**
   * The newest frames that fit FRAME_AREA, in the order sent (rewritten only when new ones came).
   * Small frames (a handshake's, an ACK, a short request) may take the whole area, full ones
   * only half: in a bulk transfer a burst of full frames would otherwise push out the handshake
   * and the ACKs, which say more than the fortieth data segment; the page counts those left out.
   */
  private writeFrames(frames: RecentFrames): void {
    if (frames.count === this.writtenTo) return;
    const all = frames.since(0);
    const chosen: typeof all = [];
    let bytes = 0;
    let full = 0;
    for (let i = all.length - 1; i >= 0 && bytes + FRAME_HEADER < FRAME_AREA; i--) {
      const f = all[i] as (typeof all)[number];
      const size = FRAME_HEADER + pad4(f.body.length);
      const small = f.body.length <= SMALL_FRAME;
      if (bytes + size > FRAME_AREA || (!small && full + size > FRAME_AREA / 2)) continue;
      bytes += size;
      if (!small) full += size;
      chosen.push(f);
    }
    const shown = chosen.reverse();
    const v = this.view;
    let at = this.base + FRAMES_AT;
    for (const f of shown) {
      v.setInt32(at, f.to, true);
      v.setUint32(at + 4, f.seq, true);
      v.setFloat64(at + 8, f.ordinal, true);
      v.setFloat64(at + 16, f.sentAt, true);
      v.setFloat64(at + 24, f.deliverAt, true);
      v.setUint32(at + 32, f.body.length, true);
      new Uint8Array(v.buffer, at + FRAME_HEADER, f.body.length).set(f.body);
      at += FRAME_HEADER + pad4(f.body.length);
    }
    v.setUint32(this.base + NET_AT + FRAMES, shown.length, true);
    v.setFloat64(this.base + NET_AT + FRAMES_SENT, frames.count, true);
    this.writtenTo = frames.count;
  }

  /** A kernel that is down shows no card. */
  writeDown(): void {
    this.view.setUint32(this.base + NET_AT + PRESENT, 0, true);
  }

  private text(at: number, size: number, s: string): void {
    const bytes = new Uint8Array(this.view.buffer, at, size);
    bytes.fill(0);
    bytes.set(this.encoder.encode(s).subarray(0, size - 1));
  }
}

/** Its connections through the card (connection table) and its TCP listeners (its processes' descriptors). */
function connectionsOf(k: Kernel, inet: InetStack): ViewConnection[] {
  const out: ViewConnection[] = [];
  const seen = new Set<Socket>();
  for (const p of k.processes.values()) {
    for (const [, file] of p.fds.entries()) {
      const s = socketOf(file);
      if (!s || seen.has(s) || s.family !== AF_INET || s.type !== SOCK_STREAM || s.state !== 'listening') continue;
      seen.add(s);
      const local = s.local as InetAddr | undefined;
      out.push({ localIp: local?.ip ?? 0, localPort: local?.port ?? 0, remoteIp: 0, remotePort: 0, state: 'LISTEN' });
    }
  }
  for (const s of inet.tcpConnections()) {
    const local = s.local as InetAddr | undefined;
    const remote = s.remote as InetAddr | undefined;
    out.push({
      localIp: local?.ip ?? 0,
      localPort: local?.port ?? 0,
      remoteIp: remote?.ip ?? 0,
      remotePort: remote?.port ?? 0,
      state: s.tcp?.state ?? 'CLOSED',
    });
  }
  return out;
}

/** The page's side: the network part of the board at `base`, with the frames from ordinal `since` on. */
export function readNet(
  view: DataView,
  base: number,
  kernel: number,
  since: number,
  decoder: TextDecoder,
): { nic: ViewNic; frames: ViewFrame[] } | undefined {
  const o = base + NET_AT;
  if (view.getUint32(o + PRESENT, true) !== 1) return undefined;
  const text = (at: number, size: number) => {
    const bytes = new Uint8Array(view.buffer, at, size);
    const end = bytes.indexOf(0);
    return decoder.decode(bytes.slice(0, end < 0 ? size : end));
  };
  const nd = Math.min(MAX_NET_DROPS, view.getUint32(o + DROPS, true));
  const drops = Array.from({ length: nd }, (_, i) => {
    const at = base + DROPS_AT + i * DROP_BYTES;
    return { reason: text(at + 4, DROP_BYTES - 4), count: view.getUint32(at, true) };
  });
  const nc = Math.min(MAX_VIEW_CONNS, view.getUint32(o + CONNS, true));
  const connections = Array.from({ length: nc }, (_, i): ViewConnection => {
    const at = base + CONNS_AT + i * CONN_BYTES;
    return {
      localIp: view.getUint32(at, true),
      remoteIp: view.getUint32(at + 4, true),
      localPort: view.getUint16(at + 8, true),
      remotePort: view.getUint16(at + 10, true),
      state: CONN_STATES[view.getUint8(at + 12)] ?? 'CLOSED',
    };
  });
  const nic: ViewNic = {
    ip: view.getUint32(o + IP, true),
    mac: view.getFloat64(o + MAC, true),
    txFrames: view.getFloat64(o + TX_FRAMES, true),
    txBytes: view.getFloat64(o + TX_BYTES, true),
    rxFrames: view.getFloat64(o + RX_FRAMES, true),
    rxBytes: view.getFloat64(o + RX_BYTES, true),
    rxInterrupts: view.getFloat64(o + RX_INTERRUPTS, true),
    rxPolls: view.getFloat64(o + RX_POLLS, true),
    rxQueue: view.getUint32(o + RX_QUEUE, true),
    rxQueuePeak: view.getUint32(o + RX_PEAK, true),
    drops,
    connections,
    framesSent: view.getFloat64(o + FRAMES_SENT, true),
  };
  const frames: ViewFrame[] = [];
  const nf = view.getUint32(o + FRAMES, true);
  let at = base + FRAMES_AT;
  const end = base + FRAMES_AT + FRAME_AREA;
  for (let i = 0; i < nf && at + FRAME_HEADER <= end; i++) {
    const length = view.getUint32(at + 32, true);
    if (at + FRAME_HEADER + length > end) break;
    const ordinal = view.getFloat64(at + 8, true);
    if (ordinal >= since)
      frames.push({
        from: kernel,
        to: view.getInt32(at, true),
        seq: view.getUint32(at + 4, true),
        ordinal,
        sentAt: view.getFloat64(at + 16, true),
        deliverAt: view.getFloat64(at + 24, true),
        // a copy: the board is shared memory, which the page's decoders may not keep
        body: new Uint8Array(view.buffer, at + FRAME_HEADER, length).slice(),
      });
    at += FRAME_HEADER + pad4(length);
  }
  return { nic, frames };
}
