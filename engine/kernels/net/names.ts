// Where this kernel's sockets are found by address: the names of its network namespace. An
// AF_UNIX socket bound to a path is found through the socket inode bind() left in the
// directory (connect walks the path as open does); one bound to an abstract name, and every
// AF_INET socket, is found in the tables here. The tables are per kernel, as a network
// namespace is per Linux instance: a kernel's 127.0.0.1 is its own.

import { EADDRINUSE, EADDRNOTAVAIL } from '../errno';
import type { Inode } from '../fs/inode';
import type { Kernel } from '../kernel';
import { inetOf } from './inet';
import { AF_INET, INADDR_ANY, type InetAddr } from './sockaddr';
import { IPPROTO_TCP, IPPROTO_UDP, SOCK_STREAM, type Socket } from './socket';

/** Linux's default ephemeral range (net.ipv4.ip_local_port_range). */
const EPHEMERAL_FIRST = 32768;
const EPHEMERAL_LAST = 60999;

export class NetNamespace {
  /** Whether a socket may bind to `ip`: one of this kernel's addresses (the network stack knows them). */
  constructor(private readonly isLocalIp: (ip: number) => boolean) {}

  /** AF_UNIX sockets bound to abstract names. */
  readonly abstract = new Map<string, Socket>();
  /** AF_INET sockets by protocol and port (several when bound to different addresses). */
  private readonly ports = new Map<string, Socket[]>();
  private nextEphemeral = EPHEMERAL_FIRST;
  /** The next autobind name (an AF_UNIX socket bound with no name gets five hex digits). */
  private nextAutobind = 0;

  /** Binds `s` to `addr` (port 0: a free ephemeral port); 0 or -errno. */
  bindInet(s: Socket, addr: InetAddr): number {
    if (!this.isLocalIp(addr.ip)) return -EADDRNOTAVAIL;
    let port = addr.port;
    if (port === 0) {
      const free = this.freePort(s, addr.ip);
      if (free === undefined) return -EADDRINUSE;
      port = free;
    } else if (this.clashes(s, addr.ip, port)) return -EADDRINUSE;
    const key = portKey(s, port);
    this.ports.set(key, [...(this.ports.get(key) ?? []), s]);
    s.local = { family: AF_INET, ip: addr.ip, port };
    return 0;
  }

  /**
   * The socket of type `type` (SOCK_STREAM: TCP, else UDP) that receives at (ip, port): one
   * bound to that address, else one bound to any address. For a stream, only a listening one.
   */
  findInet(type: number, ip: number, port: number): Socket | undefined {
    const bound = this.ports.get(typeKey(type, port)) ?? [];
    const fits = (s: Socket) => s.type !== SOCK_STREAM || s.state === 'listening';
    const local = (s: Socket) => (s.local as InetAddr).ip;
    return bound.find((s) => local(s) === ip && fits(s)) ?? bound.find((s) => local(s) === INADDR_ANY && fits(s));
  }

  /** The TCP sockets listening on this kernel's ports. */
  tcpListeners(): Socket[] {
    return [...this.ports.values()].flat().filter((s) => s.type === SOCK_STREAM && s.state === 'listening');
  }

  /** Forgets `s`'s names (it closed). */
  unbind(s: Socket): void {
    const local = s.local;
    if (!local) return;
    if (local.family === AF_INET) {
      const key = portKey(s, local.port);
      const left = (this.ports.get(key) ?? []).filter((o) => o !== s);
      if (left.length > 0) this.ports.set(key, left);
      else this.ports.delete(key);
    } else if ('abstract' in local && this.abstract.get(local.abstract) === s) this.abstract.delete(local.abstract);
  }

  /** An abstract name no socket has (Linux's autobind: five hex digits). */
  autobindName(): string {
    for (;;) {
      const name = (this.nextAutobind++ & 0xfffff).toString(16).padStart(5, '0');
      if (!this.abstract.has(name)) return name;
    }
  }

  private clashes(s: Socket, ip: number, port: number): boolean {
    const bound = this.ports.get(portKey(s, port)) ?? [];
    return bound.some((o) => {
      const other = (o.local as InetAddr).ip;
      return other === ip || other === INADDR_ANY || ip === INADDR_ANY;
    });
  }

  private freePort(s: Socket, ip: number): number | undefined {
    const span = EPHEMERAL_LAST - EPHEMERAL_FIRST + 1;
    for (let tries = 0; tries < span; tries++) {
      const port = this.nextEphemeral;
      this.nextEphemeral = port === EPHEMERAL_LAST ? EPHEMERAL_FIRST : port + 1;
      if (!this.clashes(s, ip, port)) return port;
    }
    return undefined;
  }
}

function portKey(s: Socket, port: number): string {
  return typeKey(s.type, port);
}

function typeKey(type: number, port: number): string {
  return `${type === SOCK_STREAM ? IPPROTO_TCP : IPPROTO_UDP}:${port}`;
}

const namespaces = new WeakMap<Kernel, NetNamespace>();

/** Kernel `k`'s network namespace. */
export function netOf(k: Kernel): NetNamespace {
  let ns = namespaces.get(k);
  if (!ns) namespaces.set(k, (ns = new NetNamespace((ip) => inetOf(k).isLocal(ip))));
  return ns;
}

/** The socket bound to each AF_UNIX socket inode (bind made it; it stays after the socket closes). */
const boundTo = new WeakMap<Inode, Socket>();

export function bindInode(inode: Inode, s: Socket): void {
  boundTo.set(inode, s);
}

/** The live socket a socket inode names, if it is still open. */
export function socketAt(inode: Inode): Socket | undefined {
  const s = boundTo.get(inode);
  return s && !s.closed ? s : undefined;
}
