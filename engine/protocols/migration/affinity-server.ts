// sched_getaffinity and sched_setaffinity of a thread that runs on another kernel (TASK_AFFINITY).
// A thread's CPU mask lives with the thread (it travels in its state), so the question goes to
// where it runs: the caller's kernel asks the thread's origin (the kernel that handed out its
// tid), which answers for a thread it runs itself or passes the request on to the kernel its
// proxy says the thread is on. There the mask is read, or set as for any thread of that kernel
// (kernels/syscalls/sched.ts), which may send the thread on (a proposal: it goes at its next
// chance). The caller sleeps for the answer; a set's result ends its call, a get's mask is kept
// for it and its call runs again to write it (its buffer is faulted in again first).

import { ESRCH } from '../../kernels/errno';
import { originOf } from '../../kernels/pid-space';
import type { Thread } from '../../kernels/proc/task';
import { BLOCKED, type SyscallOutcome } from '../../kernels/syscalls/outcome';
import { affinityOf, setAffinity } from '../../kernels/syscalls/sched';
import { PROCESS_SERVER_IF as IF } from '../interfaces/process-server';
import { MSG } from '../messaging/message-types';
import type { Distribution } from './distribution';

/** The answer of a kernel the thread left meanwhile: its origin asks again where it went. */
const MOVED = 1;
/** How many times the origin follows a thread that keeps moving before it gives up (ESRCH). */
const MAX_HOPS = 4;

type Answer = (result: number, mask: bigint) => void;

export class AffinityServer {
  /** A get's answer, kept for the caller whose call runs again to write it. */
  private readonly answers = new WeakMap<Thread, { tid: number; mask: bigint }>();

  constructor(
    private readonly d: Distribution,
    private readonly online: (nid: number) => boolean,
  ) {
    d.messenger.on(MSG.TASK_AFFINITY, (msg) => {
      const { tid, set, mask } = IF.TASK_AFFINITY.decode(msg.body);
      this.serve(tid, set !== 0 ? mask : undefined, 0, (result, m) => {
        const body = IF.TASK_AFFINITY_RESPONSE.encode({ result, mask: m });
        d.messenger.reply(msg, MSG.TASK_AFFINITY_RESPONSE, body, d.k.now);
      });
    });
  }

  /**
   * The affinity call of `caller` about thread `tid`, which does not run here (`set`: the mask
   * to set; undefined: a get). A get's mask once answered, else the call's outcome.
   */
  ask(caller: Thread, tid: number, set: bigint | undefined): SyscallOutcome | bigint {
    const k = this.d.k;
    const kept = this.answers.get(caller);
    this.answers.delete(caller);
    if (set === undefined && kept?.tid === tid) return kept.mask;
    const sleep = { interruptible: false };
    const answer: Answer = (result, mask) => {
      if (caller.sleep !== sleep) return;
      if (set !== undefined || result !== 0) {
        k.wake(caller, result === MOVED ? -ESRCH : result);
        return;
      }
      this.answers.set(caller, { tid, mask });
      k.wake(caller); // its call runs again and finds the answer
    };
    const proxy = k.threads.get(tid);
    const origin = originOf(tid, this.d.messenger.kernels);
    if (!proxy?.alive && (origin === k.id || !this.online(origin))) return -ESRCH;
    k.block(caller, sleep);
    // a thread of this kernel that runs elsewhere is followed from here; any other is its origin's
    if (proxy?.alive) this.serve(tid, set, 0, answer);
    else this.request(origin, tid, set, answer);
    return BLOCKED;
  }

  /** Answers about thread `tid` here: it runs here, or (its origin) where its proxy says it is. */
  private serve(tid: number, set: bigint | undefined, hops: number, answer: Answer): void {
    const k = this.d.k;
    const t = k.threads.get(tid);
    if (!t?.alive) {
      answer(originOf(tid, this.d.messenger.kernels) === k.id ? -ESRCH : MOVED, 0n);
      return;
    }
    if (t.away >= 0) {
      if (hops >= MAX_HOPS) {
        answer(-ESRCH, 0n);
        return;
      }
      this.request(t.away, tid, set, (result, mask) => {
        if (result === MOVED) this.serve(tid, set, hops + 1, answer);
        else answer(result, mask);
      });
      return;
    }
    if (set === undefined) {
      answer(0, affinityOf(k, t));
      return;
    }
    const result = setAffinity(k, t, set, false); // not the caller: a number, never BLOCKED
    answer(typeof result === 'number' ? result : 0, 0n);
  }

  private request(to: number, tid: number, set: bigint | undefined, answer: Answer): void {
    const body = IF.TASK_AFFINITY.encode({ tid, set: set === undefined ? 0 : 1, mask: set ?? 0n });
    this.d.ask(to, MSG.TASK_AFFINITY, body, (reply) => {
      if (!reply)
        answer(-ESRCH, 0n); // that kernel died
      else {
        const r = IF.TASK_AFFINITY_RESPONSE.decode(reply.body);
        answer(r.result, r.mask);
      }
    });
  }
}
