// View boards: what each kernel publishes after every epoch for the page's views beyond the
// counters of telemetry.ts, in shared memory (memory-map.ts VIEW_*), read by the page once per
// animation frame:
//   - the threads it runs (its own that are here, and those of other kernels' processes that
//     migrated here), so the page can list, inspect and migrate them, with the migration each
//     waits to make (a proposal is acted on when the thread next runs) and the syscall a
//     blocked one sleeps in;
//   - the registers of the thread the page inspects (VIEW_INSPECT_TID), if it runs here;
//   - the body of the message the inspector shows (VIEW_MSG_*), if this kernel sent or received
//     it lately (recent-messages.ts), for the page to decode with the message's declaration;
//   - the VMAs and pages of the process the page focuses on (VIEW_FOCUS_PID), if this kernel is
//     its origin: every page present at home and every page the page directory lists elsewhere,
//     with the kernels holding it and the one that may write it. Walking thousands of pages
//     costs more than an epoch, so this part is published only when the page asked for it
//     anew (it bumps VIEW_WANT after each reading, a few times per second).
// A board has one writer (its kernel's worker) and is guarded by a sequence number, odd while
// the writer is at it: the reader retries until it has a board that did not change under it.
//
// Board layout (VIEW_STRIDE bytes per kernel):
//   0       header: seq, epoch, threads, vmas, pages, focus pid, inspected tid, pages in all,
//           the epoch the process part was published at
//   64      threads: MAX_VIEW_THREADS x THREAD_BYTES (pid, tid, origin, state, hart, pc, cpu ns,
//           syscalls, comm, the kernel it is to move to, the syscall it sleeps in + 1)
//   REGS_AT x[32], f[32], pc, fcsr of the inspected thread (CONTEXT_BYTES), then the code
//           around its pc (CODE_BYTES at most, within pc's page, if the page is here)
//   VMAS_AT MAX_VIEW_VMAS x VMA_BYTES (start, end, prot, kind, name)
//   MSG_AT  the inspected message: from, to, seq, type, length, then its body (MSG_BODY_BYTES at most)
//   PAGES_AT up to MAX_VIEW_PAGES x PAGE_BYTES (page number, holders bitmask, writer, the step of
//           the operation under way (PAGE_STEPS), the kernel it is for, write and queued requests,
//           the kernels it waits for as a bitmask: protocols/migration/page-activity.ts)

import {
  CONTROL_OFFSET,
  CONTROL_SIZE,
  MAX_KERNELS,
  PAGE_SHIFT,
  PAGE_SIZE,
  RAM_OFFSET,
  VIEW_FOCUS_PID,
  VIEW_INSPECT_TID,
  VIEW_MSG_ASK,
  VIEW_MSG_FROM,
  VIEW_MSG_SEQ,
  VIEW_MSG_TO,
  VIEW_OFFSET,
  VIEW_REQUEST_OFFSET,
  VIEW_STRIDE,
  VIEW_WANT,
} from '../../hw/memory-map';
import type { Kernel } from '../../kernels/kernel';
import type { VmaKind } from '../../kernels/mm/address-space';
import { PTE_W } from '../../kernels/mm/page-table';
import { syscallName } from '../../kernels/syscalls/numbers';
import { CONTEXT_BYTES, type Process, type Thread } from '../../kernels/proc/task';
import type { Distribution } from '../../protocols/migration/distribution';
import { pageActivities, type PageActivity } from '../../protocols/migration/page-activity';
import type { RecentMessages } from './recent-messages';

const SEQ = 0;
const EPOCH = 4;
const THREADS = 8;
const VMAS = 12;
const PAGES = 16;
const FOCUS = 20;
const INSPECT = 24;
const PAGES_ALL = 28;
const PAGES_EPOCH = 32; // the epoch the focused process was last published at
const MSG_STATE = 36; // the inspected message: MSG_NONE, MSG_KEPT or MSG_GONE
const MSG_NONE = 0;
const MSG_KEPT = 1;
const MSG_GONE = 2;

