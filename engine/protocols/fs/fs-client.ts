// The shared filesystem on a kernel that is not its home: the file syscalls of this kernel's
// threads that concern the shared tree (fs-calls.ts decides) are sent home as FS_REQUEST and
// the thread sleeps until FS_REPLY (fs-call.ts: the record of one call). What the request
// carries comes from the syscall table row: the user memory the call reads (paths, a write's
// bytes, a struct) and where it writes (a read's buffer, a stat). Reads and writes move one page
// at most per message (fs-params.ts): a longer one is several requests, one after another, in
// one syscall (whole for the caller; a concurrent writer may land between two pages, as with
// Linux's writes that cross a page, which are not atomic for a reader either).
//
// Two calls that are not file syscalls go home too: mmap(MAP_SHARED) of a description kept
// there asks for the file's page cache as a shared object (fs-map-client.ts), and a
// process-shared futex whose word lies in such a mapping runs at the home, where the object's
// futex queues are, as an FS_REQUEST naming the page (a REQUEUE's second word must lie in that
// same page: another is EFAULT there).
//
// A home that is stopped answers nothing: the call fails with EIO at the next epoch start, or at
// once if the request could not even be sent (peer-watch.ts says which peers are dead).

import { EFAULT, EINVAL, EIO, EMFILE, ENAMETOOLONG } from '../../kernels/errno';
import type { SharedFsHooks } from '../../kernels/distributed-hooks';
import type { Kernel } from '../../kernels/kernel';
import type { Sleep, Thread } from '../../kernels/proc/task';
import { MAX_IO_BYTES, readPath } from '../../kernels/syscalls/fs-common';
import { IOVEC_BYTES } from '../../kernels/syscalls/fs-io';
import { SYS } from '../../kernels/syscalls/numbers';
import { FUTEX_PRIVATE_FLAG } from '../../kernels/syscalls/futex';
import { PAGE_SIZE } from '../../hw/memory-map';
import { type SyscallOutcome } from '../../kernels/syscalls/outcome';
import { bufferAddress, bufferLength, type SyscallArgs } from '../../kernels/syscalls/syscall-row';
import { FS_IF } from '../interfaces/fs';
import type { Delivered, Messenger } from '../messaging/messenger';
import { MSG } from '../messaging/message-types';
import type { SharedMemory } from '../../kernels/mm/shared-memory';
import type { SharedPages } from '../migration/shm-service';
import type { CarriedPiece } from './carried-memory';
import { MapClient } from './fs-map-client';
import {
  afterPiece,
  answered,
  asked,
  finishes,
  type FdHandles,
  type FsCall,
  type FsReply,
  type Piece,
} from './fs-call';
import { FS_CALLS, planFsCall, type CallerView } from './fs-calls';
import { FS_IO_MAX } from './fs-params';
import { RemoteFile } from './remote-file';

/** Registers a0..a5 as the request carries them, readable as the syscall row's facts need. */
class Args implements SyscallArgs {
  clearChildTid = 0;
  constructor(readonly v: bigint[]) {}
  x(i: number): number {
    return Number(this.v[i - 10] ?? 0n);
  }
  xInt(i: number): number {
    return Number(BigInt.asIntN(32, this.v[i - 10] ?? 0n));
  }
}

const UIO_MAXIOV = 1024;

/** The shared page a futex request names (FS_REQUEST's `mapped`). */
type Mapped = NonNullable<ReturnType<typeof FS_IF.FS_REQUEST.decode>['mapped']>;

export class FsClient implements SharedFsHooks {
  private readonly calls = new WeakMap<Thread, FsCall>();
  /** Threads asleep on a call, with their sleep: the home's death wakes them. */
  private readonly waiting = new Map<Thread, Sleep>();
  readonly stats = { sent: 0, failedHomeDead: 0, cancelled: 0 };
  /** The home's instance: it grows when the home boots again, whose handles the old ones are not. */
  generation = 0;

  /** mmap(MAP_SHARED) of descriptions kept at the home (fs-map-client.ts). */
  readonly maps: MapClient;

