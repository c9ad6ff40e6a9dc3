// A kernel's view board, the page's side (kernel-view.ts says what a board holds): reads any
// kernel's board from shared memory, retrying while its writer is at it (an odd sequence
// number) until it has one that held still.

import { MAX_KERNELS, PAGE_SHIFT } from '../../hw/memory-map';
import { syscallName } from '../../kernels/syscalls/numbers';
import type {
  MessageRef,
  ProcessPages,
  PublishedMessage,
  ViewPage,
  ViewRegisters,
  ViewThread,
  ViewVma,
  ViewFile,
} from './kernel-view';
import {
  boardBase,
  CODE_AT,
  COMM_BYTES,
  EPOCH,
  FILE_BYTES,
  FILE_PATH_BYTES,
  FILES,
  FILES_AT,
  FOCUS,
  INSPECT,
  MAX_VIEW_FILES,
  MAX_VIEW_PAGES,
  MAX_VIEW_THREADS,
  MAX_VIEW_VMAS,
  MSG_AT,
  MSG_BODY_BYTES,
  MSG_GONE,
  MSG_HEADER,
  MSG_NONE,
  MSG_STATE,
  PAGE_BYTES,
  PAGE_STEPS,
  PAGES,
  PAGES_ALL,
  PAGES_AT,
  PAGES_EPOCH,
  REGS_AT,
  SEQ,
  STATES,
  THREAD_BYTES,
  THREADS,
  THREADS_AT,
  VMA_BYTES,
  VMA_KINDS,
  VMA_NAME_BYTES,
  VMAS,
  VMAS_AT,
} from './view-board-layout';
import { ViewRequests } from './view-requests';
import { readNet, type ViewFrame, type ViewNic } from './net-board';

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

  /**
   * Kernel `kernel`'s network card as it last published it, with the frames it sent from
   * ordinal `since` on that its board still holds (undefined before it published one, or while down).
   */
  net(kernel: number, since = 0): { nic: ViewNic; frames: ViewFrame[] } | undefined {
    const read = this.consistent(kernel, (base) => ({ net: readNet(this.view, base, kernel, since, this.decoder) }));
    // a board caught mid-write every try gives the card of the last reading (no new frames):
    // a view must not see the card blink out
    if (!read) {
      const last = this.lastNic.get(kernel);
      return last && { nic: last, frames: [] };
    }
    if (read.net) this.lastNic.set(kernel, read.net.nic);
    else this.lastNic.delete(kernel);
    return read.net;
  }

  /** Per kernel: its card at the last reading that held still. */
  private readonly lastNic = new Map<number, ViewNic>();

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
      const nf = Math.min(MAX_VIEW_FILES, v.getUint32(base + FILES, true));
      const files = Array.from({ length: nf }, (_, i): ViewFile => {
        const o = base + FILES_AT + i * FILE_BYTES;
        return {
          fd: v.getUint16(o, true),
          home: v.getInt8(o + 2),
          shared: v.getUint8(o + 3) === 1,
          path: this.text(o + 4, FILE_PATH_BYTES),
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
        files,
        pages,
        total: v.getUint32(base + PAGES_ALL, true),
      };
    });
  }
}
