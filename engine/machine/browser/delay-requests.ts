// Whether the page may hold back messages in flight (exploration, while paused): every reason a
// set of delays is refused before anything is posted, as one pure function of the machine's
// shape and its kernels' state, so the browser machine's all-or-nothing rule is tested here
// without workers.

import { delayRefusal, type Delay } from '../../protocols/messaging/delays';

/** What the check needs of the machine now. */
export interface DelayTargets {
  kernels: number;
  /** Whether kernel k is down (crashed, or its worker failed). */
  down(k: number): boolean;
  /** Requests kernel k's command mailbox can still take before it runs. */
  room(k: number): number;
}

/** Why `delays` cannot be posted, all of them at once; undefined when they can. */
export function delaysRefused(delays: readonly Delay[], m: DelayTargets): string | undefined {
  const kernel = (k: number) => Number.isInteger(k) && k >= 0 && k < m.kernels;
  for (const d of delays) {
    if (!kernel(d.from) || !kernel(d.to) || d.from === d.to) return `no link from kernel ${d.from} to kernel ${d.to}`;
    const why = delayRefusal(d.epochs);
    if (why) return why;
    if (m.down(d.to)) return `kernel ${d.to} is down`;
  }
  const perKernel = new Map<number, number>();
  for (const d of delays) perKernel.set(d.to, (perKernel.get(d.to) ?? 0) + 1);
  for (const [k, n] of perKernel)
    if (m.room(k) < n)
      return `kernel ${k} has ${n > 1 ? `no room for ${n} more requests` : 'no room for another request'} before it runs`;
  return undefined;
}