  constructor(
    private readonly k: Kernel,
    private readonly messenger: Messenger,
    readonly home: number,
    shm?: SharedPages,
  ) {
    this.maps = new MapClient(k, messenger, home, shm);
  }

  /** mmap(MAP_SHARED) of a description kept at the home (RemoteFileOwner): its object, or the outcome. */
  mapShared(t: Thread, handle: number, generation: number): SharedMemory | SyscallOutcome {
    if (generation !== this.generation) return -EIO; // opened at a home that died since
    return this.maps.mapShared(t, handle);
  }

  syscall(t: Thread, nr: number): SyscallOutcome | undefined {
    if (nr === SYS.futex) return this.futex(t);
    const row = FS_CALLS.get(nr);
    if (!row) return undefined;
    const call = this.calls.get(t);
    const asleep = this.waiting.get(t);
    if (call?.phase === 'asked' && call.nr === nr && asleep) return this.k.block(t, asleep); // restarted after a signal
    if (finishes(call, nr)) {
      const result = this.finish(t, call.reply);
      if (!call.piece) return result;
      const next = afterPiece(call.piece, result, transferOf(t, nr).total);
      if (next !== 'next') return next;
      return this.ask(t, nr, call.fds, call.piece.moved + result);
    }
    const args = [0, 1, 2, 3, 4, 5].map((i) => t.xInt(10 + i));
    const old = { seen: false }; // a descriptor of a home instance that is gone
    const view: CallerView = {
      cwd: t.process.cwd,
      handleOf: (fd) => {
        const f = t.process.fds.get(fd);
        if (!(f instanceof RemoteFile)) return undefined;
        if (f.generation !== this.generation) old.seen = true;
        return f.handle;
      },
      pathArg: (arg) => {
        const va = t.x(10 + arg);
        if (va === 0) return undefined;
        const p = readPath(t, va);
        return typeof p === 'string' ? p : undefined; // unreadable: the kernel's handler says why
      },
    };
    const plan = planFsCall(row, args, view);
    if (plan.where === 'here') return undefined;
    if (old.seen) return -EIO; // opened at a home that died since: what it named is lost
    return this.ask(t, nr, plan.fds, 0);
  }

  /**
   * A process-shared futex whose word lies in a page of a shared object of the home's (a file
   * mapped shared, fs-map-client.ts): its queue is the home's, where the object's other mappers
   * (the home's threads, other kernels' calls) wait and wake, so the call runs there, on the
   * page named. Any other futex stays here (undefined).
   */
  private futex(t: Thread): SyscallOutcome | undefined {
    if (t.xInt(11) & FUTEX_PRIVATE_FLAG) return undefined;
    const uaddr = t.x(10);
    const vma = t.process.mm.findVma(uaddr);
    const key = vma?.shared?.mem.key;
    if (!vma?.shared || key?.home !== this.home || key.home === this.k.id) return undefined;
    const call = this.calls.get(t);
    const asleep = this.waiting.get(t);
    if (call?.phase === 'asked' && call.nr === SYS.futex && asleep) return this.k.block(t, asleep);
    if (finishes(call, SYS.futex)) return this.finish(t, call.reply);
    const va = uaddr - (uaddr % PAGE_SIZE);
    return this.ask(t, SYS.futex, [], 0, { object: key.id, va, offset: BigInt(vma.shared.offset + (va - vma.start)) });
  }

