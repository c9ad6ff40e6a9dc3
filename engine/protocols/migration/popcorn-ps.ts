// /proc/popcorn/ps (Popcorn's popcorn_ps): every process of the machine, where each of its
// threads runs and how many of its pages each kernel holds, one record per line, read by pstat
// and migrate:
//   process pid=5 origin=0 comm=mt threads=4
//   thread pid=5 tid=9 kernel=1 state=R
//   pages pid=5 kernel=1 held=3 writable=2
// A process's origin writes its records (it knows its proxies and its page directory) and sends
// them with its process list (process-list.ts), so every kernel shows the same file.
//
// /proc/popcorn/pages lists, for the distributed processes of this kernel (their origin), every
// page that has left home: which kernels hold it and which one may write it (-1: none), the
// page server's directory as it is now:
//   pid=5 page=0x7f000 holders=0,1 writer=-1

import type { Kernel } from '../../kernels/kernel';
import { PTE_W } from '../../kernels/mm/page-table';
import type { Thread } from '../../kernels/proc/task';
import type { ProcessListService } from '../ssi/process-list';
import type { MigrationService } from './migration-service';

function stateLetter(t: Thread, waitingThere: boolean): string {
  if (t.away >= 0) return waitingThere ? 'S' : 'R'; // a proxy with a forwarded syscall under way waits
  return t.state === 'blocked' ? 'S' : t.state === 'stopped' ? 'T' : 'R';
}

/** The records of process `pid` of this kernel ('' when it has none). */
export function popcornRecord(k: Kernel, m: MigrationService, pid: number): string {
  const p = k.processes.get(pid);
  if (!p || p.state !== 'alive') return '';
  const live = p.liveThreads;
  const lines = [`process pid=${pid} origin=${k.id} comm=${p.comm} threads=${live.length}`];
  for (const t of live)
    lines.push(
      `thread pid=${pid} tid=${t.tid} kernel=${t.away >= 0 ? t.away : k.id} state=${stateLetter(t, !m.forwarding.idle(t))}`,
    );
  let writable = 0;
  p.mm.pageTable.forEachPage((_va, pte) => {
    if (pte & PTE_W) writable++;
  });
  const counts = new Map([[k.id, { held: p.mm.resident, writable }]]);
  const st = m.dist.originOf(p);
  if (st) for (const [kernel, c] of st.dir.countByKernel()) if (kernel !== k.id) counts.set(kernel, c);
  for (const [kernel, c] of [...counts].sort((a, b) => a[0] - b[0]))
    lines.push(`pages pid=${pid} kernel=${kernel} held=${c.held} writable=${c.writable}`);
  return lines.join('\n') + '\n';
}

/** /proc/popcorn/pages: the page directory of every distributed process of this kernel. */
export function pagesText(m: MigrationService): string {
  const lines: string[] = [];
  for (const [pid, st] of [...m.dist.origins].sort((a, b) => a[0] - b[0])) {
    for (const [page, e] of [...st.dir.pages()].sort((a, b) => a[0] - b[0])) {
      const holders = [...e.holders].sort((a, b) => a - b).join(',');
      lines.push(`pid=${pid} page=0x${page.toString(16)} holders=${holders} writer=${e.writer}\n`);
    }
  }
  return lines.join('');
}

export function registerPopcornPs(k: Kernel, m: MigrationService, lists: ProcessListService): void {
  k.procfs.add('popcorn/pages', { kind: 'file', read: () => pagesText(m) });
  lists.record = (pid) => popcornRecord(k, m, pid);
  k.procfs.add('popcorn/ps', {
    kind: 'file',
    read: () => {
      const records = new Map<number, string>();
      for (const s of lists.processes()) if (s.popcorn) records.set(s.pid, s.popcorn);
      for (const pid of k.processes.keys()) records.set(pid, popcornRecord(k, m, pid));
      return [...records]
        .sort((a, b) => a[0] - b[0])
        .map(([, r]) => r)
        .join('');
    },
  });
}
