// What the migration protocols put on the wire besides ids: a thread's registers and per-thread
// state, an address space's VMAs, and a process's signal actions.

import { CONTEXT_BYTES, type SigAction, type Thread } from '../../kernels/proc/task';
import type { Vma, VmaKind } from '../../kernels/mm/address-space';
import { WireReader, WireWriter } from '../messaging/codec';

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
  };
}

export function applyThreadState(t: Thread, s: ThreadState): void {
  t.sigmask = s.sigmask;
  t.clearChildTid = s.clearChildTid;
  t.robustList = s.robustList;
  t.altStack = { sp: s.altSp, size: s.altSize, flags: s.altFlags };
  t.cpuTime = s.cpuTime;
}

export function writeThreadState(w: WireWriter, s: ThreadState): WireWriter {
  return w
    .u64(s.sigmask)
    .f64(s.clearChildTid)
    .f64(s.robustList)
    .f64(s.altSp)
    .f64(s.altSize)
    .u32(s.altFlags)
    .f64(s.cpuTime);
}

export function readThreadState(r: WireReader): ThreadState {
  return {
    sigmask: r.u64(),
    clearChildTid: r.f64(),
    robustList: r.f64(),
    altSp: r.f64(),
    altSize: r.f64(),
    altFlags: r.u32(),
    cpuTime: r.f64(),
  };
}

const KINDS: VmaKind[] = ['code', 'data', 'bss', 'heap', 'stack', 'mmap'];

/** VMAs without their file bytes: a remote never fills a page itself, the origin sends it. */
export function writeVmas(w: WireWriter, vmas: readonly Vma[]): WireWriter {
  w.u32(vmas.length);
  for (const v of vmas)
    w.f64(v.start)
      .f64(v.end)
      .u32(v.prot)
      .u8(KINDS.indexOf(v.kind))
      .u32(v.id ?? 0)
      .string(v.name);
  return w;
}

export function readVmas(r: WireReader): Vma[] {
  const n = r.u32();
  const out: Vma[] = [];
  for (let i = 0; i < n; i++) {
    const start = r.f64();
    const end = r.f64();
    const prot = r.u32();
    const kind = KINDS[r.u8()] ?? 'mmap';
    const id = r.u32();
    out.push({ start, end, prot, kind, id, name: r.string() });
  }
  return out;
}

export function writeActions(w: WireWriter, actions: readonly SigAction[]): WireWriter {
  for (let sig = 1; sig < 65; sig++) {
    const a = actions[sig] as SigAction;
    w.f64(a.handler).u32(a.flags).u64(a.mask);
  }
  return w;
}

export function readActions(r: WireReader, into: SigAction[]): void {
  for (let sig = 1; sig < 65; sig++) into[sig] = { handler: r.f64(), flags: r.u32(), mask: r.u64() };
}

export function writeAction(w: WireWriter, a: SigAction): WireWriter {
  return w.f64(a.handler).u32(a.flags).u64(a.mask);
}

export function readAction(r: WireReader): SigAction {
  return { handler: r.f64(), flags: r.u32(), mask: r.u64() };
}
