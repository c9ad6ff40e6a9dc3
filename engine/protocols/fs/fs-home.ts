// The filesystem's home (kernel FS_HOME): its tree is the machine's, and it runs the file
// syscalls other kernels send it (FS_REQUEST) with the kernel's own handlers, so that a call
// has one Linux's semantics whichever kernel makes it.
//
//   1. FS_REQUEST{pid, tid, nr, args, cwd, umask, fds, memory} arrives
//   2. the caller is stood in for by a surrogate thread: its pid and tid, its working directory
//      and umask, a descriptor table holding the descriptions its handles name (at the caller's
//      descriptor numbers), and the user memory the request carried (carried-memory.ts)
//   2b. a request naming a shared page (`mapped`: a process-shared futex whose word lies in a
//      file mapped shared on the caller's kernel) gives its surrogate an address space of its
//      own with that page of the object mapped at the caller's address: the kernel's futex then
//      keys the word by object and offset, so it meets this kernel's waiters and wakers
//   3. the kernel's handler for `nr` runs on it, on this kernel's tree
//   3b. a call that sleeps (F_SETLKW, flock on a held lock) is parked: its surrogate sleeps on
//      the kernel's queue like any thread, never on a hart (its `away` is the caller's kernel,
//      as a proxy's is); woken, the call runs again (or ends with the result it was woken with)
//   4. FS_REPLY{result, written, cwd, opened}: a description the call opened is kept here under
//      a new handle, which the caller installs in its own descriptor table. A socket call moves
//      up to SOCKET_IO_MAX bytes: a large send's bytes come ahead of its request in FS_STAGE
//      pieces, and a large receive's go ahead of its reply in FS_WRITTEN pieces
//   3c. FS_CANCEL{tid}: the caller gave its parked call up (a signal, or it died): the surrogate
//      leaves its queue, a description it opened while it waited is let go, and the request is
//      answered EINTR (a call that finished before the cancel came has had its answer already)
//   5. FS_RELEASE{handle, pid, last}: a descriptor on it was closed there; the process's record
//      locks on the file go, and on the last the description is let go as a local close does
//
//   6. FS_EXEC_READ{cwd, path, offset, ino, mtime}: a piece of a program another kernel's execve
//      runs: execve's own checks (findExecutable) on this tree, then FS_EXEC_DATA with the
//      file's size and the piece (exec-fetch.ts is the reader's side); with a handle instead,
//      a piece of the file a description held here names, for an mmap(MAP_PRIVATE) of it
//   7. FS_WATCH{handle}: the holder polls the description (a named pipe): FS_READY with its
//      readiness now, and again whenever it changes, until it is let go (readiness.ts)
//   8. FS_MAP_REQUEST{handle}: mmap(MAP_SHARED) of a description kept here: the file's page
//      cache is exported as a shared object (migration/shm-home.ts mapRemote, which counts the
//      asking kernel as one more mapper until it gives the grant back) and FS_MAP_REPLY names it;
//      its pages then move by the shared-memory page protocol, not by file syscalls
//
// A call in step 3 that reads, writes or truncates a file whose page cache another kernel
// holds pages of first brings those pages back (kernels/fs/page-cache.ts claim): the handler
// throws SharedMiss before it changed anything, the surrogate is parked as in 3b while the page
// protocol recalls the pages, and woken, the call runs again from the start.
//
// Descriptions stay here, so every user of one (a forked child, a migrated thread, on any
// kernel) shares its offset and flags, and O_APPEND and locks are decided in one place.

