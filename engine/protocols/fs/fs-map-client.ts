// mmap(MAP_SHARED) on a kernel that is not the filesystem's home, of a description kept there
// (a RemoteFile): the file's page cache lives at the home, so this kernel asks the home to
// export it as a shared object (FS_MAP_REQUEST) and maps its replica of that object
// (migration/shm-replica.ts), whose pages then move by the shared-memory page protocol, kept
// coherent with every other kernel's mappings and with read, write and truncate at the home.
// The call's record is remote-map.ts's.

import { EIO, ENODEV } from '../../kernels/errno';
import type { Kernel } from '../../kernels/kernel';
import type { SharedMemory } from '../../kernels/mm/shared-memory';
import type { Sleep, Thread } from '../../kernels/proc/task';
import type { SyscallOutcome } from '../../kernels/syscalls/outcome';
import { FS_IF } from '../interfaces/fs';
import type { Delivered, Messenger } from '../messaging/messenger';
import { MSG } from '../messaging/message-types';
import type { SharedPages } from '../migration/shm-service';
import { mapAnswered, mapAsked, mapStep, type MapCall } from './remote-map';

export class MapClient {
  private readonly calls = new Map<Thread, { call: MapCall; sleep: Sleep }>();
  readonly stats = { asked: 0, mapped: 0 };

  constructor(
    private readonly k: Kernel,
    private readonly messenger: Messenger,
    private readonly home: number,
    private readonly shm: SharedPages | undefined,
  ) {}

  /** The object `t`'s mmap of description `handle` maps, or its outcome (BLOCKED while the home is asked). */
  mapShared(t: Thread, handle: number): SharedMemory | SyscallOutcome {
    const under = this.calls.get(t);
    const step = mapStep(under?.call, handle);
    switch (step.kind) {
      case 'wait':
        return this.k.block(t, (under as { sleep: Sleep }).sleep);
      case 'fail':
        this.calls.delete(t);
        return step.errno;
      case 'map':
        this.calls.delete(t);
        if (!this.shm) return -ENODEV;
        this.stats.mapped++;
        return this.shm.replicas.mapGranted(this.home, step.object);
      case 'ask':
        // a grant this thread's earlier mmap got and never took (it failed before it asked
        // again, or gave up) goes back first
        if (under?.call.phase === 'answered' && under.call.status === 0) {
          this.shm?.replicas.giveBack(this.home, under.call.object);
        }
        this.calls.delete(t);
        return this.ask(t, handle);
    }
  }

  private ask(t: Thread, handle: number): SyscallOutcome {
    if (!this.shm || this.messenger.peerDead(this.home)) return this.shm ? -EIO : -ENODEV;
    const sleep: Sleep = { interruptible: false };
    const dropped = this.messenger.droppedToDead;
    const body = FS_IF.FS_MAP_REQUEST.encode({ handle });
    this.messenger.request(this.home, MSG.FS_MAP_REQUEST, body, this.k.now, (m) => {
      this.answered(t, m);
    });
    if (this.messenger.droppedToDead > dropped) return -EIO; // the home is stopped
    this.stats.asked++;
    this.calls.set(t, { call: mapAsked(handle), sleep });
    return this.k.block(t, sleep);
  }

  /** Step 2: the reply (undefined: the home died); the thread runs its mmap again. */
  private answered(t: Thread, m: Delivered | undefined): void {
    const reply = m && FS_IF.FS_MAP_REPLY.decode(m.body);
    const under = this.calls.get(t);
    if (!under || under.call.phase !== 'asked' || !t.alive) {
      // nobody takes the grant (its thread died): it goes back at once
      if (reply && reply.status === 0) this.shm?.replicas.giveBack(this.home, reply.object);
      if (under && !t.alive) this.calls.delete(t);
      return;
    }
    this.calls.set(t, { call: mapAnswered(under.call, reply), sleep: under.sleep });
    if (t.state === 'blocked' && t.sleep === under.sleep) this.k.wake(t);
  }

  /** At every epoch start: a dead home answers every call under way with EIO; dead threads' records go. */
  onEpoch(): void {
    for (const [t, { call }] of [...this.calls]) {
      if (t.alive || call.phase !== 'answered') continue;
      if (call.status === 0) this.shm?.replicas.giveBack(this.home, call.object); // never taken
      this.calls.delete(t);
    }
    if (!this.messenger.peerDead(this.home)) return;
    for (const [t, { call }] of [...this.calls]) if (call.phase === 'asked') this.answered(t, undefined);
  }
}
