// The page-ownership invariants of the coherency protocol, checked over a whole machine (the
// tests run it after every protocol step of every kernel):
//   - at most one kernel may write a page, and the directory names it;
//   - a copy anywhere is one the directory knows of (copies ⊆ holders: a kernel gives a copy
//     up before the origin forgets it, and the origin records a grant before sending it);
//   - every read-only copy equals the home copy, which exists whenever nobody writes the page
//     (the one exception: the kernel just granted the write keeps its copy, the current one, until
//     the grant without data arrives).

import type { MigrationService } from './migration-service';
import type { PageEntry } from './page-directory';

export function checkPageInvariants(services: readonly MigrationService[]): string[] {
  const errors: string[] = [];
  for (const origin of services) {
    const self = origin.dist.k.id;
    for (const [pid, st] of origin.dist.origins) {
      const home = st.p.mm;
      const copies = (page: number) => {
        const out: PageCopy[] = [];
        const h = home.holds(page);
        if (h.present) out.push({ kernel: self, writable: h.writable, bytes: home.pageBytes(page) });
        for (const s of services) {
          const ctx = s.dist.contexts.get(pid);
          if (!ctx || s === origin) continue;
          const r = ctx.p.mm.holds(page);
          if (r.present) out.push({ kernel: s.dist.k.id, writable: r.writable, bytes: ctx.p.mm.pageBytes(page) });
        }
        return out;
      };
      const pages = new Set<number>();
      for (const [page] of st.dir.pages()) pages.add(page);
      for (const s of services) s.dist.contexts.get(pid)?.p.mm.pageTable.forEachPage((va) => pages.add(va));
      for (const page of pages)
        errors.push(...checkPage(`pid ${pid} page ${page.toString(16)}`, st.dir.get(page), copies(page), self));
    }
  }
  return errors;
}

/** A kernel's copy of a page: whether it may write it, and its bytes. */
export interface PageCopy {
  readonly kernel: number;
  readonly writable: boolean;
  readonly bytes: Uint8Array | undefined;
}

/**
 * The invariants of one page: `e` its directory entry at origin kernel `origin` (undefined: the
 * origin's alone), `all` every copy any kernel maps. The unit tests of page-machine.ts run it
 * after every transition on a simulated machine.
 */
export function checkPage(at: string, e: PageEntry | undefined, all: readonly PageCopy[], origin: number): string[] {
  const errors: string[] = [];
  const writers = all.filter((c) => c.writable);
  if (writers.length > 1) errors.push(`${at}: writable on kernels ${writers.map((c) => c.kernel).join(',')}`);
  if (!e) {
    const away = all.filter((c) => c.kernel !== origin);
    if (away.length > 0) errors.push(`${at}: held by kernel ${away[0]?.kernel} unknown to the directory`);
    return errors;
  }
  for (const c of all) {
    if (!e.holders.has(c.kernel)) errors.push(`${at}: kernel ${c.kernel} holds a copy the directory does not list`);
    if (c.writable && e.writer !== c.kernel)
      errors.push(`${at}: kernel ${c.kernel} may write it, the directory says ${e.writer}`);
  }
  const homeCopy = all.find((c) => c.kernel === origin);
  for (const c of all) {
    // the kernel granted the write may still hold its read-only copy (the grant without
    // data is on its way): that copy is the current one, there is no home copy to equal
    if (c.writable || c.kernel === origin || c.kernel === e.writer) continue;
    if (!homeCopy) errors.push(`${at}: a read-only copy on kernel ${c.kernel} without a home copy`);
    else if (!sameBytes(c.bytes, homeCopy.bytes))
      errors.push(`${at}: kernel ${c.kernel}'s read-only copy differs from home`);
  }
  if (e.writer < 0 && !homeCopy && !e.op) errors.push(`${at}: nobody writes it and the origin has no copy`);
  return errors;
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
