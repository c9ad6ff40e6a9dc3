// `--forward HOSTPORT:KERNEL:PORT`: a program on the host (curl, a browser) reaches a server
// inside the machine. The host is a station of the machine's LAN (`host`, 10.0.0.254) with a
// TCP of its own: the same state machine the kernels use (tcp-machine.ts). Each connection
// accepted on the host's HOSTPORT (on 127.0.0.1) becomes a connection from the host station
// to KERNEL:PORT, and the bytes are copied both ways, as ssh -L does. Frames from the host
// enter the switch at the kernel they are for; the switch sends the kernels' frames for the
// host here. What the host does is not part of the machine's recorded run: like typing at
// `popcorn run`'s stdin, it comes from outside.

import { createServer, type Server, type Socket as HostSocket } from 'node:net';
import type { Kernel } from '../kernels/kernel';
import { inetOf } from '../kernels/net/inet';
import { HOST_IP, HOST_MAC, kernelIp, kernelMac, stationOf } from '../kernels/net/lan';
import { destinationMac } from '../kernels/net/nic';
import { ETHERTYPE_IPV4 } from '../kernels/net/packets/ethernet';
import { decodeFrame, encodeFrame } from '../kernels/net/packets/frame';
import { IPPROTO_TCP } from '../kernels/net/packets/ipv4';
import {
  activeOpen,
  advance,
  canSend,
  type Outgoing,
  resetFor,
  type TcpEvent,
  type TcpStep,
  type Tcb,
} from '../kernels/net/tcp/tcp-machine';
import type { NetService } from '../protocols/net/net-service';
import { UsageError, wholeNumber } from './options';

export interface Forward {
  hostPort: number;
  kernel: number;
  port: number;
}

/** Parses one --forward value for a machine of `kernels` kernels. */
export function parseForward(text: string, kernels: number): Forward {
  const parts = text.split(':');
  if (parts.length !== 3) throw new UsageError(`--forward ${text}: expected HOSTPORT:KERNEL:PORT (say 8080:0:80)`);
  const [hostPort, kernel, port] = parts as [string, string, string];
  return {
    hostPort: wholeNumber(hostPort, 'forward host port', 1, 65535),
    kernel: wholeNumber(kernel, 'forward kernel', 0, kernels - 1),
    port: wholeNumber(port, 'forward port', 1, 65535),
  };
}

/**
 * How far an idle kernel alone may move its clock at a step while a port is forwarded (the
 * default quantum): it waits for the host rather than skipping to its next timer, so a
 * server's timeout does not pass before the host's next bytes come.
 */
export const FORWARD_STEP_NS = 100_000;

/** The host's receive window: what it takes before its program reads (node buffers the rest). */
const HOST_WINDOW = 65535;
const FIRST_PORT = 40000;

interface Connection {
  tcb: Tcb;
  host: HostSocket;
  local: number;
  kernel: number;
  port: number;
  /** Bytes the host program sent that the connection had no room for yet. */
  waiting: Uint8Array[];
  hostEnded: boolean;
}

/** Where the host's frames go in, and how the kernels' frames for the host come out. */
export interface HostLink {
  kernels: () => readonly Kernel[];
  /** Kernel k's switch port, when the machine has services (a lone kernel has none). */
  switchPort: (k: Kernel) => NetService | undefined;
  now: () => number;
  /** Something arrived: the run loop must step the machine. */
  wake: () => void;
  /** A copy of each frame the host sends (the capture). */
  tap?: (timeNs: number, frame: Uint8Array) => void;
}

export class HostStation {
  private readonly connections = new Map<number, Connection>();
  private readonly servers: Server[] = [];
  private nextPort = FIRST_PORT;
  private nextIss = 0x10000;

  constructor(private readonly link: HostLink) {}

  /** Whether any host connection is open (the run loop keeps the machine going for it). */
  get active(): boolean {
    return this.servers.length > 0;
  }

  /** Listens on 127.0.0.1:HOSTPORT for `f`; rejects with a UsageError if the port is taken. */
  listen(f: Forward): Promise<void> {
    const server = createServer((host) => {
      this.open(host, f);
    });
    this.servers.push(server);
    return new Promise((resolve, reject) => {
      server.once('error', (err) => {
        reject(new UsageError(`--forward ${f.hostPort}:${f.kernel}:${f.port}: ${err.message}`));
      });
      server.listen(f.hostPort, '127.0.0.1', () => {
        resolve();
      });
    });
  }

  /** Taps every kernel's way to the host: switch ports, or a lone kernel's NIC. */
  attach(): void {
    for (const k of this.link.kernels()) {
      const port = this.link.switchPort(k);
      if (port) {
        port.host = (frame) => {
          this.input(frame);
        };
        continue;
      }
      // a lone kernel: the host is its only neighbour
      const nic = inetOf(k).nic;
      nic.link = (frame) => {
        const dst = destinationMac(frame);
        if (dst === HOST_MAC) this.input(frame);
        else if (dst === nic.mac) nic.receive(frame);
        else nic.drop('no link');
      };
    }
  }

