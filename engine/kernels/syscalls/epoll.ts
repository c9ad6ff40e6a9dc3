// epoll_create1, epoll_ctl, epoll_pwait and epoll_pwait2: the instance and its rules are
// fs/eventpoll.ts; a wait that finds nothing ready sleeps as ppoll does (fs-poll.ts's
// waitForFiles), watching every registered file and the instance itself, and fails with EINTR
// after a signal handler, never restarted, as on Linux.

import { EBADF, EEXIST, EFAULT, EINVAL, ENOENT, EPERM } from '../errno';
import { release } from '../fs/fd-table';
import { EPOLLEXCLUSIVE, EPOLLONESHOT, eventPollOf, openEventPoll } from '../fs/eventpoll';
import { O_CLOEXEC, type OpenFile } from '../fs/file';
import type { Kernel, SyscallOutcome } from '../kernel';
import type { Thread } from '../proc/task';
import { type Round, waitForFiles } from './fs-poll';
import { SYS } from './numbers';
import { SIGSET_BYTES } from './signal';
import { readTimespec } from './time';
import type { SyscallGroup } from './types';

/** struct epoll_event on riscv64: u32 events, then (aligned, not packed as on x86-64) u64 data. */
export const EPOLL_EVENT_BYTES = 16;

const EPOLL_CTL_ADD = 1;
const EPOLL_CTL_DEL = 2;
const EPOLL_CTL_MOD = 3;
/** Most events one wait returns (Linux's EP_MAX_EVENTS: INT_MAX / sizeof(struct epoll_event)). */
const MAX_EVENTS = Math.floor(0x7fffffff / EPOLL_EVENT_BYTES);

function epollCreate1(k: Kernel, t: Thread): SyscallOutcome {
  const flags = t.xInt(10);
  if (flags & ~O_CLOEXEC) return -EINVAL;
  const { file } = openEventPoll(k);
  const fd = t.process.fds.install(file, (flags & O_CLOEXEC) !== 0);
  if (fd < 0) release(file, k);
  return fd;
}

function epollCtl(k: Kernel, t: Thread): SyscallOutcome {
  const [epfd, op, fd, eventVa] = [t.xInt(10), t.xInt(11), t.xInt(12), t.x(13)];
  const epFile = t.process.fds.get(epfd);
  const file = t.process.fds.get(fd);
  if (!epFile || !file) return -EBADF;
  const ep = eventPollOf(epFile);
  if (!ep || fd === epfd) return -EINVAL;
  // a regular file or directory is always ready and cannot be waited for: Linux refuses it
  if (!file.ops.poll) return -EPERM;
  let events = 0;
  let data = 0n;
  if (op !== EPOLL_CTL_DEL) {
    const raw = t.process.um.read(eventVa, EPOLL_EVENT_BYTES);
    if (!raw) return -EFAULT;
    const v = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    events = v.getUint32(0, true);
    data = v.getBigUint64(8, true);
    if (events & EPOLLEXCLUSIVE && (op === EPOLL_CTL_MOD || events & EPOLLONESHOT)) return -EINVAL;
  }
  const had = ep.get(fd, file);
  switch (op) {
    case EPOLL_CTL_ADD:
      if (had) return -EEXIST;
      if (eventPollOf(file)) return -EINVAL; // nesting instances is not supported (Linux allows it)
      ep.add(k, fd, file, events, data);
      return 0;
    case EPOLL_CTL_MOD:
      if (!had) return -ENOENT;
      ep.modify(k, had, events, data);
      return 0;
    case EPOLL_CTL_DEL:
      if (!had) return -ENOENT;
      ep.remove(had);
      return 0;
    default:
      return -EINVAL;
  }
}

/** epoll_pwait (timeout in ms, negative: none) and epoll_pwait2 (a timespec, null: none). */
function epollWait(k: Kernel, t: Thread, timeoutNs: number | undefined | { error: number }): SyscallOutcome {
  const [epfd, eventsVa, max, maskVa, maskSize] = [t.xInt(10), t.x(11), t.xInt(12), t.x(14), t.x(15)];
  if (typeof timeoutNs === 'object') return timeoutNs.error;
  const epFile = t.process.fds.get(epfd);
  if (!epFile) return -EBADF;
  const ep = eventPollOf(epFile);
  if (!ep || max <= 0 || max > MAX_EVENTS) return -EINVAL;
  let mask: bigint | undefined;
  if (maskVa !== 0) {
    if (maskSize !== SIGSET_BYTES) return -EINVAL;
    mask = t.process.um.readU64(maskVa);
    if (mask === undefined) return -EFAULT;
  }
  if (!t.process.um.probeWrite(eventsVa, max * EPOLL_EVENT_BYTES)) return -EFAULT;
  const evaluate = (): Round => {
    const { ready, take } = ep.ready(max, (f) => f.ops.poll?.(f));
    return {
      ready: ready.length,
      commit: () => {
        if (ready.length === 0) return true;
        const out = new Uint8Array(ready.length * EPOLL_EVENT_BYTES);
        const v = new DataView(out.buffer);
        ready.forEach(({ interest, events }, i) => {
          v.setUint32(i * EPOLL_EVENT_BYTES, events, true);
          v.setBigUint64(i * EPOLL_EVENT_BYTES + 8, interest.data, true);
        });
        if (!t.process.um.write(eventsVa, out)) return false;
        take();
        return true;
      },
    };
  };
  const files: OpenFile[] = [epFile, ...ep.interests.map((i) => i.file)];
  return waitForFiles(k, t, files, evaluate, timeoutNs, mask);
}

export const epollSyscalls: SyscallGroup = [
  [SYS.epoll_create1, epollCreate1],
  [SYS.epoll_ctl, epollCtl],
  [SYS.epoll_pwait, (k, t) => epollWait(k, t, msTimeout(t.xInt(13)))],
  [
    SYS.epoll_pwait2,
    (k, t) => {
      const va = t.x(13);
      if (va === 0) return epollWait(k, t, undefined);
      const ns = readTimespec(t, va);
      return epollWait(k, t, ns === undefined ? { error: -EFAULT } : ns < 0 ? { error: -EINVAL } : ns);
    },
  ],
];

/** epoll_pwait's int timeout: milliseconds, or none when negative. */
function msTimeout(ms: number): number | undefined {
  return ms < 0 ? undefined : ms * 1e6;
}
