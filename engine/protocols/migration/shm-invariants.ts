// The page-ownership invariants of shared objects (shm-home.ts, shm-replica.ts), the same as
// a process's pages (page-invariants.ts) with the object's home in the origin's place: at most
// one kernel may write a page and the directory names it; every copy is one the directory
// lists; every read-only copy equals the home copy; the writer holds the page or is getting it.
// A kernel's copy is read where it is: the frame of its replica (or, at home, of the object),
// writable when any address space there maps it writable or the replica was granted the write.
// A kernel that let its replica go has its written pages on their way home (SHM_RELEASE): the
// directory may still name it the writer until they arrive.
// The tests run it after every protocol step of every kernel, over the heaps of a machine in
// one thread.

import type { MigrationService } from './migration-service';
import { pageErrors, type PageCopy } from './page-invariants';
import type { HomeObject } from './shm-home';

/** Every broken invariant of every shared object any kernel is home to, as lines. */
export function checkSharedInvariants(services: readonly MigrationService[]): string[] {
  const out: string[] = [];
  for (const home of services) {
    const self = home.dist.k.id;
    for (const o of home.pages.shm.home.objects.values()) {
      const others = services.filter((s) => s !== home);
      for (const index of pagesOf(o, self, others)) {
        const all: PageCopy[] = [];
        const pa = o.mem.peek(index);
        if (pa !== undefined) all.push({ kernel: self, writable: o.mem.writable(index), bytes: o.mem.bytesOf(pa) });
        const asking = new Set<number>();
        for (const s of others) {
          const r = s.pages.shm.replicas.get(self, o.id);
          const rpa = r?.mem.peek(index);
          if (r && rpa !== undefined) {
            const writable = r.writable.has(index) || r.mem.writable(index);
            all.push({ kernel: s.dist.k.id, writable, bytes: r.mem.bytesOf(rpa) });
          }
          // a kernel with no replica let go of it (ShmReplicas.release, the only way one goes):
          // the page it wrote is on its way home in SHM_RELEASE, as a fetched page is in a reply
          if (r?.fetching.has(index) || !r) asking.add(s.dist.k.id);
        }
        const seen = new Set(others.map((s) => s.dist.k.id));
        for (const what of pageErrors(o.dir.get(index), all, self, asking, seen))
          out.push(`object ${self}:${o.id} page ${index}: ${what}`);
      }
    }
  }
  return out;
}

/** The pages of `o` the directory lists or any other kernel holds. */
function pagesOf(o: HomeObject, self: number, others: readonly MigrationService[]): Set<number> {
  const pages = new Set<number>();
  for (const [index] of o.dir.pages()) pages.add(index);
  for (const s of others) {
    const r = s.pages.shm.replicas.get(self, o.id);
    for (const [index] of r?.mem.held() ?? []) pages.add(index);
  }
  return pages;
}
