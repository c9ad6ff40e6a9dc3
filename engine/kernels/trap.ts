// What the kernel does when a hart stops on a trap: system calls go to the syscall table,
// page faults to the thread's address space, and everything else becomes a signal, as the
// Linux trap handlers turn hardware exceptions into SIGSEGV, SIGILL, SIGBUS and SIGTRAP.

import * as cause from '../hw/trap-codes';
import type { HartSlot, Kernel } from './kernel';
import { BLOCKED, JUMPED, type SyscallOutcome } from './syscalls/outcome';
import { remoteMiss, tookMiss } from './mm/remote-miss';
import { NS_PER_INSTRUCTION, PAGE_FAULT_COST_NS, SYSCALL_COST_NS } from './params';
import type { Thread } from './proc/task';
import { oomKill } from './mm/oom';
import { forceSignal } from './signal/deliver';
import { SIGBUS, SIGILL, SIGSEGV, SIGTRAP } from './signal/signals';
import { ENOSYS } from './errno';
import { EV } from './trace';
import { accessCode, SYSCALL_BLOCKED } from './trace-format';

/** si_code of a SIGBUS for a page that does not exist in the mapped object. */
const BUS_ADRERR = 2;

export function handleTrap(k: Kernel, slot: HartSlot, t: Thread, code: number): void {
  const trap = slot.hart.trap;
  switch (code) {
    case cause.CAUSE_ECALL_U:
      slot.elapsed += SYSCALL_COST_NS / NS_PER_INSTRUCTION;
      t.sysTime += SYSCALL_COST_NS;
      syscall(k, t);
      return;
    case cause.CAUSE_FETCH_PAGE_FAULT:
    case cause.CAUSE_LOAD_PAGE_FAULT:
    case cause.CAUSE_STORE_PAGE_FAULT: {
      slot.elapsed += PAGE_FAULT_COST_NS / NS_PER_INSTRUCTION;
      t.sysTime += PAGE_FAULT_COST_NS;
      k.stats.pageFaults++;
      t.process.minorFaults++;
      const access =
        code === cause.CAUSE_FETCH_PAGE_FAULT ? 'exec' : code === cause.CAUSE_LOAD_PAGE_FAULT ? 'read' : 'write';
      const va = Number(BigInt.asIntN(64, trap.value));
      k.trace(t, EV.PAGE_FAULT, accessCode(access), va, 0);
      const result = t.process.mm.handleFault(va, access);
      if (result === 'mapped') return; // the instruction runs again
      if (result === 'remote') {
        remoteMiss(k, t, va, access); // another kernel owns it: fetched, then run again
        return;
      }
      if (result === 'oom') {
        oomKill(k, t.process);
        return;
      }
      if (result === 'sigbus') {
        forceSignal(k, t, SIGBUS, va, BUS_ADRERR); // past the end of a shared file mapping
        return;
      }
      // SEGV_ACCERR when a mapping exists but forbids the access, SEGV_MAPERR when none does
      const mapped = t.process.mm.findVma(va) !== undefined;
      k.printk(
        `${t.process.comm}[${t.process.pid}]: segfault (${access}) at ${va.toString(16)} pc ${t.pc.toString(16)}${mapped ? '' : ', no mapping'}`,
      );
      forceSignal(k, t, SIGSEGV, va, mapped ? 2 : 1);
      return;
    }
    case cause.CAUSE_FETCH_ACCESS:
    case cause.CAUSE_LOAD_ACCESS:
    case cause.CAUSE_STORE_ACCESS:
      forceSignal(k, t, SIGSEGV, Number(BigInt.asIntN(64, trap.value)));
      return;
    case cause.CAUSE_LOAD_MISALIGNED:
    case cause.CAUSE_STORE_MISALIGNED:
    case cause.CAUSE_FETCH_MISALIGNED:
      forceSignal(k, t, SIGBUS, Number(BigInt.asIntN(64, trap.value)));
      return;
    case cause.CAUSE_ILLEGAL_INSTRUCTION:
      forceSignal(k, t, SIGILL, t.pc);
      return;
    case cause.CAUSE_BREAKPOINT:
      forceSignal(k, t, SIGTRAP, t.pc);
      return;
    default:
      k.printk(`unexpected trap ${code} in ${t.process.pid}`);
      forceSignal(k, t, SIGSEGV, t.pc);
  }
}

function syscall(k: Kernel, t: Thread): void {
  k.stats.syscalls++;
  t.syscalls++;
  runAndReturn(k, t);
}

/** Runs the syscall in a7 and, when it completes, returns its result to the thread. */
function runAndReturn(k: Kernel, t: Thread): void {
  const nr = t.x(17);
  const result = runSyscall(k, t, nr);
  k.trace(t, EV.SYSCALL, nr, typeof result === 'number' ? result : 0, result === BLOCKED ? SYSCALL_BLOCKED : 0);
  if (result === BLOCKED || result === JUMPED) return;
  if (!t.alive) return;
  t.setX(10, result);
  t.pc += 4;
}

/**
 * A signal ended the thread's `recheck` sleep (Sleep.recheck): the call it slept in runs once
 * more, now, before any handler: it completes, or fails with EINTR, or is left to restart.
 */
export function recheckSyscall(k: Kernel, t: Thread): void {
  runAndReturn(k, t);
}

/**
 * Runs syscall `nr` of thread `t` (on a hart, or a proxy executing a forwarded one). When a page
 * it touches is owned by another kernel the syscall is abandoned (before any effect: see
 * protocols/migration/prefault.ts) and restarts once the page is here.
 */
export function runSyscall(k: Kernel, t: Thread, nr: number): SyscallOutcome {
  const row = k.syscalls.row(nr);
  // touchingUser's work, written out: a closure per call costs the null syscall about 5 %
  try {
    const done = k.distributed?.syscall(t, nr, row) ?? k.sharedFs?.syscall(t, nr) ?? row?.handler?.(k, t);
    if (done !== undefined) return done;
  } catch (e) {
    if (!tookMiss(k, t, e)) throw e; // the one door
    return BLOCKED;
  } finally {
    t.recheck = undefined; // it concerned this one run of the call
  }
  k.stats.unknownSyscalls.set(nr, (k.stats.unknownSyscalls.get(nr) ?? 0) + 1);
  return -ENOSYS;
}
