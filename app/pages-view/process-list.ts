// The pages view's process chooser: the machine's threads (as every kernel lists those it runs)
// gathered into processes, with where their threads run, so the chooser can say which ones
// are spread over several kernels, the ones whose pages move.

import type { ViewThread } from '../../engine/machine/browser/kernel-view';

export interface ProcessChoice {
  pid: number;
  comm: string;
  /** The kernel that created it (holds its pages' directory). */
  origin: number;
  threads: number;
  /** Kernels its threads run on, ascending. */
  kernels: number[];
}

export function processChoices(threads: readonly ViewThread[]): ProcessChoice[] {
  const byPid = new Map<number, ProcessChoice>();
  for (const t of threads) {
    let p = byPid.get(t.pid);
    if (!p) {
      p = { pid: t.pid, comm: t.comm, origin: t.origin, threads: 0, kernels: [] };
      byPid.set(t.pid, p);
    }
    p.threads++;
    if (!p.kernels.includes(t.kernel)) p.kernels.push(t.kernel);
  }
  const list = [...byPid.values()].sort((a, b) => a.pid - b.pid);
  for (const p of list) p.kernels.sort((a, b) => a - b);
  return list;
}

/** Whether a process runs anywhere but its origin (its pages are shared between kernels). */
export function spread(p: ProcessChoice): boolean {
  return p.kernels.some((k) => k !== p.origin);
}

/** The process to show when none was chosen: the first one spread over kernels, else none (0). */
export function defaultPid(choices: readonly ProcessChoice[]): number {
  return choices.find(spread)?.pid ?? 0;
}

export function sameChoices(a: readonly ProcessChoice[], b: readonly ProcessChoice[]): boolean {
  return (
    a.length === b.length &&
    a.every((p, i) => {
      const q = b[i];
      return (
        q !== undefined &&
        p.pid === q.pid &&
        p.comm === q.comm &&
        p.origin === q.origin &&
        p.threads === q.threads &&
        p.kernels.join() === q.kernels.join()
      );
    })
  );
}

/** "3 · mt · 2 threads on kernels 0, 1", "on 16 kernels" past four (the comm is the guest's, shown as text). */
export function choiceLabel(p: ProcessChoice): string {
  const threads = `${p.threads} thread${p.threads === 1 ? '' : 's'}`;
  const n = p.kernels.length;
  const on = n === 1 ? `kernel ${p.kernels[0] ?? 0}` : n > 4 ? `${n} kernels` : `kernels ${p.kernels.join(', ')}`;
  return `${p.pid} · ${p.comm || '?'} · ${threads} on ${on}`;
}
