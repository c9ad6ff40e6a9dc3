// One kernel's IPv4 stack on the machine's LAN (Linux's net/ipv4): routing, the TCP
// connections to and from other stations, UDP to and from them, and the network softirq that
// takes frames off the card. Sockets between two processes of this kernel (the loopback
// network and this kernel's own address) never come here: operations.ts joins them directly,
// as Linux's loopback would carry them without loss or delay. Everything addressed through
// the switch (another kernel, the machine's service address, the host) goes as real frames.
//
// A TCP connection's state is its TCB (tcp/tcp-machine.ts), kept on its socket; this file
// feeds the machine the segments that arrive and what the application does, sends the
// segments it returns, and tells the socket what the notes say (connected, room to write, end
// of file, an error), waking whoever waits on it.

import { EADDRNOTAVAIL, ECONNREFUSED, EHOSTUNREACH, EMSGSIZE, ENETUNREACH } from '../errno';
import type { Kernel, KernelBackground } from '../kernel';
import { ETH_HEADER_BYTES, ETHERTYPE_IPV4, MTU } from './packets/ethernet';
import { decodeFrame, encodeFrame, type Packet } from './packets/frame';
import { type IpFragment, IPV4_HEADER_BYTES, writeIpv4Header } from './packets/ipv4';
import { IPPROTO_ICMP, PORT_UNREACHABLE, portUnreachable, readUnreachable } from './icmp';
import { Reassembly } from './reassembly';
import { TCP_ACK, TCP_RST, TCP_SYN, type TcpSegment } from './packets/tcp-segment';
import { readUdpDatagram, udpDatagramBytes, writeUdpDatagram } from './packets/udp-datagram';
import { hostsFile, kernelIp, macOf, onLan, SERVICE_IP, stationOf } from './lan';
import { Nic } from './nic';
import { netOf } from './names';
import { queueDatagram } from './operations';
import { AF_INET, INADDR_ANY, type InetAddr } from './sockaddr';
import { IPPROTO_TCP, IPPROTO_UDP, MAX_UDP_PAYLOAD, SOCK_DGRAM, SOCK_STREAM, Socket, STREAM_BUFFER } from './socket';
import {
  activeOpen,
  advance,
  canSend,
  type Outgoing,
  passiveOpen,
  resetFor,
  type TcpEvent,
  type TcpStep,
} from './tcp/tcp-machine';
import { wakeFile } from '../fs/poll-wait';

/** The IP payload bytes each fragment of a larger packet carries (a multiple of 8). */
const FRAGMENT_BYTES = (MTU - IPV4_HEADER_BYTES) & ~7;
/** Bytes a TCP socket holds written and not yet acknowledged before a writer waits. */
export const TCP_SEND_BUFFER = STREAM_BUFFER;

/** Where an address is reached from this kernel. */
export type Route = 'loopback' | 'lan';

/** What the stack counted, as Linux's /proc/net/snmp names it. */
export interface InetCounters {
  ipInReceives: number;
  ipOutRequests: number;
  tcpActiveOpens: number;
  tcpPassiveOpens: number;
  tcpAttemptFails: number;
  tcpEstabResets: number;
  tcpInSegs: number;
  tcpOutSegs: number;
  tcpOutRsts: number;
  /** SYNs dropped because a listener's accept queue was full (ListenDrops). */
  tcpListenDrops: number;
  udpInDatagrams: number;
  udpOutDatagrams: number;
  udpNoPorts: number;
  icmpInMsgs: number;
  icmpOutMsgs: number;
}

export class InetStack implements KernelBackground {
  readonly nic: Nic;
  /** This kernel's address on the LAN. */
  readonly ip: number;
  /** Kernels on the machine (the LAN's stations). */
  readonly kernels: number;
  /** TCP connections through the card, by their four numbers. */
  private readonly connections = new Map<string, Socket>();
  /** UDP datagrams arriving in pieces. */
  private readonly reassembly = new Reassembly();
  private nextId = 1;
  readonly counters: InetCounters = {
    ipInReceives: 0,
    ipOutRequests: 0,
    tcpActiveOpens: 0,
    tcpPassiveOpens: 0,
    tcpAttemptFails: 0,
    tcpEstabResets: 0,
    tcpInSegs: 0,
    tcpOutSegs: 0,
    tcpOutRsts: 0,
    tcpListenDrops: 0,
    udpInDatagrams: 0,
    udpOutDatagrams: 0,
    udpNoPorts: 0,
    icmpInMsgs: 0,
    icmpOutMsgs: 0,
  };