  /**
   * Step 1 (fs-call.ts): the request, then sleep. `moved`: bytes of a read or write already
   * moved; `mapped`: the shared page a futex call's word lies in.
   */
  private ask(t: Thread, nr: number, fds: FdHandles, moved: number, mapped?: Mapped): SyscallOutcome {
    const regs = [0, 1, 2, 3, 4, 5].map((i) => t.xBig(10 + i));
    let sent = nr;
    let piece: Piece | undefined;
    if (TRANSFERS.has(nr)) {
      // a page at most per message, the pieces one after another at the home's offset
      const transfer = transferOf(t, nr);
      if (typeof transfer.segments === 'number') return transfer.segments;
      const at = pieceAt(transfer.segments, moved);
      piece = { moved, length: at.length };
      if (nr === SYS.readv) sent = SYS.read;
      if (nr === SYS.writev) sent = SYS.write;
      regs[1] = BigInt(at.base);
      regs[2] = BigInt(at.length);
      if (nr === SYS.pread64 || nr === SYS.pwrite64) regs[3] = BigInt.asUintN(64, regs[3] ?? 0n) + BigInt(moved);
    }
    const row = this.k.syscalls.row(sent);
    if (!row) return undefined as never; // every call in FS_CALLS has a row
    const args = new Args(regs);
    // a counted buffer moves a page at most
    for (const b of row.buffers) {
      if (b.size.kind !== 'count') continue;
      const at = b.size.arg;
      const most = BigInt(Math.floor(FS_IO_MAX / b.size.unit));
      if ((regs[at] ?? 0n) > most) regs[at] = most;
    }
    const memory: CarriedPiece[] = [];
    let carried = 0;
    for (const b of row.buffers) {
      const va = bufferAddress(b, args);
      if (va === 0) continue;
      if (b.size.kind === 'string') {
        const s = readPath(t, va);
        if (typeof s === 'number') return s;
        const bytes = new TextEncoder().encode(`${s}\0`);
        memory.push({ va, length: bytes.length, writable: false, bytes });
        carried += bytes.length;
        continue;
      }
      const length = bufferLength(b, args);
      if (length < 0) continue;
      if (mapped && va >= mapped.va && va < mapped.va + PAGE_SIZE) continue; // the home reads its own copy
      let bytes: Uint8Array = new Uint8Array(0);
      if (b.dir !== 'out') {
        const got = t.process.um.read(va, length);
        if (!got) return -EFAULT;
        bytes = got;
        carried += length;
      }
      memory.push({ va, length, writable: b.dir !== 'in', bytes });
    }
    if (carried > FS_IO_MAX + 256) return -ENAMETOOLONG; // two long paths: more than one message carries
    const body = FS_IF.FS_REQUEST.encode({
      pid: t.process.pid,
      tid: t.tid,
      nr: sent,
      args: regs,
      cwd: t.process.cwd,
      umask: t.process.umask,
      fds: [...fds],
      memory,
      mapped,
    });
    if (this.messenger.peerDead(this.home)) {
      this.stats.failedHomeDead++;
      return -EIO; // the home is stopped (peer-watch.ts): nothing can answer, nothing is sent
    }
    // a signal interrupts it as it would the call at home: EINTR cancels it there (FS_CANCEL),
    // a restart waits on for the same answer
    const sleep: Sleep = {
      interruptible: true,
      restartable: true,
      onInterrupt: (who) => {
        this.cancel(who);
      },
    };
    const dropped = this.messenger.droppedToDead;
    this.messenger.request(this.home, MSG.FS_REQUEST, body, this.k.now, (m) => {
      this.answered(t, sleep, m);
    });
    if (this.messenger.droppedToDead > dropped) {
      this.stats.failedHomeDead++;
      return -EIO; // the home is stopped: nothing can answer
    }
    this.stats.sent++;
    this.calls.set(t, asked(nr, fds, piece));
    this.waiting.set(t, sleep);
    return this.k.block(t, sleep);
  }

  /** Step 2: the reply (undefined: the home died), and the thread runs its syscall again. */
  private answered(t: Thread, sleep: Sleep, m: Delivered | undefined): void {
    const reply = m && FS_IF.FS_REPLY.decode(m.body);
    const call = this.calls.get(t);
    if (!call || this.waiting.get(t) !== sleep || !t.alive) {
      // the call was given up (a signal, the thread's end): what it opened is let go
      for (const o of reply?.opened ?? []) this.closed(o.handle, t.process.pid, true);
      return;
    }
    this.waiting.delete(t);
    this.calls.set(t, answered(call, reply));
    // no result: the syscall runs again and finishes the call (a thread woken by a signal to
    // restart it, and not asleep again yet, finds the answer when it does)
    if (t.state === 'blocked' && t.sleep === sleep) this.k.wake(t);
  }

