// What the migration protocols put on the wire besides ids, as declared field types (codecs,
// messaging/wire-types.ts) for the interfaces: a thread's registers and per-thread state, an
// address space's VMAs, a process's signal actions, a signal's info; and the helpers that take
// a thread's registers and state out of it and put them back.

import { CONTEXT_BYTES, type SigAction, type Thread } from '../../kernels/proc/task';
import type { Vma, VmaKind } from '../../kernels/mm/address-space';
import type { SigInfo } from '../../kernels/signal/deliver';
import { HART_PC, HART_X } from '../../hw/memory-map';
import {
  addr,
  array,
  field,
  fixedBytes,
  f64,
  i32,
  list,
  oneOf,
  string,
  struct,
  u32,
  u64,
  type Codec,
} from '../messaging/wire-types';

/** A thread's register file (x, f, pc, fcsr: the hart block's layout) as it is now. */
export function registersOf(t: Thread): Uint8Array {
  return new Uint8Array(t.regs.buffer, t.regs.byteOffset + t.regsBase, CONTEXT_BYTES).slice();
}

/** Loads a register file into a thread that is not on a hart. */
export function loadRegisters(t: Thread, regs: Uint8Array): void {
  t.context.set(regs.subarray(0, CONTEXT_BYTES));
}

/** The per-thread state that travels with a thread besides its registers. */
export interface ThreadState {
  sigmask: bigint;
  clearChildTid: number;
  robustList: number;
  altSp: number;
  altSize: number;
  altFlags: number;
  cpuTime: number;
  sysTime: number;
  /** Its CPUs (sched_setaffinity), 0 for every CPU of the machine. */
  affinity: bigint;
}

export function threadStateOf(t: Thread): ThreadState {
  return {
    sigmask: t.sigmask,
    clearChildTid: t.clearChildTid,
    robustList: t.robustList,
    altSp: t.altStack.sp,
    altSize: t.altStack.size,
    altFlags: t.altStack.flags,
    cpuTime: t.cpuTime,
    sysTime: t.sysTime,
    affinity: t.affinity ?? 0n,
  };
}

export function applyThreadState(t: Thread, s: ThreadState): void {
  t.sigmask = s.sigmask;
  t.clearChildTid = s.clearChildTid;
  t.robustList = s.robustList;
  t.altStack = { sp: s.altSp, size: s.altSize, flags: s.altFlags };
  t.cpuTime = s.cpuTime;
  t.sysTime = s.sysTime;
  t.affinity = s.affinity === 0n ? undefined : s.affinity;
}

/** A thread's register file: x, f, pc, fcsr (the hart block's layout), length-prefixed. */
export const registers: Codec<Uint8Array> = {
  ...fixedBytes(CONTEXT_BYTES, 'register file'),
  show: (v) => {
    if (v.length < CONTEXT_BYTES) return `${v.length} bytes`;
    const dv = new DataView(v.buffer, v.byteOffset, v.byteLength);
    const x = (i: number) => `0x${dv.getBigUint64(HART_X + i * 8, true).toString(16)}`;
    return `pc 0x${dv.getBigUint64(HART_PC, true).toString(16)}, sp ${x(2)}, a0 ${x(10)}, a7 ${x(17)}`;
  },
};

export const threadState: Codec<ThreadState> = struct('thread state', {
  sigmask: field(u64, 'blocked signals'),
  clearChildTid: field(addr, 'the tid word cleared (and futex-woken) at its exit'),
  robustList: field(addr, 'its robust futex list'),
  altSp: field(addr, 'its alternate signal stack'),
  altSize: field(f64, 'the alternate stack size'),
  altFlags: field(u32, 'the alternate stack flags'),
  cpuTime: field(f64, 'CPU time used so far (ns)'),
  sysTime: field(f64, 'kernel time spent for it so far (ns): syscalls and page faults'),
  affinity: field(u64, 'the CPUs it may run on (sched_setaffinity), 0 for all'),
});

