// The shared filesystem on a kernel that is not its home: the file syscalls of this kernel's
// threads that concern the shared tree (fs-calls.ts decides) are sent home as FS_REQUEST and
// the thread sleeps until FS_REPLY (fs-call.ts: the record of one call). What the request
// carries comes from the syscall table row: the user memory the call reads (paths, a write's
// bytes, a struct) and where it writes (a read's buffer, a stat). Reads and writes move one page
// at most per message (fs-params.ts): a longer one is several requests, one after another, in
// one syscall (whole for the caller; a concurrent writer may land between two pages, as with
// Linux's writes that cross a page, which are not atomic for a reader either).
//
// execve of a file in the shared tree reads it from the home in pieces (exec-fetch.ts), the
// thread asleep until every piece came; execve then runs again and finds the bytes, which are
// kept for the thread until its execve ends (a script's interpreter may have to come too).
//
// poll and select of a process that holds a named pipe kept at the home learn its readiness from
// the home (readiness.ts): FS_WATCH, then FS_READY at once and at every change.
//
// Two more calls that are not file syscalls go home: mmap(MAP_SHARED) of a description kept
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
import { BLOCKED, type SyscallOutcome } from '../../kernels/syscalls/outcome';
import { WaitQueue } from '../../kernels/proc/wait-queue';
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
import { absoluteOf, FS_CALLS, inSharedTree, planFsCall, type CallerView } from './fs-calls';
import { type ExecFetch, homeLost, pieceCame, startFetch } from './exec-fetch';
import { beforePoll, LOST, readinessOf, watchable, type Watch } from './readiness';
import type { InodeKind } from '../../kernels/fs/inode';
import { type PollState, wakeFile } from '../../kernels/fs/poll-wait';
import { inPages, socketCallPieces, takeAhead } from './socket-carry';
import { FS_IO_MAX, SOCKET_IO_MAX } from './fs-params';
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

/** A file an execve under way reads from the home: its record, its bytes, and the sleep of its thread. */
interface FileFetch {
  fetch: ExecFetch;
  bytes: Uint8Array;
  sleep: Sleep;
  /** The description an mmap(MAP_PRIVATE) reads (its handle at the home), or 0: execve's path. */
  handle: number;
}