  constructor(private readonly k: Kernel) {
    this.ip = kernelIp(k.id);
    this.kernels = k.params.topology?.kernels.length ?? 1;
    this.nic = new Nic(k.id, () => k.now);
  }

  /** Whether `ip` names this kernel: its own address, the machine's service address, or the loopback. */
  isLocal(ip: number): boolean {
    return ip === INADDR_ANY || ip >>> 24 === 127 || ip === this.ip || ip === SERVICE_IP;
  }

  /**
   * How `ip` is reached: through the loopback (this kernel's own addresses), or the LAN (another
   * station, or the service address, which the switch may well send back here); -errno if no one has it.
   */
  route(ip: number): Route | number {
    if (ip === INADDR_ANY || ip >>> 24 === 127 || ip === this.ip) return 'loopback';
    if (stationOf(ip, this.kernels) !== undefined) return 'lan';
    return onLan(ip) ? -EHOSTUNREACH : -ENETUNREACH;
  }

  // ---- TCP, from the socket's side ----

  /** connect() through the LAN: the SYN goes, the socket is connecting. 0 or -errno. */
  connect(s: Socket, to: InetAddr): number {
    if (!s.local) {
      const err = netOf(this.k).bindInet(s, { family: AF_INET, ip: INADDR_ANY, port: 0 });
      if (err < 0) return err;
    }
    const bound = s.local as InetAddr;
    const local = { family: AF_INET, ip: bound.ip === INADDR_ANY ? this.ip : bound.ip, port: bound.port } as const;
    const key = connectionKey(local, to);
    if (this.connections.has(key)) return -EADDRNOTAVAIL;
    s.local = local;
    s.remote = to;
    s.state = 'connecting';
    this.connections.set(key, s);
    this.counters.tcpActiveOpens++;
    this.apply(s, activeOpen(this.iss(), (s.bytes as NonNullable<Socket['bytes']>).space, this.k.now));
    return 0;
  }

  /** send() on a connection through the LAN: the bytes taken (what the send buffer has room for), or 0 if none fit. */
  send(s: Socket, data: Uint8Array): number {
    const tcb = s.tcp;
    if (!tcb || !canSend(tcb)) return 0;
    const n = Math.min(data.length, TCP_SEND_BUFFER - tcb.queued);
    if (n <= 0) return 0;
    this.apply(s, advance(tcb, { kind: 'send', data: data.subarray(0, n), now: this.k.now }));
    return n;
  }

  /** The reader took bytes from the receive queue: the window may open. */
  afterRead(s: Socket): void {
    if (s.tcp) this.event(s, { kind: 'read', space: (s.bytes as NonNullable<Socket['bytes']>).space, now: this.k.now });
  }

  /** shutdown(SHUT_WR), or the last close: a FIN once the queue is out. */
  finish(s: Socket): void {
    if (s.tcp) this.event(s, { kind: 'close', now: this.k.now });
  }

  /** The last close with bytes never read: the connection is reset (Linux's tcp_close). */
  abort(s: Socket): void {
    if (s.tcp) this.event(s, { kind: 'abort' });
  }

  // ---- UDP ----

