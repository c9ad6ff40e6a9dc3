// The machine's program store: the root filesystem's programs in one SharedArrayBuffer every
// kernel worker sees, filled on demand by the side that can fetch (the page; a Node test
// standing in for a network). It is the machine's read-only disk: names and sizes are known
// before boot (the build's manifest), so every kernel lists /bin whole and stat works, and a
// program's bytes arrive the first time some kernel needs them (exec, read, mmap).
//
// A kernel that needs bytes not here yet asks for them and blocks its worker's thread until
// they come (rootFiles). Its virtual clock does not move meanwhile, and the other kernels wait
// for it at the epoch barrier, so when the bytes arrive in wall-clock time changes nothing in
// the run: the trace is the same whether they came before boot or seconds later, with one
// worker or many. Each kernel copies what it loads into its own heap (kernels share nothing
// but messages; the store is hardware, like a disk).
//
// Whoever fetches a program claims it first (ABSENT -> CLAIMED, atomically), so that each is
// fetched once however many kernels and pages want it: the others wait for it to be PRESENT.
//
// Layout: two Int32 words per program (its state, ABSENT, CLAIMED or PRESENT, and how many
// fetches of it failed, which wakes the kernels waiting for it), then each program's bytes,
// 8-aligned.

import type { PendingContents } from '../kernels/fs/inode';

/** A program of the root filesystem as the manifest lists it. */
export interface ProgramEntry {
  /** Guest path: /bin/NAME, or /sbin/init. */
  path: string;
  size: number;
}

/** What a worker needs to open the store: structured-clonable. */
export interface ProgramStoreInit {
  buffer: SharedArrayBuffer;
  programs: ProgramEntry[];
}

const ABSENT = 0;
const PRESENT = 1;
/** Someone is fetching it. */
const CLAIMED = 2;
const WORDS = 2;
/** How long a waiting kernel sleeps between looks at its ring (ms): it keeps draining it. */
const WAIT_SLICE_MS = 5;

const align8 = (n: number) => Math.ceil(n / 8) * 8;

export class ProgramStore {
  readonly buffer: SharedArrayBuffer;
  readonly programs: readonly ProgramEntry[];
  private readonly words: Int32Array;
  private readonly bytes: Uint8Array;
  private readonly offsets: number[];
  private readonly byPath: Map<string, number>;

  /** A new, empty store for `programs`, or one over the buffer of an existing store (in a worker). */
  constructor(init: ProgramEntry[] | ProgramStoreInit) {
    const programs = Array.isArray(init) ? init : init.programs;
    this.programs = programs;
    this.offsets = [];
    let end = align8(programs.length * WORDS * 4);
    for (const p of programs) {
      if (!Number.isSafeInteger(p.size) || p.size < 0) throw new RangeError(`${p.path}: bad size ${p.size}`);
      this.offsets.push(end);
      end += align8(p.size);
    }
    this.buffer = Array.isArray(init) ? new SharedArrayBuffer(end) : init.buffer;
    if (this.buffer.byteLength < end) throw new RangeError('the program store is smaller than its programs');
    this.words = new Int32Array(this.buffer, 0, programs.length * WORDS);
    this.bytes = new Uint8Array(this.buffer);
    this.byPath = new Map(programs.map((p, i) => [p.path, i]));
  }

  get init(): ProgramStoreInit {
    return { buffer: this.buffer, programs: [...this.programs] };
  }

  /** The index of the program at guest path `path`, if there is one. */
  indexOf(path: string): number | undefined {
    return this.byPath.get(path);
  }

  has(index: number): boolean {
    return Atomics.load(this.words, index * WORDS) === PRESENT;
  }

  /**
   * Claims program `index` for fetching: true if it was absent and nobody had claimed it (the
   * caller must then put it, or release or fail it), false if it is here or on its way.
   */
  claim(index: number): boolean {
    return Atomics.compareExchange(this.words, index * WORDS, ABSENT, CLAIMED) === ABSENT;
  }

  /** Gives up a claim without failing the program: someone else may fetch it now. */
  release(index: number): void {
    Atomics.compareExchange(this.words, index * WORDS, CLAIMED, ABSENT);
  }

