// MAP_SHARED memory across kernels: the objects this kernel is home to (shm-home.ts) and its
// replicas of other kernels' (shm-replica.ts), and how a process's VMAs name them on the wire.
// A MAP_SHARED object is kept coherent per object, not per process: the processes mapping it
// may have different origins and run anywhere, and all must see one memory. Its home is the
// kernel it was made at (a process's mmap runs at the process's origin, so the object of an
// anonymous MAP_SHARED lives where its process started), and pshared futexes in it stay keyed
// by (object, offset) at that kernel: a migrated thread's futex calls run at its origin.
//
// A file's MAP_SHARED mappings share its page cache, an object of the filesystem's home
// (kernel 0): a process elsewhere maps it through its description of the file (fs-home.ts
// answers FS_MAP_REQUEST with the object), and a process that maps a file and then moves its
// threads names the object as for anonymous memory. Its pages move by the same protocol;
// read, write and truncate at the home bring a page another kernel holds back first (claim).

import type { Access, Vma } from '../../kernels/mm/address-space';
import type { SharedMemory } from '../../kernels/mm/shared-memory';
import type { Thread } from '../../kernels/proc/task';
import { forceSignal } from '../../kernels/signal/deliver';
import { SIGBUS } from '../../kernels/signal/signals';
import { PAGE_SIZE } from '../../hw/memory-map';
import type { Distribution } from './distribution';
import { ShmHome } from './shm-home';
import { ShmReplicas, type ShmHeld } from './shm-replica';
import type { SharedBinding } from './wire';

export class SharedPages {
  readonly home: ShmHome;
  readonly replicas: ShmReplicas;
  /** Work held to the next epoch start (page-machine.ts step 1, ShmReplicas.serveInvalidate). */
  private readonly held: ShmHeld[] = [];

  constructor(
    private readonly d: Distribution,
    wake: (waiters: readonly Thread[]) => void,
    /** Runs after every step that changed a shared page's owners (the page server's onStep). */
    stepped: (what: string) => void,
  ) {
    this.home = new ShmHome(d, this.held, wake, stepped);
    this.replicas = new ShmReplicas(d, this.held, wake, stepped);
  }

  /** At every epoch start, after the process pages' held work: held work is offered again, in order. */
  onEpoch(): void {
    const m = this.d.messenger;
    for (let k = 0; k < m.kernels; k++) if (m.peerDead(k)) this.home.forgetKernel(k);
    for (const h of this.held.splice(0)) {
      if (h.kind === 'request') this.home.run(h.o, h.index, { kind: 'request', req: h.req });
      else if (!this.replicas.serveInvalidate(h.msg)) this.held.push(h);
    }
  }

  /** A thread needs a page of a shared object kept coherent across kernels (`vma` maps it). */
  miss(t: Thread, va: number, access: Access, vma: Vma): void {
    const ref = vma.shared as NonNullable<Vma['shared']>;
    const index = (ref.offset + (va - (va % PAGE_SIZE) - vma.start)) / PAGE_SIZE;
    const key = ref.mem.key;
    const write = access === 'write';
    const o = key?.home === this.d.k.id ? this.home.objects.get(key.id) : undefined;
    if (o?.mem === ref.mem) {
      this.home.miss(o, t, va, index, write);
      return;
    }
    const r = key && this.replicas.get(key.home, key.id);
    if (r?.mem === ref.mem) {
      this.replicas.miss(r, t, va, index, write);
      return;
    }
    // an object that left the protocol (no process here maps it, yet this one does): cannot be,
    // but never hang: the access fails as one past the end of an object does
    this.d.k.printk(`shared page ${va.toString(16)} of process ${t.process.pid}: its object is gone`);
    forceSignal(this.d.k, t, SIGBUS, va, 2);
  }

  /**
   * Kernel work of `t` needs page `index` of `mem` (a file's page cache, at this kernel) with
   * `access`, and another kernel holds it (kernels/fs/page-cache.ts's claim threw SharedMiss):
   * `t` waits while the page comes back, then runs its work again.
   */
  claim(t: Thread, mem: SharedMemory, index: number, access: Access): void {
    const key = mem.key;
    const o = key?.home === this.d.k.id ? this.home.objects.get(key.id) : undefined;
    if (o?.mem === mem) {
      this.home.claim(o, t, index, access);
      return;
    }
    // a cache whose rule is not this kernel's: cannot be, but never hang: the call goes on with
    // the bytes this kernel has
    this.d.k.printk(`shared object ${mem.id}: page ${index} claimed where it is not at home`);
    mem.coherence = undefined;
    this.d.park(t);
    this.d.k.wake(t);
  }

  /** How `vmas` name their shared objects on the wire (the objects given names across kernels now). */
  bindings(vmas: readonly Vma[]): SharedBinding[] | undefined {
    const out: SharedBinding[] = [];
    for (const v of vmas) {
      if (!v.shared || v.id === undefined) continue;
      const key = this.home.export(v.shared.mem);
      out.push({ vma: v.id, home: key.home, object: key.id, delta: v.shared.offset - v.start });
    }
    return out.length > 0 ? out : undefined;
  }

  /** Gives VMAs that came over the wire their shared objects (this kernel's replicas, or its own). */
  bind(vmas: readonly Vma[], known: Map<number, SharedBinding>, more: readonly SharedBinding[] | undefined): void {
    for (const b of more ?? []) known.set(b.vma, b);
    for (const v of vmas) {
      const b = v.id === undefined ? undefined : known.get(v.id);
      if (b) v.shared = { mem: this.objectOf(b), offset: b.delta + v.start };
    }
  }

  private objectOf(b: SharedBinding): SharedMemory {
    const own = b.home === this.d.k.id ? this.home.objects.get(b.object)?.mem : undefined;
    return own ?? this.replicas.replica(b.home, b.object);
  }
}