export const MAX_VIEW_THREADS = 256;
const THREADS_AT = 64;
const THREAD_BYTES = 56;
const COMM_BYTES = 16;
const REGS_AT = THREADS_AT + MAX_VIEW_THREADS * THREAD_BYTES;
const REGS_BYTES = 640;
export const MAX_VIEW_VMAS = 128;
const VMAS_AT = REGS_AT + REGS_BYTES;
const VMA_BYTES = 48;
const VMA_NAME_BYTES = 28;
const MSG_AT = VMAS_AT + MAX_VIEW_VMAS * VMA_BYTES;
const MSG_HEADER = 24;
/** The longest body a board shows: a message over every slot of a 256-slot ring fits. */
export const MSG_BODY_BYTES = 16384 - MSG_HEADER;
const PAGES_AT = MSG_AT + MSG_HEADER + MSG_BODY_BYTES;
const PAGE_BYTES = 24;
/** A page's step on the board: 0 for none, then these (index + 1). */
const PAGE_STEPS: ReadonlyArray<PageActivity['step']> = ['recall', 'invalidate', 'grant'];
const MAX_QUEUED = 127;
export const MAX_VIEW_PAGES = Math.floor((VIEW_STRIDE - PAGES_AT) / PAGE_BYTES);

const CODE_AT = REGS_AT + CONTEXT_BYTES; // f64 address of the first byte, u8 length, the bytes
const CODE_BYTES = 64;
/** The ecall instruction: a blocked thread whose pc is at one sleeps in the syscall in a7. */
const ECALL = 0x00000073;
/** Bytes per page, for the views that lay pages out (the engine's one page size). */
export { PAGE_SIZE };

if (REGS_BYTES < CONTEXT_BYTES + 12 + CODE_BYTES) throw new Error('view board: registers do not fit');
if (VIEW_REQUEST_OFFSET + 8 > CONTROL_OFFSET + CONTROL_SIZE) throw new Error('view requests outside the control block');

const STATES = ['runnable', 'running', 'blocked', 'stopped'] as const;
export type ViewThreadState = (typeof STATES)[number];
const VMA_KINDS: VmaKind[] = ['code', 'data', 'bss', 'heap', 'stack', 'mmap'];

/** A thread as its kernel publishes it. */
export interface ViewThread {
  pid: number;
  tid: number;
  /** The kernel whose process it is (where it was created). */
  origin: number;
  /** The kernel it runs on: the board's. */
  kernel: number;
  state: ViewThreadState;
  /** The machine's number of the hart it is on (as telemetry and the trace number harts), else -1. */
  hart: number;
  pc: number;
  cpuNs: number;
  syscalls: number;
  comm: string;
  /** The kernel a migration asked for will move it to when it next runs, or -1. */
  movingTo: number;
  /** The system call it sleeps in while blocked in one ("wait4"), else ''. */
  blockedIn: string;
}

/**
 * Every kernel's threads as one list, by tid. Kernels publish their boards every few epochs, not
 * at once, so a thread that just moved can be on two boards for a moment: the kernel it left
 * published before it left, the one it reached after it came. The later board is right.
 */
export function newestThreads(boards: ReadonlyArray<{ epoch: number; threads: readonly ViewThread[] }>): ViewThread[] {
  const newest = new Map<number, { thread: ViewThread; epoch: number }>();
  for (const { epoch, threads } of boards) {
    for (const thread of threads) {
      const seen = newest.get(thread.tid);
      if (!seen || epoch > seen.epoch) newest.set(thread.tid, { thread, epoch });
    }
  }
  return [...newest.values()].map((e) => e.thread).sort((a, b) => a.tid - b.tid);
}

export interface ViewRegisters {
  tid: number;
  kernel: number;
  x: bigint[];
  f: bigint[];
  pc: number;
  fcsr: number;
  /** Instruction bytes around pc, starting at address `codeAt` (empty if its page is elsewhere). */
  code: Uint8Array;
  codeAt: number;
}

/** The addresses of the code bytes published around `pc`: from 16 bytes before it, within its page. */
export function codeWindow(pc: number): { from: number; to: number } {
  const page = pc - (pc % PAGE_SIZE);
  const from = Math.max(page, pc - 16);
  return { from, to: Math.min(page + PAGE_SIZE, from + CODE_BYTES) };
}

export interface ViewVma {
  start: number;
  end: number;
  /** PROT_READ | PROT_WRITE | PROT_EXEC bits. */
  prot: number;
  kind: VmaKind;
  name: string;
}

