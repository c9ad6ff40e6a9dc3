// Sending and delivering signals. A signal is made pending on a thread (or on the whole
// process), wakes an interruptible sleep, and is acted on when the thread next returns to
// user mode: ignored, the default action (terminate, stop, continue), or a handler called on a
// real Linux riscv64 signal frame (struct rt_sigframe: siginfo, then ucontext with the integer
// and float registers), returning through rt_sigreturn via a trampoline page.

import { EFAULT, EINVAL } from '../errno';
import type { Kernel } from '../kernel';
import { JUMPED } from '../syscalls/outcome';
import { exitGroup } from '../proc/lifecycle';
import { EV } from '../trace';
import type { Process, SigAction, Thread } from '../proc/task';
import {
  CLD_CONTINUED,
  CLD_STOPPED,
  defaultAction,
  firstSignal,
  SA_NOCLDSTOP,
  SA_NODEFER,
  SA_ONSTACK,
  SA_RESETHAND,
  SA_RESTART,
  SIG_DFL,
  SIG_IGN,
  SIGCHLD,
  SIGCONT,
  SIGKILL,
  SIGSTOP,
  SIGTSTP,
  SIGTTIN,
  SIGTTOU,
  sigbit,
  UNBLOCKABLE,
} from './signals';

/** The page every process gets with `li a7, 139; ecall` (rt_sigreturn), where handlers return. */
export const SIGRETURN_TRAMPOLINE = 0x3f_ffff_f000;
export const TRAMPOLINE_CODE = new Uint8Array([0x93, 0x08, 0xb0, 0x08, 0x73, 0x00, 0x00, 0x00]);

// struct rt_sigframe layout (arch/riscv/include/uapi/asm/{ucontext,sigcontext}.h)
const SIGINFO_BYTES = 128;
const UC = SIGINFO_BYTES; // struct ucontext
const UC_FLAGS = 0;
const UC_LINK = 8;
const UC_STACK = 16; // ss_sp, ss_flags, ss_size
const UC_SIGMASK = 40;
const UC_MCONTEXT = 176; // 16-byte aligned after the 128 bytes of sigmask space
const MC_FP = 256; // after pc and x1..x31
const FP_STATE_BYTES = 528; // union __riscv_fp_state (the Q layout is the largest)
export const FRAME_BYTES = UC + UC_MCONTEXT + MC_FP + FP_STATE_BYTES;

export interface SigInfo {
  code: number; // si_code: SI_USER 0, SI_KERNEL 0x80, SI_TKILL -6, SEGV_MAPERR 1 ...
  pid: number;
  addr: number;
  /** SIGCHLD: the child's exit code or terminating signal (si_status). */
  status?: number;
}

/** Real-time signals (SIGRTMIN and up, as glibc numbers them) queue; standard ones coalesce. */
const FIRST_RT_SIGNAL = 32;

const queues = new WeakMap<Thread | Process, Map<number, SigInfo[]>>();

function remember(target: Thread | Process, sig: number, info: SigInfo): void {
  let map = queues.get(target);
  if (!map) queues.set(target, (map = new Map<number, SigInfo[]>()));
  const queue = map.get(sig) ?? [];
  if (sig >= FIRST_RT_SIGNAL || queue.length === 0) queue.push(info);
  map.set(sig, queue);
}

/** Takes the oldest instance of `sig`; the signal stays pending while instances remain. */
function dequeue(target: Thread | Process, sig: number): { info: SigInfo; more: boolean } {
  const queue = queues.get(target)?.get(sig) ?? [];
  const info = queue.shift() ?? { code: 0, pid: 0, addr: 0 };
  return { info, more: queue.length > 0 };
}

/** Drops `sig` pending on `p` and on each of its threads here (it became ignored: POSIX). */
export function discardSignal(p: Process, sig: number): void {
  const bit = sigbit(sig);
  for (const target of [p, ...p.threads]) {
    target.pending &= ~bit;
    queues.get(target)?.delete(sig);
  }
}