  /**
   * A datagram to another station: its length, or -errno. One larger than a frame goes in IP
   * fragments, as Linux sends UDP datagrams of up to 64 KiB (the receiver reassembles them).
   */
  sendDatagram(s: Socket, to: InetAddr, data: Uint8Array): number {
    if (data.length > MAX_UDP_PAYLOAD) return -EMSGSIZE;
    const bound = s.local as InetAddr;
    const src = bound.ip === INADDR_ANY ? this.ip : bound.ip;
    this.counters.udpOutDatagrams++;
    const datagram = { srcPort: bound.port, dstPort: to.port, payload: data.slice() };
    const size = udpDatagramBytes(datagram);
    if (size <= MTU - IPV4_HEADER_BYTES) {
      this.transmit(src, to.ip, { kind: 'udp', datagram });
      return data.length;
    }
    const whole = new Uint8Array(size);
    writeUdpDatagram(whole, 0, datagram, src, to.ip);
    const id = this.nextId++ & 0xffff;
    for (let offset = 0; offset < size; offset += FRAGMENT_BYTES) {
      const payload = whole.subarray(offset, offset + FRAGMENT_BYTES);
      const more = offset + FRAGMENT_BYTES < size;
      this.transmit(
        src,
        to.ip,
        { kind: 'fragment', protocol: IPPROTO_UDP, payload },
        { id, fragment: { offset, more } },
      );
    }
    return data.length;
  }

  // ---- the card's side ----

  /** The network softirq: frames off the card, then the connections' timers. */
  run(now: number): void {
    // every tick of every kernel comes here: with nothing arrived and no connection, nothing is made
    this.reassembly.expire(now);
    if (this.nic.pending > 0) this.nic.poll(this.takeFrame);
    if (this.connections.size === 0) return;
    for (const s of [...this.connections.values()]) {
      const at = s.tcp?.timer?.at;
      if (at !== undefined && at <= now) this.event(s, { kind: 'timer', now });
    }
  }

  private readonly takeFrame = (frame: Uint8Array): void => {
    this.input(frame);
  };

  /** The TCP connections through the card, to read (the page's network view lists them). */
  tcpConnections(): IterableIterator<Socket> {
    return this.connections.values();
  }

  /** Whether frames wait for the softirq. */
  get pending(): boolean {
    return this.nic.pending > 0;
  }

  /** The earliest timer of any connection. */
  nextTimer(): number | undefined {
    let next = this.reassembly.nextTimeout();
    for (const s of this.connections.values()) {
      const at = s.tcp?.timer?.at;
      if (at !== undefined && (next === undefined || at < next)) next = at;
    }
    return next;
  }

  /** Kernel `nid` has gone: its connections are reset (nothing will answer them). */
  stationDown(nid: number): void {
    const ip = kernelIp(nid);
    for (const s of [...this.connections.values()])
      if (s.remote?.family === AF_INET && s.remote.ip === ip) this.event(s, { kind: 'link-down' });
  }

  /** One frame from the card. Malformed ones are dropped and counted by the reason the decoder gives. */
  private input(frame: Uint8Array): void {
    const p = decodeFrame(frame);
    if ('error' in p) {
      this.nic.drop(p.error);
      return;
    }
    this.counters.ipInReceives++;
    if (!this.isLocal(p.ip.dst) || p.ip.dst === INADDR_ANY || p.ip.dst >>> 24 === 127) {
      this.nic.drop('not for this host');
      return;
    }
    if (p.l4.kind === 'tcp') this.tcpInput(p, p.l4.segment);
    else if (p.l4.kind === 'udp') {
      const { srcPort, dstPort, payload } = p.l4.datagram;
      this.udpInput(p, srcPort, dstPort, payload, frame.subarray(ETH_HEADER_BYTES));
    } else if (p.l4.kind === 'fragment' && p.ip.fragment) this.fragmentInput(p, p.l4.payload, p.ip.fragment);
    else if (p.l4.kind === 'other' && p.l4.protocol === IPPROTO_ICMP) this.icmpInput(p.l4.payload);
    else this.nic.drop('unknown protocol');
  }

  /** A piece of a larger packet: kept until the packet is whole, then taken as if it came so. */
  private fragmentInput(p: Packet, payload: Uint8Array, piece: IpFragment): void {
    const { src, dst, protocol, id } = p.ip;
    const whole = this.reassembly.add({ src, dst, protocol, id, ...piece, payload }, this.k.now);
    if (!whole) return;
    if (protocol !== IPPROTO_UDP) {
      this.nic.drop('unknown protocol');
      return;
    }
    const d = readUdpDatagram(whole, 0, whole.length, src, dst);
    if ('error' in d) {
      this.nic.drop(d.error);
      return;
    }
    // what an ICMP error would quote: the packet's header as if it had come whole, and 8 bytes
    const quote = new Uint8Array(IPV4_HEADER_BYTES + 8);
    writeIpv4Header(quote, 0, { src, dst, protocol, ttl: p.ip.ttl, id }, whole.length);
    quote.set(whole.subarray(0, 8), IPV4_HEADER_BYTES);
    this.udpInput(p, d.srcPort, d.dstPort, d.payload, quote);
  }

