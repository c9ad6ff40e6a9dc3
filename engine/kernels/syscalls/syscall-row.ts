// What one row of the syscall table says about a system call besides its handler: the user
// memory it reads and writes (which argument points at it, how big it is, whether it is read,
// written or both), and where it runs for a thread that migrated to another kernel. The rows
// themselves are in table.ts; the multikernel services derive their rules from these facts
// (what to fault in before a call runs, what to forward home) instead of keeping lists.
//
// Sizes are never written here as numbers: a struct's size comes from the module that lays
// the struct out (STAT_BYTES from fs-stat.ts, TIMESPEC_BYTES from time.ts, ...).

import { IOVEC_BYTES } from './fs-io';
import type { SyscallHandler } from './types';
import type { Thread } from '../proc/task';

/**
 * Where a syscall of a migrated thread runs (Popcorn's syscall forwarding):
 * - local: where the thread is; it needs only the thread and its address space;
 * - forward: at the origin, by a proxy with the thread's registers (SYSCALL_FWD);
 * - futex: at the origin, which owns the futex queues (FUTEX_REQUEST);
 * - vma: at the origin, which owns the VMAs, under the VMA server (VMA_OP_REQUEST); the
 *   origin's own threads run these under the VMA server too;
 * - home: the thread goes home first and the call runs there (fork, exec);
 * - exit: the thread ends where it is and its proxy exits at the origin.
 */
export type Placement = 'local' | 'forward' | 'futex' | 'vma' | 'home' | 'exit';
export const PLACEMENTS: readonly Placement[] = ['local', 'forward', 'futex', 'vma', 'home', 'exit'];

/** A C int or a pid_t/uid_t-sized word in user memory (riscv64 LP64). */
export const INT_BYTES = 4;

/** A test on one argument: `(arg & mask)` is one of `values` (mask: all bits when absent). */
export interface ArgTest {
  arg: number;
  mask?: number;
  values: readonly number[];
}

/** How big a user buffer is. */
export type BufferSize =
  /** a fixed-size struct or word */
  | { kind: 'bytes'; bytes: number }
  /** `unit` bytes per count in argument `arg` (read's count, ppoll's nfds x struct pollfd) */
  | { kind: 'count'; arg: number; unit: number }
  /** an fd_set for the descriptors below argument `arg` (select's bitmaps, in longs) */
  | { kind: 'fdset'; arg: number }
  /** a NUL-terminated string (a path: PATH_MAX at most); its length is known only by reading it */
  | { kind: 'string' }
  /** a NULL-terminated array of string pointers (execve's argv and envp) */
  | { kind: 'strings' }
  /** an array of `arg` struct iovec; the buffers they name are accessed in the row's direction */
  | { kind: 'iovecs'; arg: number };

/** One user buffer a syscall touches. */
export interface UserBuffer {
  /** The argument (0..5) that holds its address, or the thread's clear_child_tid word. */
  at: number | 'clear_child_tid';
  /** in: the call reads it; out: the call writes it; inout: both. */
  dir: 'in' | 'out' | 'inout';
  size: BufferSize;
  /** What it is, for people (the C type, as in the man page). */
  what: string;
  /** Only when this holds (clone's flags, ioctl's request, fcntl's command, futex's op). */
  when?: ArgTest;
}

/** One row of the table: everything the machine knows about one syscall number. */
export interface SyscallRow {
  nr: number;
  name: string;
  /** Undefined for a number the kernel knows by name but does not implement (ENOSYS). */
  handler: SyscallHandler | undefined;
  buffers: readonly UserBuffer[];
  /** Where it runs for a migrated thread. */
  remote: Placement;
  /** The exception to `remote` some arguments make (the process CPU clock, a thread clone). */
  remoteUnless?: { when: ArgTest; remote: Placement };
}

// ---- building rows: the table reads as one line per syscall ----

export const bytes = (n: number): BufferSize => ({ kind: 'bytes', bytes: n });
export const count = (arg: number, unit = 1): BufferSize => ({ kind: 'count', arg, unit });
export const fdset = (arg: number): BufferSize => ({ kind: 'fdset', arg });
export const iovecs = (arg: number): BufferSize => ({ kind: 'iovecs', arg });
export const STRING: BufferSize = { kind: 'string' };
export const STRINGS: BufferSize = { kind: 'strings' };

