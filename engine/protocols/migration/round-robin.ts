// Moves every thread of a process to the next kernel, round robin (popcorn run --migrate-every,
// and a scenario's `migrate` action with no target): a proposal for each thread, acted on by the
// kernel that runs it at its next chance, as propose_migration would be.

import type { MigrationService } from './migration-service';

/** Proposes each live thread of `pid` (of this kernel) for `to`, or for the kernel after its own. */
export function proposeProcess(m: MigrationService, pid: number, to?: number): number {
  const k = m.dist.k;
  const p = k.processes.get(pid);
  if (!p || p.state !== 'alive') return 0;
  const n = m.dist.messenger.kernels;
  let proposed = 0;
  for (const t of p.liveThreads) {
    const where = t.away >= 0 ? t.away : k.id;
    if (m.procs.proposeHere(t.tid, to ?? (where + 1) % n) === 0) proposed++;
  }
  return proposed;
}
