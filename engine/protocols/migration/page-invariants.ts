// The page-ownership invariants of the coherency protocol, checked over a whole machine (the
// tests run it after every protocol step of every kernel; `popcorn scenario` and the page's
// kernels, with a protocol fault on, after every epoch):
//   - at most one kernel may write a page, and the directory names it;
//   - a copy anywhere is one the directory knows of (copies ⊆ holders: a kernel gives a copy
//     up before the origin forgets it, and the origin records a grant before sending it);
//   - every read-only copy equals the home copy, which exists whenever nobody writes the page
//     (the one exception: the kernel just granted the write keeps its copy, the current one, until
//     the grant without data arrives);
//   - the kernel the directory names as the writer holds the page, or is fetching it (the grant
//     is on its way), or an operation on the page is under way (a recall): otherwise nobody has
//     the page's current bytes.
// The origin's side (its directory and home copy) is read where it lives; the other kernels'
// copies come through PageCopies, from their heaps in one thread (checkPageInvariants) or from
// what each kernel's worker publishes after an epoch (machine/invariant-board.ts).

import type { Distribution } from './distribution';
import type { MigrationService } from './migration-service';
import type { PageEntry } from './page-directory';

/** A kernel's copy of a page: whether it may write it, and its bytes (or their pageDigest). */
export interface PageCopy {
  readonly kernel: number;
  readonly writable: boolean;
  readonly bytes: Uint8Array | number | undefined;
}

/** What the checker needs to know of another kernel's copies of the origin's processes. */
export interface PageCopies {
  readonly kernel: number;
  /** Every page of process `pid` this kernel maps. */
  forEachPage(pid: number, fn: (page: number) => void): void;
  /** Its copy of a page, if it maps it (with the bytes only for a read-only copy). */
  copy(pid: number, page: number): { writable: boolean; bytes: Uint8Array | number | undefined } | undefined;
  /** Whether it is fetching the page from the origin (an answer is on its way). */
  asking(pid: number, page: number): boolean;
}

/** A broken invariant: the page, and what is wrong with it. */
export interface BrokenInvariant {
  readonly pid: number;
  readonly page: number;
  readonly what: string;
}

export function describeBroken(b: BrokenInvariant): string {
  return `pid ${b.pid} page ${b.page.toString(16)}: ${b.what}`;
}

/** Every kernel's copies, read from the heaps of a machine in one thread. */
export function checkPageInvariants(services: readonly MigrationService[]): string[] {
  const copies = services.map((s) => localCopies(s.dist));
  return services.flatMap((origin, i) =>
    checkOriginPages(
      origin.dist,
      copies.filter((_, j) => j !== i),
      false,
    ).map(describeBroken),
  );
}

/** A kernel's copies as its own heap holds them. */
export function localCopies(d: Distribution): PageCopies {
  return {
    kernel: d.k.id,
    forEachPage: (pid, fn) => {
      const mm = d.contexts.get(pid)?.p.mm;
      mm?.pageTable.forEachPage((va) => {
        if (!mm.findVma(va)?.shared) fn(va); // a shared object's pages are its own (shm-invariants.ts)
      });
    },
    copy: (pid, page) => {
      const mm = d.contexts.get(pid)?.p.mm;
      const h = mm?.holds(page);
      return mm && h?.present ? { writable: h.writable, bytes: mm.pageBytes(page) } : undefined;
    },
    asking: (pid, page) => d.contexts.get(pid)?.fetching.has(page) ?? false,
  };
}

/**
 * The invariants of the pages of every process `d`'s kernel is the origin of, against the copies
 * of `others` (the kernels up, without the origin). With `digests`, the home copy's bytes are
 * compared as pageDigest, as the others' copies then are.
 */