  /** The thread gave its call up (EINTR, or it died): the home is told to drop it. */
  private cancel(t: Thread): void {
    if (!this.waiting.delete(t)) return;
    this.calls.delete(t);
    this.stats.cancelled++;
    this.messenger.send(this.home, MSG.FS_CANCEL, FS_IF.FS_CANCEL.encode({ tid: t.tid }), this.k.now);
  }

  /** Step 2's end, in the syscall run again: the home's writes, a new descriptor, the result. */
  private finish(t: Thread, reply: FsReply): number {
    // a page may be elsewhere (a proxy's): the copy throws PageMiss and the record waits
    for (const w of reply.written) if (!t.process.um.write(w.va, w.bytes)) return this.done(t, -EFAULT);
    if (reply.cwd !== '') t.process.cwd = reply.cwd;
    let result = reply.result;
    for (const o of reply.opened) {
      const file = new RemoteFile(o.handle, this.home, o.kind, o.flags, o.path, this);
      const fd = t.process.fds.install(file, o.cloexec);
      if (fd < 0) this.closed(o.handle, t.process.pid, true);
      result = fd < 0 ? -EMFILE : fd;
    }
    return this.done(t, result);
  }

  private done(t: Thread, result: number): number {
    this.calls.delete(t);
    return result;
  }

  /** A descriptor on a remote description was closed (RemoteFileOwner). */
  closed(handle: number, pid: number, last: boolean): void {
    this.messenger.send(this.home, MSG.FS_RELEASE, FS_IF.FS_RELEASE.encode({ handle, pid, last }), this.k.now);
  }

  /** The home booted again (peer-watch.ts): descriptors opened at the old instance fail with EIO from now on. */
  homeBack(): void {
    this.generation++;
  }

  /** At every epoch start: calls of threads that died are cancelled; a dead home answers every call with EIO. */
  onEpoch(): void {
    this.maps.onEpoch();
    for (const t of [...this.waiting.keys()]) if (!t.alive) this.cancel(t);
    if (!this.messenger.peerDead(this.home)) return;
    for (const [t, sleep] of [...this.waiting]) {
      this.stats.failedHomeDead++;
      this.answered(t, sleep, undefined);
    }
  }
}

/** The calls that move bytes, in pieces of a page at most. */
const TRANSFERS = new Set<number>([SYS.read, SYS.write, SYS.pread64, SYS.pwrite64, SYS.readv, SYS.writev]);

interface Segment {
  base: number;
  length: number;
}

/** The buffers a read or write moves (readv's and writev's iovecs), and their total; -errno if unreadable. */
function transferOf(t: Thread, nr: number): { segments: Segment[] | number; total: number } {
  if (nr !== SYS.readv && nr !== SYS.writev) {
    const length = Math.min(t.x(12), MAX_IO_BYTES);
    return { segments: [{ base: t.x(11), length }], total: length };
  }
  const count = t.xInt(12);
  if (count < 0 || count > UIO_MAXIOV) return { segments: -EINVAL, total: 0 };
  const segments: Segment[] = [];
  let total = 0;
  for (let i = 0; i < count; i++) {
    const at = t.x(11) + i * IOVEC_BYTES;
    const base = t.process.um.readU64(at);
    const length = t.process.um.readU64(at + 8);
    if (base === undefined || length === undefined) return { segments: -EFAULT, total: 0 };
    segments.push({ base: Number(base), length: Number(length) });
    total += Number(length);
  }
  return { segments, total: Math.min(total, MAX_IO_BYTES) };
}

/** The piece that starts `moved` bytes into the buffers: within one buffer, a page at most. */
function pieceAt(segments: readonly Segment[], moved: number): Segment {
  let skip = moved;
  for (const s of segments) {
    if (skip < s.length) return { base: s.base + skip, length: Math.min(s.length - skip, FS_IO_MAX) };
    skip -= s.length;
  }
  return { base: segments[0]?.base ?? 0, length: 0 };
}