  /** Runs the connections' timers (retransmission, TIME_WAIT) at virtual time `now`. */
  tick(now: number): void {
    for (const c of [...this.connections.values()]) {
      const at = c.tcb.timer?.at;
      if (at !== undefined && at <= now) this.event(c, { kind: 'timer', now });
    }
  }

  close(): void {
    for (const s of this.servers) s.close();
    for (const c of this.connections.values()) c.host.destroy();
  }

  private open(host: HostSocket, f: Forward): void {
    const kernel = this.link.kernels()[f.kernel];
    if (!kernel) {
      host.destroy();
      return;
    }
    const local = this.freePort();
    const step = activeOpen(this.nextIss, HOST_WINDOW, this.link.now());
    this.nextIss = (this.nextIss + 0x01000193) >>> 0;
    const c: Connection = { tcb: step.tcb, host, local, kernel: f.kernel, port: f.port, waiting: [], hostEnded: false };
    this.connections.set(local, c);
    host.on('data', (data: Buffer) => {
      c.waiting.push(new Uint8Array(data));
      this.pushWaiting(c);
    });
    host.on('end', () => {
      c.hostEnded = true;
      this.pushWaiting(c);
    });
    host.on('error', () => {
      this.event(c, { kind: 'abort' });
    });
    host.on('drain', () => {
      this.event(c, { kind: 'read', space: HOST_WINDOW, now: this.link.now() });
    });
    this.apply(c, step);
  }

  private freePort(): number {
    for (;;) {
      const port = this.nextPort;
      this.nextPort = port >= 60999 ? FIRST_PORT : port + 1;
      if (!this.connections.has(port)) return port;
    }
  }

  /** The host program's bytes into the connection, as far as its send room goes; then its FIN. */
  private pushWaiting(c: Connection): void {
    if (!canSend(c.tcb)) {
      if (c.tcb.state !== 'SYN_SENT') c.waiting.length = 0; // nowhere to go any more
      return;
    }
    while (c.waiting.length > 0) {
      const next = c.waiting.shift() as Uint8Array;
      this.event(c, { kind: 'send', data: next, now: this.link.now() });
    }
    if (c.hostEnded) this.event(c, { kind: 'close', now: this.link.now() });
  }

  /** A frame the switch delivered to the host. */
  private input(frame: Uint8Array): void {
    const p = decodeFrame(frame);
    if ('error' in p || p.l4.kind !== 'tcp' || p.ip.dst !== HOST_IP) return;
    const seg = p.l4.segment;
    const c = this.connections.get(seg.dstPort);
    if (!c || p.ip.src !== kernelIp(c.kernel) || seg.srcPort !== c.port) {
      const rst = resetFor(seg);
      const from = stationOf(p.ip.src, this.link.kernels().length);
      if (rst && typeof from === 'number') this.send(from, seg.dstPort, p.ip.src, seg.srcPort, rst);
      return;
    }
    this.event(c, { kind: 'segment', segment: seg, now: this.link.now() });
  }

  private event(c: Connection, e: TcpEvent): void {
    this.apply(c, advance(c.tcb, e));
  }

  private apply(c: Connection, step: TcpStep): void {
    c.tcb = step.tcb;
    for (const seg of step.out) this.send(c.kernel, c.local, kernelIp(c.kernel), c.port, seg);
    // node takes what the host program has not read yet; while it holds too much (write says
    // false) the window stays as the data left it, and reopens at 'drain'
    const taken = step.data !== undefined && !c.host.destroyed && c.host.write(step.data);
    for (const note of step.notes) {
      if (note === 'established') this.pushWaiting(c);
      else if (note === 'acked') this.pushWaiting(c);
      else if (note === 'fin') c.host.end();
      else if (note === 'closed') {
        this.connections.delete(c.local);
        if (!c.host.destroyed) c.host.end();
      } else c.host.destroy();
    }
    if (taken) this.event(c, { kind: 'read', space: HOST_WINDOW, now: this.link.now() });
  }

  private send(kernel: number, srcPort: number, dst: number, dstPort: number, seg: Outgoing): void {
    const target = this.link.kernels()[kernel];
    if (!target) return;
    const frame = encodeFrame({
      eth: { dst: kernelMac(target.id), src: HOST_MAC, etherType: ETHERTYPE_IPV4 },
      ip: { src: HOST_IP, dst, protocol: IPPROTO_TCP, ttl: 64, id: 0 },
      l4: { kind: 'tcp', segment: { ...seg, srcPort, dstPort } },
    });
    this.link.tap?.(this.link.now(), frame);
    inetOf(target).nic.receive(frame);
    this.link.wake();
  }
}
