// Signal system calls: sigaction, the signal mask, sigreturn, kill/tkill/tgkill, the
// alternate signal stack, sigsuspend and sigpending.

import { EFAULT, EINTR, EINVAL, ENOMEM, EPERM, ESRCH } from '../errno';
import type { Kernel } from '../kernel';
import type { Process, SigAction, Thread } from '../proc/task';
import { discardSignal, signalProcess, signalThread, sigreturn } from '../signal/deliver';
import {
  defaultAction,
  NSIG,
  SA_EXPOSE_TAGBITS,
  SA_NOCLDSTOP,
  SA_NOCLDWAIT,
  SA_NODEFER,
  SA_ONSTACK,
  SA_RESETHAND,
  SA_RESTART,
  SA_SIGINFO,
  SIG_DFL,
  SIG_IGN,
  SIGKILL,
  SIGSTOP,
  UNBLOCKABLE,
} from '../signal/signals';
import { SYS } from './numbers';
import type { SyscallGroup } from './types';

const SIG_BLOCK = 0;
const SIG_UNBLOCK = 1;
const SIG_SETMASK = 2;
const SI_USER = 0;
const SI_TKILL = -6;
const SS_ONSTACK = 1;
const SS_DISABLE = 2;
const MINSIGSTKSZ = 2048;
/** sigset_t as the kernel copies it (64 signals: the sigsetsize every rt_sig* call must pass). */
export const SIGSET_BYTES = 8;
/** stack_t: void *ss_sp, int ss_flags, size_t ss_size. */
export const STACK_T_BYTES = 24;

function validSignal(sig: number): boolean {
  return Number.isInteger(sig) && sig >= 1 && sig <= NSIG;
}

/** struct sigaction as riscv64's rt_sigaction reads and writes it: riscv64 has no sa_restorer. */
export const SIGACTION_BYTES = 24; // handler @0, flags @8, mask @16 (x86-64 puts a restorer at 16)
/** The sa_flags Linux keeps (UAPI_SA_FLAGS): unknown bits read back clear, so programs can probe. */
const KNOWN_SA_FLAGS =
  SA_NOCLDSTOP | SA_NOCLDWAIT | SA_SIGINFO | SA_ONSTACK | SA_RESTART | SA_NODEFER | SA_RESETHAND | SA_EXPOSE_TAGBITS;

function rtSigaction(_k: Kernel, t: Thread) {
  const sig = t.xInt(10);
  const actVa = t.x(11);
  const oldVa = t.x(12);
  if (t.x(13) !== SIGSET_BYTES) return -EINVAL;
  const um = t.process.um;
  // as Linux: the new action is read first, the signal checked, the old one written last
  let next: SigAction | undefined;
  if (actVa) {
    const b = um.read(actVa, SIGACTION_BYTES);
    if (!b) return -EFAULT;
    const dv = new DataView(b.buffer);
    next = {
      handler: Number(dv.getBigUint64(0, true)),
      flags: Number(dv.getBigUint64(8, true) & BigInt(KNOWN_SA_FLAGS)),
      mask: dv.getBigUint64(16, true) & ~UNBLOCKABLE,
    };
  }
  if (!validSignal(sig) || (next && (sig === SIGKILL || sig === SIGSTOP))) return -EINVAL;
  const cur = t.process.actions[sig] as SigAction;
  const old = { ...cur };
  if (next) {
    Object.assign(cur, next);
    // POSIX: setting SIG_IGN (or SIG_DFL where the default ignores) discards the pending signal
    if (next.handler === SIG_IGN || (next.handler === SIG_DFL && defaultAction(sig) === 'ignore'))
      discardSignal(t.process, sig);
  }
  if (oldVa) {
    const b = new Uint8Array(SIGACTION_BYTES);
    const dv = new DataView(b.buffer);
    dv.setBigUint64(0, BigInt(old.handler), true);
    dv.setBigUint64(8, BigInt(old.flags), true);
    dv.setBigUint64(16, old.mask, true);
    if (!um.write(oldVa, b)) return -EFAULT;
  }
  return 0;
}

function rtSigprocmask(_k: Kernel, t: Thread) {
  const how = t.xInt(10);
  const setVa = t.x(11);
  const oldVa = t.x(12);
  if (t.x(13) !== SIGSET_BYTES) return -EINVAL;
  const um = t.process.um;
  const old = t.sigmask;
  if (setVa) {
    const set = um.readU64(setVa);
    if (set === undefined) return -EFAULT;
    if (how === SIG_BLOCK) t.sigmask |= set;
    else if (how === SIG_UNBLOCK) t.sigmask &= ~set;
    else if (how === SIG_SETMASK) t.sigmask = set;
    else return -EINVAL;
    t.sigmask &= ~UNBLOCKABLE;
  }
  if (oldVa && !um.writeU64(oldVa, old)) return -EFAULT;
  return 0;
}

