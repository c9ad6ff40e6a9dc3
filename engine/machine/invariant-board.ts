// The page invariants checked where each kernel runs in its own worker (the page's machine),
// after every epoch, only while the scenario switches a protocol fault on (nothing is published
// or checked otherwise). A kernel's worker can see only its own heap, and the invariants span
// kernels (the origin's directory against every other kernel's copy), so each epoch goes:
//   1. after running epoch e, every kernel up publishes its copies of other kernels' pages (per
//      remote context: each page it maps, writable or not, a digest of a read-only copy's bytes,
//      and the pages it is fetching) into its buffer e % 2, stamped with e + 1 (epochs done);
//   2. it meets the others at the epoch barrier: every copy of epoch e is published;
//   3. every kernel checks the pages of the processes it is the origin of (page-invariants.ts)
//      against the copies stamped e + 1, and appends what it finds broken for the first time
//      (and what its services saw broken: a dropped futex wake) to its list, with the epoch.
// Nobody writes buffer e % 2 again before the barrier after epoch e + 1, which every kernel
// reaches only after its check of epoch e: the check reads copies as they were at the end of
// the epoch, in one worker or many, so it finds the same things at the same epochs as
// `popcorn scenario` does in one thread. Nothing here changes the machine's state or trace.
//
// Copies (per kernel, the area INVARIANT_COPIES_SIZE shared among the machine's kernels, two
// buffers each): i32 stamp (epochs done), u32 count, u32 overflowed, u32 0, then per copy u32
// pid, u32 page number, u32 flags (COPY_*), u32 digest.
// Broken (per kernel, INVARIANT_BROKEN_STRIDE): i32 count (stored last), then MAX_BROKEN
// records of BROKEN_BYTES: u32 epoch, u32 pid, f64 page address, u8 text length, the text.

import {
  INVARIANT_BROKEN_STRIDE,
  INVARIANT_COPIES_OFFSET,
  INVARIANT_COPIES_SIZE,
  INVARIANT_OFFSET,
  MAX_KERNELS,
  PAGE_SIZE,
  RAM_OFFSET,
} from '../hw/memory-map';
import type { Distribution } from '../protocols/migration/distribution';
import {
  checkOriginPages,
  describeBroken,
  pageDigest,
  type BrokenInvariant,
  type PageCopies,
} from '../protocols/migration/page-invariants';

const COPY_PRESENT = 1;
const COPY_WRITABLE = 2;
const COPY_ASKING = 4;
const COPIES_HEADER = 16;
const COPY_BYTES = 16;
const BROKEN_HEADER = 16;
const BROKEN_BYTES = 128;
const TEXT_AT = 17;
const TEXT_BYTES = BROKEN_BYTES - TEXT_AT;
/** Broken invariants a kernel keeps for the page: the first ones, when each broke. */
export const MAX_BROKEN = Math.floor((INVARIANT_BROKEN_STRIDE - BROKEN_HEADER) / BROKEN_BYTES);

/** An invariant a kernel found broken, as the page reads it. */
export interface BrokenAt extends BrokenInvariant {
  /** The kernel that found it (the process's origin). */
  readonly kernel: number;
  /** Epochs done when it was found (it broke during the epoch before). */
  readonly epoch: number;
}

export class InvariantBoard {
  private readonly view: DataView;
  private readonly words: Int32Array;
  private readonly bytes: Uint8Array;
  /** Bytes of one kernel's buffer: the copies area shared among the machine's kernels, two each. */
  private readonly bufferBytes: number;
  /** What this kernel recorded already (it keeps breaking epoch after epoch: recorded once). */
  private readonly recorded = new Set<string>();
  /** The services' own violations recorded so far (of `services`: a kernel booted again has new ones). */
  private servicesSeen = 0;
  private services: Distribution | undefined;
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder();