export interface ViewPage {
  /** The page's virtual address. */
  va: number;
  /** Kernels holding a copy. */
  holders: number[];
  /** The kernel that may write it, or -1 (every copy read-only). */
  writer: number;
  /** An operation on it (a fetch, an invalidation) is under way at the origin. */
  busy: boolean;
  /** What that operation is doing (absent when none is). */
  activity?: ViewPageActivity;
}

/** The operation under way on a page: see protocols/migration/page-activity.ts. */
export type ViewPageActivity = PageActivity;

export interface ProcessPages {
  pid: number;
  origin: number;
  epoch: number;
  vmas: ViewVma[];
  pages: ViewPage[];
  /** Pages the process has in all (more than `pages` when the board could not hold them). */
  total: number;
}

/** A message by its ends and the sender's sequence number (what the trace says of it). */
export interface MessageRef {
  from: number;
  to: number;
  seq: number;
}

/** A message's body as a kernel published it, or 'gone' when it no longer keeps it. */
export type PublishedMessage = { type: number; body: Uint8Array } | 'gone';

/** The page's requests, read by every kernel after each epoch. */
export class ViewRequests {
  private readonly words: Int32Array;

  constructor(memory: WebAssembly.Memory) {
    this.words = new Int32Array(memory.buffer);
  }

  get focusPid(): number {
    return Atomics.load(this.words, (VIEW_REQUEST_OFFSET + VIEW_FOCUS_PID) >> 2);
  }

  set focusPid(pid: number) {
    Atomics.store(this.words, (VIEW_REQUEST_OFFSET + VIEW_FOCUS_PID) >> 2, pid | 0);
  }

  get inspectTid(): number {
    return Atomics.load(this.words, (VIEW_REQUEST_OFFSET + VIEW_INSPECT_TID) >> 2);
  }

  set inspectTid(tid: number) {
    Atomics.store(this.words, (VIEW_REQUEST_OFFSET + VIEW_INSPECT_TID) >> 2, tid | 0);
  }

  /** The message the inspector shows (sender, receiver, sequence number), if any. */
  get message(): MessageRef | undefined {
    if (Atomics.load(this.words, (VIEW_REQUEST_OFFSET + VIEW_MSG_ASK) >> 2) !== 1) return undefined;
    return {
      from: Atomics.load(this.words, (VIEW_REQUEST_OFFSET + VIEW_MSG_FROM) >> 2),
      to: Atomics.load(this.words, (VIEW_REQUEST_OFFSET + VIEW_MSG_TO) >> 2),
      seq: Atomics.load(this.words, (VIEW_REQUEST_OFFSET + VIEW_MSG_SEQ) >> 2) >>> 0,
    };
  }

  set message(m: MessageRef | undefined) {
    const at = (offset: number) => (VIEW_REQUEST_OFFSET + offset) >> 2;
    Atomics.store(this.words, at(VIEW_MSG_ASK), 0);
    if (!m) return;
    Atomics.store(this.words, at(VIEW_MSG_FROM), m.from | 0);
    Atomics.store(this.words, at(VIEW_MSG_TO), m.to | 0);
    Atomics.store(this.words, at(VIEW_MSG_SEQ), m.seq | 0);
    Atomics.store(this.words, at(VIEW_MSG_ASK), 1);
  }

  /** How many times the page asked for the focused process's pages. */
  get wants(): number {
    return Atomics.load(this.words, (VIEW_REQUEST_OFFSET + VIEW_WANT) >> 2);
  }

  /** The page wants the focused process's VMAs and pages published again. */
  want(): void {
    Atomics.add(this.words, (VIEW_REQUEST_OFFSET + VIEW_WANT) >> 2, 1);
  }
}

function boardBase(kernel: number): number {
  if (!Number.isInteger(kernel) || kernel < 0 || kernel >= MAX_KERNELS) throw new RangeError(`no kernel ${kernel}`);
  return VIEW_OFFSET + kernel * VIEW_STRIDE;
}