/** The processes `kill(pid, …)` reaches: one, a process group, or all but init. */
function killTargets(k: Kernel, t: Thread, pid: number): Process[] {
  if (pid > 0) return [k.processes.get(pid)].filter((p): p is Process => p !== undefined && p.state === 'alive');
  const all = [...k.processes.values()].filter((p) => p.state === 'alive');
  if (pid === 0) return all.filter((p) => p.pgid === t.process.pgid);
  if (pid === -1) return all.filter((p) => p.pid !== 1 && p !== t.process);
  return all.filter((p) => p.pgid === -pid);
}

function kill(k: Kernel, t: Thread) {
  const pid = t.xInt(10);
  const sig = t.xInt(11);
  if (sig !== 0 && !validSignal(sig)) return -EINVAL;
  const targets = killTargets(k, t, pid);
  if (targets.length === 0) return k.remoteKill ? k.remoteKill(pid, sig, t) : -ESRCH;
  if (sig === 0) return 0;
  for (const p of targets) {
    if (p.pid === 1 && sig === SIGKILL) return -EPERM;
    signalProcess(k, p, sig, { code: SI_USER, pid: t.process.pid, addr: 0 });
  }
  return 0;
}

function tgkill(k: Kernel, t: Thread, tgid: number, tid: number, sig: number) {
  if (sig !== 0 && !validSignal(sig)) return -EINVAL;
  const target = k.threads.get(tid);
  if (!target || (tgid > 0 && target.process.pid !== tgid)) return -ESRCH;
  if (sig !== 0) signalThread(k, target, sig, { code: SI_TKILL, pid: t.process.pid, addr: 0 });
  return 0;
}

function sigaltstack(_k: Kernel, t: Thread) {
  const ssVa = t.x(10);
  const oldVa = t.x(11);
  const um = t.process.um;
  const onStack = t.altStack.sp !== 0 && t.x(2) > t.altStack.sp && t.x(2) <= t.altStack.sp + t.altStack.size;
  if (oldVa) {
    const b = new Uint8Array(STACK_T_BYTES);
    const dv = new DataView(b.buffer);
    dv.setBigUint64(0, BigInt(t.altStack.sp), true);
    dv.setInt32(8, onStack ? SS_ONSTACK : t.altStack.flags, true);
    dv.setBigUint64(16, BigInt(t.altStack.size), true);
    if (!um.write(oldVa, b)) return -EFAULT;
  }
  if (ssVa) {
    if (onStack) return -EPERM;
    const b = um.read(ssVa, STACK_T_BYTES);
    if (!b) return -EFAULT;
    const dv = new DataView(b.buffer);
    const flags = dv.getInt32(8, true);
    if (flags & ~SS_DISABLE) return -EINVAL;
    if (flags & SS_DISABLE) t.altStack = { sp: 0, size: 0, flags: SS_DISABLE };
    else {
      const size = Number(dv.getBigUint64(16, true));
      if (size < MINSIGSTKSZ) return -ENOMEM; // as Linux
      t.altStack = { sp: Number(dv.getBigUint64(0, true)), size, flags: 0 };
    }
  }
  return 0;
}

export const signalSyscalls: SyscallGroup = [
  [SYS.rt_sigaction, rtSigaction],
  [SYS.rt_sigprocmask, rtSigprocmask],
  [SYS.rt_sigreturn, sigreturn],
  [SYS.kill, kill],
  [SYS.tkill, (k, t) => tgkill(k, t, -1, t.xInt(10), t.xInt(11))],
  [SYS.tgkill, (k, t) => tgkill(k, t, t.xInt(10), t.xInt(11), t.xInt(12))],
  [SYS.sigaltstack, sigaltstack],
  [
    SYS.rt_sigpending,
    (_k, t) => (t.process.um.writeU64(t.x(10), (t.pending | t.process.pending) & t.sigmask) ? 0 : -EFAULT),
  ],
  [
    SYS.rt_sigsuspend,
    (k, t) => {
      // sleep with the given mask until a signal is delivered; returns -EINTR with the old mask restored
      const mask = t.process.um.readU64(t.x(10));
      if (mask === undefined) return -EFAULT;
      const saved = t.sigmask;
      t.sigmask = mask & ~UNBLOCKABLE;
      t.suspendMask = saved;
      // a signal already pending is delivered at once, under the given mask, as Linux does (the
      // handler's frame keeps the old mask; with no handler deliverSignals puts it back)
      if ((t.pending | t.process.pending) & ~t.sigmask) return -EINTR;
      return k.block(t, { interruptible: true });
    },
  ],
];
