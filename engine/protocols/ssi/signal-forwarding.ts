// Signals to processes of other kernels (Popcorn's SIGNAL_FWD): kill() of a pid this kernel
// does not run is delivered by the kernel that runs it, and the caller gets that kernel's
// answer as kill()'s result, as if the process were local.
//
//   1. kill(pid, sig) finds no local target and calls k.remoteKill; this kernel picks the
//      kernel that runs pid (the latest process lists say, else the kernel that hands out that
//      pid; -ESRCH at once if that kernel has not checked in or is dead), blocks the caller
//      (uninterruptibly, as a short syscall) and sends it SIGNAL_FWD{pid, sig, sender pid}
//      through a wait station
//   2. that kernel signals the process as a local kill() would and answers
//      SIGNAL_FWD_RESPONSE{0 | -ESRCH | -EPERM}
//   3. the answer wakes the caller, whose kill() returns it
//
// A signal for a thread that migrated to another kernel (protocols/migration/forwarding.ts)
// travels as SIGNAL_FWD_THREAD{tid, sig, info, action} from the origin to where the thread
// runs, and is not answered: the kernel there queues it on the thread as a local signal.
//
// An answer takes two epochs; a kernel that has not answered in SIGNAL_FWD_TIMEOUT_NS is taken
// as dead and counts as -ESRCH (so a failed peer never hangs a caller, unlike Popcorn's), and a
// message dropped because its receiver is known dead counts as -ESRCH at once.
//
// Process groups (kill(-pgid)) with no member here go, best effort, to every kernel whose list
// shows a member (and to the kernel that handed out the pgid): the caller wakes when all have
// answered, with 0 if any delivered, as Linux's kill_pgrp. A group with members here is
// signalled here only (kill() does not call remoteKill then). kill(-1) stays on this kernel:
// one kernel's console cannot take every other kernel's processes down with it.

import { EPERM, ESRCH } from '../../kernels/errno';
import type { Kernel } from '../../kernels/kernel';
import type { Process, Thread } from '../../kernels/proc/task';
import { signalProcess } from '../../kernels/signal/deliver';
import { SIGKILL } from '../../kernels/signal/signals';
import type { SyscallOutcome } from '../../kernels/syscalls/outcome';
import { originOf } from '../../kernels/pid-space';
import { SIGNALS_IF } from '../interfaces/signals';
import { MSG, type BodyOf } from '../messaging/message-types';
import type { Delivered, Messenger } from '../messaging/messenger';
import type { NodeInfoService } from '../node-info';
import type { ProcessListService } from './process-list';

const SI_USER = 0;
/** How long a caller waits for an answer before taking the kernel as dead (50 answers' time). */
export const SIGNAL_FWD_TIMEOUT_NS = 10_000_000;

export class SignalForwardingService {
  /** Set by the migration services: a signal for a thread that migrated (see below). */
  onThreadSignal: ((s: BodyOf<'SIGNAL_FWD_THREAD'>, from: number) => void) | undefined;

  /** Sends a signal to a migrated thread on the kernel it runs on (no answer: see header). */
  sendToThread(to: number, s: BodyOf<'SIGNAL_FWD_THREAD'>): void {
    this.stats.forwarded++;
    this.messenger.send(to, MSG.SIGNAL_FWD_THREAD, SIGNALS_IF.SIGNAL_FWD_THREAD.encode(s), this.k.now);
  }

  /** Signals forwarded from here and served for others (/proc/popcorn/stat shows them). */
  readonly stats = { forwarded: 0, served: 0 };

  constructor(
    private readonly k: Kernel,
    private readonly messenger: Messenger,
    private readonly nodeInfo: NodeInfoService,
    private readonly lists: ProcessListService,
  ) {
    k.remoteKill = (pid, sig, sender) => this.forward(pid, sig, sender);
    messenger.on(MSG.SIGNAL_FWD, (m) => {
      this.serve(m);
    });
    messenger.on(MSG.SIGNAL_FWD_THREAD, (m) => {
      this.onThreadSignal?.(SIGNALS_IF.SIGNAL_FWD_THREAD.decode(m.body), m.from);
    });
  }

