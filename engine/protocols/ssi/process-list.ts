// Process lists, the heart of the single system image: every kernel pushes a summary of its
// processes (kernels/fs/proc-remote.ts) to its peers whenever its process table changed, at
// most once an epoch, and keeps the latest list of each peer, from which its /proc shows the
// other kernels' processes. A push rather than a request at read time keeps /proc reads
// synchronous (open() never waits for a message) and every run the same: the lists are made
// at epoch starts, in pid order, from virtual times only.
//
//   1. at the start of an epoch, when kernel k's process table changed since its last list (a
//      process started, ended, exec'd, stopped, changed group ...), or when only counters
//      changed (CPU time, memory, running or sleeping; compared every PROC_LIST_REFRESH_NS),
//      k summarizes its processes and sends PROC_LIST{generation, part, parts, its memory,
//      summaries} to every peer that has checked in (NODE_INFO), split into parts that fit a
//      ring; a peer that checks in later is sent the last list
//   2. a peer collects the parts of a generation; when it has them all (one epoch or more
//      later) they replace its view of k's processes and memory, which /proc reads from then on
//
// A peer whose messages are dropped (its kernel stopped) is taken as dead: its list is
// forgotten, so its processes leave every other kernel's /proc.

import { PAGE_SIZE } from '../../hw/memory-map';
import type { Kernel } from '../../kernels/kernel';
import { summarizeProcesses, type ProcessSummary } from '../../kernels/fs/proc-remote';
import { PROCESS_LIST_IF, processSummary, type WireSummary } from '../interfaces/process-list';
import { measure } from '../messaging/wire-types';
import { MSG } from '../messaging/message-types';
import type { Delivered, Messenger } from '../messaging/messenger';
import type { NodeInfoService } from '../node-info';

/**
 * How stale a peer's counters may get: one tick of /proc's 100 Hz clock, the finest step of a
 * CPU time ps and top can show. A busy kernel thus sends a list at most every 100 epochs.
 */
export const PROC_LIST_REFRESH_NS = 10_000_000;
/** Summaries per PROC_LIST part are added up to this many bytes (about 18 ring slots). */
export const PROC_LIST_PART_BYTES = 1024;

export interface KernelMemory {
  kernel: number;
  totalKb: number;
  freeKb: number;
}

interface PeerList {
  generation: number;
  processes: ProcessSummary[];
  memory: KernelMemory;
}

/** A generation being assembled from its parts. */
interface Assembly {
  generation: number;
  parts: Array<ProcessSummary[] | undefined>;
  memory: KernelMemory;
}

export class ProcessListService {
  /** The latest complete list of each peer, by kernel. */
  private readonly lists = new Map<number, PeerList>();
  private readonly assembling = new Map<number, Assembly>();
  /** Every peer's processes by pid, rebuilt when a list is replaced. */
  private byPid = new Map<number, ProcessSummary>();
  private all: ProcessSummary[] = [];
  /** What the last list sent said (its table's shape, and all of it), and when counters were last compared. */
  private sentShape: string | undefined;
  private sentFull: string | undefined;
  private checkedAt = -Infinity;
  private generation = 0;
  /** The last list's PROC_LIST bodies, and the peers that were sent it. */
  private sentBodies: Uint8Array[] = [];
  private readonly informed = new Set<number>();
  /** Peers found dead (a message to them was dropped): their lists are forgotten. */
  readonly dead = new Set<number>();
  /** Set by the migration services: a process's /proc/popcorn/ps record, sent with its summary. */
  record: ((pid: number) => string) | undefined;
  /** Lists made (generations) and the PROC_LIST parts they took (each part goes to every peer). */
  readonly stats = { lists: 0, parts: 0 };

  constructor(
    private readonly k: Kernel,
    private readonly messenger: Messenger,
    private readonly nodeInfo: NodeInfoService,
  ) {
    messenger.on(MSG.PROC_LIST, (m) => {
      this.receive(m);
    });
  }

  /**
   * Step 1, once an epoch: sends this kernel's list to every peer if it is due, and the last
   * one to peers that checked in since (a kernel booted later). Only peers that announced
   * themselves are sent anything: a ring nobody drains yet would fill up and stall the sender.
   */
  publish(): void {
    const peers = [...this.nodeInfo.peers.keys()].filter((p) => !this.dead.has(p)).sort((a, b) => a - b);
    if (peers.length === 0) return;
    // the shape is cheap enough for every epoch; the whole summary only when it may be sent
    const shape = tableShape(this.k);
    const changed = shape !== this.sentShape;
    if (changed || this.k.now - this.checkedAt >= PROC_LIST_REFRESH_NS) {
      this.checkedAt = this.k.now;
      const list = summarizeProcesses(this.k);
      for (const s of list) s.popcorn = this.record?.(s.pid) ?? '';
      const memory = ownMemory(this.k);
      const full = JSON.stringify([list, memory]);
      if (changed || full !== this.sentFull) {
        this.sentShape = shape;
        this.sentFull = full;
        this.sentBodies = this.encode(list, memory);
        this.informed.clear();
      }
    }
    for (const to of peers) {
      if (this.informed.has(to)) continue;
      this.informed.add(to);
      for (const body of this.sentBodies) this.send(to, body);
    }
  }

