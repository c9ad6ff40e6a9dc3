// What a migrating thread takes along and what it is made into where it arrives: the body of
// TASK_MIGRATE at its origin, the remote context of its process (an empty address space with the
// origin's VMAs: pages come on demand), and the thread itself. The process server calls these
// when it carries out the migration machine's 'send-migrate', 'open-context' and 'start'.

import type { Kernel } from '../../kernels/kernel';
import { AddressSpace } from '../../kernels/mm/address-space';
import { UserMemory } from '../../kernels/mm/uaccess';
import { MAX_PROCESS_MEMORY_SHARE } from '../../kernels/params';
import { FdTable } from '../../kernels/fs/fd-table';
import { Process, Thread, type SigAction } from '../../kernels/proc/task';
import { PROCESS_SERVER_IF as IF } from '../interfaces/process-server';
import type { RemoteContext } from './distribution';
import type { PageServer } from './page-server';
import { applyThreadState, loadRegisters, threadStateOf, type SharedBinding, type ThreadState } from './wire';

/** TASK_MIGRATE as decoded. */
export type Migrate = ReturnType<typeof IF.TASK_MIGRATE.decode>;

/**
 * TASK_MIGRATE{pid, tid, registers, per-thread state, VMAs, break, signal actions, names, and
 * the shared objects its MAP_SHARED VMAs map}.
 */
export function migrateBody(t: Thread, regs: Uint8Array, pages: PageServer): Uint8Array {
  const p = t.process;
  return IF.TASK_MIGRATE.encode({
    pid: p.pid,
    tid: t.tid,
    regs,
    state: threadStateOf(t),
    vmas: [...p.mm.vmas],
    brkStart: p.mm.brkStart,
    brk: p.mm.brk,
    pgid: p.pgid,
    sid: p.sid,
    ppid: p.parent?.pid ?? 0,
    startTime: p.startTime,
    exe: p.exe,
    argv: p.argv,
    actions: p.actions,
    shared: pages.shm.bindings(p.mm.vmas),
  });
}

/** The remote context for the process `g` came from, or undefined when memory ran out. */
export function openContext(k: Kernel, pages: PageServer, g: Migrate, origin: number): RemoteContext | undefined {
  const mm = AddressSpace.create(k.frames, k.memory, Math.floor(k.frames.total * MAX_PROCESS_MEMORY_SHARE));
  if (!mm) return undefined;
  const shared = new Map<number, SharedBinding>();
  pages.shm.bind(g.vmas, shared, g.shared);
  mm.adoptVmas(g.vmas);
  mm.brkStart = g.brkStart;
  mm.brk = g.brk;
  mm.onShootdown = () => {
    k.shootdown(mm);
  };
  // the parent's pid is not used: a remote context has no parent here
  const p = new Process(g.pid, undefined, mm, new UserMemory(mm), new FdTable(), g.pgid, g.sid, g.argv, g.exe);
  p.startTime = g.startTime;
  const ctx: RemoteContext = { origin, p, fetching: new Map(), arrived: new Map(), absent: new Set(), shared };
  mm.coherence = pages.remoteCoherence(ctx);
  return ctx;
}

/**
 * The arrived thread, in its context, runnable (the signal actions it brought are the context's,
 * and so are the shared objects of VMAs the context had without knowing what they map).
 */
export function startThread(
  k: Kernel,
  pages: PageServer,
  ctx: RemoteContext,
  g: Migrate,
  regs: Uint8Array,
  state: ThreadState,
): Thread {
  const unbound = ctx.p.mm.vmas.filter((v) => !v.shared && v.id !== undefined).map((v) => ({ ...v }));
  pages.shm.bind(unbound, ctx.shared, g.shared);
  for (const v of unbound) if (v.shared) ctx.p.mm.putVma(v);
  for (let sig = 1; sig < 65; sig++) ctx.p.actions[sig] = g.actions[sig] as SigAction;
  const t = new Thread(g.tid, ctx.p);
  ctx.p.threads.push(t);
  k.addThread(t);
  loadRegisters(t, regs);
  applyThreadState(t, state);
  k.makeRunnable(t);
  return t;
}
