// Node discovery (Popcorn B's NODE_INFO, A's CHECKIN): at boot every kernel announces itself
// to every other kernel with its harts and memory; each kernel keeps the table of its peers
// that /proc/popcorn/nodes shows.
//
//   1. kernel k boots and sends NODE_INFO{harts, memory base and size, architecture} to all peers
//   2. a peer records k as online when the announcement arrives (one epoch or more later)
//   3. at every epoch start each kernel watches whether its peers are alive (peer-watch.ts): a
//      peer found dead is offline from then on; booted again, it is online once its new
//      NODE_INFO arrives (step 2), as a new peer

import type { Kernel } from '../kernels/kernel';
import { NODE_INFO_IF } from './interfaces/node-info';
import { MSG } from './messaging/message-types';
import type { Messenger } from './messaging/messenger';
import { watchPeers, type PeerChanges } from './peer-watch';

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
  /** Peers found dead at an epoch start, and not seen alive since (step 3). */
  private dead: ReadonlySet<number> = new Set();
  /** Peers that died since this kernel booted: their next NODE_INFO is a check-in again. */
  private readonly lost = new Set<number>();

  constructor(
    private readonly k: Kernel,
    private readonly messenger: Messenger,
  ) {
    messenger.on(MSG.NODE_INFO, (m) => {
      const { harts, memoryBase, memorySize, arch } = NODE_INFO_IF.NODE_INFO.decode(m.body);
      this.peers.set(m.from, { id: m.from, harts, memoryBase, memorySize, arch, since: m.deliverAt });
      if (this.lost.delete(m.from))
        k.printkConsole(`popcorn: kernel ${m.from} checked in again (NODE_INFO): online, a fresh instance`);
    });
  }

  /** Step 3, at an epoch start: who died and who came back since the last. */
  watch(): PeerChanges {
    const changes = watchPeers(this.dead, this.messenger.kernels, this.k.id, (k) => this.messenger.peerDead(k));
    this.dead = changes.dead;
    for (const k of changes.died) {
      this.peers.delete(k);
      this.lost.add(k);
    }
    return changes;
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