import { EACCES, EBADF, EFAULT, EINTR, EIO, ENODEV, ENOSYS, ETXTBSY } from '../../kernels/errno';
import { PAGE_SIZE } from '../../hw/memory-map';
import { findExecutable } from '../../kernels/exec/exec';
import type { Inode } from '../../kernels/fs/inode';
import { FdTable, release } from '../../kernels/fs/fd-table';
import type { OpenFile } from '../../kernels/fs/file';
import type { Kernel } from '../../kernels/kernel';
import { pageCacheOf } from '../../kernels/fs/page-cache';
import { AddressSpace, PROT_READ, PROT_WRITE } from '../../kernels/mm/address-space';
import { tookMiss } from '../../kernels/mm/remote-miss';
import { Process, Thread } from '../../kernels/proc/task';
import { BLOCKED, JUMPED } from '../../kernels/syscalls/outcome';
import { FS_IF } from '../interfaces/fs';
import type { Delivered, Messenger } from '../messaging/messenger';
import { MSG } from '../messaging/message-types';
import type { SharedPages } from '../migration/shm-service';
import { CarriedMemory } from './carried-memory';
import { FS_IO_MAX } from './fs-params';
import { inPages } from './socket-carry';
import { changed, LOST, type Readiness, readinessOf } from './readiness';
import { type Poller, watch } from '../../kernels/fs/poll-wait';

type Reply = Parameters<typeof FS_IF.FS_REPLY.encode>[0];
type Opened = Reply['opened'][number];

/** A description kept here for another kernel's descriptors. */
export interface HeldFile {
  file: OpenFile;
  /** The kernel whose descriptors name it. */
  holder: number;
}

/** A call under way here: its request, its surrogate, and what the surrogate holds. */
interface Serving {
  m: Delivered;
  t: Thread;
  nr: number;
  um: CarriedMemory;
  fds: FdTable;
  /** Descriptors the request named (the others in `fds` at the end were opened by the call). */
  named: Set<number>;
  cwd: string;
  /** The surrogate's own address space, mapping the shared page a futex call named (freed at the end). */
  space?: AddressSpace;
}

export class FsHome {
  /** Descriptions other kernels hold, by handle. */
  readonly held = new Map<number, HeldFile>();
  private nextHandle = 1;
  /** Bytes of large socket sends come ahead of their requests (FS_STAGE), by caller kernel and thread. */
  private readonly staged = new Map<string, Array<{ va: number; bytes: Uint8Array }>>();
  /** The empty address space every surrogate's memory stands on. */
  private space: AddressSpace | undefined;
  /** Calls asleep here (step 3b), by surrogate. */
  readonly parked = new Map<Thread, Serving>();
  /** The pollers of descriptions another kernel watches (step 7), by handle, with what they told last. */
  private readonly watchers = new Map<number, Poller & { told?: Readiness }>();
  readonly stats = { served: 0, released: 0, parked: 0, execPieces: 0, readyTold: 0 };

  constructor(
    private readonly k: Kernel,
    private readonly messenger: Messenger,
    /** Shared objects kept coherent across kernels (a file's page cache mapped elsewhere is one). */
    private readonly shm?: SharedPages,
  ) {
    messenger.on(MSG.FS_REQUEST, (m) => {
      this.serve(m);
    });
    messenger.on(MSG.FS_STAGE, (m) => {
      const { tid, va, bytes } = FS_IF.FS_STAGE.decode(m.body);
      const key = `${m.from}:${tid}`;
      this.staged.set(key, [...(this.staged.get(key) ?? []), { va, bytes }]);
    });
    messenger.on(MSG.FS_RELEASE, (m) => {
      this.release(m);
    });
    messenger.on(MSG.FS_CANCEL, (m) => {
      this.cancel(m);
    });
    messenger.on(MSG.FS_MAP_REQUEST, (m) => {
      this.map(m);
    });
    messenger.on(MSG.FS_EXEC_READ, (m) => {
      this.execRead(m);
    });
    messenger.on(MSG.FS_WATCH, (m) => {
      this.watch(m);
    });
    k.fsSurrogateWoken = (t) => this.woken(t);
  }

  /** A surrogate's memory, on the one empty address space (made once: a page-table frame). */
  private memory(): CarriedMemory | undefined {
    this.space ??= AddressSpace.create(this.k.frames, this.k.memory, 0);
    return this.space && new CarriedMemory(this.space);
  }

