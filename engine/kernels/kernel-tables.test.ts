// The kernel's process and thread tables and its run queue are read by anyone (the services,
// /proc, the views) and changed only through the kernel's methods: the types say so, and the
// methods keep the tables consistent.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { bootKernel, spawnProcess } from './fs/test-kernel';
import { newThread } from './proc/lifecycle';
import type { Process, Thread } from './proc/task';

describe("the kernel's tables", () => {
  it('register a process and its threads, queue a thread to run, and forget them', async () => {
    const k = await bootKernel();
    const t = spawnProcess(k);
    const p = t.process;
    expect(k.processes.get(p.pid)).toBe(p);
    const second = newThread(k, p);
    expect(k.threads.get(second.tid)).toBe(second);
    expect(k.runQueue).not.toContain(second);
    k.makeRunnable(second);
    expect(second.state).toBe('runnable');
    expect(k.runQueue.at(-1)).toBe(second);
    k.removeThread(second);
    expect(k.threads.has(second.tid)).toBe(false);
    k.removeProcess(p);
    expect(k.processes.has(p.pid)).toBe(false);
    expect(k.threads.has(t.tid)).toBe(false);
  });

  it('are read-only outside the kernel (a check the type checker makes)', async () => {
    const k = await bootKernel();
    expectTypeOf(k.runQueue).toEqualTypeOf<readonly Thread[]>();
    expectTypeOf(k.threads).toEqualTypeOf<ReadonlyMap<number, Thread>>();
    expectTypeOf(k.processes).toEqualTypeOf<ReadonlyMap<number, Process>>();
  });
});
