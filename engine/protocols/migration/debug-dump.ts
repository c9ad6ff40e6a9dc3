// For tests that fail: every kernel's threads and distributed state as text (what each thread
// waits for, each origin's page directory, each remote context), so a hang explains itself.

import type { Kernel } from '../../kernels/kernel';
import type { Messenger } from '../messaging/messenger';
import type { MigrationService } from './migration-service';

/** What it reads of each kernel (the machine's KernelNode has all of it). */
export interface DumpedKernel {
  kernel: Kernel;
  messenger: Messenger;
  services: { migration: MigrationService };
}

export function describeDistribution(nodes: readonly DumpedKernel[]): string {
  const out: string[] = [];
  for (const node of nodes) {
    const k = node.kernel;
    const m = node.services.migration;
    out.push(
      `== kernel ${k.id} at ${k.now} ns; run queue: ${k.runQueue.map((t) => t.tid).join(',')}; inbox ${node.messenger.pending()}; unhandled ${node.messenger.unhandled.length}`,
    );
    for (const t of k.threads.values()) {
      const sleep = t.sleep ? ` on ${t.sleep.queue?.name ?? 'its own'}` : '';
      out.push(
        `  tid ${t.tid} pid ${t.process.pid} ${t.state}${sleep} away=${t.away} pc=${t.pc.toString(16)} a7=${t.x(17)}`,
      );
    }
    for (const [pid, st] of m.dist.origins) {
      out.push(`  origin of ${pid}: remotes ${[...st.remotes].join(',')}`);
      for (const [page, e] of st.dir.pages())
        out.push(
          `    ${page.toString(16)} holders ${[...e.holders].join(',')} writer ${e.writer}${e.op ? ` ${e.op.phase}` : ''}`,
        );
    }
    for (const [pid, ctx] of m.dist.contexts) {
      const fetching = [...ctx.fetching.keys()].map((p) => p.toString(16)).join(',');
      out.push(
        `  context of ${pid} from kernel ${ctx.origin}${ctx.p.liveThreads.length === 0 ? ' (no thread)' : ''}; fetching ${fetching}`,
      );
    }
  }
  return out.join('\n');
}