  /**
   * Step 4's message. What the call wrote goes in the reply, or, when that is more than a page
   * (a socket receive of up to SOCKET_IO_MAX), ahead of it in FS_WRITTEN pieces for thread `tid`
   * (the link keeps order: they arrive first).
   */
  private answer(m: Delivered, reply: Reply, tid?: number): void {
    const total = reply.written.reduce((n, w) => n + w.bytes.length, 0);
    if (tid !== undefined && total > FS_IO_MAX) {
      for (const { va, bytes } of inPages(reply.written))
        this.messenger.send(m.from, MSG.FS_WRITTEN, FS_IF.FS_WRITTEN.encode({ tid, va, bytes }), this.k.now);
      reply = { ...reply, written: [] };
    }
    this.messenger.reply(m, MSG.FS_REPLY, FS_IF.FS_REPLY.encode(reply), this.k.now);
  }

  /** Steps 1 to 4. */
  private serve(m: Delivered): void {
    const req = FS_IF.FS_REQUEST.decode(m.body);
    const failed = (errno: number): Reply => ({ result: -errno, written: [], cwd: '', opened: [] });
    const space = req.mapped && this.mappedSpace(req.mapped);
    if (typeof space === 'number') {
      this.answer(m, failed(-space));
      return;
    }
    const um = space ? new CarriedMemory(space) : this.memory();
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
    // the bytes of a large send, come ahead of the request (FS_STAGE)
    const key = `${m.from}:${req.tid}`;
    for (const piece of this.staged.get(key) ?? []) um.fill(piece.va, piece.bytes);
    this.staged.delete(key);
    const p = new Process(req.pid, undefined, um.mm, um, fds, 0, 0, [], '');
    p.cwd = req.cwd;
    p.umask = req.umask;
    const t = new Thread(req.tid, p);
    t.away = m.from; // never run on a hart here (Kernel.fsSurrogateWoken)
    req.args.forEach((a, i) => {
      t.setX(10 + i, a);
    });
    t.setX(17, req.nr);
    const named = new Set(req.fds.map((f) => f.fd));
    this.step({ m, t, nr: req.nr, um, fds, named, cwd: req.cwd, space });
  }

  /**
   * The address space of a surrogate whose call (a process-shared futex) names a page of a
   * shared object of this kernel's: that page mapped at the caller's address, so the kernel's
   * futex keys the word by object and offset as for any mapper here, and reads it through the
   * object's rule (a page another kernel writes is brought back first). -errno when it cannot be.
   */
  private mappedSpace(at: { object: number; va: number; offset: bigint }): AddressSpace | number {
    const o = this.shm?.home.objects.get(at.object);
    if (!o) return -EFAULT; // nobody maps it any more: the caller's mapping names nothing here
    const space = AddressSpace.create(this.k.frames, this.k.memory, 1); // room for the one page
    if (!space) return -EIO;
    const ref = { mem: o.mem, offset: Number(at.offset) };
    const rw = PROT_READ | PROT_WRITE;
    if (space.mmap(at.va, PAGE_SIZE, rw, true, 'mmap', 'shared page', undefined, ref) !== at.va) {
      space.destroy();
      return -EFAULT;
    }
    return space;
  }

  /** Step 3 (again after 3b), then 4. */
  private step(s: Serving): void {
    const result = this.run(s.t, s.nr);
    if (result === BLOCKED) {
      if (!this.parked.has(s.t)) this.stats.parked++;
      this.parked.set(s.t, s);
      return;
    }
    this.parked.delete(s.t);
    this.finish(s, result);
  }

  /** Step 3b: a parked surrogate was woken (false: not one of ours). */
  private woken(t: Thread): boolean {
    const s = this.parked.get(t);
    if (!s) return false;
    const result = t.wakeResult;
    t.wakeResult = undefined;
    if (result === undefined) this.step(s);
    else {
      this.parked.delete(t);
      this.finish(s, result);
    }
    return true;
  }