  /**
   * An ICMP message. Port unreachable, quoting a datagram a UDP socket of this kernel sent: a
   * socket connected to where it went fails its next call with ECONNREFUSED (unconnected
   * sockets are not told, as on Linux).
   */
  private icmpInput(message: Uint8Array): void {
    this.counters.icmpInMsgs++;
    const u = readUnreachable(message);
    if (!u || u.code !== PORT_UNREACHABLE || u.protocol !== IPPROTO_UDP) return;
    const s = netOf(this.k).findInet(SOCK_DGRAM, u.src, u.srcPort);
    const remote = s?.remote;
    if (!s || remote?.family !== AF_INET || remote.ip !== u.dst || remote.port !== u.dstPort) return;
    s.pendingError = ECONNREFUSED;
    wakeFile(this.k, s.wait);
  }

  private tcpInput(p: Packet, seg: TcpSegment): void {
    this.counters.tcpInSegs++;
    const local = { family: AF_INET, ip: p.ip.dst, port: seg.dstPort } as const;
    const remote = { family: AF_INET, ip: p.ip.src, port: seg.srcPort } as const;
    const s = this.connections.get(connectionKey(local, remote));
    if (s) {
      this.event(s, { kind: 'segment', segment: seg, now: this.k.now });
      return;
    }
    if (seg.flags & TCP_SYN && !(seg.flags & (TCP_ACK | TCP_RST))) {
      const listener = netOf(this.k).findInet(SOCK_STREAM, local.ip, local.port);
      if (listener && !listener.closed) {
        if (listener.backlog.length + listener.halfOpen > listener.backlogMax) {
          this.counters.tcpListenDrops++; // as Linux: the client's SYN timer tries again
          return;
        }
        this.accept(listener, local, remote, seg);
        return;
      }
    }
    const rst = resetFor(seg);
    if (rst) this.sendSegment(local, remote, rst);
  }

  /** A SYN for `listener` (step 2): a connection of its own, in its accept queue once established. */
  private accept(listener: Socket, local: InetAddr, remote: InetAddr, syn: TcpSegment): void {
    const child = new Socket(AF_INET, SOCK_STREAM, IPPROTO_TCP, this.k.vfs.newInode('socket', 0o777));
    child.ownerPid = listener.ownerPid;
    child.local = local;
    child.remote = remote;
    child.state = 'connecting';
    child.listener = listener;
    listener.halfOpen++;
    this.connections.set(connectionKey(local, remote), child);
    this.counters.tcpPassiveOpens++;
    this.apply(child, passiveOpen(syn, this.iss(), (child.bytes as NonNullable<Socket['bytes']>).space, this.k.now));
  }

  /** A datagram for this kernel; `quoted`: its IP packet's bytes, which a refusal quotes. */
  private udpInput(p: Packet, srcPort: number, dstPort: number, payload: Uint8Array, quoted: Uint8Array): void {
    const to = netOf(this.k).findInet(SOCK_DGRAM, p.ip.dst, dstPort);
    if (!to || to.closed) {
      this.counters.udpNoPorts++;
      this.counters.icmpOutMsgs++;
      this.transmit(p.ip.dst, p.ip.src, { kind: 'other', protocol: IPPROTO_ICMP, payload: portUnreachable(quoted) });
      return;
    }
    this.counters.udpInDatagrams++;
    queueDatagram(this.k, to, payload, { family: AF_INET, ip: p.ip.src, port: srcPort });
  }

  // ---- applying the machine's steps ----

  private event(s: Socket, e: TcpEvent): void {
    const tcb = s.tcp;
    if (tcb) this.apply(s, advance(tcb, e));
  }

