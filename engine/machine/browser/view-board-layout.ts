// The layout of the view boards (kernel-view.ts says what they are for): where each part of a
// kernel's board lies in shared memory, shared by the writer (view-board-writer.ts, in the
// kernel's worker) and the reader (view-board-reader.ts, in the page).
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
//   FILES_AT MAX_VIEW_FILES x FILE_BYTES (descriptor, the kernel that holds the file, whether it is
//           of the machine's one tree, the path it was opened by)
//   NET_AT  its network card and what it sent through the switch (net-board.ts reads and writes
//           it): the card's address and counters (NIC_BYTES), its drops by reason
//           (MAX_NET_DROPS x DROP_BYTES: count, reason), its TCP connections and listeners
//           (MAX_VIEW_CONNS x CONN_BYTES: local and remote address and port, state), then the
//           latest NET_FRAME messages it sent, whole (FRAME_AREA bytes: per frame FRAME_HEADER
//           bytes, receiver, sequence, ordinal, send and delivery times, body length, then the
//           message body as the network's declared interface encodes it, padded to 4)
//   PAGES_AT up to MAX_VIEW_PAGES x PAGE_BYTES (page number, holders bitmask, writer, the step of
//           the operation under way (PAGE_STEPS), the kernel it is for, write and queued requests,
//           the kernels it waits for as a bitmask: protocols/migration/page-activity.ts)

import {
  CONTROL_OFFSET,
  CONTROL_SIZE,
  MAX_KERNELS,
  PAGE_SIZE,
  VIEW_OFFSET,
  VIEW_REQUEST_OFFSET,
  VIEW_STRIDE,
} from '../../hw/memory-map';
import type { VmaKind } from '../../kernels/mm/address-space';
import { CONTEXT_BYTES } from '../../kernels/proc/task';
import type { PageActivity } from '../../protocols/migration/page-activity';

export const SEQ = 0;
export const EPOCH = 4;
export const THREADS = 8;
export const VMAS = 12;
export const PAGES = 16;
export const FOCUS = 20;
export const INSPECT = 24;
export const PAGES_ALL = 28;
export const PAGES_EPOCH = 32; // the epoch the focused process was last published at
export const MSG_STATE = 36; // the inspected message: MSG_NONE, MSG_KEPT or MSG_GONE
export const MSG_NONE = 0;
export const MSG_KEPT = 1;
export const MSG_GONE = 2;
export const FILES = 40; // the focused process's open descriptors shown

export const MAX_VIEW_THREADS = 256;
export const THREADS_AT = 64;
export const THREAD_BYTES = 56;
export const COMM_BYTES = 16;
export const REGS_AT = THREADS_AT + MAX_VIEW_THREADS * THREAD_BYTES;
export const REGS_BYTES = 640;
export const MAX_VIEW_VMAS = 128;
export const VMAS_AT = REGS_AT + REGS_BYTES;
export const VMA_BYTES = 48;
export const VMA_NAME_BYTES = 28;
export const MSG_AT = VMAS_AT + MAX_VIEW_VMAS * VMA_BYTES;
export const MSG_HEADER = 24;
/** The longest body a board shows: a message over every slot of a 256-slot ring fits. */
export const MSG_BODY_BYTES = 16384 - MSG_HEADER;
export const FILES_AT = MSG_AT + MSG_HEADER + MSG_BODY_BYTES;
export const MAX_VIEW_FILES = 32;
export const FILE_BYTES = 64;
export const FILE_PATH_BYTES = FILE_BYTES - 4;
export const NET_AT = FILES_AT + MAX_VIEW_FILES * FILE_BYTES;
export const NIC_BYTES = 96;
export const MAX_NET_DROPS = 8;
export const DROP_BYTES = 32;
export const DROPS_AT = NET_AT + NIC_BYTES;
export const MAX_VIEW_CONNS = 48;
export const CONN_BYTES = 16;
export const CONNS_AT = DROPS_AT + MAX_NET_DROPS * DROP_BYTES;
export const FRAMES_AT = CONNS_AT + MAX_VIEW_CONNS * CONN_BYTES;
export const FRAME_HEADER = 40;
/** Room for the latest frames: about 240 small ones (a handshake's, an ACK), or 10 full ones. */
export const FRAME_AREA = 16384;
export const PAGES_AT = FRAMES_AT + FRAME_AREA;
export const PAGE_BYTES = 24;
/** A page's step on the board: 0 for none, then these (index + 1). */
export const PAGE_STEPS: ReadonlyArray<PageActivity['step']> = ['recall', 'invalidate', 'grant'];
export const MAX_QUEUED = 127;
export const MAX_VIEW_PAGES = Math.floor((VIEW_STRIDE - PAGES_AT) / PAGE_BYTES);

export const CODE_AT = REGS_AT + CONTEXT_BYTES; // f64 address of the first byte, u8 length, the bytes
export const CODE_BYTES = 64;
/** The ecall instruction: a blocked thread whose pc is at one sleeps in the syscall in a7. */
export const ECALL = 0x00000073;
/** Bytes per page, for the views that lay pages out (the engine's one page size). */
export { PAGE_SIZE };

if (REGS_BYTES < CONTEXT_BYTES + 12 + CODE_BYTES) throw new Error('view board: registers do not fit');
if (VIEW_REQUEST_OFFSET + 8 > CONTROL_OFFSET + CONTROL_SIZE) throw new Error('view requests outside the control block');

export const STATES = ['runnable', 'running', 'blocked', 'stopped'] as const;
export type ViewThreadState = (typeof STATES)[number];
export const VMA_KINDS: VmaKind[] = ['code', 'data', 'bss', 'heap', 'stack', 'mmap'];

/** The addresses of the code bytes published around `pc`: from 16 bytes before it, within its page. */
export function codeWindow(pc: number): { from: number; to: number } {
  const page = pc - (pc % PAGE_SIZE);
  const from = Math.max(page, pc - 16);
  return { from, to: Math.min(page + PAGE_SIZE, from + CODE_BYTES) };
}

export function boardBase(kernel: number): number {
  if (!Number.isInteger(kernel) || kernel < 0 || kernel >= MAX_KERNELS) throw new RangeError(`no kernel ${kernel}`);
  return VIEW_OFFSET + kernel * VIEW_STRIDE;
}
