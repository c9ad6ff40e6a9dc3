import { describe, expect, it } from 'vitest';
import { EV } from '../../engine/machine/browser/trace-events';
import { PageHistory, pageEventOf, type KernelEvent } from './page-history';

const ev = (kind: number, fields: Partial<KernelEvent>): KernelEvent => ({
  time: 1000,
  kind,
  hart: 0,
  pid: 0,
  tid: 0,
  a: 0,
  b: 0,
  c: 0,
  kernel: 0,
  ...fields,
});

describe('pageEventOf', () => {
  it('reads faults and fetches by the thread pid and the page of their address', () => {
    expect(pageEventOf(ev(EV.PAGE_FAULT, { pid: 3, tid: 4, a: 1, b: 0x12345, kernel: 1 }), 3)).toEqual({
      va: 0x12000,
      record: { time: 1000, kernel: 1, tid: 4, action: 'write fault' },
    });
    expect(pageEventOf(ev(EV.PAGE_FETCH, { pid: 3, tid: 4, a: 0, b: 0x12000, kernel: 1 }), 3)?.record.action).toBe(
      'read fetch',
    );
    expect(pageEventOf(ev(EV.PAGE_FETCH, { pid: 5, a: 1, b: 0x12000 }), 3)).toBeUndefined();
  });

  it('reads invalidations by the pid in c', () => {
    const inv = ev(EV.PAGE_INVALIDATE, { c: 3, a: 0, b: 0x9000, kernel: 2 });
    expect(pageEventOf(inv, 3)).toEqual({
      va: 0x9000,
      record: { time: 1000, kernel: 2, tid: 0, action: 'invalidated' },
    });
    expect(pageEventOf({ ...inv, a: 1 }, 3)?.record.action).toBe('downgraded');
    expect(pageEventOf({ ...inv, pid: 3, c: 4 }, 3)).toBeUndefined();
  });

  it('ignores other kinds', () => {
    expect(pageEventOf(ev(EV.SYSCALL, { pid: 3 }), 3)).toBeUndefined();
    expect(pageEventOf(ev(EV.MIGRATE, { pid: 3 }), 3)).toBeUndefined();
  });
});

describe('PageHistory', () => {
  it('keeps each page newest first and counts fetches, faults and invalidations', () => {
    const h = new PageHistory(3);
    h.add(ev(EV.PAGE_FAULT, { pid: 3, b: 0x5008, time: 1 }));
    h.add(ev(EV.PAGE_FETCH, { pid: 3, b: 0x5000, time: 2, a: 1 }));
    h.add(ev(EV.PAGE_INVALIDATE, { c: 3, b: 0x5000, time: 3 }));
    h.add(ev(EV.PAGE_FETCH, { pid: 9, b: 0x5000, time: 4 }));
    expect(h.of(0x5000).map((r) => [r.time, r.action])).toEqual([
      [3, 'invalidated'],
      [2, 'write fetch'],
      [1, 'read fault'],
    ]);
    expect([h.fetches, h.faults, h.invalidations, h.version]).toEqual([1, 1, 1, 3]);
    expect(h.of(0x6000)).toEqual([]);
  });

  it('keeps a bounded number of records per page', () => {
    const h = new PageHistory(3, { perPage: 4, pages: 10 });
    for (let t = 0; t < 50; t++) h.add(ev(EV.PAGE_FETCH, { pid: 3, b: 0x5000, time: t }));
    expect(h.of(0x5000).map((r) => r.time)).toEqual([49, 48, 47, 46]);
    expect(h.fetches).toBe(50);
  });

  it('forgets the page touched longest ago past its limit of pages', () => {
    const h = new PageHistory(3, { perPage: 4, pages: 2 });
    h.add(ev(EV.PAGE_FETCH, { pid: 3, b: 0x1000 }));
    h.add(ev(EV.PAGE_FETCH, { pid: 3, b: 0x2000 }));
    h.add(ev(EV.PAGE_FETCH, { pid: 3, b: 0x1000 })); // 0x1000 touched again: 0x2000 is the oldest
    h.add(ev(EV.PAGE_FETCH, { pid: 3, b: 0x3000 }));
    expect(h.tracked).toBe(2);
    expect(h.of(0x2000)).toEqual([]);
    expect(h.of(0x1000)).toHaveLength(2);
  });
});
