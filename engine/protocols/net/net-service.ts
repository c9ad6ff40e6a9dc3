// The network service: this kernel's port on the virtual switch. It attaches the kernel's NIC
// to the switch (a frame the NIC transmits goes, as a NET_FRAME message over the rings, to the
// kernel its destination names, or to the one the balancer picks for the service address), and
// hands the NIC the frames other ports send here. The rings' backpressure holds a sender while
// a receiver's ring is full, so the switch itself loses nothing; a frame for a station that is
// not there is dropped and counted, as a switch with no port for it would.
//
// When a peer kernel dies, the connections to it are reset at once: nothing will answer them,
// and a reader waiting on one must not wait forever.

import type { Kernel } from '../../kernels/kernel';
import { inetOf, type InetStack } from '../../kernels/net/inet';
import { NET_IF } from '../interfaces/net';
import { MSG } from '../messaging/message-types';
import type { Messenger } from '../messaging/messenger';
import type { NodeInfoService } from '../node-info';
import { switchFrame } from './switch';

/** Where frames for the host go (the CLI's port forwarding attaches it); unset: dropped. */
export type HostPort = (frame: Uint8Array) => void;

export interface SwitchCounters {
  /** Frames this port sent to each kernel (itself included: a frame the balancer sent back). */
  readonly toKernel: Map<number, number>;
  toHost: number;
  /** Frames dropped here, by reason. */
  readonly dropped: Map<string, number>;
}

export class NetService {
  readonly inet: InetStack;
  host: HostPort | undefined;
  readonly counters: SwitchCounters = { toKernel: new Map(), toHost: 0, dropped: new Map() };

  constructor(
    private readonly k: Kernel,
    private readonly messenger: Messenger,
    private readonly nodeInfo: NodeInfoService,
  ) {
    this.inet = inetOf(k);
    this.inet.nic.link = (frame) => {
      this.forward(frame);
    };
    messenger.on(MSG.NET_FRAME, (m) => {
      this.inet.nic.receive(NET_IF.NET_FRAME.decode(m.body).frame);
    });
  }

  /** The kernels online now, this one included, in order. */
  private online(): number[] {
    return [this.k.id, ...this.nodeInfo.peers.keys()].sort((a, b) => a - b);
  }

  /** A frame this kernel's NIC sent: onto the switch. */
  private forward(frame: Uint8Array): void {
    const where = switchFrame(frame, this.online(), this.messenger.kernels);
    if ('drop' in where) {
      this.counters.dropped.set(where.drop, (this.counters.dropped.get(where.drop) ?? 0) + 1);
      return;
    }
    if (where.to === 'host') {
      this.counters.toHost++;
      if (this.host) this.host(frame);
      else this.counters.dropped.set('no host port', (this.counters.dropped.get('no host port') ?? 0) + 1);
      return;
    }
    this.counters.toKernel.set(where.to, (this.counters.toKernel.get(where.to) ?? 0) + 1);
    if (where.to === this.k.id) this.inet.nic.receive(frame);
    else this.messenger.send(where.to, MSG.NET_FRAME, NET_IF.NET_FRAME.encode({ frame }), this.k.now);
  }

  /** At an epoch start: connections to the kernels that died are reset. */
  onEpoch(died: readonly number[]): void {
    for (const nid of died) this.inet.stationDown(nid);
  }
}
