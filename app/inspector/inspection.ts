// What the inspector shows of a selected thread, read from shared memory: the thread as its
// kernel lists it, its registers and the code at its pc (once that kernel publishes them), and
// its process's VMAs and pages (once the origin publishes them, which it does for the focused
// process only). sameInspection() lets a reading that changed nothing skip re-rendering.

import type { CodeLine } from '../../engine/machine/browser/disassembly';
import type { ProcessPages, ViewRegisters, ViewThread } from '../../engine/machine/browser/kernel-view';
import { changedRegisters } from './register-format';

export interface InspectMachine {
  epoch(): number;
  threads(): ViewThread[];
  registers(tid: number): ViewRegisters | undefined;
  process(pid: number): ProcessPages | undefined;
}

export interface Inspection {
  pid: number;
  tid: number;
  /** Epochs completed when read. */
  epoch: number;
  /** Undefined while no kernel lists it: migrating, or exited. */
  thread: ViewThread | undefined;
  /** The latest registers read (kept when its kernel stops publishing them: the thread left it). */
  regs: ViewRegisters | undefined;
  /** Whether regs were read now, not kept from before. */
  fresh: boolean;
  /** Epochs completed when regs were read. */
  regsEpoch: number;
  code: CodeLine[];
  /** x registers that changed since the previous reading. */
  changed: Set<number>;
  board: ProcessPages | undefined;
  /** Readings in a row that found no board (one may fail while its kernel rewrites it). */
  boardMisses: number;
}

/** Readings a board may be missing before the inspector lets go of the last one. */
export const KEEP_BOARD_READINGS = 8;

export function readInspection(
  m: InspectMachine,
  pid: number,
  tid: number,
  disassemble: (regs: ViewRegisters) => CodeLine[],
  before: Inspection | undefined,
): Inspection {
  const regs = m.registers(tid);
  const old = before?.tid === tid ? before : undefined;
  const epoch = m.epoch();
  const board = m.process(pid);
  const boardMisses = board ? 0 : (old?.boardMisses ?? 0) + 1;
  const kept = old?.regs;
  // the same bytes at the same pc decode the same: keep the lines
  const oldCode = regs && kept && kept.pc === regs.pc && sameBytes(kept.code, regs.code) ? old.code : undefined;
  return {
    pid,
    tid,
    epoch,
    thread: m.threads().find((t) => t.tid === tid),
    regs: regs ?? old?.regs,
    fresh: regs !== undefined,
    regsEpoch: regs ? epoch : (old?.regsEpoch ?? 0),
    code: regs ? (oldCode ?? disassemble(regs)) : (old?.code ?? []),
    changed: regs ? changedRegisters(old?.regs?.x, regs.x) : (old?.changed ?? new Set()),
    board: board ?? (boardMisses < KEEP_BOARD_READINGS ? old?.board : undefined),
    boardMisses,
  };
}

/**
 * The inspector's line about the registers: how fresh they are, and whether the machine runs.
 * It speaks of the machine, never of the thread as "running" (the line above says what the
 * thread does: it may be blocked while the machine runs).
 */
export function registersNote(r: Inspection | undefined, machineRunning: boolean, origin: number): string {
  if (r?.regs && r.fresh)
    return `Registers as of epoch ${r.regsEpoch}, ${machineRunning ? 'read again as the machine runs' : 'the machine is paused'}.`;
  if (r?.regs)
    return `Registers not published now (the thread is between kernels, or gone): the last ones read, as of epoch ${r.regsEpoch}.`;
  const on = r?.thread ? `kernel ${r.thread.kernel}` : `its kernel (origin: kernel ${origin})`;
  return `Registers not published yet: ${on} publishes them at the end of its next epoch.`;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function sameRegs(a: ViewRegisters | undefined, b: ViewRegisters | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return (
    a.kernel === b.kernel &&
    a.pc === b.pc &&
    a.fcsr === b.fcsr &&
    a.x.every((v, i) => v === b.x[i]) &&
    a.f.every((v, i) => v === b.f[i])
  );
}

/** Whether two readings render the same (the epoch counted: the status line shows it). */
export function sameInspection(a: Inspection, b: Inspection): boolean {
  const t = a.thread;
  const u = b.thread;
  return (
    a.tid === b.tid &&
    a.epoch === b.epoch &&
    a.fresh === b.fresh &&
    sameRegs(a.regs, b.regs) &&
    (t === u ||
      (t !== undefined &&
        u !== undefined &&
        t.kernel === u.kernel &&
        t.state === u.state &&
        t.hart === u.hart &&
        t.pc === u.pc &&
        t.syscalls === u.syscalls &&
        t.cpuNs === u.cpuNs &&
        t.movingTo === u.movingTo &&
        t.blockedIn === u.blockedIn)) &&
    a.board?.epoch === b.board?.epoch &&
    (a.board === undefined) === (b.board === undefined)
  );
}
