// The CPU calls: sched_getaffinity, sched_setaffinity and getcpu, over the machine's CPUs
// (cpus.ts: every hart of every kernel, by its global number), as Popcorn's single system
// image shows them. A thread's mask travels with it. A mask with a CPU of this kernel keeps the
// thread to those harts here (Kernel.pickNext); a mask with none moves it to the kernel of its
// lowest usable CPU, as Popcorn's first migration went through the affinity call. A thread that
// runs on another kernel is asked there (Kernel.distributed.remoteAffinity).
//
// Linux's checks, in its order (kernel/sched/core.c):
//   getaffinity: len * 8 < nr_cpu_ids or len not a multiple of sizeof(long): EINVAL; no such
//     thread: ESRCH; writes min(len, cpumask_size()) bytes and returns that count (EFAULT).
//   setaffinity: reads min(len, cpumask_size()) bytes, the rest clear (EFAULT); no such thread:
//     ESRCH; bits past the machine's CPUs are dropped; no online CPU left: EINVAL; returns 0.

import { EFAULT, EINVAL, ESRCH } from '../errno';
import type { Kernel } from '../kernel';
import type { Thread } from '../proc/task';
import { topologyOf } from '../topology';
import { CPU_MASK_BYTES, kernelOfCpu, localMask, lowestCpu, nrCpuIds, onlineMask, possibleMask } from '../cpus';
import { SYS } from './numbers';
import type { SyscallOutcome } from './outcome';
import type { SyscallGroup } from './types';

/** getcpu's two words: unsigned cpu, unsigned node. */
export const GETCPU_WORD_BYTES = 4;

/** The thread the affinity calls name: the caller for 0, one that runs here, or one elsewhere. */
function threadNamed(k: Kernel, t: Thread, pid: number): Thread | 'elsewhere' | undefined {
  if (pid === 0 || pid === t.tid) return t;
  if (pid < 0) return undefined;
  const here = k.threads.get(pid);
  if (here?.alive && here.away < 0) return here;
  return k.distributed ? 'elsewhere' : undefined;
}

/** What sched_getaffinity reports for a thread of this kernel: its mask, online CPUs only. */
export function affinityOf(k: Kernel, t: Thread): bigint {
  return (t.affinity ?? possibleMask(k)) & onlineMask(k);
}

/**
 * Sets the mask of `target`, a thread of this kernel, and places it: on its harts here, or on
 * the kernel of its lowest usable CPU (`self`: the target is the caller, in its syscall, and
 * moves at once). 0, BLOCKED while the caller moves, or -errno.
 */
export function setAffinity(k: Kernel, target: Thread, requested: bigint, self: boolean): SyscallOutcome {
  const possible = possibleMask(k);
  const mask = requested & possible;
  const usable = mask & onlineMask(k);
  if (usable === 0n) return -EINVAL;
  target.affinity = mask === possible ? undefined : mask;
  if ((usable & localMask(k)) !== 0n) {
    k.repin(target);
    return 0;
  }
  const nid = kernelOfCpu(k, lowestCpu(usable));
  if (nid === undefined || !k.distributed) return -EINVAL; // cannot be: usable CPUs are the machine's
  return k.distributed.moveForAffinity(target, nid, self);
}

/** A cpu_set_t's bytes as a mask (little-endian longs: byte i holds CPUs 8i to 8i+7). */
export function maskFromBytes(b: Uint8Array): bigint {
  let m = 0n;
  b.forEach((byte, i) => {
    m |= BigInt(byte) << BigInt(8 * i);
  });
  return m;
}

export function maskToBytes(mask: bigint, length: number): Uint8Array {
  const b = new Uint8Array(length);
  for (let i = 0; i < length; i++) b[i] = Number((mask >> BigInt(8 * i)) & 0xffn);
  return b;
}

function schedGetaffinity(k: Kernel, t: Thread): SyscallOutcome {
  const pid = t.xInt(10);
  const len = t.xInt(11) >>> 0; // unsigned int
  if (len * 8 < nrCpuIds(k) || len % 8 !== 0) return -EINVAL;
  const who = threadNamed(k, t, pid);
  if (!who) return -ESRCH;
  let mask: bigint;
  if (who === 'elsewhere') {
    const answer = k.distributed?.remoteAffinity(t, pid, undefined) ?? -ESRCH;
    if (typeof answer !== 'bigint') return answer;
    mask = answer;
  } else mask = affinityOf(k, who);
  const n = Math.min(len, CPU_MASK_BYTES);
  return t.process.um.write(t.x(12), maskToBytes(mask, n)) ? n : -EFAULT;
}

function schedSetaffinity(k: Kernel, t: Thread): SyscallOutcome {
  const pid = t.xInt(10);
  const n = Math.min(t.xInt(11) >>> 0, CPU_MASK_BYTES);
  const b = n === 0 ? new Uint8Array(0) : t.process.um.read(t.x(12), n);
  if (!b) return -EFAULT;
  const mask = maskFromBytes(b);
  const who = threadNamed(k, t, pid);
  if (!who) return -ESRCH;
  if (who === 'elsewhere') {
    const answer = k.distributed?.remoteAffinity(t, pid, mask) ?? -ESRCH;
    return typeof answer === 'bigint' ? 0 : answer;
  }
  return setAffinity(k, who, mask, who === t);
}

/** getcpu(cpu, node, tcache): the machine-wide number of the caller's hart, and its NUMA node. */
function getcpu(k: Kernel, t: Thread): SyscallOutcome {
  const word = (v: number) => {
    const b = new Uint8Array(GETCPU_WORD_BYTES);
    new DataView(b.buffer).setUint32(0, v, true);
    return b;
  };
  const cpu = k.params.harts[t.hart] ?? 0;
  const node = topologyOf(k.params).kernels[k.id]?.node ?? 0;
  const um = t.process.um;
  if (t.x(10) !== 0 && !um.write(t.x(10), word(cpu))) return -EFAULT;
  if (t.x(11) !== 0 && !um.write(t.x(11), word(node))) return -EFAULT;
  return 0;
}

export const schedSyscalls: SyscallGroup = [
  [SYS.sched_getaffinity, schedGetaffinity],
  [SYS.sched_setaffinity, schedSetaffinity],
  [SYS.getcpu, getcpu],
];