  /** Fetching side: the program's bytes arrived; wakes the kernels waiting. Returns an error if they are not the manifest's. */
  put(index: number, bytes: Uint8Array): string | undefined {
    const program = this.programs[index];
    if (!program) return `no program ${index}`;
    if (bytes.length !== program.size) {
      this.fail(index);
      return `${program.path}: ${bytes.length} bytes arrived where the manifest says ${program.size}`;
    }
    if (this.has(index)) return undefined;
    this.bytes.set(bytes, this.offsets[index]);
    Atomics.store(this.words, index * WORDS, PRESENT);
    Atomics.notify(this.words, index * WORDS);
    return undefined;
  }

  /** Fetching side: a fetch failed; the kernels waiting for it give up (EIO), later ones ask again. */
  fail(index: number): void {
    this.release(index);
    Atomics.add(this.words, index * WORDS + 1, 1);
    Atomics.notify(this.words, index * WORDS);
  }

  /**
   * Kernel side: every program as a root file whose bytes load on first use. Loading one not
   * here yet calls `ask(index)` (which may fetch it then and there, having claimed it, or have
   * the fetching side fetch it) and blocks this thread until it arrives or its fetch fails,
   * calling `idle` every few ms meanwhile (the worker drains its message ring there). Only for a
   * worker: a thread that blocks here must not be the one that fetches.
   */
  rootFiles(ask: (index: number) => void, idle: () => void): Record<string, PendingContents> {
    const files: Record<string, PendingContents> = {};
    this.programs.forEach((program, index) => {
      files[program.path] = { size: program.size, load: () => this.load(index, ask, idle) };
    });
    return files;
  }

  private load(index: number, ask: (index: number) => void, idle: () => void): Uint8Array | undefined {
    const state = index * WORDS;
    if (Atomics.load(this.words, state) !== PRESENT) {
      const failures = Atomics.load(this.words, state + 1);
      ask(index);
      for (let now = Atomics.load(this.words, state); now !== PRESENT; now = Atomics.load(this.words, state)) {
        if (Atomics.load(this.words, state + 1) !== failures) return undefined;
        Atomics.wait(this.words, state, now, WAIT_SLICE_MS);
        idle();
      }
    }
    const at = this.offsets[index] ?? 0;
    return this.bytes.slice(at, at + (this.programs[index]?.size ?? 0)); // this kernel's own copy
  }
}

/**
 * The fetching side of a store: fetches a program when a kernel asks (once, however many ask)
 * and ahead of need for programs a scenario is known to run.
 */
export class ProgramFetcher {
  private readonly inFlight = new Map<number, Promise<void>>();

  constructor(
    readonly store: ProgramStore,
    private readonly fetchBytes: (program: ProgramEntry) => Promise<Uint8Array>,
    /** Told when a fetch fails (the kernels that wanted it get EIO). */
    private readonly onError: (program: ProgramEntry, error: unknown) => void = () => undefined,
    /**
     * Where each program (by index) can be fetched from by anyone, if it can: a kernel's worker
     * then fetches what it needs itself rather than wait for this side (the page, whose thread
     * is busiest while the machine boots).
     */
    readonly urls: readonly string[] = [],
    /**
     * The root filesystem's links to programs (guest path -> the program's guest path), such as
     * BusyBox's applets: prefetching a link fetches the program it leads to.
     */
    private readonly links: ReadonlyMap<string, string> = new Map(),
  ) {}

  /**
   * Fetches program `index` unless it is here or on its way (from this fetcher, or from a kernel
   * that claimed it to fetch it itself); resolves once this fetcher's fetch has settled.
   */
  fetch(index: number): Promise<void> {
    const program = this.store.programs[index];
    if (!program || this.store.has(index)) return Promise.resolve();
    let settled = this.inFlight.get(index);
    if (!settled) {
      if (!this.store.claim(index)) return Promise.resolve();
      settled = this.fetchBytes(program)
        .then((bytes) => {
          const error = this.store.put(index, bytes);
          if (error) this.onError(program, new Error(error));
        })
        .catch((err: unknown) => {
          this.store.fail(index);
          this.onError(program, err);
        })
        .finally(() => this.inFlight.delete(index));
      this.inFlight.set(index, settled);
    }
    return settled;
  }

  /**
   * Starts fetching the programs at these guest paths, or that these links lead to (unknown ones
   * are skipped); resolves when all settled.
   */
  prefetch(paths: Iterable<string>): Promise<void> {
    const wanted = [...paths].map((p) => this.store.indexOf(this.links.get(p) ?? p)).filter((i) => i !== undefined);
    const unique = [...new Set(wanted)];
    return Promise.all(unique.map((i) => this.fetch(i))).then(() => undefined);
  }
}