/** Makes `sig` pending on thread `t` (tgkill) and wakes it if it should react now. */
export function signalThread(k: Kernel, t: Thread, sig: number, info: SigInfo): void {
  if (!t.alive) return;
  k.stats.signals++;
  if (sig === SIGCONT) continueProcess(k, t.process);
  if (sig === SIGKILL) resumeToDie(k, t.process);
  if (ignoredNow(t.process, sig)) return;
  t.pending |= sigbit(sig);
  remember(t, sig, info);
  kick(k, t, sig);
  k.distributed?.signalPending(t);
}

/** Makes `sig` pending on a process (kill): any of its threads not blocking it takes it. */
export function signalProcess(k: Kernel, p: Process, sig: number, info: SigInfo): void {
  if (p.state !== 'alive') return;
  k.stats.signals++;
  if (sig === SIGCONT) continueProcess(k, p);
  if (sig === SIGKILL) resumeToDie(k, p);
  if (ignoredNow(p, sig)) return;
  p.pending |= sigbit(sig);
  remember(p, sig, info);
  const taker = p.liveThreads.find((t) => (t.sigmask & sigbit(sig)) === 0n) ?? p.liveThreads[0];
  if (taker) kick(k, taker, sig);
  if (taker) k.distributed?.signalPending(taker);
}

/**
 * A signal the program did not ask for but cannot go on without (a fault): never ignored.
 * `code` is the si_code (SEGV_MAPERR 1, SEGV_ACCERR 2, ILL_ILLOPC 1, BUS_ADRALN 1 ...).
 */
export function forceSignal(k: Kernel, t: Thread, sig: number, addr: number, code = 1): void {
  const act = t.process.actions[sig] as SigAction;
  if (act.handler === SIG_IGN || (t.sigmask & sigbit(sig)) !== 0n) {
    act.handler = SIG_DFL; // as Linux's force_sig_info: a blocked or ignored fault kills
    t.sigmask &= ~sigbit(sig);
  }
  signalThread(k, t, sig, { code, pid: 0, addr });
}

function ignoredNow(p: Process, sig: number): boolean {
  if (sig === SIGKILL || sig === SIGSTOP) return false;
  const act = p.actions[sig] as SigAction;
  return act.handler === SIG_IGN || (act.handler === SIG_DFL && defaultAction(sig) === 'ignore');
}

/** Ends the sleep of a thread the signal concerns: restarts or fails the syscall. */
function kick(k: Kernel, t: Thread, sig: number): void {
  if (t.state !== 'blocked' || !t.sleep?.interruptible) return;
  if ((t.sigmask & sigbit(sig)) !== 0n && (sigbit(sig) & UNBLOCKABLE) === 0n) return;
  const act = t.process.actions[sig] as SigAction;
  const handled = act.handler > SIG_IGN;
  // no handler will run (a stop, or a signal that kills anyway): the call restarts, as on Linux
  const restart = t.sleep.restartable === true && (!handled || (act.flags & SA_RESTART) !== 0);
  if (t.sleep.recheck) {
    t.recheck = restart ? 'restart' : 'eintr'; // the call looks again before the handler runs
    k.wake(t);
  } else if (restart) k.wake(t);
  else k.interrupt(t);
}

function continueProcess(k: Kernel, p: Process): void {
  p.pending &= ~(sigbit(SIGSTOP) | sigbit(SIGTSTP) | sigbit(SIGTTIN) | sigbit(SIGTTOU));
  if (!p.stopped) return;
  p.stopped = false;
  p.continueReport = true;
  for (const t of p.threads) {
    if (t.state === 'stopped') k.makeRunnable(t);
  }
  if (p.parent) {
    signalProcess(k, p.parent, SIGCHLD, { code: CLD_CONTINUED, pid: p.pid, addr: 0 });
    k.wakeAll(p.parent.childWait);
  }
}

/**
 * SIGKILL ends a stopped process too: its threads run again only to die (Linux wakes them with
 * signal_wake_up's resume). No SIGCHLD for a continue: the parent hears of the kill.
 */
