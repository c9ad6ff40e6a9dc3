// The table of file locks (Linux's fs/locks.c, its bookkeeping half): byte-range locks (POSIX
// record locks, owned by a process, and open file description locks, owned by a description)
// and whole-file flock locks, per file. It holds plain values only (a file is a number, an
// owner a string), with no threads, queues or kernel objects, so one table can serve a whole
// machine from wherever it is kept; the kernel side (fs/locks.ts) does the sleeping and waking.
//
// As in Linux, POSIX and OFD locks share one space and conflict with each other (different
// owners), flock locks are a separate space, and a range ends at an inclusive offset, OFFSET_MAX
// meaning "to the end of the file, however far it grows".

export const F_RDLCK = 0;
export const F_WRLCK = 1;
export const F_UNLCK = 2;

/** The largest file offset (Linux's OFFSET_MAX): a lock ending there runs to the end of the file. */
export const OFFSET_MAX = (1n << 63n) - 1n;

/** A lock owner: `p<pid>` for a process's POSIX locks, `d<description>` for OFD and flock locks. */
export type LockOwner = string;

export const processOwner = (pid: number): LockOwner => `p${pid}`;

export type LockType = typeof F_RDLCK | typeof F_WRLCK;

export interface RangeLock {
  owner: LockOwner;
  /** What F_GETLK reports as l_pid: the owning process, or -1 for an OFD lock. */
  pid: number;
  type: LockType;
  start: bigint;
  /** Inclusive; OFFSET_MAX for "to the end of the file". */
  end: bigint;
}

export interface FlockLock {
  owner: LockOwner;
  type: LockType;
}

interface FileLocks {
  /** Grouped by owner (in the order owners first locked), each owner's by start, as Linux keeps them. */
  ranges: RangeLock[];
  flocks: FlockLock[];
}

const overlaps = (l: RangeLock, start: bigint, end: bigint) => l.start <= end && l.end >= start;

export class LockTable {
  private readonly files = new Map<number, FileLocks>();

  private of(file: number): FileLocks {
    let f = this.files.get(file);
    if (!f) this.files.set(file, (f = { ranges: [], flocks: [] }));
    return f;
  }

  private tidy(file: number): void {
    const f = this.files.get(file);
    if (f && f.ranges.length === 0 && f.flocks.length === 0) this.files.delete(file);
  }

  /** The first range lock of another owner that a `type` lock of [start, end] by `owner` conflicts with. */
  conflict(file: number, owner: LockOwner, type: LockType, start: bigint, end: bigint): RangeLock | undefined {
    return this.files
      .get(file)
      ?.ranges.find((l) => l.owner !== owner && overlaps(l, start, end) && (l.type === F_WRLCK || type === F_WRLCK));
  }

  /**
   * Sets `owner`'s locks on [start, end] to `type` (F_UNLCK removes them), merging with its
   * adjacent and overlapping locks of the same type and splitting those of another type, as
   * Linux's posix_lock_inode does. The caller has checked for conflicts. True if any of the
   * owner's locks was taken away or weakened (then waiters may go on).
   */
  setRange(
    file: number,
    owner: LockOwner,
    pid: number,
    type: LockType | typeof F_UNLCK,
    start: bigint,
    end: bigint,
  ): boolean {
    const f = this.of(file);
    const at = f.ranges.findIndex((l) => l.owner === owner);
    const mine = f.ranges.filter((l) => l.owner === owner);
    const others = f.ranges.filter((l) => l.owner !== owner);
    let [s, e] = [start, end];
    let released = false;
    const kept: RangeLock[] = [];
    for (const l of mine) {
      const adjacent = l.start <= (e === OFFSET_MAX ? e : e + 1n) && l.end >= s - 1n;
      if (type !== F_UNLCK && l.type === type && adjacent) {
        s = l.start < s ? l.start : s;
        e = l.end > e ? l.end : e;
        continue;
      }
      if (!overlaps(l, start, end)) {
        kept.push(l);
        continue;
      }
      released = true; // a part of it is unlocked or changes type
      if (l.start < start) kept.push({ ...l, end: start - 1n });
      if (l.end > end) kept.push({ ...l, start: end + 1n });
    }
    if (type !== F_UNLCK) kept.push({ owner, pid, type, start: s, end: e });
    kept.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    const place = at < 0 ? others.length : f.ranges.slice(0, at).filter((l) => l.owner !== owner).length;
    f.ranges = [...others.slice(0, place), ...kept, ...others.slice(place)];
    this.tidy(file);
    return released;
  }

  /** Drops every range lock of `owner` on `file`; true if there were any. */
  releaseRanges(file: number, owner: LockOwner): boolean {
    const f = this.files.get(file);
    if (!f) return false;
    const before = f.ranges.length;
    f.ranges = f.ranges.filter((l) => l.owner !== owner);
    this.tidy(file);
    return f.ranges.length !== before;
  }

  /** The flock lock `owner` holds on `file`, if any. */
  flockOf(file: number, owner: LockOwner): FlockLock | undefined {
    return this.files.get(file)?.flocks.find((l) => l.owner === owner);
  }

  /** Whether a `type` flock by `owner` conflicts with another owner's. */
  flockConflict(file: number, owner: LockOwner, type: LockType): boolean {
    return (
      this.files.get(file)?.flocks.some((l) => l.owner !== owner && (l.type === F_WRLCK || type === F_WRLCK)) ?? false
    );
  }

  /** Sets (or with F_UNLCK drops) `owner`'s flock lock; true if a lock was dropped or weakened. */
  setFlock(file: number, owner: LockOwner, type: LockType | typeof F_UNLCK): boolean {
    const f = this.of(file);
    const old = f.flocks.find((l) => l.owner === owner);
    f.flocks = f.flocks.filter((l) => l.owner !== owner);
    if (type !== F_UNLCK) f.flocks.push({ owner, type });
    this.tidy(file);
    return old !== undefined && (type === F_UNLCK || old.type === F_WRLCK);
  }

  /** Every lock of `file`, for /proc/locks and the tests. */
  locksOf(file: number): { ranges: readonly RangeLock[]; flocks: readonly FlockLock[] } {
    const f = this.files.get(file);
    return { ranges: f?.ranges ?? [], flocks: f?.flocks ?? [] };
  }

  /** The files that have locks. */
  lockedFiles(): number[] {
    return [...this.files.keys()];
  }
}