  /** Step 1: sends the signal to the kernels concerned and puts the caller to sleep. */
  private forward(pid: number, sig: number, t: Thread): SyscallOutcome {
    const kernels = this.kernelsFor(pid);
    if (kernels.length === 0) return -ESRCH;
    const body = SIGNALS_IF.SIGNAL_FWD.encode({ pid, sig, sender: t.process.pid });
    const now = this.k.timeOf(t);
    const sleep = { interruptible: false, deadline: now + SIGNAL_FWD_TIMEOUT_NS, timeoutResult: -ESRCH };
    const answers: number[] = [];
    for (const to of kernels) {
      this.stats.forwarded++;
      const dropped = this.messenger.droppedToDead;
      // step 3: the last answer wakes the caller, if it still waits for this kill (not if it
      // timed out, or died: then it sleeps elsewhere or not at all)
      this.messenger.request(to, MSG.SIGNAL_FWD, body, now, (reply) => {
        answers.push(SIGNALS_IF.SIGNAL_FWD_RESPONSE.decode(reply.body).result);
        if (answers.length === kernels.length && t.sleep === sleep) this.k.wake(t, combine(answers));
      });
      if (this.messenger.droppedToDead > dropped) {
        answers.push(-ESRCH);
        this.lists.markDead(to);
      }
    }
    if (answers.length === kernels.length) return combine(answers);
    return this.k.block(t, sleep);
  }

  /** The other kernels that may run `pid` (a process, or -pgid for a group). */
  private kernelsFor(pid: number): number[] {
    const self = this.k.id;
    // a pid's origin (pid-space.ts), until the process lists say where it is
    const origin = (id: number) => originOf(id, this.messenger.kernels);
    // only kernels that checked in: a ring nobody drains yet would never answer
    const reachable = (id: number) => id !== self && this.nodeInfo.peers.has(id) && !this.lists.dead.has(id);
    if (pid > 0) return [this.lists.process(pid)?.kernel ?? origin(pid)].filter(reachable);
    if (pid >= -1) return []; // 0 always has a local target; -1 stays here (see above)
    const kernels = new Set([origin(-pid)]);
    for (const s of this.lists.processes()) if (s.pgid === -pid) kernels.add(s.kernel);
    return [...kernels].filter(reachable).sort((a, b) => a - b);
  }

  /** Step 2: delivers a forwarded signal here and answers. */
  private serve(m: Delivered): void {
    const { pid, sig, sender } = SIGNALS_IF.SIGNAL_FWD.decode(m.body);
    this.stats.served++;
    const result = this.deliver(pid, sig, sender);
    this.messenger.reply(m, MSG.SIGNAL_FWD_RESPONSE, SIGNALS_IF.SIGNAL_FWD_RESPONSE.encode({ result }), this.k.now);
  }

  /** What a local kill(pid, sig) from `sender` would do here (syscalls/signal.ts). */
  private deliver(pid: number, sig: number, sender: number): number {
    const alive = [...this.k.processes.values()].filter((p) => p.state === 'alive');
    const targets: Process[] = pid > 0 ? alive.filter((p) => p.pid === pid) : alive.filter((p) => p.pgid === -pid);
    if (targets.length === 0) return -ESRCH;
    if (sig === 0) return 0;
    for (const p of targets) {
      if (p.pid === 1 && sig === SIGKILL) return -EPERM;
      signalProcess(this.k, p, sig, { code: SI_USER, pid: sender, addr: 0 });
    }
    return 0;
  }
}

/** One answer as it is; several (a group): 0 if any kernel delivered, else the first error. */
function combine(answers: number[]): number {
  if (answers.includes(0)) return 0;
  return answers.find((a) => a !== -ESRCH) ?? -ESRCH;
}