  /** Step 4. An openat's result is the surrogate's descriptor: the caller answers with the one it installs. */
  private finish(s: Serving, result: number): void {
    s.t.state = 'dead';
    s.space?.destroy();
    const opened: Opened[] = [];
    for (const [fd, file] of s.fds.entries()) {
      if (s.named.has(fd)) continue;
      const handle = this.nextHandle++;
      this.held.set(handle, { file, holder: s.m.from });
      opened.push({
        handle,
        cloexec: s.fds.cloexec(fd),
        kind: file.inode.kind,
        path: file.path,
        flags: file.flags,
      });
    }
    const cwd = s.t.process.cwd;
    this.recheckWatches(); // before the answer: the caller knows what its call changed when it returns
    this.answer(s.m, { result, written: s.um.writes, cwd: cwd === s.cwd ? '' : cwd, opened }, s.t.tid);
  }

  /** Step 3: the kernel's handler, on the surrogate (BLOCKED: it sleeps, parked). */
  private run(t: Thread, nr: number): number | typeof BLOCKED {
    const handler = this.k.syscalls.row(nr)?.handler;
    if (!handler) return -ENOSYS;
    try {
      const r = handler(this.k, t);
      return r === JUMPED ? -EIO : r;
    } catch (e) {
      // a page of a file's cache (or of the futex's shared page) is held elsewhere: the
      // surrogate waits for it (parked, as in 3b), then runs again
      if (this.k.distributed && tookMiss(this.k, t, e)) return BLOCKED;
      // a handler that assumed something of its caller that a surrogate lacks: the call fails,
      // the kernel goes on
      this.k.printk(`fs home: syscall ${nr} of ${t.tid} failed: ${e instanceof Error ? e.message : String(e)}`);
      return -EIO;
    }
  }

  /** Step 3c. */
  private cancel(m: Delivered): void {
    const { tid } = FS_IF.FS_CANCEL.decode(m.body);
    this.staged.delete(`${m.from}:${tid}`);
    for (const [t, s] of this.parked) {
      if (t.tid !== tid || s.m.from !== m.from) continue;
      this.parked.delete(t);
      t.sleep?.queue?.remove(t);
      t.state = 'dead';
      s.space?.destroy();
      for (const [fd, file] of s.fds.entries()) if (!s.named.has(fd)) release(file, this.k);
      this.answer(s.m, { result: -EINTR, written: [], cwd: '', opened: [] });
    }
  }

  /** Step 6. */
  private execRead(m: Delivered): void {
    const req = FS_IF.FS_EXEC_READ.decode(m.body);
    const { result, inode, bytes } = req.handle !== 0 ? this.mapPiece(req, m.from) : this.execPiece(req);
    const body = FS_IF.FS_EXEC_DATA.encode({ result, ino: inode?.ino ?? 0, mtime: inode?.mtime ?? 0, bytes });
    this.messenger.reply(m, MSG.FS_EXEC_DATA, body, this.k.now);
    this.stats.execPieces++;
  }

  private execPiece(req: ReturnType<typeof FS_IF.FS_EXEC_READ.decode>): {
    result: number;
    inode?: Inode;
    bytes: Uint8Array;
  } {
    const none = new Uint8Array(0);
    const inode = findExecutable(this.k.vfs, req.cwd, req.path);
    if (typeof inode === 'number') return { result: inode, bytes: none };
    // a later piece of a file that is no longer the one the first piece came from
    if (req.ino !== 0 && (inode.ino !== req.ino || inode.mtime !== req.mtime))
      return { result: -ETXTBSY, inode, bytes: none };
    return piece(inode, req.offset);
  }

  /**
   * Step 6 for an mmap(MAP_PRIVATE) on another kernel: a piece of the file a description it
   * holds here names. No exec checks, and no refusal of a file that changed between pieces: a
   * private mapping's pages are read when they are, on Linux too.
   */
  private mapPiece(
    req: ReturnType<typeof FS_IF.FS_EXEC_READ.decode>,
    from: number,
  ): { result: number; inode?: Inode; bytes: Uint8Array } {
    const none = new Uint8Array(0);
    const held = this.held.get(req.handle);
    if (held?.holder !== from) return { result: -EBADF, bytes: none };
    const { inode } = held.file;
    if (inode.kind !== 'file' || inode.generate) return { result: -ENODEV, bytes: none };
    if (!held.file.readable) return { result: -EACCES, bytes: none };
    return piece(inode, req.offset);
  }

