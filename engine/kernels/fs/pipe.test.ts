import { beforeEach, describe, expect, it } from 'vitest';
import { EPIPE } from '../errno';
import type { Kernel } from '../kernel';
import { PIPE_BUFFER } from '../params';
import type { Thread } from '../proc/task';
import { release } from './fd-table';
import { type Block, type IoContext, isBlock, O_NONBLOCK, O_RDONLY, O_WRONLY, type OpenFile } from './file';
import { createPipe, makeFifo, openNamedFifo, PIPE_BUF } from './pipe';
import type { PollState } from './poll-wait';
import { bootKernel, spawnProcess } from './test-kernel';

let k: Kernel;
let t: Thread;
let ctx: IoContext;

beforeEach(async () => {
  k = await bootKernel();
  t = spawnProcess(k);
  ctx = { kernel: k, thread: t };
});

const read = (f: OpenFile, n: number) => f.ops.read?.(f, n, ctx);
const write = (f: OpenFile, data: Uint8Array) => f.ops.write?.(f, data, ctx);
const poll = (f: OpenFile) => f.ops.poll?.(f) as PollState;

describe('Pipe', () => {
  it('carries bytes from the writing end to the reading end in order', () => {
    const [r, w] = createPipe(k);
    expect(write(w, Uint8Array.of(1, 2, 3))).toBe(3);
    expect(write(w, Uint8Array.of(4))).toBe(1);
    expect(read(r, 2)).toEqual(Uint8Array.of(1, 2));
    expect(read(r, 10)).toEqual(Uint8Array.of(3, 4));
    expect(r.inode.kind).toBe('fifo');
    expect(r.path).toBe(`pipe:[${r.inode.ino}]`);
  });

  it('makes a reader of an empty pipe wait while a writer exists, then gives end of file', () => {
    const [r, w] = createPipe(k);
    const blocked = read(r, 10);
    expect(isBlock(blocked)).toBe(true);
    release(w, k);
    expect(read(r, 10)).toEqual(new Uint8Array(0));
  });

  it('wakes a sleeping reader when data arrives', () => {
    const [r, w] = createPipe(k);
    const reader = spawnProcess(k).process.threads[0] as Thread;
    k.block(reader, { queue: (read(r, 1) as Block).block, interruptible: true });
    expect(reader.state).toBe('blocked');
    write(w, Uint8Array.of(9));
    expect(reader.state).toBe('runnable');
    expect(k.runQueue).toContain(reader);
  });

  it('fails writes with EPIPE once no reader is left', () => {
    const [r, w] = createPipe(k);
    release(r, k);
    expect(write(w, Uint8Array.of(1))).toBe(-EPIPE);
  });

  it('writes at most PIPE_BUF bytes whole or not at all, and longer writes in part', () => {
    const [r, w] = createPipe(k);
    expect(write(w, new Uint8Array(PIPE_BUFFER - 100))).toBe(PIPE_BUFFER - 100);
    expect(isBlock(write(w, new Uint8Array(200)))).toBe(true); // would not fit whole
    expect(write(w, new Uint8Array(PIPE_BUF + 1))).toBe(100); // not atomic: takes what fits
    expect(isBlock(write(w, new Uint8Array(PIPE_BUF + 1)))).toBe(true); // full
    read(r, 300);
    expect(write(w, new Uint8Array(200))).toBe(200);
  });

  it('reports readiness for poll: data, room, hang-up and error', () => {
    const [r, w] = createPipe(k);
    expect(poll(r)).toMatchObject({ readable: false, hangup: false });
    expect(poll(w)).toMatchObject({ writable: true, error: false });
    write(w, Uint8Array.of(1));
    expect(poll(r).readable).toBe(true);
    release(w, k);
    expect(poll(r)).toMatchObject({ readable: true, hangup: true });
    const [r2, w2] = createPipe(k);
    release(r2, k);
    expect(poll(w2).error).toBe(true);
  });

  it('a named pipe opened for reading that no writer has opened yet is not hung up; once one came and went, it is', () => {
    const inode = k.vfs.writeFile('/tmp/fifo', new Uint8Array(0));
    makeFifo(inode);
    const r = openNamedFifo(k, inode, O_RDONLY | O_NONBLOCK, '/tmp/fifo', {}) as OpenFile;
    expect(poll(r)).toMatchObject({ readable: false, hangup: false }); // Linux's pipe_poll: waiting
    const w = openNamedFifo(k, inode, O_WRONLY | O_NONBLOCK, '/tmp/fifo', {}) as OpenFile;
    expect(poll(r).hangup).toBe(false);
    release(w, k);
    expect(poll(r).hangup).toBe(true);
  });

  it('counts ends by description: a forked copy keeps the pipe open', () => {
    const [r, w] = createPipe(k);
    w.refs++; // a second descriptor (dup or fork) on the writing end
    release(w, k);
    expect(isBlock(read(r, 1))).toBe(true);
    release(w, k);
    expect(read(r, 1)).toEqual(new Uint8Array(0));
  });
});
