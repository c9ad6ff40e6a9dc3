// A kernel's view board, its writer's side (kernel-view.ts says what a board holds): after an
// epoch the kernel's worker publishes its threads, the inspected thread's registers, the
// focused process's VMAs and pages when the page asked for them anew, and the inspected
// message's body, at the places view-board-layout.ts gives, under the board's sequence number.

import { PAGE_SIZE, RAM_OFFSET } from '../../hw/memory-map';
import type { Kernel } from '../../kernels/kernel';
import { PTE_W } from '../../kernels/mm/page-table';
import { CONTEXT_BYTES, type Process, type Thread } from '../../kernels/proc/task';
import type { Distribution } from '../../protocols/migration/distribution';
import { pageActivities, type PageActivity } from '../../protocols/migration/page-activity';
import type { RecentMessages } from './recent-messages';
import { NetBoardWriter, type NetSources } from './net-board';
import {
  boardBase,
  codeWindow,
  CODE_AT,
  COMM_BYTES,
  ECALL,
  EPOCH,
  FILE_BYTES,
  FILE_PATH_BYTES,
  FILES,
  FILES_AT,
  MAX_VIEW_FILES,
  FOCUS,
  INSPECT,
  MAX_QUEUED,
  MAX_VIEW_PAGES,
  MAX_VIEW_THREADS,
  MAX_VIEW_VMAS,
  MSG_AT,
  MSG_BODY_BYTES,
  MSG_GONE,
  MSG_HEADER,
  MSG_KEPT,
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
  type ViewThreadState,
} from './view-board-layout';
import { inSharedTree } from '../../protocols/fs/fs-calls';
import { RemoteFile } from '../../protocols/fs/remote-file';
import { ViewRequests } from './view-requests';

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
  private readonly net: NetBoardWriter;

  constructor(
    memory: WebAssembly.Memory,
    readonly kernel: number,
  ) {
    this.view = new DataView(memory.buffer);
    this.words = new Int32Array(memory.buffer);
    this.bytes = new Uint8Array(memory.buffer);
    this.base = boardBase(kernel);
    this.requests = new ViewRequests(memory);
    this.net = new NetBoardWriter(this.view, this.base);
  }

  private set(offset: number, v: number): void {
    Atomics.store(this.words, (this.base + offset) >> 2, v | 0);
  }

  /**
   * Publishes what kernel `k` (with its migration state `dist`) runs and owns after `epochs`
   * epochs, and its network card and latest frames (`net`, when it has a network).
   */
  publish(k: Kernel, dist: Distribution, epochs: number, recent?: RecentMessages, net?: NetSources): void {
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
        this.set(FILES, 0);
        this.set(PAGES, 0);
        this.set(PAGES_ALL, 0);
      }
      this.set(FOCUS, p && p.state === 'alive' ? focus : 0);
      this.set(PAGES_EPOCH, epochs);
    }
    if (recent) this.writeMessage(recent);
    if (net) this.net.write(k, net);
    this.set(SEQ, seq + 2); // even: done
  }

  /** A kernel that is down (it crashed): no thread runs there, no process is there to show. */
  publishDown(epochs: number): void {
    const seq = Atomics.load(this.words, (this.base + SEQ) >> 2) & ~1;
    this.set(SEQ, seq + 1);
    this.set(EPOCH, epochs);
    this.set(THREADS, 0);
    this.set(INSPECT, 0);
    this.set(FOCUS, 0);
    this.net.writeDown();
    this.set(SEQ, seq + 2);
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

  /** Its descriptors, and the kernel each file lives on (the filesystem's home, for the machine's tree). */
  private writeFiles(p: Process, dist: Distribution): void {
    const files = p.fds.entries().slice(0, MAX_VIEW_FILES);
    const machine = dist.messenger.kernels > 1;
    files.forEach(([fd, file], i) => {
      const o = this.base + FILES_AT + i * FILE_BYTES;
      const remote = file instanceof RemoteFile;
      const ofTree = ['file', 'dir', 'symlink'].includes(file.inode.kind) && inSharedTree(file.path);
      this.view.setUint16(o, fd, true);
      this.view.setInt8(o + 2, remote ? file.home : dist.k.id);
      this.view.setUint8(o + 3, remote || (machine && ofTree) ? 1 : 0);
      this.writeText(o + 4, FILE_PATH_BYTES, file.path);
    });
    this.set(FILES, files.length);
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
    this.writeFiles(p, dist);
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
