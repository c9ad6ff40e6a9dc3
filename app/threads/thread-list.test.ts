import { describe, expect, it } from 'vitest';
import type { ViewThread } from '../../engine/machine/browser/kernel-view';
import { sameRows, threadRows } from './thread-list';

const thread = (over: Partial<ViewThread>): ViewThread => ({
  pid: 1,
  tid: 1,
  origin: 0,
  kernel: 0,
  state: 'runnable',
  hart: -1,
  pc: 0x10000,
  cpuNs: 0,
  syscalls: 0,
  comm: 'sh',
  movingTo: -1,
  blockedIn: '',
  ...over,
});

describe('thread rows', () => {
  it('orders by process then thread and offers every other kernel that is up', () => {
    const rows = threadRows(
      [thread({ pid: 5, tid: 9, kernel: 1 }), thread({ pid: 5, tid: 5 }), thread({ pid: 2, tid: 2, kernel: 2 })],
      [true, true, false],
    );
    expect(rows.map((r) => r.label)).toEqual(['2·2', '5·5', '5·9']);
    expect(rows.map((r) => r.targets)).toEqual([[0, 1], [1], [0]]);
  });

  it('notices a thread that moved, and only that', () => {
    const before = threadRows([thread({ tid: 3 }), thread({ tid: 4 })], [true, true]);
    expect(sameRows(before, threadRows([thread({ tid: 3 }), thread({ tid: 4 })], [true, true]))).toBe(true);
    expect(sameRows(before, threadRows([thread({ tid: 3 }), thread({ tid: 4, kernel: 1 })], [true, true]))).toBe(false);
    expect(sameRows(before, threadRows([thread({ tid: 3 })], [true, true]))).toBe(false);
  });

  it('notices a thread that now waits to move, or sleeps in another call', () => {
    const before = threadRows([thread({ tid: 3 })], [true, true]);
    expect(sameRows(before, threadRows([thread({ tid: 3, movingTo: 1 })], [true, true]))).toBe(false);
    expect(sameRows(before, threadRows([thread({ tid: 3, blockedIn: 'wait4' })], [true, true]))).toBe(false);
  });
});
