// ppoll and pselect6: readiness of several descriptors at once, waiting with a timeout and a
// temporary signal mask. A call that must wait sleeps on a queue of its own and leaves a
// poller on every watched file's queue (fs/poll-wait.ts); the first file to become ready
// completes the call with the results. Like Linux, these calls are never restarted after a
// signal handler: they fail with EINTR.

import { EBADF, EFAULT, EINTR, EINVAL } from '../errno';
import type { OpenFile } from '../fs/file';
import { type PollState, watch } from '../fs/poll-wait';
import type { Kernel, SyscallOutcome } from '../kernel';
import { MAX_OPEN_FILES } from '../params';
import type { Thread } from '../proc/task';
import { WaitQueue } from '../proc/wait-queue';
import { UNBLOCKABLE } from '../signal/signals';
import { SYS } from './numbers';
import { SIGSET_BYTES } from './signal';
import { readTimespec } from './time';
import type { SyscallGroup } from './types';

/** struct pollfd: int fd, short events, short revents. */
export const POLLFD_BYTES = 8;
/** pselect6's sixth argument: { const sigset_t *ss; size_t ss_len; }. */
export const PSELECT_SIGMASK_BYTES = 16;

const POLLIN = 0x1;
const POLLOUT = 0x4;
const POLLERR = 0x8;
const POLLHUP = 0x10;
const POLLNVAL = 0x20;
const POLLRDNORM = 0x40;
const POLLRDBAND = 0x80;
const POLLWRNORM = 0x100;
const POLLWRBAND = 0x200;
const POLLRDHUP = 0x2000;

/** One look at the files: how many are ready, and how to copy the results to the program. */
export interface Round {
  ready: number;
  commit(): boolean;
}

/** A file's readiness; files without a poll operation are always ready, as on Linux. */
export function stateOf(file: OpenFile): Partial<PollState> & { readable: boolean; writable: boolean } {
  return file.ops.poll?.(file) ?? { readable: true, writable: true };
}

/**
 * Returns now if a file is ready or the timeout is zero; otherwise sleeps until a file is
 * ready (completing with its results), the timeout passes (0) or a signal arrives (EINTR).
 */
export function waitForFiles(
  k: Kernel,
  t: Thread,
  files: OpenFile[],
  evaluate: () => Round | number,
  timeoutNs: number | undefined,
  mask: bigint | undefined,
): SyscallOutcome {
  const first = evaluate();
  if (typeof first === 'number') return first;
  if (first.ready > 0 || timeoutNs === 0) return first.commit() ? first.ready : -EFAULT;
  if (mask !== undefined) {
    // the mask holds while the call waits; the kernel restores the old one when it returns
    // (or saves it in the frame of a handler the call is interrupted by), as for sigsuspend
    t.suspendMask = t.sigmask;
    t.sigmask = mask & ~UNBLOCKABLE;
    if (((t.pending | t.process.pending) & ~t.sigmask) !== 0n) return -EINTR;
  }
  if (!first.commit()) return -EFAULT; // all-clear results, which stand if the timeout ends the wait
  const queue = new WaitQueue(`poll ${t.tid}`);
  const outcome: SyscallOutcome = k.block(t, {
    queue,
    deadline: timeoutNs === undefined ? undefined : k.timeOf(t) + timeoutNs,
    timeoutResult: 0,
    interruptible: true,
    restartable: false,
  });
  const poller = {
    active: () => t.state === 'blocked' && t.sleep?.queue === queue,
    check: () => {
      const round = evaluate();
      if (typeof round === 'number') k.wake(t, round);
      else if (round.ready > 0) k.wake(t, round.commit() ? round.ready : -EFAULT);
    },
  };
  for (const file of files) {
    const state = stateOf(file);
    for (const q of state.queue ? [state.queue, ...(state.more ?? [])] : []) watch(q, poller);
  }
  return outcome;
}

/** The timeout argument: undefined for none (wait forever), or -errno. */
function timeoutArg(t: Thread, va: number): number | undefined | { error: number } {
  if (va === 0) return undefined;
  const ns = readTimespec(t, va);
  if (ns === undefined) return { error: -EFAULT };
  if (ns < 0) return { error: -EINVAL };
  return ns;
}

