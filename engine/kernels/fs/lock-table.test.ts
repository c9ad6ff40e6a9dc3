import { describe, expect, it } from 'vitest';
import { F_RDLCK, F_UNLCK, F_WRLCK, LockTable, OFFSET_MAX } from './lock-table';

const F = 7; // a file
const ranges = (t: LockTable) => t.locksOf(F).ranges.map((l) => `${l.owner}:${'RW'[l.type]}${l.start}-${l.end}`);

describe('the lock table', () => {
  it("merges one owner's adjacent and overlapping locks of a type, and splits across types", () => {
    const t = new LockTable();
    t.setRange(F, 'p1', 1, F_WRLCK, 0n, 9n);
    t.setRange(F, 'p1', 1, F_WRLCK, 10n, 19n); // adjacent: one lock
    expect(ranges(t)).toEqual(['p1:W0-19']);
    t.setRange(F, 'p1', 1, F_RDLCK, 5n, 7n); // a read lock in the middle splits it
    expect(ranges(t)).toEqual(['p1:W0-4', 'p1:R5-7', 'p1:W8-19']);
    expect(t.setRange(F, 'p1', 1, F_UNLCK, 3n, 9n)).toBe(true);
    expect(ranges(t)).toEqual(['p1:W0-2', 'p1:W10-19']);
    t.setRange(F, 'p1', 1, F_WRLCK, 3n, OFFSET_MAX); // to the end: swallows [10, 19]
    expect(ranges(t)).toEqual([`p1:W0-${OFFSET_MAX}`]);
  });

  it('finds conflicts only with other owners, and read locks share', () => {
    const t = new LockTable();
    t.setRange(F, 'p1', 1, F_RDLCK, 0n, 9n);
    t.setRange(F, 'p2', 2, F_RDLCK, 5n, 14n);
    expect(t.conflict(F, 'p3', F_RDLCK, 0n, 20n)).toBeUndefined();
    expect(t.conflict(F, 'p1', F_WRLCK, 0n, 4n)).toBeUndefined(); // only its own lock there
    expect(t.conflict(F, 'p1', F_WRLCK, 0n, 9n)?.owner).toBe('p2');
    expect(t.conflict(F, 'p3', F_WRLCK, 12n, 12n)?.pid).toBe(2);
    expect(t.conflict(F + 1, 'p3', F_WRLCK, 0n, OFFSET_MAX)).toBeUndefined();
  });

  it("keeps each owner's locks together, owners in the order they first locked", () => {
    const t = new LockTable();
    t.setRange(F, 'p2', 2, F_WRLCK, 50n, 59n);
    t.setRange(F, 'p1', 1, F_WRLCK, 0n, 9n);
    t.setRange(F, 'p2', 2, F_WRLCK, 20n, 29n);
    expect(ranges(t)).toEqual(['p2:W20-29', 'p2:W50-59', 'p1:W0-9']);
    expect(t.conflict(F, 'p3', F_WRLCK, 0n, 100n)?.owner).toBe('p2'); // the first in that order
    expect(t.releaseRanges(F, 'p2')).toBe(true);
    expect(t.releaseRanges(F, 'p2')).toBe(false);
    expect(ranges(t)).toEqual(['p1:W0-9']);
  });

  it('keeps flock locks apart from range locks: shared, exclusive, and conversion', () => {
    const t = new LockTable();
    t.setRange(F, 'd1', -1, F_WRLCK, 0n, OFFSET_MAX);
    expect(t.flockConflict(F, 'd1', F_WRLCK)).toBe(false);
    t.setFlock(F, 'd1', F_RDLCK);
    t.setFlock(F, 'd2', F_RDLCK);
    expect(t.flockConflict(F, 'd3', F_RDLCK)).toBe(false);
    expect(t.flockConflict(F, 'd2', F_WRLCK)).toBe(true);
    expect(t.setFlock(F, 'd1', F_UNLCK)).toBe(true);
    expect(t.flockConflict(F, 'd2', F_WRLCK)).toBe(false);
    expect(t.flockOf(F, 'd2')?.type).toBe(F_RDLCK);
    t.releaseRanges(F, 'd1');
    t.setFlock(F, 'd2', F_UNLCK);
    expect(t.lockedFiles()).toEqual([]);
  });
});