function resumeToDie(k: Kernel, p: Process): void {
  if (!p.stopped) return;
  p.stopped = false;
  for (const t of p.threads) {
    if (t.state === 'stopped') k.makeRunnable(t);
  }
}

function stopProcess(k: Kernel, t: Thread, sig: number): void {
  const p = t.process;
  p.stopped = true;
  p.stopReport = sig;
  t.state = 'stopped';
  if (p.parent) {
    const act = p.parent.actions[SIGCHLD] as SigAction;
    if ((act.flags & SA_NOCLDSTOP) === 0)
      signalProcess(k, p.parent, SIGCHLD, { code: CLD_STOPPED, pid: p.pid, addr: 0 });
    k.wakeAll(p.parent.childWait);
  }
}

/**
 * Acts on the thread's deliverable signals before it returns to user mode. As Linux does, a
 * frame is built for every deliverable signal, lowest number first, each on top of the last,
 * so the handler of the last one set up runs first.
 */
export function deliverSignals(k: Kernel, t: Thread): void {
  const p = t.process;
  if (p.stopped) {
    t.state = 'stopped';
    return;
  }
  let framed = false;
  for (;;) {
    const deliverable = (t.pending | p.pending) & (~t.sigmask | UNBLOCKABLE);
    const sig = firstSignal(deliverable);
    if (sig === 0) break;
    const fromThread = (t.pending & sigbit(sig)) !== 0n;
    const handler = (p.actions[sig] as SigAction).handler;
    if (sig !== SIGKILL && sig !== SIGSTOP && handler > SIG_IGN) {
      // the frame's page may be on another kernel: PageMiss now, before the signal is taken
      p.um.probeWrite(frameAddress(t, p.actions[sig] as SigAction), FRAME_BYTES);
    }
    const { info, more } = dequeue(fromThread ? t : p, sig);
    if (!more) {
      if (fromThread) t.pending &= ~sigbit(sig);
      else p.pending &= ~sigbit(sig);
    }
    const act = p.actions[sig] as SigAction;
    if (sig !== SIGKILL && sig !== SIGSTOP && act.handler === SIG_IGN) continue;
    if (sig === SIGKILL || sig === SIGSTOP || act.handler === SIG_DFL) {
      const action = defaultAction(sig);
      if (action === 'ignore' || action === 'continue') continue;
      if (action === 'stop') {
        stopProcess(k, t, sig);
        return;
      }
      exitGroup(k, p, action === 'core' ? sig | 0x80 : sig);
      return;
    }
    k.trace(t, EV.SIGNAL, sig, 0, 0);
    if (!setupFrame(k, t, sig, act, info)) {
      k.printk(`process ${p.pid}: cannot build a signal frame for signal ${sig}; killed`);
      exitGroup(k, p, 11 | 0x80);
      return;
    }
    framed = true;
  }
  if (!framed && t.suspendMask !== undefined && t.state === 'running') {
    t.sigmask = t.suspendMask; // a sigsuspend ended without a handler running
    t.suspendMask = undefined;
  }
}

function onAltStack(t: Thread): boolean {
  return t.altStack.sp !== 0 && t.x(2) > t.altStack.sp && t.x(2) <= t.altStack.sp + t.altStack.size;
}

/** Where the frame of a signal handled with `act` goes: below sp, or on the alternate stack. */
function frameAddress(t: Thread, act: SigAction): number {
  let sp = t.x(2);
  if (act.flags & SA_ONSTACK && t.altStack.flags === 0 && !onAltStack(t)) sp = t.altStack.sp + t.altStack.size;
  return Math.floor((sp - FRAME_BYTES) / 16) * 16;
}

/** Whether `t` has a signal to act on before it returns to user mode (or is in sigsuspend). */
export function signalsWaiting(t: Thread): boolean {
  const p = t.process;
  return t.suspendMask !== undefined || ((t.pending | p.pending) & (~t.sigmask | UNBLOCKABLE)) !== 0n;
}

/**
 * Takes the next signal `t` would act on now with signals in `mask` blocked, without acting on
 * it: a proxy's signals go to the kernel its thread runs on (protocols/migration/).
 */