/** A kernel's side: publishes its board after an epoch. */
export class KernelViewWriter {
  private readonly view: DataView;
  private readonly words: Int32Array;
  private readonly bytes: Uint8Array;
  private readonly base: number;
  private readonly requests: ViewRequests;
  private readonly encoder = new TextEncoder();
  /** The page's request count and focus when the process was last published. */
  private answered = { wants: -1, focus: -1 };
  /** The message request last answered ('' for none). */
  private answeredMessage = '';

  constructor(
    memory: WebAssembly.Memory,
    readonly kernel: number,
  ) {
    this.view = new DataView(memory.buffer);
    this.words = new Int32Array(memory.buffer);
    this.bytes = new Uint8Array(memory.buffer);
    this.base = boardBase(kernel);
    this.requests = new ViewRequests(memory);
  }

  private set(offset: number, v: number): void {
    Atomics.store(this.words, (this.base + offset) >> 2, v | 0);
  }

  /** Publishes what kernel `k` (with its migration state `dist`) runs and owns after `epochs` epochs. */
  publish(k: Kernel, dist: Distribution, epochs: number, recent?: RecentMessages): void {
    const seq = Atomics.load(this.words, (this.base + SEQ) >> 2) & ~1; // this worker is the only writer
    this.set(SEQ, seq + 1); // odd: being written
    this.set(EPOCH, epochs);
    const here = [...k.threads.values()].filter((t) => t.alive && t.away < 0).slice(0, MAX_VIEW_THREADS);
    here.forEach((t, i) => {
      this.writeThread(k, THREADS_AT + i * THREAD_BYTES, t, dist.contextOf(t.process)?.origin ?? k.id);
    });
    this.set(THREADS, here.length);
    const inspect = this.requests.inspectTid;
    const inspected = here.find((t) => t.tid === inspect);
    if (inspected) {
      for (let i = 0; i < CONTEXT_BYTES; i++)
        this.bytes[this.base + REGS_AT + i] = inspected.regs.getUint8(inspected.regsBase + i);
    }
    if (inspected) this.writeCode(inspected);
    this.set(INSPECT, inspected ? inspect : 0);
    const focus = this.requests.focusPid;
    const wants = this.requests.wants;
    if (wants !== this.answered.wants || focus !== this.answered.focus) {
      this.answered = { wants, focus };
      const p = focus > 0 ? k.processes.get(focus) : undefined;
      if (p && p.state === 'alive') this.writeProcess(p, dist);
      else {
        this.set(VMAS, 0);
        this.set(PAGES, 0);
        this.set(PAGES_ALL, 0);
      }
      this.set(FOCUS, p && p.state === 'alive' ? focus : 0);
      this.set(PAGES_EPOCH, epochs);
    }
    if (recent) this.writeMessage(recent);
    this.set(SEQ, seq + 2); // even: done
  }

  /** Between epochs (paused): answers a new request for a message at once. */
  answerMessage(recent: RecentMessages): void {
    if (this.messageKey() === this.answeredMessage) return;
    const seq = Atomics.load(this.words, (this.base + SEQ) >> 2) & ~1;
    this.set(SEQ, seq + 1);
    this.writeMessage(recent);
    this.set(SEQ, seq + 2);
  }

  private messageKey(): string {
    const m = this.requests.message;
    return m ? `${m.from}:${m.to}:${m.seq}` : '';
  }

  /** The inspected message's body, if this kernel sent or received it and still keeps it. */
  private writeMessage(recent: RecentMessages): void {
    const key = this.messageKey();
    if (key === this.answeredMessage) return;
    this.answeredMessage = key;
    const m = this.requests.message;
    const kept = m && (m.from === this.kernel || m.to === this.kernel) ? recent.find(m.from, m.to, m.seq) : undefined;
    const o = this.base + MSG_AT;
    if (m) {
      this.view.setInt32(o, m.from, true);
      this.view.setInt32(o + 4, m.to, true);
      this.view.setUint32(o + 8, m.seq, true);
    }
    if (kept && kept.body.length <= MSG_BODY_BYTES) {
      this.view.setUint32(o + 12, kept.type, true);
      this.view.setUint32(o + 16, kept.body.length, true);
      this.bytes.set(kept.body, o + MSG_HEADER);
    }
    this.set(MSG_STATE, !m ? MSG_NONE : kept && kept.body.length <= MSG_BODY_BYTES ? MSG_KEPT : MSG_GONE);
  }