export function checkOriginPages(d: Distribution, others: readonly PageCopies[], digests: boolean): BrokenInvariant[] {
  const broken: BrokenInvariant[] = [];
  const self = d.k.id;
  const seen = new Set(others.map((o) => o.kernel));
  for (const [pid, st] of d.origins) {
    const home = st.p.mm;
    const pages = new Set<number>();
    for (const [page] of st.dir.pages()) pages.add(page);
    for (const o of others) o.forEachPage(pid, (page) => pages.add(page));
    for (const page of pages) {
      const all: PageCopy[] = [];
      const h = home.holds(page);
      if (h.present) {
        const bytes = home.pageBytes(page);
        all.push({ kernel: self, writable: h.writable, bytes: digests && bytes ? pageDigest(bytes) : bytes });
      }
      const asking = new Set<number>();
      for (const o of others) {
        const c = o.copy(pid, page);
        if (c) all.push({ kernel: o.kernel, ...c });
        if (o.asking(pid, page)) asking.add(o.kernel);
      }
      for (const what of pageErrors(st.dir.get(page), all, self, asking, seen)) broken.push({ pid, page, what });
    }
  }
  return broken;
}

/**
 * The invariants of one page: `e` its directory entry at origin kernel `origin` (undefined: the
 * origin's alone), `all` every copy any kernel maps. The unit tests of page-machine.ts run it
 * after every transition on a simulated machine.
 */
export function checkPage(at: string, e: PageEntry | undefined, all: readonly PageCopy[], origin: number): string[] {
  return pageErrors(e, all, origin, new Set(), undefined).map((what) => `${at}: ${what}`);
}

/**
 * What is wrong with one page; `asking`: the kernels fetching it, `seen`: the kernels whose copies
 * `all` lists besides the origin (undefined: every kernel).
 */
export function pageErrors(
  e: PageEntry | undefined,
  all: readonly PageCopy[],
  origin: number,
  asking: ReadonlySet<number>,
  seen: ReadonlySet<number> | undefined,
): string[] {
  const errors: string[] = [];
  const writers = all.filter((c) => c.writable);
  if (writers.length > 1) errors.push(`writable on kernels ${writers.map((c) => c.kernel).join(',')}`);
  if (!e) {
    const away = all.filter((c) => c.kernel !== origin);
    if (away.length > 0) errors.push(`held by kernel ${away[0]?.kernel} unknown to the directory`);
    return errors;
  }
  for (const c of all) {
    if (!e.holders.has(c.kernel)) errors.push(`kernel ${c.kernel} holds a copy the directory does not list`);
    if (c.writable && e.writer !== c.kernel)
      errors.push(`kernel ${c.kernel} may write it, the directory says ${e.writer}`);
  }
  const homeCopy = all.find((c) => c.kernel === origin);
  for (const c of all) {
    // the kernel granted the write may still hold its read-only copy (the grant without
    // data is on its way): that copy is the current one, there is no home copy to equal
    if (c.writable || c.kernel === origin || c.kernel === e.writer) continue;
    if (!homeCopy) errors.push(`a read-only copy on kernel ${c.kernel} without a home copy`);
    else if (!sameBytes(c.bytes, homeCopy.bytes)) errors.push(`kernel ${c.kernel}'s read-only copy differs from home`);
  }
  if (e.writer < 0 && !homeCopy && !e.op) errors.push(`nobody writes it and the origin has no copy`);
  const w = e.writer;
  if (w >= 0 && w !== origin && !e.op && (!seen || seen.has(w)) && !asking.has(w) && !all.some((c) => c.kernel === w))
    errors.push(`the directory says kernel ${w} writes it, but kernel ${w} has no copy: its bytes are lost`);
  return errors;
}

function sameBytes(a: Uint8Array | number | undefined, b: Uint8Array | number | undefined): boolean {
  if (typeof a === 'number' || typeof b === 'number') return a === b;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A page's bytes as one number (FNV-1a over its 32-bit words), to compare copies published apart. */
export function pageDigest(bytes: Uint8Array): number {
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 2);
  let h = 0x811c9dc5;
  for (let i = 0; i < words.length; i++) h = Math.imul(h ^ (words[i] as number), 0x01000193);
  return h >>> 0;
}
