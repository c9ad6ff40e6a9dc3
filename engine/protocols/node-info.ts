// Node discovery (Popcorn B's NODE_INFO, A's CHECKIN): at boot every kernel announces itself
// to every other kernel with its harts and memory; each kernel keeps the table of its peers
// that /proc/popcorn/nodes shows.
//
//   1. kernel k boots and sends NODE_INFO{harts, memory base and size, architecture} to all peers
//   2. a peer records k as online when the announcement arrives (one epoch or more later)

import type { Kernel } from '../kernels/kernel';
import { NODE_INFO_IF } from './interfaces/node-info';
import { MSG } from './messaging/message-types';
import type { Messenger } from './messaging/messenger';

export interface PeerInfo {
  id: number;
  harts: number[];
  memoryBase: number;
  memorySize: number;
  arch: string;
  /** Virtual time the announcement arrived. */
  since: number;
}

export class NodeInfoService {
  readonly peers = new Map<number, PeerInfo>();

  constructor(
    private readonly k: Kernel,
    private readonly messenger: Messenger,
  ) {
    messenger.on(MSG.NODE_INFO, (m) => {
      const { harts, memoryBase, memorySize, arch } = NODE_INFO_IF.NODE_INFO.decode(m.body);
      this.peers.set(m.from, { id: m.from, harts, memoryBase, memorySize, arch, since: m.deliverAt });
    });
  }

  /** Step 1: announce this kernel to every other kernel. */
  announce(): void {
    const { harts, memory } = this.k.params;
    const body = NODE_INFO_IF.NODE_INFO.encode({
      harts,
      memoryBase: memory.base,
      memorySize: memory.size,
      arch: 'riscv64',
    });
    for (let to = 0; to < this.messenger.kernels; to++)
      if (to !== this.k.id) this.messenger.send(to, MSG.NODE_INFO, body, this.k.now);
  }

  online(id: number): boolean {
    return id === this.k.id || this.peers.has(id);
  }
}