/** On the wire as their index: a new kind goes last. */
const KINDS: readonly VmaKind[] = ['code', 'data', 'bss', 'heap', 'stack', 'mmap'];

/** A VMA without its file bytes: a remote never fills a page itself, the origin sends it. */
const vmaRecord = struct('VMA', {
  start: field(addr, 'first address'),
  end: field(addr, 'first address past it'),
  prot: field(u32, 'PROT_READ | PROT_WRITE | PROT_EXEC'),
  kind: field(oneOf(KINDS, 'VMA kind'), 'what it holds'),
  id: field(u32, 'which mapping it is (kept by splits)'),
  name: field(string(24), 'its file or [heap], [stack]'),
});

export const vma: Codec<Vma> = {
  ...vmaRecord,
  write: (w, v) => {
    vmaRecord.write(w, { start: v.start, end: v.end, prot: v.prot, kind: v.kind, id: v.id ?? 0, name: v.name });
  },
  show: (v) => `${v.start.toString(16)}-${v.end.toString(16)} ${v.kind} ${v.name}`,
};

export const vmaList: Codec<Vma[]> = list(vma, 64, 'VMA list');

/**
 * Which shared object a MAP_SHARED VMA maps (the VMA list carries none: a remote maps no file,
 * and most processes share nothing): the object by its home and number there, and `delta`, its
 * offset minus the VMA's start (kept by splits, as the VMA's id is).
 */
export interface SharedBinding {
  vma: number;
  home: number;
  object: number;
  delta: number;
}

export const sharedBinding: Codec<SharedBinding> = struct('shared mapping', {
  vma: field(u32, 'the VMA (its id)'),
  home: field(u32, 'the kernel the object lives at'),
  object: field(u32, 'the object (its number at its home)'),
  delta: field(f64, "the object's offset at the VMA's start, less the start"),
});

export const sharedBindings: Codec<SharedBinding[]> = list(sharedBinding, 64, 'shared mappings');

export const sigAction: Codec<SigAction> = struct('signal action', {
  handler: field(addr, 'SIG_DFL 0, SIG_IGN 1, or the handler address'),
  flags: field(u32, 'SA_* flags'),
  mask: field(u64, 'signals blocked while it runs'),
});

const actionsOf = array(sigAction, 64, 'signal actions');

/** A process's actions for signals 1 to 64, indexed by signal (index 0 is not sent). */
export const sigActions: Codec<SigAction[]> = {
  ...actionsOf,
  write: (w, v) => {
    for (let sig = 1; sig < 65; sig++) sigAction.write(w, v[sig] as SigAction);
  },
  read: (r) => {
    const out = actionsOf.read(r);
    out.unshift({ handler: 0, flags: 0, mask: 0n });
    return out;
  },
  show: (v) => {
    const set = v.flatMap((a, sig) =>
      sig > 0 && a.handler !== 0 ? [`${sig}: ${a.handler === 1 ? 'ignored' : 'handled'}`] : [],
    );
    return set.length === 0 ? 'all default' : set.join(', ');
  },
  sample: (g) => [{ handler: 0, flags: 0, mask: 0n }, ...actionsOf.sample(g)],
};

const infoRecord = struct('signal info', {
  code: field(i32, 'si_code'),
  pid: field(i32, 'the sender'),
  addr: field(addr, 'the faulting address'),
  status: field(i32, "SIGCHLD's si_status, or -1"),
});

/** A signal's siginfo (status -1 on the wire when there is none). */
export const sigInfo: Codec<SigInfo> = {
  ...infoRecord,
  write: (w, v) => {
    infoRecord.write(w, { code: v.code, pid: v.pid, addr: v.addr, status: v.status ?? -1 });
  },
  read: (r) => {
    const { code, pid, addr, status } = infoRecord.read(r);
    const info: SigInfo = { code, pid, addr };
    if (status >= 0) info.status = status;
    return info;
  },
  sample: (g) => {
    const { code, pid, addr, status } = infoRecord.sample(g);
    return status >= 0 ? { code, pid, addr, status } : { code, pid, addr };
  },
};