function ppoll(k: Kernel, t: Thread): SyscallOutcome {
  const [fdsVa, nfds, maskVa] = [t.x(10), t.x(11), t.x(13)];
  if (nfds > MAX_OPEN_FILES) return -EINVAL;
  const timeout = timeoutArg(t, t.x(12));
  if (typeof timeout === 'object') return timeout.error;
  let mask: bigint | undefined;
  if (maskVa !== 0) {
    if (t.x(14) !== SIGSET_BYTES) return -EINVAL;
    mask = t.process.um.readU64(maskVa);
    if (mask === undefined) return -EFAULT;
  }
  const raw = nfds > 0 ? t.process.um.read(fdsVa, nfds * POLLFD_BYTES) : new Uint8Array(0);
  if (!raw) return -EFAULT;
  const dv = new DataView(raw.buffer);
  const entries = Array.from({ length: nfds }, (_, i) => ({
    fd: dv.getInt32(i * POLLFD_BYTES, true),
    events: dv.getUint16(i * POLLFD_BYTES + 4, true),
  }));
  const files = entries.flatMap(({ fd }) => t.process.fds.get(fd) ?? []);
  const evaluate = (): Round => {
    let ready = 0;
    entries.forEach(({ fd, events }, i) => {
      let revents = 0;
      const file = fd < 0 ? undefined : t.process.fds.get(fd);
      if (fd >= 0 && !file) revents = POLLNVAL;
      else if (file) {
        const s = stateOf(file);
        if (s.readable) revents |= events & (POLLIN | POLLRDNORM | POLLRDBAND);
        if (s.writable) revents |= events & (POLLOUT | POLLWRNORM | POLLWRBAND);
        if (s.readHangup) revents |= events & POLLRDHUP;
        if (s.hangup) revents |= POLLHUP; // reported whether asked for or not
        if (s.error) revents |= POLLERR;
      }
      dv.setUint16(i * POLLFD_BYTES + 6, revents, true);
      if (revents) ready++;
    });
    return { ready, commit: () => nfds === 0 || t.process.um.write(fdsVa, raw) };
  };
  return waitForFiles(k, t, files, evaluate, timeout, mask);
}

function pselect6(k: Kernel, t: Thread): SyscallOutcome {
  const nfds = t.xInt(10);
  if (nfds < 0) return -EINVAL;
  const n = Math.min(nfds, MAX_OPEN_FILES);
  const bytes = Math.ceil(n / 64) * 8;
  const setVas = [t.x(11), t.x(12), t.x(13)];
  const sets: Array<Uint8Array | undefined> = [];
  for (const va of setVas) {
    const set = va === 0 ? undefined : t.process.um.read(va, bytes);
    if (va !== 0 && !set) return -EFAULT;
    sets.push(set);
  }
  const timeout = timeoutArg(t, t.x(14));
  if (typeof timeout === 'object') return timeout.error;
  let mask: bigint | undefined;
  if (t.x(15) !== 0) {
    // a pointer to { const sigset_t *ss; size_t ss_len; }
    const arg = t.process.um.read(t.x(15), PSELECT_SIGMASK_BYTES);
    if (!arg) return -EFAULT;
    const argv = new DataView(arg.buffer);
    const ss = Number(argv.getBigUint64(0, true));
    if (ss !== 0) {
      if (argv.getBigUint64(8, true) !== BigInt(SIGSET_BYTES)) return -EINVAL;
      mask = t.process.um.readU64(ss);
      if (mask === undefined) return -EFAULT;
    }
  }
  const has = (set: Uint8Array | undefined, fd: number) =>
    set !== undefined && ((set[fd >> 3] ?? 0) & (1 << (fd & 7))) !== 0;
  const wanted: number[] = [];
  for (let fd = 0; fd < n; fd++) if (sets.some((s) => has(s, fd))) wanted.push(fd);
  const files: OpenFile[] = [];
  for (const fd of wanted) {
    const file = t.process.fds.get(fd);
    if (!file) return -EBADF;
    files.push(file);
  }
  const evaluate = (): Round | number => {
    const out = sets.map((s) => s && new Uint8Array(s.length));
    let ready = 0;
    for (const fd of wanted) {
      const file = t.process.fds.get(fd);
      if (!file) return -EBADF;
      const s = stateOf(file);
      // Linux's select: readable includes hang-up and error, writable includes error
      const hits = [s.readable || !!s.hangup || !!s.error, s.writable || !!s.error, false /* no out-of-band data */];
      hits.forEach((hit, i) => {
        const o = out[i];
        if (hit && o && has(sets[i], fd)) {
          o[fd >> 3] = (o[fd >> 3] ?? 0) | (1 << (fd & 7));
          ready++;
        }
      });
    }
    return {
      ready,
      commit: () => out.every((o, i) => !o || t.process.um.write(setVas[i] as number, o)),
    };
  };
  return waitForFiles(k, t, files, evaluate, timeout, mask);
}

export const pollSyscalls: SyscallGroup = [
  [SYS.ppoll, ppoll],
  [SYS.pselect6, pselect6],
];