  private writeThread(k: Kernel, at: number, t: Thread, origin: number): void {
    const v = this.view;
    const o = this.base + at;
    v.setUint32(o, t.process.pid, true);
    v.setUint32(o + 4, t.tid, true);
    v.setUint8(o + 8, origin);
    v.setUint8(o + 9, Math.max(0, STATES.indexOf(t.state as ViewThreadState)));
    // the machine's hart number: t.hart is the hart's place among this kernel's harts
    v.setInt16(o + 10, t.hart >= 0 ? (k.params.harts[t.hart] ?? -1) : -1, true);
    v.setFloat64(o + 12, t.pc, true);
    v.setFloat64(o + 20, t.cpuTime, true);
    v.setUint32(o + 28, t.syscalls, true);
    this.writeText(o + 32, COMM_BYTES, t.process.comm);
    v.setInt8(o + 48, t.proposedNid ?? -1);
    v.setUint16(o + 50, this.sleepingIn(t) + 1, true);
  }

  /**
   * The syscall a blocked thread sleeps in, or -1: a thread blocked in a syscall still has its
   * pc at the ecall (it completes, or restarts, when woken) and the call's number in a7, while
   * one waiting for a page or a protocol step is stopped at another instruction.
   */
  private sleepingIn(t: Thread): number {
    if (t.state !== 'blocked') return -1;
    const pc = t.pc;
    const offset = pc % PAGE_SIZE;
    const pa = offset <= PAGE_SIZE - 4 ? t.process.mm.pageTable.physical(pc - offset) : undefined;
    if (pa === undefined || this.view.getUint32(RAM_OFFSET + pa + offset, true) !== ECALL) return -1;
    const nr = t.x(17);
    return nr >= 0 && nr < 0xffff ? nr : -1;
  }

  /** The bytes around the thread's pc, from the frame its page is in (none if not here). */
  private writeCode(t: Thread): void {
    const page = t.pc - (t.pc % PAGE_SIZE);
    const { from, to } = codeWindow(t.pc);
    const pa = t.process.mm.pageTable.physical(page);
    const o = this.base + CODE_AT;
    this.view.setFloat64(o, from, true);
    this.view.setUint8(o + 8, pa === undefined ? 0 : to - from);
    if (pa !== undefined) this.bytes.copyWithin(o + 12, RAM_OFFSET + pa + (from - page), RAM_OFFSET + pa + (to - page));
  }

  private writeText(at: number, size: number, text: string): void {
    const bytes = this.encoder.encode(text).subarray(0, size - 1);
    this.bytes.fill(0, at, at + size);
    this.bytes.set(bytes, at);
  }

  private writeProcess(p: Process, dist: Distribution): void {
    const v = this.view;
    const vmas = p.mm.vmas.slice(0, MAX_VIEW_VMAS);
    vmas.forEach((vma, i) => {
      const o = this.base + VMAS_AT + i * VMA_BYTES;
      v.setFloat64(o, vma.start, true);
      v.setFloat64(o + 8, vma.end, true);
      v.setUint8(o + 16, vma.prot);
      v.setUint8(o + 17, VMA_KINDS.indexOf(vma.kind));
      this.writeText(o + 20, VMA_NAME_BYTES, vma.name);
    });
    this.set(VMAS, vmas.length);
    // home's own pages from its page table, then the directory's say for pages that left
    const pages = new Map<number, { holders: bigint; writer: number; activity?: PageActivity }>();
    const self = dist.k.id;
    p.mm.pageTable.forEachPage((va, pte) => {
      pages.set(va, { holders: 1n << BigInt(self), writer: pte & PTE_W ? self : -1 });
    });
    const st = dist.originOf(p);
    if (st) {
      for (const [va, e] of st.dir.pages()) {
        let holders = 0n;
        for (const h of e.holders) holders |= 1n << BigInt(h);
        pages.set(va, { holders, writer: e.writer });
      }
      for (const [va, activity] of pageActivities(dist, st)) {
        const known = pages.get(va);
        pages.set(va, { holders: known?.holders ?? 0n, writer: known?.writer ?? -1, activity });
      }
    }
    const sorted = [...pages].sort((a, b) => a[0] - b[0]);
    const shown = sorted.slice(0, MAX_VIEW_PAGES);
    shown.forEach(([va, e], i) => {
      const o = this.base + PAGES_AT + i * PAGE_BYTES;
      v.setUint32(o, Math.floor(va / PAGE_SIZE), true);
      v.setBigUint64(o + 4, e.holders, true);
      v.setInt8(o + 12, e.writer);
      const a = e.activity;
      v.setUint8(o + 13, a ? PAGE_STEPS.indexOf(a.step) + 1 : 0);
      v.setInt8(o + 14, a ? a.requester : -1);
      v.setUint8(o + 15, a ? (a.write ? 1 : 0) | (Math.min(MAX_QUEUED, a.queued) << 1) : 0);
      let awaiting = 0n;
      for (const k of a?.awaiting ?? []) awaiting |= 1n << BigInt(k);
      v.setBigUint64(o + 16, awaiting, true);
    });
    this.set(PAGES, shown.length);
    this.set(PAGES_ALL, sorted.length);
  }
}