export class FsClient implements SharedFsHooks {
  private readonly calls = new WeakMap<Thread, FsCall>();
  /** The files each thread's execve under way fetched or fetches, by the path it named them by. */
  private readonly execs = new Map<Thread, Map<string, FileFetch>>();
  /** The home's descriptions it tells this kernel the readiness of (readiness.ts), by handle, with their pollers' queue. */
  private readonly watches = new Map<number, { watch: Watch; queue: WaitQueue }>();
  /** The home's descriptions open here that are pipes (or devices), whose close may change a watched one. */
  private readonly pipes = new Set<number>();
  /** Where the pollers of a lost home's descriptions wait (they are ready: nobody wakes it). */
  private readonly lost = new WaitQueue('lost home');
  /** Threads asleep on a call, with their sleep: the home's death wakes them. */
  private readonly waiting = new Map<Thread, Sleep>();
  /** What a socket call wrote that came ahead of its reply (FS_WRITTEN), by thread id. */
  private readonly writtenAhead = new Map<number, Array<{ va: number; bytes: Uint8Array }>>();
  readonly stats = {
    sent: 0,
    failedHomeDead: 0,
    cancelled: 0,
    execFetches: 0,
    execPieces: 0,
    privateMaps: 0,
    readyTold: 0,
  };
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
    messenger.on(MSG.FS_READY, (m) => {
      this.ready(m);
    });
    messenger.on(MSG.FS_WRITTEN, (m) => {
      const { tid, va, bytes } = FS_IF.FS_WRITTEN.decode(m.body);
      this.writtenAhead.set(tid, [...(this.writtenAhead.get(tid) ?? []), { va, bytes }]);
    });
  }

  /** mmap(MAP_SHARED) of a description kept at the home (RemoteFileOwner): its object, or the outcome. */
  mapShared(t: Thread, handle: number, generation: number): SharedMemory | SyscallOutcome {
    if (generation !== this.generation) return -EIO; // opened at a home that died since
    return this.maps.mapShared(t, handle);
  }

  syscall(t: Thread, nr: number): SyscallOutcome | undefined {
    if (nr === SYS.futex) return this.futex(t);
    if (nr === SYS.execve) return this.execve(t);
    if (nr === SYS.ppoll || nr === SYS.pselect6 || nr === SYS.epoll_pwait || nr === SYS.epoll_pwait2)
      return this.beforePoll(t);
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
    // a counted buffer moves a page at most (a socket call's, a socket buffer)
    for (const b of row.buffers) {
      if (b.size.kind !== 'count') continue;
      const at = b.size.arg;
      const most = BigInt(Math.floor((SOCKET_CALLS.has(sent) ? SOCKET_IO_MAX : FS_IO_MAX) / b.size.unit));
      if ((regs[at] ?? 0n) > most) regs[at] = most;
    }
    const memory: CarriedPiece[] = [];
    let carried = 0;
    // memory the table row cannot name: what a msghdr points at, a getsockopt's value
    const extra = socketCallPieces(t.process.um, nr, (i) => t.x(10 + i));
    if (typeof extra === 'number') return extra;
    memory.push(...(extra ?? []));
    for (const b of row.buffers) {
      if (nr === SYS.sendmsg || nr === SYS.recvmsg) break; // carried above, header included
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
    // two long paths: more than one message carries (a socket call's buffers go ahead, below)
    if (carried > FS_IO_MAX + 256 && !SOCKET_CALLS.has(sent)) return -ENAMETOOLONG;
    // a socket send larger than one message carries: its biggest buffers go ahead (FS_STAGE)
    const ahead = takeAhead(memory);
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
    for (const { va, bytes } of inPages(ahead))
      this.messenger.send(this.home, MSG.FS_STAGE, FS_IF.FS_STAGE.encode({ tid: t.tid, va, bytes }), this.k.now);
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
      this.writtenAhead.delete(t.tid);
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
    this.writtenAhead.delete(t.tid);
    this.stats.cancelled++;
    this.messenger.send(this.home, MSG.FS_CANCEL, FS_IF.FS_CANCEL.encode({ tid: t.tid }), this.k.now);
  }

  /** Step 2's end, in the syscall run again: the home's writes, a new descriptor, the result. */
  private finish(t: Thread, reply: FsReply): number {
    // a page may be elsewhere (a proxy's): the copy throws PageMiss and the record waits
    for (const w of [...(this.writtenAhead.get(t.tid) ?? []), ...reply.written])
      if (!t.process.um.write(w.va, w.bytes)) return this.done(t, -EFAULT);
    if (reply.cwd !== '') t.process.cwd = reply.cwd;
    let result = reply.result;
    for (const o of reply.opened) {
      const file = new RemoteFile(o.handle, this.home, o.kind, o.flags, o.path, this);
      if (watchable(o.kind)) this.pipes.add(o.handle);
      const fd = t.process.fds.install(file, o.cloexec);
      if (fd < 0) this.closed(o.handle, t.process.pid, true);
      result = fd < 0 ? -EMFILE : fd;
    }
    return this.done(t, result);
  }

  private done(t: Thread, result: number): number {
    this.calls.delete(t);
    this.writtenAhead.delete(t.tid);
    return result;
  }

  /** A descriptor on a remote description was closed (RemoteFileOwner). */
  closed(handle: number, pid: number, last: boolean): void {
    if (last) {
      this.watches.delete(handle); // the home stops watching it as it lets it go
      // what closing a pipe changes (its last writer gone) is told after the poll that follows
      // unless that poll waits: every pipe watched is asked again (readiness.ts, step 1)
      if (this.pipes.delete(handle))
        for (const [h, w] of this.watches) if (w.watch.phase === 'known') this.watch(h, w.queue);
    }
    this.messenger.send(this.home, MSG.FS_RELEASE, FS_IF.FS_RELEASE.encode({ handle, pid, last }), this.k.now);
  }

  /** The kernel's execve, after which the files it fetched are let go (unless it sleeps for one). */
  private execve(t: Thread): SyscallOutcome | undefined {
    const result = this.k.syscalls.row(SYS.execve)?.handler?.(this.k, t);
    if (result !== BLOCKED) this.execs.delete(t);
    return result;
  }

  /** SharedFsHooks.executable: a file of the shared tree execve needs, fetched from the home. */
  executable(t: Thread, path: string): Uint8Array | number | typeof BLOCKED | undefined {
    if (!inSharedTree(absoluteOf(t.process.cwd, path))) return undefined;
    // kept for the thread until its execve ends (a script's interpreter may have to come too)
    return this.fetchFile(t, path, 0, `exec ${path}`);
  }

  /**
   * RemoteFileOwner.mapPrivate: the bytes of a file an mmap(MAP_PRIVATE) copies, fetched from
   * the home in pieces as execve's program is (the thread asleep meanwhile; its mmap then runs
   * again and takes them, and they are let go).
   */
  mapPrivate(t: Thread, handle: number, generation: number): Uint8Array | SyscallOutcome {
    if (generation !== this.generation) return -EIO;
    const key = privateMapKey(handle);
    const got = this.fetchFile(t, key, handle, `mmap ${handle}`);
    if (got !== BLOCKED) {
      const files = this.execs.get(t);
      files?.delete(key);
      if (files?.size === 0) this.execs.delete(t);
    }
    return got;
  }

  /**
   * The bytes of a file thread `t` needs from the home, under `key` among its fetches (a path,
   * or an mmap's description `handle`): the bytes once every piece came, -errno, or BLOCKED
   * while they come (the thread sleeps, not interruptibly, as Linux reads a program or a
   * file's pages: the fetch ends by itself, the home's death included, onEpoch).
   */
  private fetchFile(t: Thread, key: string, handle: number, label: string): Uint8Array | number | typeof BLOCKED {
    let files = this.execs.get(t);
    if (!files) this.execs.set(t, (files = new Map<string, FileFetch>()));
    const fetching = files.get(key);
    if (fetching?.fetch.phase === 'done') return fetching.bytes;
    if (fetching?.fetch.phase === 'failed') return fetching.fetch.error ?? -EIO;
    if (fetching) return this.k.block(t, fetching.sleep);
    if (this.messenger.peerDead(this.home)) {
      this.stats.failedHomeDead++;
      return -EIO;
    }
    const step = startFetch();
    const f: FileFetch = {
      fetch: step.fetch,
      bytes: new Uint8Array(0),
      sleep: { queue: new WaitQueue(label), interruptible: false },
      handle,
    };
    files.set(key, f);
    if (handle === 0) this.stats.execFetches++;
    else this.stats.privateMaps++;
    this.askPieces(t, key, f, step.ask);
    return this.k.block(t, f.sleep);
  }

  private askPieces(t: Thread, path: string, f: FileFetch, offsets: readonly number[]): void {
    for (const offset of offsets) {
      const body = FS_IF.FS_EXEC_READ.encode({
        tid: t.tid,
        cwd: t.process.cwd,
        path: f.handle === 0 ? path : '',
        handle: f.handle,
        offset,
        ino: f.fetch.ino,
        mtime: f.fetch.mtime,
      });
      this.stats.execPieces++;
      this.messenger.request(this.home, MSG.FS_EXEC_READ, body, this.k.now, (m) => {
        this.pieceCame(t, path, f, offset, FS_IF.FS_EXEC_DATA.decode(m.body));
      });
    }
  }

  private pieceCame(
    t: Thread,
    path: string,
    f: FileFetch,
    offset: number,
    reply: ReturnType<typeof FS_IF.FS_EXEC_DATA.decode>,
  ): void {
    if (this.execs.get(t)?.get(path) !== f) return; // the execve ended (its thread died)
    const step = pieceCame(f.fetch, offset, { ...reply, length: reply.bytes.length });
    if (f.fetch.size === undefined && step.fetch.size !== undefined) f.bytes = new Uint8Array(step.fetch.size);
    if (step.fetch.phase !== 'failed' && f.fetch.phase === 'fetching') f.bytes.set(reply.bytes, offset);
    f.fetch = step.fetch;
    this.askPieces(t, path, f, step.ask);
    if (f.fetch.phase !== 'fetching') this.k.wakeAll(f.sleep.queue as WaitQueue);
  }

  /** readiness.ts step 1: the remote named pipes the process holds are watched before it polls. */
  private beforePoll(t: Thread): SyscallOutcome | undefined {
    if (this.messenger.peerDead(this.home)) return undefined; // every one is lost: ready
    const held: Array<{ handle: number; kind: InodeKind }> = [];
    for (const [, f] of t.process.fds.entries())
      if (f instanceof RemoteFile && f.generation === this.generation)
        held.push({ handle: f.handle, kind: f.inode.kind });
    const plan = beforePoll(held, (handle) => this.watches.get(handle)?.watch);
    for (const handle of plan.watch) this.watch(handle);
    const unknown = held.find((h) => this.watches.get(h.handle)?.watch.phase === 'asked');
    if (!plan.wait || !unknown) return undefined;
    // a signal ends the wait as it would the poll: EINTR, never restarted
    return this.k.block(t, { queue: this.watchQueue(unknown.handle), interruptible: true, restartable: false });
  }

  private watch(handle: number, queue = new WaitQueue(`remote pipe ${handle}`)): void {
    this.watches.set(handle, { watch: { phase: 'asked' }, queue });
    this.messenger.send(this.home, MSG.FS_WATCH, FS_IF.FS_WATCH.encode({ handle }), this.k.now);
  }

  private watchQueue(handle: number): WaitQueue {
    if (!this.watches.has(handle)) this.watch(handle);
    return (this.watches.get(handle) as { queue: WaitQueue }).queue;
  }

  /** Step 3: what the home told of a watched description. */
  private ready(m: Delivered): void {
    const r = FS_IF.FS_READY.decode(m.body);
    const w = this.watches.get(r.handle);
    if (!w) return; // closed here since
    w.watch = { phase: 'known', readiness: readinessOf(r) };
    this.stats.readyTold++;
    wakeFile(this.k, w.queue);
  }

  /** RemoteFileOwner.readiness: as the home last told it; a lost home's is ready with an error (step 4). */
  readiness(handle: number, generation: number): PollState {
    if (generation !== this.generation || this.messenger.peerDead(this.home)) return { ...LOST, queue: this.lost };
    const queue = this.watchQueue(handle);
    const w = this.watches.get(handle)?.watch;
    return w?.phase === 'known' ? { ...w.readiness, queue } : { readable: false, writable: false, queue };
  }

  /** Step 4: the pollers of every watched description look again, and find it lost. */
  private loseWatches(): void {
    const queues = [...this.watches.values()].map((w) => w.queue);
    this.watches.clear();
    for (const q of queues) wakeFile(this.k, q);
  }

  /** The home booted again (peer-watch.ts): descriptors opened at the old instance fail with EIO from now on. */
  homeBack(): void {
    this.generation++;
    this.pipes.clear();
    this.loseWatches();
  }

  /** The fetches of threads still alive (those of threads that died are let go). */
  private liveExecs(): Array<Map<string, FileFetch>> {
    for (const t of [...this.execs.keys()]) if (!t.alive) this.execs.delete(t);
    return [...this.execs.values()];
  }

  /** At every epoch start: calls of threads that died are cancelled; a dead home answers every call with EIO. */
  onEpoch(): void {
    this.maps.onEpoch();
    for (const t of [...this.waiting.keys()]) if (!t.alive) this.cancel(t);
    this.liveExecs();
    if (!this.messenger.peerDead(this.home)) return;
    this.loseWatches();
    for (const [t, sleep] of [...this.waiting]) {
      this.stats.failedHomeDead++;
      this.answered(t, sleep, undefined);
    }
    for (const files of this.liveExecs()) {
      for (const f of files.values()) {
        if (f.fetch.phase !== 'fetching') continue;
        this.stats.failedHomeDead++;
        f.fetch = homeLost(f.fetch);
        this.k.wakeAll(f.sleep.queue as WaitQueue);
      }
    }
  }
}

/** The calls that move bytes, in pieces of a page at most. */
/** The socket calls whose counted buffers move up to SOCKET_IO_MAX (a datagram goes whole). */
const SOCKET_CALLS = new Set<number>([SYS.sendto, SYS.recvfrom, SYS.sendmsg, SYS.recvmsg]);

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

/** The key of an mmap(MAP_PRIVATE)'s fetch among a thread's fetches (a NUL: never a path's). */
const privateMapKey = (handle: number) => `\0mmap ${handle}`;