  /** A new generation of the list, as the bodies of its PROC_LIST parts. */
  private encode(list: ProcessSummary[], memory: KernelMemory): Uint8Array[] {
    this.generation++;
    // publish() gave every summary its popcorn record; the codec writes the declared fields only
    const parts = splitParts(list as WireSummary[]);
    this.stats.lists++;
    this.stats.parts += parts.length;
    return parts.map((entries, part) =>
      PROCESS_LIST_IF.PROC_LIST.encode({
        generation: this.generation,
        part,
        parts: parts.length,
        totalKb: memory.totalKb,
        freeKb: memory.freeKb,
        entries,
      }),
    );
  }

  private send(to: number, body: Uint8Array): void {
    if (this.dead.has(to)) return;
    if (this.messenger.send(to, MSG.PROC_LIST, body, this.k.now) === Infinity) this.markDead(to);
  }

  /** A message to `kernel` was dropped: it is dead, and so are its processes. */
  markDead(kernel: number): void {
    this.dead.add(kernel);
    this.lists.delete(kernel);
    this.assembling.delete(kernel);
    this.reindex();
  }

  /**
   * `kernel` booted again (peer-watch.ts): a fresh instance, whose lists count generations from
   * 1 again; it is sent this kernel's list once it checks in.
   */
  revive(kernel: number): void {
    this.dead.delete(kernel);
    this.lists.delete(kernel);
    this.assembling.delete(kernel);
    this.informed.delete(kernel);
  }

  /** Step 2: a part of a peer's list arrived. */
  private receive(m: Delivered): void {
    const { generation, part, parts, totalKb, freeKb, ...list } = PROCESS_LIST_IF.PROC_LIST.decode(m.body);
    const memory = { kernel: m.from, totalKb, freeKb };
    const entries = list.entries as ProcessSummary[];
    for (const e of entries) e.kernel = m.from; // the sender runs them: it is not on the wire
    if (part >= parts) return; // not a part of anything: ignored rather than trusted
    if (generation <= (this.lists.get(m.from)?.generation ?? 0)) return; // older than what we show
    let a = this.assembling.get(m.from);
    if (!a || a.generation < generation) {
      a = { generation, parts: new Array<ProcessSummary[] | undefined>(parts).fill(undefined), memory };
      this.assembling.set(m.from, a);
    } else if (a.generation > generation) return; // a part of a list already overtaken
    a.parts[part] = entries;
    if (a.parts.some((p) => p === undefined)) return;
    this.assembling.delete(m.from);
    this.lists.set(m.from, { generation, processes: a.parts.flatMap((p) => p ?? []), memory: a.memory });
    this.reindex();
  }

  private reindex(): void {
    this.all = [...this.lists.values()].flatMap((l) => l.processes).sort((a, b) => a.pid - b.pid);
    this.byPid = new Map(this.all.map((s) => [s.pid, s]));
  }

  /** The other kernels' processes, in pid order. */
  processes(): ProcessSummary[] {
    return this.all;
  }

  process(pid: number): ProcessSummary | undefined {
    return this.byPid.get(pid);
  }

  /** The memory of each peer that has sent a list, in kernel order. */
  memory(): KernelMemory[] {
    return [...this.lists.values()].map((l) => l.memory).sort((a, b) => a.kernel - b.kernel);
  }
}

function ownMemory(k: Kernel): KernelMemory {
  return {
    kernel: k.id,
    totalKb: (k.frames.total * PAGE_SIZE) / 1024,
    freeKb: (k.frames.available * PAGE_SIZE) / 1024,
  };
}

/**
 * What makes a change worth a list at once: everything but the counters (CPU time, memory,
 * running or sleeping, which flip all the time), read straight from the processes.
 */
function tableShape(k: Kernel): string {
  let shape = `${k.tty.session} ${k.tty.foregroundPgrp}`;
  for (const p of k.processes.values()) {
    const state = p.state === 'zombie' ? 'Z' : p.stopped ? 'T' : '-';
    const away = p.liveThreads.map((t) => t.away).join(','); // a migration is news at once
    shape += `\n${p.pid} ${p.parent?.pid ?? 0} ${p.pgid} ${p.sid} ${state} ${away} ${p.exe} ${p.argv.join(' ')}`;
  }
  return shape;
}

/** Groups summaries into parts of about PROC_LIST_PART_BYTES on the wire (at least one part). */
function splitParts(entries: WireSummary[]): WireSummary[][] {
  const parts: WireSummary[][] = [[]];
  let bytes = 0;
  for (const e of entries) {
    const current = parts[parts.length - 1] as WireSummary[];
    const size = measure(processSummary, e) - 4; // without its length, as before
    if (current.length > 0 && bytes + size > PROC_LIST_PART_BYTES) {
      parts.push([e]);
      bytes = size;
    } else {
      current.push(e);
      bytes += size;
    }
  }
  return parts;
}
