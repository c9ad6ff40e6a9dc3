// The threads panel's model: the machine's threads as its kernels publish them, in a stable
// order (by process, then thread), with where each may be moved to. Pure, so it is tested
// without a browser.

import type { ViewThread } from '../../engine/machine/browser/kernel-view';

export interface ThreadRow extends ViewThread {
  /** "pid·tid", the label every view uses. */
  label: string;
  /** The kernels it may be moved to: every other kernel that is up. */
  targets: number[];
}

/** Rows for the panel: by pid then tid; `up[k]` says whether kernel k can take a thread now. */
export function threadRows(threads: readonly ViewThread[], up: readonly boolean[]): ThreadRow[] {
  return [...threads]
    .sort((a, b) => a.pid - b.pid || a.tid - b.tid)
    .map((t) => ({
      ...t,
      label: `${t.pid}·${t.tid}`,
      targets: up.flatMap((isUp, k) => (isUp && k !== t.kernel ? [k] : [])),
    }));
}

/** Whether two lists would show the same (the panel re-renders only when they differ). */
export function sameRows(a: readonly ThreadRow[], b: readonly ThreadRow[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((r, i) => {
    const o = b[i];
    return (
      o !== undefined &&
      r.tid === o.tid &&
      r.kernel === o.kernel &&
      r.state === o.state &&
      r.hart === o.hart &&
      r.comm === o.comm &&
      r.movingTo === o.movingTo &&
      r.blockedIn === o.blockedIn &&
      r.targets.join() === o.targets.join()
    );
  });
}

/** The MIME type a dragged thread travels as (its tid). */
export const THREAD_DRAG_TYPE = 'application/x-popcorn-thread';