  constructor(
    memory: WebAssembly.Memory,
    private readonly kernels: number,
  ) {
    if (!Number.isInteger(kernels) || kernels < 1 || kernels > MAX_KERNELS) throw new RangeError(`${kernels} kernels`);
    this.view = new DataView(memory.buffer);
    this.words = new Int32Array(memory.buffer);
    this.bytes = new Uint8Array(memory.buffer);
    this.bufferBytes = Math.floor(INVARIANT_COPIES_SIZE / kernels / 2 / COPY_BYTES) * COPY_BYTES;
  }

  private buffer(kernel: number, epochs: number): number {
    return INVARIANT_COPIES_OFFSET + (kernel * 2 + (epochs % 2)) * this.bufferBytes;
  }

  /** Step 1: kernel `d.k`'s copies of other kernels' pages after `epochs` epochs. */
  publishCopies(d: Distribution, epochs: number): void {
    const at = this.buffer(d.k.id, epochs);
    const room = (this.bufferBytes - COPIES_HEADER) / COPY_BYTES;
    const v = this.view;
    const written = { n: 0, overflowed: false };
    const put = (pid: number, page: number, flags: number, digest: number) => {
      if (written.n >= room) {
        written.overflowed = true;
        return;
      }
      const o = at + COPIES_HEADER + written.n * COPY_BYTES;
      v.setUint32(o, pid, true);
      v.setUint32(o + 4, page / PAGE_SIZE, true);
      v.setUint32(o + 8, flags, true);
      v.setUint32(o + 12, digest, true);
      written.n++;
    };
    for (const [pid, ctx] of d.contexts) {
      const pt = ctx.p.mm.pageTable;
      pt.forEachPage((va) => {
        const h = ctx.p.mm.holds(va);
        if (!h.present || ctx.p.mm.findVma(va)?.shared) return; // a shared object's pages are its own
        const flags = COPY_PRESENT | (h.writable ? COPY_WRITABLE : 0) | (ctx.fetching.has(va) ? COPY_ASKING : 0);
        // only a read-only copy is compared with home; the bytes are read where they lie
        const pa = h.writable ? undefined : pt.physical(va);
        put(
          pid,
          va,
          flags,
          pa === undefined ? 0 : pageDigest(this.bytes.subarray(RAM_OFFSET + pa, RAM_OFFSET + pa + PAGE_SIZE)),
        );
      });
      for (const page of ctx.fetching.keys()) if (!ctx.p.mm.holds(page).present) put(pid, page, COPY_ASKING, 0);
    }
    v.setUint32(at + 4, written.n, true);
    v.setUint32(at + 8, written.overflowed ? 1 : 0, true);
    Atomics.store(this.words, at >> 2, epochs);
  }

  /** The copies kernel `kernel` published after `epochs` epochs (undefined: it published none). */
  private copiesOf(kernel: number, epochs: number): { copies: PageCopies; overflowed: boolean } | undefined {
    const at = this.buffer(kernel, epochs);
    if (Atomics.load(this.words, at >> 2) !== epochs) return undefined;
    const v = this.view;
    const n = v.getUint32(at + 4, true);
    const byPid = new Map<number, Map<number, { flags: number; digest: number }>>();
    for (let i = 0; i < n; i++) {
      const o = at + COPIES_HEADER + i * COPY_BYTES;
      const pid = v.getUint32(o, true);
      let pages = byPid.get(pid);
      if (!pages) {
        pages = new Map<number, { flags: number; digest: number }>();
        byPid.set(pid, pages);
      }
      pages.set(v.getUint32(o + 4, true) * PAGE_SIZE, {
        flags: v.getUint32(o + 8, true),
        digest: v.getUint32(o + 12, true),
      });
    }
    const copies: PageCopies = {
      kernel,
      forEachPage: (pid, fn) => {
        for (const [page, c] of byPid.get(pid) ?? []) if (c.flags & COPY_PRESENT) fn(page);
      },
      copy: (pid, page) => {
        const c = byPid.get(pid)?.get(page);
        if (!c || (c.flags & COPY_PRESENT) === 0) return undefined;
        const writable = (c.flags & COPY_WRITABLE) !== 0;
        return { writable, bytes: writable ? undefined : c.digest };
      },
      asking: (pid, page) => ((byPid.get(pid)?.get(page)?.flags ?? 0) & COPY_ASKING) !== 0,
    };
    return { copies, overflowed: v.getUint32(at + 8, true) !== 0 };
  }