/** The kernels of a 64-bit mask at `at`, ascending. */
function kernelsIn(v: DataView, at: number): number[] {
  // the mask as two words: BigInt shifts per kernel cost more than the rest of the read
  const out: number[] = [];
  for (let word = 0; word < MAX_KERNELS / 32; word++)
    for (let bits = v.getUint32(at + word * 4, true), h = word * 32; bits !== 0; bits >>>= 1, h++)
      if (bits & 1) out.push(h);
  return out;
}

/** A published syscall (its number + 1, 0 for none) by name. */
function sleepingIn(nrPlusOne: number): string {
  return nrPlusOne === 0 ? '' : syscallName(nrPlusOne - 1);
}

/** The page's side: reads any kernel's board. */
export class KernelViewReader {
  private readonly view: DataView;
  private readonly words: Int32Array;
  private readonly decoder = new TextDecoder();
  readonly requests: ViewRequests;

  constructor(memory: WebAssembly.Memory) {
    this.view = new DataView(memory.buffer);
    this.words = new Int32Array(memory.buffer);
    this.requests = new ViewRequests(memory);
  }

  /** Runs `read` on kernel `kernel`'s board until it reads a board that held still (a few tries). */
  private consistent<T>(kernel: number, read: (base: number) => T): T | undefined {
    const base = boardBase(kernel);
    for (let attempt = 0; attempt < 8; attempt++) {
      const before = Atomics.load(this.words, (base + SEQ) >> 2);
      if (before & 1) continue;
      const value = read(base);
      if (Atomics.load(this.words, (base + SEQ) >> 2) === before) return value;
    }
    return undefined;
  }

  private text(at: number, size: number): string {
    const bytes = new Uint8Array(this.view.buffer, at, size);
    const end = bytes.indexOf(0);
    return this.decoder.decode(bytes.slice(0, end < 0 ? size : end));
  }

  /** Per kernel: the threads it listed at the last reading that held still. */
  private readonly lastThreads = new Map<number, ViewThread[]>();

  /**
   * The threads kernel `kernel` runs (empty until it published). A board caught mid-write gives
   * the list of the last reading, not an empty one: a view must not see threads blink out.
   */
  threads(kernel: number): ViewThread[] {
    const read = this.consistent(kernel, (base) => {
      const v = this.view;
      const n = Math.min(MAX_VIEW_THREADS, v.getUint32(base + THREADS, true));
      return Array.from({ length: n }, (_, i): ViewThread => {
        const o = base + THREADS_AT + i * THREAD_BYTES;
        return {
          pid: v.getUint32(o, true),
          tid: v.getUint32(o + 4, true),
          origin: v.getUint8(o + 8),
          kernel,
          state: STATES[v.getUint8(o + 9)] ?? 'runnable',
          hart: v.getInt16(o + 10, true),
          pc: v.getFloat64(o + 12, true),
          cpuNs: v.getFloat64(o + 20, true),
          syscalls: v.getUint32(o + 28, true),
          comm: this.text(o + 32, COMM_BYTES),
          movingTo: v.getInt8(o + 48),
          blockedIn: sleepingIn(v.getUint16(o + 50, true)),
        };
      });
    });
    if (read) this.lastThreads.set(kernel, read);
    return read ?? this.lastThreads.get(kernel) ?? [];
  }

