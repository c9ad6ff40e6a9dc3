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
//     anew (it bumps VIEW_WANT after each reading, a few times per second);
//   - its network card (address, counters, drops, TCP connections and listeners) and the
//     latest frames it sent through the switch, whole (net-board.ts), for the network view.
// A board has one writer (its kernel's worker) and is guarded by a sequence number, odd while
// the writer is at it: the reader retries until it has a board that did not change under it.
//
// Here: what a board says, as the page reads it. Its layout is view-board-layout.ts, its writer
// view-board-writer.ts, its reader view-board-reader.ts, the page's requests view-requests.ts.

import type { VmaKind } from '../../kernels/mm/address-space';
import type { PageActivity } from '../../protocols/migration/page-activity';
import type { ViewThreadState } from './view-board-layout';

export {
  codeWindow,
  MAX_VIEW_PAGES,
  MAX_VIEW_THREADS,
  MAX_VIEW_VMAS,
  MSG_BODY_BYTES,
  PAGE_SIZE,
  type ViewThreadState,
} from './view-board-layout';
export { KernelViewReader } from './view-board-reader';
export { CONN_STATES, type ConnState, type ViewConnection, type ViewFrame, type ViewNic } from './net-board';
export { KernelViewWriter } from './view-board-writer';
export { ViewRequests } from './view-requests';

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

/** An open descriptor of the process, and where the file it names lives. */
export interface ViewFile {
  fd: number;
  /** The path it was opened by ('pipe:[...]' and the like for what has none). */
  path: string;
  /** The kernel that holds the file: the filesystem's home for the machine's tree, else the origin. */
  home: number;
  /** A file of the machine's one tree (else one of the origin's own: /dev, /proc, a pipe, the TTY). */
  shared: boolean;
}

export interface ProcessPages {
  pid: number;
  origin: number;
  epoch: number;
  vmas: ViewVma[];
  /** Its open descriptors, in order (the first MAX_VIEW_FILES; a board read from a kernel has them). */
  files?: ViewFile[];
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
