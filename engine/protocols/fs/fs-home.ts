// The filesystem's home (kernel FS_HOME): its tree is the machine's, and it runs the file
// syscalls other kernels send it (FS_REQUEST) with the kernel's own handlers, so that a call
// has one Linux's semantics whichever kernel makes it.
//
//   1. FS_REQUEST{pid, tid, nr, args, cwd, umask, fds, memory} arrives
//   2. the caller is stood in for by a surrogate thread: its pid and tid, its working directory
//      and umask, a descriptor table holding the descriptions its handles name (at the caller's
//      descriptor numbers), and the user memory the request carried (carried-memory.ts)
//   3. the kernel's handler for `nr` runs on it, on this kernel's tree
//   4. FS_REPLY{result, written, cwd, opened}: a description the call opened is kept here under
//      a new handle, which the caller installs in its own descriptor table
//   5. FS_RELEASE{handle, pid, last}: a descriptor on it was closed there; the process's record
//      locks on the file go, and on the last the description is let go as a local close does
//
// Descriptions stay here, so every user of one (a forked child, a migrated thread, on any
// kernel) shares its offset and flags, and O_APPEND and locks are decided in one place.
// A call that would sleep (a FIFO with no peer, a lock held) cannot sleep in a surrogate:
// it fails with EAGAIN (the limits of this version; see the README).

import { EAGAIN, EIO, ENOSYS } from '../../kernels/errno';
import { FdTable, release } from '../../kernels/fs/fd-table';
import type { OpenFile } from '../../kernels/fs/file';
import type { Kernel } from '../../kernels/kernel';
import { AddressSpace } from '../../kernels/mm/address-space';
import { Process, Thread } from '../../kernels/proc/task';
import { BLOCKED, JUMPED } from '../../kernels/syscalls/outcome';
import { FS_IF } from '../interfaces/fs';
import type { Delivered, Messenger } from '../messaging/messenger';
import { MSG } from '../messaging/message-types';
import { CarriedMemory } from './carried-memory';

type Reply = Parameters<typeof FS_IF.FS_REPLY.encode>[0];
type Opened = Reply['opened'][number];

/** A description kept here for another kernel's descriptors. */
export interface HeldFile {
  file: OpenFile;
  /** The kernel whose descriptors name it. */
  holder: number;
}

export class FsHome {
  /** Descriptions other kernels hold, by handle. */
  readonly held = new Map<number, HeldFile>();
  private nextHandle = 1;
  private carrier: CarriedMemory | undefined;
  readonly stats = { served: 0, released: 0 };

  constructor(
    private readonly k: Kernel,
    private readonly messenger: Messenger,
  ) {
    messenger.on(MSG.FS_REQUEST, (m) => {
      this.serve(m);
    });
    messenger.on(MSG.FS_RELEASE, (m) => {
      this.release(m);
    });
  }

  /** The surrogate's memory: one for every call (calls run one at a time, to completion). */
  private memory(): CarriedMemory | undefined {
    if (this.carrier) return this.carrier;
    const mm = AddressSpace.create(this.k.frames, this.k.memory, 0);
    this.carrier = mm && new CarriedMemory(mm);
    return this.carrier;
  }

  private answer(m: Delivered, reply: Reply): void {
    this.messenger.reply(m, MSG.FS_REPLY, FS_IF.FS_REPLY.encode(reply), this.k.now);
  }

  /** Steps 1 to 4. */
  private serve(m: Delivered): void {
    const req = FS_IF.FS_REQUEST.decode(m.body);
    const failed = (errno: number): Reply => ({ result: -errno, written: [], cwd: '', opened: [] });
    const um = this.memory();
    if (!um) {
      this.answer(m, failed(EIO)); // no frame for the surrogate's page table: out of memory
      return;
    }
    this.stats.served++;
    const fds = new FdTable();
    for (const { fd, handle } of req.fds) {
      const held = this.held.get(handle);
      // a handle this instance never gave: the home restarted since, and what was open is lost
      if (!held || held.holder !== m.from) {
        this.answer(m, failed(EIO));
        return;
      }
      fds.installAt(fd, held.file, false, this.k);
    }
    um.load(req.memory);
    const p = new Process(req.pid, undefined, um.mm, um, fds, 0, 0, [], '');
    p.cwd = req.cwd;
    p.umask = req.umask;
    const t = new Thread(req.tid, p);
    req.args.forEach((a, i) => {
      t.setX(10 + i, a);
    });
    t.setX(17, req.nr);
    const before = new Set(req.fds.map((f) => f.fd));
    // an openat's result is the surrogate's descriptor: the caller answers with the one it installs
    const result = this.run(t, req.nr);
    const opened: Opened[] = [];
    for (const [fd, file] of fds.entries()) {
      if (before.has(fd)) continue;
      const handle = this.nextHandle++;
      this.held.set(handle, { file, holder: m.from });
      opened.push({
        handle,
        cloexec: fds.cloexec(fd),
        kind: file.inode.kind,
        path: file.path,
        flags: file.flags,
      });
    }
    this.answer(m, { result, written: um.writes, cwd: p.cwd === req.cwd ? '' : p.cwd, opened });
  }

  /** Step 3: the kernel's handler, on the surrogate. */
  private run(t: Thread, nr: number): number {
    const handler = this.k.syscalls.row(nr)?.handler;
    if (!handler) return -ENOSYS;
    try {
      const r = handler(this.k, t);
      if (r === BLOCKED) {
        t.sleep?.queue?.remove(t); // a surrogate cannot sleep: nothing would run it again
        t.state = 'dead';
        return -EAGAIN;
      }
      return r === JUMPED ? -EIO : r;
    } catch (e) {
      // a handler that assumed something of its caller that a surrogate lacks: the call fails,
      // the kernel goes on
      this.k.printk(`fs home: syscall ${nr} of ${t.tid} failed: ${e instanceof Error ? e.message : String(e)}`);
      return -EIO;
    }
  }

  /** Step 5. */
  private release(m: Delivered): void {
    const { handle, pid, last } = FS_IF.FS_RELEASE.decode(m.body);
    const held = this.held.get(handle);
    if (!held || held.holder !== m.from) return;
    this.k.locks.closedBy(pid, held.file);
    if (!last) return;
    this.held.delete(handle);
    this.stats.released++;
    release(held.file, this.k);
  }

  /** A kernel died: the descriptions it held are closed, as its processes' descriptors were. */
  forget(kernel: number): void {
    for (const [handle, held] of [...this.held]) {
      if (held.holder !== kernel) continue;
      this.held.delete(handle);
      release(held.file, this.k);
    }
  }
}