  /** Sends what a step sends, queues what arrived, and tells the socket what the notes say. */
  private apply(s: Socket, step: TcpStep): void {
    s.tcp = step.tcb;
    const local = s.local as InetAddr;
    const remote = s.remote as InetAddr;
    for (const seg of step.out) this.sendSegment(local, remote, seg);
    let changed = step.out.length > 0;
    if (step.data) {
      if (s.closed) {
        // data for a socket nobody will read: reset, as Linux does for an orphan
        this.apply(s, advance(step.tcb, { kind: 'abort' }));
        return;
      }
      (s.bytes as NonNullable<Socket['bytes']>).push(step.data);
      changed = true;
    }
    for (const note of step.notes) {
      changed = true;
      if (note === 'established') {
        s.state = 'connected';
        const listener = s.listener;
        if (listener) {
          listener.halfOpen--;
          s.listener = undefined;
          if (listener.closed) this.apply(s, advance(step.tcb, { kind: 'abort' }));
          else {
            listener.backlog.push(s);
            wakeFile(this.k, listener.wait);
          }
        }
      } else if (note === 'fin') s.readShut = true;
      else if (note === 'closed') {
        this.connections.delete(connectionKey(local, remote));
        if (s.listener) {
          s.listener.halfOpen--; // an embryo that never completed
          s.listener = undefined;
        }
        s.tcp = undefined;
        if (s.state === 'connecting') s.state = 'unconnected';
      } else if (note !== 'acked') {
        if (s.state === 'connecting') this.counters.tcpAttemptFails++;
        else this.counters.tcpEstabResets++;
        s.pendingError = note.reset;
        s.peerGone = true;
      }
    }
    if (changed) wakeFile(this.k, s.wait);
  }

  private sendSegment(local: InetAddr, remote: InetAddr, seg: Outgoing): void {
    this.counters.tcpOutSegs++;
    if (seg.flags & TCP_RST) this.counters.tcpOutRsts++;
    this.transmit(local.ip, remote.ip, {
      kind: 'tcp',
      segment: { ...seg, srcPort: local.port, dstPort: remote.port },
    });
  }

  private transmit(src: number, dst: number, l4: Packet['l4'], piece?: { id: number; fragment: IpFragment }): void {
    const station = stationOf(dst, this.kernels);
    if (station === undefined) {
      this.nic.drop('no route');
      return;
    }
    this.counters.ipOutRequests++;
    const frame = encodeFrame({
      eth: { dst: macOf(station), src: this.nic.mac, etherType: ETHERTYPE_IPV4 },
      ip: {
        src,
        dst,
        protocol: l4.kind === 'tcp' ? IPPROTO_TCP : IPPROTO_UDP,
        ttl: 64,
        id: piece ? piece.id : this.nextId++ & 0xffff,
        fragment: piece?.fragment,
      },
      l4,
    });
    this.nic.transmit(frame);
  }

  /** An initial sequence number: from the kernel's seeded generator, so runs repeat. */
  private iss(): number {
    return Number(this.k.random.next64() & 0xffffffffn);
  }
}

/** Bytes a send on a connection through the LAN would take now (0 when none, or it cannot send). */
export function tcpSendRoom(s: Socket): number {
  const tcb = s.tcp;
  return tcb && canSend(tcb) ? TCP_SEND_BUFFER - tcb.queued : 0;
}

function connectionKey(local: InetAddr, remote: InetAddr): string {
  return `${local.ip}:${local.port}>${remote.ip}:${remote.port}`;
}

const stacks = new WeakMap<Kernel, InetStack>();

/** Kernel `k`'s IPv4 stack (made at first use, with /etc/hosts if the tree has none). */
export function inetOf(k: Kernel): InetStack {
  let stack = stacks.get(k);
  if (!stack) {
    stacks.set(k, (stack = new InetStack(k)));
    k.background.push(stack);
  }
  return stack;
}

/** Writes /etc/hosts for the machine, unless the root filesystem brought one. */
export function installHostsFile(k: Kernel): void {
  if (typeof k.vfs.resolve(k.vfs.root, '/etc/hosts') !== 'number') return;
  k.vfs.mkdirs('/etc');
  k.vfs.writeFile('/etc/hosts', new TextEncoder().encode(hostsFile(k.params.topology?.kernels.length ?? 1)), 0o644);
}