  /** Step 7: a poller of the description's own queues, which tells the holder every change. */
  private watch(m: Delivered): void {
    const { handle } = FS_IF.FS_WATCH.decode(m.body);
    const held = this.held.get(handle);
    const tell = (r: Readiness) => {
      this.stats.readyTold++;
      this.messenger.send(m.from, MSG.FS_READY, FS_IF.FS_READY.encode({ handle, ...r }), this.k.now);
    };
    if (!held || held.holder !== m.from) {
      tell(LOST); // let go already: nothing to wait for
      return;
    }
    const watching = this.watchers.get(handle);
    if (watching?.active()) {
      watching.told = undefined; // asked again (the holder closed something since): told afresh
      watching.check();
      return;
    }
    const file = held.file;
    const poller: Poller & { told?: Readiness } = {
      active: () => this.held.get(handle) === held,
      check: () => {
        const now = readinessOf(file.ops.poll?.(file) ?? { readable: true, writable: true });
        if (changed(poller.told, now)) tell((poller.told = now));
      },
    };
    poller.check();
    this.watchers.set(handle, poller);
    const state = file.ops.poll?.(file);
    for (const q of state ? [state.queue, ...(state.more ?? [])] : []) watch(q, poller);
  }

  /**
   * Every watched description looks again. A pipe's queues are woken for the changes a sleeper
   * waits for (a write wakes the readers), not for every change (a read that empties it wakes
   * none of them): after each call served here, each release, and at every epoch start (for
   * what this kernel's own processes did) the watchers see whether what they told still holds.
   */
  private recheckWatches(): void {
    for (const [handle, p] of [...this.watchers]) {
      if (p.active()) p.check();
      else this.watchers.delete(handle);
    }
  }

  /** At every epoch start. */
  onEpoch(): void {
    this.recheckWatches();
  }

  /** Step 8. */
  private map(m: Delivered): void {
    const { handle } = FS_IF.FS_MAP_REQUEST.decode(m.body);
    const answer = (status: number, object = 0, size = 0) => {
      const body = FS_IF.FS_MAP_REPLY.encode({ status, object, size });
      this.messenger.reply(m, MSG.FS_MAP_REPLY, body, this.k.now);
    };
    const held = this.held.get(handle);
    const inode = held?.holder === m.from ? held.file.inode : undefined;
    if (!inode || inode.kind !== 'file' || inode.generate || !this.shm || !inode.load()) {
      answer(!inode ? -EBADF : inode.kind !== 'file' || inode.generate || !this.shm ? -ENODEV : -EIO);
      return;
    }
    const cache = pageCacheOf(inode, this.k.frames, this.k.memory);
    const key = this.shm.home.mapRemote(cache.mem, m.from);
    answer(0, key.id, inode.size);
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
    this.recheckWatches();
  }

  /** A kernel died: its calls asleep here end, and the descriptions it held are closed. */
  forget(kernel: number): void {
    for (const [t, s] of [...this.parked]) {
      if (s.m.from !== kernel) continue;
      t.sleep?.queue?.remove(t);
      t.state = 'dead';
      s.space?.destroy();
      this.parked.delete(t);
    }
    for (const [handle, held] of [...this.held]) {
      if (held.holder !== kernel) continue;
      this.held.delete(handle);
      release(held.file, this.k);
    }
  }
}

/** The piece of `inode`'s bytes at `offset` an FS_EXEC_DATA carries, with the file's size (EIO: its bytes cannot be had). */
function piece(inode: Inode, offset: number): { result: number; inode: Inode; bytes: Uint8Array } {
  const data = inode.contents();
  if (!data) return { result: -EIO, inode, bytes: new Uint8Array(0) };
  return { result: data.length, inode, bytes: data.subarray(offset, offset + FS_IO_MAX) };
}