  /** The epoch kernel `kernel` last published its board at (0 before it has). */
  epochOf(kernel: number): number {
    return this.view.getUint32(boardBase(kernel) + EPOCH, true);
  }

  /** The registers of thread `tid` if kernel `kernel` runs it and the page asked for them. */
  registers(kernel: number, tid: number): ViewRegisters | undefined {
    return this.consistent(kernel, (base) => {
      const v = this.view;
      if (v.getUint32(base + INSPECT, true) !== tid || tid === 0) return undefined;
      const o = base + REGS_AT;
      return {
        tid,
        kernel,
        x: Array.from({ length: 32 }, (_, i) => v.getBigUint64(o + i * 8, true)),
        f: Array.from({ length: 32 }, (_, i) => v.getBigUint64(o + 0x100 + i * 8, true)),
        pc: Number(v.getBigUint64(o + 0x200, true)),
        fcsr: v.getUint32(o + 0x208, true),
        codeAt: v.getFloat64(base + CODE_AT, true),
        code: new Uint8Array(v.buffer.slice(base + CODE_AT + 12, base + CODE_AT + 12 + v.getUint8(base + CODE_AT + 8))),
      };
    });
  }

  /** Message `m` as kernel `kernel` published it, if it answered the page's request for it. */
  message(kernel: number, m: MessageRef): PublishedMessage | undefined {
    return this.consistent(kernel, (base) => {
      const v = this.view;
      const o = base + MSG_AT;
      const state = v.getUint32(base + MSG_STATE, true);
      if (state === MSG_NONE) return undefined;
      if (
        v.getInt32(o, true) !== m.from ||
        v.getInt32(o + 4, true) !== m.to ||
        v.getUint32(o + 8, true) !== m.seq >>> 0
      )
        return undefined;
      if (state === MSG_GONE) return 'gone';
      const n = Math.min(MSG_BODY_BYTES, v.getUint32(o + 16, true));
      // a copy: the board is shared memory, which a TextDecoder may not read from
      return { type: v.getUint32(o + 12, true), body: new Uint8Array(v.buffer, o + MSG_HEADER, n).slice() };
    });
  }

  /** The VMAs and pages of process `pid` if kernel `kernel` is its origin and the page focuses on it. */
  process(kernel: number, pid: number): ProcessPages | undefined {
    return this.consistent(kernel, (base) => {
      const v = this.view;
      if (v.getUint32(base + FOCUS, true) !== pid || pid === 0) return undefined;
      const nv = Math.min(MAX_VIEW_VMAS, v.getUint32(base + VMAS, true));
      const vmas = Array.from({ length: nv }, (_, i): ViewVma => {
        const o = base + VMAS_AT + i * VMA_BYTES;
        return {
          start: v.getFloat64(o, true),
          end: v.getFloat64(o + 8, true),
          prot: v.getUint8(o + 16),
          kind: VMA_KINDS[v.getUint8(o + 17)] ?? 'mmap',
          name: this.text(o + 20, VMA_NAME_BYTES),
        };
      });
      const np = Math.min(MAX_VIEW_PAGES, v.getUint32(base + PAGES, true));
      const pages = Array.from({ length: np }, (_, i): ViewPage => {
        const o = base + PAGES_AT + i * PAGE_BYTES;
        const step = PAGE_STEPS[v.getUint8(o + 13) - 1];
        const page: ViewPage = {
          va: v.getUint32(o, true) * 2 ** PAGE_SHIFT,
          holders: kernelsIn(v, o + 4),
          writer: v.getInt8(o + 12),
          busy: step !== undefined,
        };
        if (step) {
          const flags = v.getUint8(o + 15);
          page.activity = {
            step,
            requester: v.getInt8(o + 14),
            write: (flags & 1) !== 0,
            awaiting: kernelsIn(v, o + 16),
            queued: flags >>> 1,
          };
        }
        return page;
      });
      return {
        pid,
        origin: kernel,
        epoch: v.getUint32(base + PAGES_EPOCH, true),
        vmas,
        pages,
        total: v.getUint32(base + PAGES_ALL, true),
      };
    });
  }
}