export function takeSignal(t: Thread, mask = t.sigmask): { sig: number; info: SigInfo } | undefined {
  const p = t.process;
  const sig = firstSignal((t.pending | p.pending) & (~mask | UNBLOCKABLE));
  if (sig === 0) return undefined;
  const fromThread = (t.pending & sigbit(sig)) !== 0n;
  const { info, more } = dequeue(fromThread ? t : p, sig);
  if (!more) {
    if (fromThread) t.pending &= ~sigbit(sig);
    else p.pending &= ~sigbit(sig);
  }
  return { sig, info };
}

function setupFrame(k: Kernel, t: Thread, sig: number, act: SigAction, info: SigInfo): boolean {
  const um = t.process.um;
  const frame = frameAddress(t, act);
  const bytes = new Uint8Array(FRAME_BYTES);
  const dv = new DataView(bytes.buffer);
  // siginfo
  dv.setInt32(0, sig, true);
  dv.setInt32(8, info.code, true);
  if (info.addr) dv.setBigUint64(16, BigInt.asUintN(64, BigInt(info.addr)), true);
  else {
    dv.setInt32(16, info.pid, true);
    dv.setInt32(20, 0, true); // si_uid
    if (info.status !== undefined) dv.setInt32(24, info.status, true);
  }
  // ucontext
  dv.setBigUint64(UC + UC_FLAGS, 0n, true);
  dv.setBigUint64(UC + UC_LINK, 0n, true);
  dv.setBigUint64(UC + UC_STACK, BigInt(t.altStack.sp), true);
  dv.setInt32(UC + UC_STACK + 8, onAltStack(t) ? 1 : t.altStack.flags, true);
  dv.setBigUint64(UC + UC_STACK + 16, BigInt(t.altStack.size), true);
  dv.setBigUint64(UC + UC_SIGMASK, t.suspendMask ?? t.sigmask, true);
  t.suspendMask = undefined;
  const mc = UC + UC_MCONTEXT;
  dv.setBigUint64(mc, BigInt(t.pc), true);
  for (let i = 1; i < 32; i++) dv.setBigUint64(mc + i * 8, t.xBig(i), true);
  for (let i = 0; i < 32; i++) dv.setBigUint64(mc + MC_FP + i * 8, t.fBig(i), true);
  dv.setUint32(mc + MC_FP + 256, t.fcsr, true);
  if (!um.write(frame, bytes)) return false;
  // enter the handler: a0 = sig, a1 = &info, a2 = &ucontext, ra = the trampoline
  t.setX(10, sig);
  t.setX(11, frame);
  t.setX(12, frame + UC);
  t.setX(2, frame);
  t.setX(1, SIGRETURN_TRAMPOLINE);
  t.pc = act.handler;
  t.sigmask |= act.mask & ~UNBLOCKABLE;
  if ((act.flags & SA_NODEFER) === 0) t.sigmask |= sigbit(sig) & ~UNBLOCKABLE;
  if (act.flags & SA_RESETHAND) act.handler = SIG_DFL;
  return true;
}

/** rt_sigreturn: restores the registers and mask saved in the frame at sp. */
export function sigreturn(k: Kernel, t: Thread): number | typeof JUMPED {
  const frame = t.x(2);
  const bytes = t.process.um.read(frame, FRAME_BYTES);
  if (!bytes) {
    forceSignal(k, t, 11, frame);
    return -EFAULT;
  }
  const dv = new DataView(bytes.buffer);
  const mc = UC + UC_MCONTEXT;
  t.pc = Number(dv.getBigUint64(mc, true));
  for (let i = 1; i < 32; i++) t.setX(i, dv.getBigUint64(mc + i * 8, true));
  for (let i = 0; i < 32; i++) t.setF(i, dv.getBigUint64(mc + MC_FP + i * 8, true));
  t.fcsr = dv.getUint32(mc + MC_FP + 256, true) & 0xff;
  t.sigmask = dv.getBigUint64(UC + UC_SIGMASK, true) & ~UNBLOCKABLE;
  if (t.pc % 2 !== 0) return -EINVAL;
  return JUMPED;
}