type BufferOptions = Pick<UserBuffer, 'when'>;
export const input = (at: UserBuffer['at'], size: BufferSize, what: string, o?: BufferOptions): UserBuffer => ({
  at,
  dir: 'in',
  size,
  what,
  ...o,
});
export const output = (at: UserBuffer['at'], size: BufferSize, what: string, o?: BufferOptions): UserBuffer => ({
  at,
  dir: 'out',
  size,
  what,
  ...o,
});
export const inout = (at: UserBuffer['at'], size: BufferSize, what: string, o?: BufferOptions): UserBuffer => ({
  at,
  dir: 'inout',
  size,
  what,
  ...o,
});
/** A path argument. */
export const path = (arg: number): UserBuffer => input(arg, STRING, 'const char *pathname');
/** `when` for argument `arg` equal to one of `values`. */
export const argIs = (arg: number, ...values: number[]): BufferOptions => ({ when: { arg, values } });
/** `when` for argument `arg` with every bit of `bits` set. */
export const argHas = (arg: number, bits: number): BufferOptions => ({ when: { arg, mask: bits, values: [bits] } });

// ---- reading the facts for one call ----

/** The registers a row's facts are read from (a thread in its syscall). */
export type SyscallArgs = Pick<Thread, 'x' | 'xInt' | 'clearChildTid'>;

/** Whether `test` holds for the call's arguments (compared as C unsigned ints, as ioctl does). */
export function holds(test: ArgTest, t: SyscallArgs): boolean {
  const v = t.xInt(10 + test.arg) & (test.mask ?? -1);
  for (const want of test.values) if (v >>> 0 === want >>> 0) return true;
  return false;
}

/** Where syscall `row` of `t` runs for a migrated thread (forwarded when the kernel has no row). */
export function placementOf(row: SyscallRow | undefined, t: SyscallArgs): Placement {
  if (row === undefined) return 'forward'; // the origin answers ENOSYS and counts it
  const unless = row.remoteUnless;
  return unless !== undefined && holds(unless.when, t) ? unless.remote : row.remote;
}

/** The address of `b` in this call (0 when the call does not touch it: its `when` fails). */
export function bufferAddress(b: UserBuffer, t: SyscallArgs): number {
  if (b.when !== undefined && !holds(b.when, t)) return 0;
  return b.at === 'clear_child_tid' ? t.clearChildTid : t.x(10 + b.at);
}

/**
 * Bytes of `b` known before the call runs: its size for a struct or a counted buffer, the
 * iovec array itself for iovecs, and -1 for strings (known only by reading them).
 */
export function bufferLength(b: UserBuffer, t: SyscallArgs): number {
  const size = b.size;
  switch (size.kind) {
    case 'bytes':
      return size.bytes;
    case 'count':
      return t.x(10 + size.arg) * size.unit;
    case 'fdset':
      return Math.ceil(Math.max(0, t.xInt(10 + size.arg)) / 64) * 8;
    case 'iovecs':
      return t.x(10 + size.arg) * IOVEC_BYTES;
    case 'string':
    case 'strings':
      return -1;
  }
}

/**
 * Calls `visit` for each buffer of `row` this call touches whose size is known before it runs
 * (strings are not: they end where their NUL is). An iovec array is visited as the array,
 * which the call reads; the buffers it names are for the caller to find in it. `visit` gets
 * `t` back, so that a caller on a hot path passes a function, not a new closure per call.
 */
export function forEachSizedBuffer<T extends SyscallArgs>(
  row: SyscallRow,
  t: T,
  visit: (va: number, length: number, write: boolean, b: UserBuffer, t: T) => void,
): void {
  const buffers = row.buffers;
  for (let i = 0; i < buffers.length; i++) {
    const b = buffers[i] as UserBuffer;
    const va = bufferAddress(b, t);
    if (va === 0) continue; // not in this call (its `when` fails), or a NULL pointer
    const length = bufferLength(b, t);
    if (length < 0) continue;
    visit(va, length, b.dir !== 'in' && b.size.kind !== 'iovecs', b, t);
  }
}