  /**
   * Step 3: checks the processes kernel `d.k` is the origin of against the copies published
   * after `epochs` epochs, and records what broke for the first time (with what its services saw
   * broken meanwhile). Returns what it recorded.
   */
  check(d: Distribution, epochs: number): BrokenInvariant[] {
    const self = d.k.id;
    if (this.services !== d) {
      this.services = d;
      this.servicesSeen = 0;
    }
    const found: BrokenInvariant[] = d.violations.slice(this.servicesSeen);
    this.servicesSeen = d.violations.length;
    if (d.origins.size > 0 && this.count(self) + found.length < MAX_BROKEN) {
      const others: PageCopies[] = [];
      let complete = true;
      for (let k = 0; k < this.kernels; k++) {
        if (k === self) continue;
        const c = this.copiesOf(k, epochs);
        if (!c) continue; // down: it holds nothing
        if (c.overflowed) complete = false;
        others.push(c.copies);
      }
      // a kernel with more copies than its buffer holds would seem to lack some: no check then
      if (complete) found.push(...checkOriginPages(d, others, true));
    }
    const fresh = found.filter((b) => {
      const key = describeBroken(b);
      if (this.recorded.has(key)) return false;
      this.recorded.add(key);
      return true;
    });
    for (const b of fresh) this.record(self, epochs, b);
    return fresh;
  }

  private count(kernel: number): number {
    return Atomics.load(this.words, (INVARIANT_OFFSET + kernel * INVARIANT_BROKEN_STRIDE) >> 2);
  }

  private record(kernel: number, epochs: number, b: BrokenInvariant): void {
    const base = INVARIANT_OFFSET + kernel * INVARIANT_BROKEN_STRIDE;
    const n = this.count(kernel);
    if (n >= MAX_BROKEN) return;
    const o = base + BROKEN_HEADER + n * BROKEN_BYTES;
    const v = this.view;
    v.setUint32(o, epochs, true);
    v.setUint32(o + 4, b.pid, true);
    v.setFloat64(o + 8, b.page, true);
    const text = this.encoder.encode(b.what).subarray(0, TEXT_BYTES);
    v.setUint8(o + 16, text.length);
    this.bytes.set(text, o + TEXT_AT);
    Atomics.store(this.words, base >> 2, n + 1);
  }

  /** The page's side: what kernel `kernel` recorded so far, from its `from`th record on. */
  broken(kernel: number, from = 0): BrokenAt[] {
    const base = INVARIANT_OFFSET + kernel * INVARIANT_BROKEN_STRIDE;
    const n = Math.min(MAX_BROKEN, this.count(kernel));
    const v = this.view;
    const out: BrokenAt[] = [];
    for (let i = from; i < n; i++) {
      const o = base + BROKEN_HEADER + i * BROKEN_BYTES;
      const length = Math.min(TEXT_BYTES, v.getUint8(o + 16));
      out.push({
        kernel,
        epoch: v.getUint32(o, true),
        pid: v.getUint32(o + 4, true),
        page: v.getFloat64(o + 8, true),
        what: this.decoder.decode(this.bytes.slice(o + TEXT_AT, o + TEXT_AT + length)),
      });
    }
    return out;
  }

  /** How many records kernel `kernel` has (the page reads them anew only when it grows). */
  recordedBy(kernel: number): number {
    return Math.min(MAX_BROKEN, this.count(kernel));
  }
}
