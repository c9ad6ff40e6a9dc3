// An epoll instance's rules entry by entry, on pipes of a real kernel (t-epoll checks the
// syscalls against Linux under qemu-riscv64).

import { beforeEach, describe, expect, it } from 'vitest';
import type { Kernel } from '../kernel';
import { EPOLLET, EPOLLIN, EPOLLONESHOT, EPOLLOUT, type EventPoll, openEventPoll } from './eventpoll';
import type { OpenFile } from './file';
import { release } from './fd-table';
import { createPipe } from './pipe';
import { bootKernel, spawnProcess } from './test-kernel';

let k: Kernel;
let ep: EventPoll;
let reader: OpenFile;
let writer: OpenFile;

beforeEach(async () => {
  k = await bootKernel();
  ep = openEventPoll(k).ep;
  [reader, writer] = createPipe(k, 0);
});

const state = (f: OpenFile) => f.ops.poll?.(f);
const write = (bytes: string) => writer.ops.write?.(writer, new TextEncoder().encode(bytes), ctx());
const read = (n: number) => reader.ops.read?.(reader, n, ctx());
const ctx = () => ({ kernel: k, thread: spawnProcess(k) });
/** What a wait would report now, delivered (so edge and one-shot entries change). */
function wait(max = 8): Array<[bigint, number]> {
  const { ready, take } = ep.ready(max, state);
  take();
  return ready.map((r) => [r.interest.data, r.events]);
}

describe('EventPoll', () => {
  it('level-triggered: reported while ready', () => {
    ep.add(k, 3, reader, EPOLLIN, 7n);
    expect(wait()).toEqual([]);
    write('ab');
    expect(wait()).toEqual([[7n, EPOLLIN]]);
    expect(wait()).toEqual([[7n, EPOLLIN]]);
    read(2);
    expect(wait()).toEqual([]);
  });

  it('edge-triggered: once per change, re-armed by the next wake of the file', () => {
    ep.add(k, 3, reader, EPOLLIN | EPOLLET, 1n);
    write('a');
    expect(wait()).toHaveLength(1);
    expect(wait()).toEqual([]); // still readable, nothing new
    write('b'); // wakes the pipe's queue: the entry's watcher re-arms it
    expect(wait()).toHaveLength(1);
  });

  it('one-shot: off once reported, until modified', () => {
    ep.add(k, 3, reader, EPOLLIN | EPOLLONESHOT, 1n);
    write('a');
    expect(wait()).toHaveLength(1);
    expect(wait()).toEqual([]);
    ep.modify(k, ep.get(3, reader) as NonNullable<ReturnType<EventPoll['get']>>, EPOLLIN, 2n);
    expect(wait()).toEqual([[2n, EPOLLIN]]);
  });

  it('reports only the events asked for, at most max, in the order added; an entry goes with its last descriptor', () => {
    ep.add(k, 4, writer, EPOLLOUT, 4n);
    ep.add(k, 3, reader, EPOLLIN, 3n);
    write('a');
    expect(wait(1)).toEqual([[4n, EPOLLOUT]]);
    expect(wait()).toEqual([
      [4n, EPOLLOUT],
      [3n, EPOLLIN],
    ]);
    release(writer, k);
    expect(ep.interests.map((i) => i.data)).toEqual([4n, 3n]);
    wait();
    expect(ep.interests.map((i) => i.data)).toEqual([3n]);
  });

  it('the same descriptor number on another description is another entry', () => {
    ep.add(k, 3, reader, EPOLLIN, 1n);
    expect(ep.get(3, reader)).toBeDefined();
    expect(ep.get(3, writer)).toBeUndefined();
  });
});
