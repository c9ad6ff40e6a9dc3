// futex(2) for the threads of one kernel: WAIT, WAKE, their BITSET forms, REQUEUE and
// CMP_REQUEUE. A private futex (FUTEX_PRIVATE_FLAG), or one in private memory, is keyed by its
// address space and virtual address, as Linux keys them. A shared one (no FUTEX_PRIVATE_FLAG:
// glibc's process-shared mutexes and condition variables) in a MAP_SHARED mapping is keyed by
// the shared object and the offset in it, as Linux keys it by inode and page index, so
// processes mapping the object at different addresses meet on one queue. Never by physical
// address: a page of a process spread over kernels moves between frames.
// Waiters sleep in arrival order, each with its bitset.

import { EAGAIN, EFAULT, EINVAL, ENOSYS, ETIMEDOUT } from '../errno';
import type { Kernel } from '../kernel';
import type { Process, Thread } from '../proc/task';
import type { AddressSpace } from '../mm/address-space';
import { WaitQueue } from '../proc/wait-queue';
import { readTimespec } from './time';
import { SYS } from './numbers';
import type { SyscallGroup } from './types';

export const FUTEX_WAIT = 0;
export const FUTEX_WAKE = 1;
export const FUTEX_REQUEUE = 3;
export const FUTEX_CMP_REQUEUE = 4;
export const FUTEX_WAIT_BITSET = 9;
export const FUTEX_WAKE_BITSET = 10;
export const FUTEX_PRIVATE_FLAG = 128;
export const FUTEX_CLOCK_REALTIME = 256;

/** The futex word: a 32-bit int. */
export const FUTEX_WORD_BYTES = 4;

const bitsets = new WeakMap<Thread, number>();

const spaceIds = new WeakMap<AddressSpace, number>();
let nextSpaceId = 1;

/** The futex key of `uaddr` in `p` (undefined when the word is not readable: EFAULT). */
function futexKey(p: Process, uaddr: number, shared: boolean): string | undefined {
  if (p.um.wordAddress(uaddr, false) === undefined) return undefined;
  return keyOf(p, uaddr, shared);
}

/** The key, the word unread (it may be on another kernel's page). */
function keyOf(p: Process, uaddr: number, shared: boolean): string {
  const vma = shared ? p.mm.findVma(uaddr) : undefined;
  if (vma?.shared) return `shm${vma.shared.mem.id}:${vma.shared.offset + (uaddr - vma.start)}`;
  let id = spaceIds.get(p.mm);
  if (id === undefined) spaceIds.set(p.mm, (id = nextSpaceId++));
  return `${id}:${uaddr}`;
}

function queueFor(k: Kernel, key: string, create: boolean): WaitQueue | undefined {
  let q = k.futexQueues.get(key);
  if (!q && create) {
    q = new WaitQueue(`futex ${key}`);
    k.futexQueues.set(key, q);
  }
  return q;
}

/**
 * Wakes up to `n` waiters on `uaddr` whose bitset meets `mask`; returns how many woke.
 * `shared`: the futex may be shared with other processes (no FUTEX_PRIVATE_FLAG).
 */
export function futexWake(k: Kernel, p: Process, uaddr: number, n: number, mask: number, shared: boolean): number {
  const key = futexKey(p, uaddr, shared);
  if (key === undefined) return -EFAULT;
  const q = queueFor(k, key, false);
  if (!q) return 0;
  let woken = 0;
  for (const t of [...q.peek()]) {
    if (woken >= n) break;
    if (((bitsets.get(t) ?? 0xffffffff) & mask) === 0) continue;
    k.wake(t, 0);
    woken++;
  }
  if (q.size === 0) k.futexQueues.delete(key);
  return woken;
}

/** How many threads wait on `uaddr` now (whatever their bitsets). */
export function futexWaiters(k: Kernel, p: Process, uaddr: number, shared: boolean): number {
  return queueFor(k, keyOf(p, uaddr, shared), false)?.size ?? 0;
}

function futexWait(
  k: Kernel,
  t: Thread,
  uaddr: number,
  val: number,
  timeout: number,
  mask: number,
  absolute: boolean,
  realtime: boolean,
  shared: boolean,
) {
  if (mask === 0) return -EINVAL;
  const host = t.process.um.wordAddress(uaddr, false);
  const key = futexKey(t.process, uaddr, shared);
  if (host === undefined || key === undefined) return -EFAULT;
  const word = new Int32Array(k.memory.buffer);
  if (Atomics.load(word, host / 4) !== val) return -EAGAIN;
  let deadline: number | undefined;
  if (timeout) {
    const ts = readTimespec(t, timeout);
    if (ts === undefined) return -EFAULT;
    if (ts < 0) return -EINVAL;
    deadline = absolute ? ts - (realtime ? k.realtimeBase : 0) : k.timeOf(t) + ts;
  }
  bitsets.set(t, mask);
  const q = queueFor(k, key, true) as WaitQueue;
  return k.block(t, { queue: q, deadline, timeoutResult: -ETIMEDOUT, interruptible: true });
}

function requeue(
  k: Kernel,
  t: Thread,
  uaddr: number,
  n: number,
  n2: number,
  uaddr2: number,
  cmp: number | undefined,
  shared: boolean,
) {
  const host = t.process.um.wordAddress(uaddr, false);
  const key = futexKey(t.process, uaddr, shared);
  const key2 = futexKey(t.process, uaddr2, shared);
  if (host === undefined || key === undefined || key2 === undefined) return -EFAULT;
  if (cmp !== undefined && Atomics.load(new Int32Array(k.memory.buffer), host / 4) !== cmp) return -EAGAIN;
  const woken = futexWake(k, t.process, uaddr, n, 0xffffffff, shared);
  const q = queueFor(k, key, false);
  if (!q) return woken;
  const moved = q.take(n2);
  const target = queueFor(k, key2, true) as WaitQueue;
  for (const w of moved) {
    target.add(w);
    if (w.sleep) w.sleep.queue = target;
  }
  if (q.size === 0) k.futexQueues.delete(key);
  return woken + moved.length;
}

export const futexSyscalls: SyscallGroup = [
  [
    SYS.futex,
    (k, t) => {
      const uaddr = t.x(10);
      const op = t.xInt(11);
      const val = t.xInt(12);
      const cmd = op & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
      const realtime = (op & FUTEX_CLOCK_REALTIME) !== 0;
      const shared = (op & FUTEX_PRIVATE_FLAG) === 0;
      switch (cmd) {
        case FUTEX_WAIT:
          return futexWait(k, t, uaddr, val, t.x(13), 0xffffffff, false, false, shared);
        case FUTEX_WAIT_BITSET:
          return futexWait(k, t, uaddr, val, t.x(13), t.xInt(15) >>> 0, true, realtime, shared);
        case FUTEX_WAKE:
          return futexWake(k, t.process, uaddr, val, 0xffffffff, shared);
        case FUTEX_WAKE_BITSET:
          return futexWake(k, t.process, uaddr, val, t.xInt(15) >>> 0, shared);
        case FUTEX_REQUEUE:
          return requeue(k, t, uaddr, val, t.xInt(13), t.x(14), undefined, shared);
        case FUTEX_CMP_REQUEUE:
          return requeue(k, t, uaddr, val, t.xInt(13), t.x(14), t.xInt(15), shared);
        default:
          return -ENOSYS;
      }
    },
  ],
];
