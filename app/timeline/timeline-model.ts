// The timeline's data, pure (tested without a browser): from the kernels' trace events, the
// stretches of virtual time each hart ran a thread ("runs") and the migrations between kernels,
// keeping only recent history.
//
// The kernels trace a thread going *onto* a hart (SWITCH) but not leaving it, so a run's end is
// inferred from what is traced:
//   - the thread's own events on that hart (system calls, faults, signals) show it still ran;
//   - a blocking system call, exit / exit_group (they never come back), a page fetch from another kernel or a
//     migration take it off the hart at that moment;
//   - the next SWITCH on the hart ends whatever ran there (a preempted thread runs until the
//     next one comes on, at the slice boundary);
//   - its process's EXIT ends it (traced at its kernel's tick start, which a run there lasted
//     until at least: a killed process's threads leave no other trace);
//   - what each hart runs at the end of each epoch (telemetry, read every frame: sample())
//     stretches an open run to the kernel's clock. A hart shown idle or running another thread
//     ends the run at the epoch's end: with nothing traced taking it off, it ran until the
//     kernel preempted it there (it may come back on this or another hart later, or the hart
//     may sit idle). A closer read later (the trace can lag telemetry) moves the end back.
// A kernel runs its harts one after another within a tick, so one thread's events on two harts
// may overlap in virtual time: runs are kept per hart and a thread's events only ever touch the
// runs of the hart they name.

import { EV, migrateOf, SYS, syscallOf } from '../../engine/machine/browser/trace-events';
import type { FeedEvent } from '../machine/trace-feed';

/** 'open': still on the hart as far as anyone has read, its end moving with the kernel's clock. */
export type RunState = 'open' | 'closed';

export interface Run {
  hart: number;
  pid: number;
  tid: number;
  /** Virtual ns. */
  start: number;
  /** Virtual ns: the latest moment it is known to have run (the close, once closed). */
  end: number;
  state: RunState;
}

export interface Migration {
  /** Virtual ns the thread left. */
  time: number;
  pid: number;
  tid: number;
  from: number;
  to: number;
  /** The hart it left, when known. */
  fromHart: number | undefined;
  /** When and where it first ran on the kernel it went to, once that was traced. */
  arriveTime: number | undefined;
  arriveHart: number | undefined;
}

export interface TimelineLimits {
  /** Virtual ns of history kept behind the latest time. */
  keepNs: number;
  maxRunsPerHart: number;
  maxMigrations: number;
}

/** Threads remembered for threads(): a fork loop must not grow it without bound. */
export const MAX_THREADS_SEEN = 4096;

export const DEFAULT_LIMITS: TimelineLimits = { keepNs: 1e9, maxRunsPerHart: 6000, maxMigrations: 4000 };

export class TimelineModel {
  /** The latest virtual time seen in an event or sample. */
  latest = 0;
  /** Bumped on every change, so a view redraws only when it moved. */
  version = 0;
  private readonly lanes = new Map<number, Run[]>();
  private readonly kernelOfHart = new Map<number, number>();
  private migrationList: Migration[] = [];
  /** Per tid, its latest migration not yet seen arriving. */
  private readonly arriving = new Map<number, Migration>();
  /** Per hart, the latest telemetry sample: a run whose SWITCH is read after it still gets it. */
  private readonly samples = new Map<number, { tid: number; time: number }>();
  /** tid to pid of the threads seen running, the most recently started last. */
  private readonly seenThreads = new Map<number, number>();

  constructor(
    /** Per kernel, its global hart indices (scenario.machine.kernels[k].harts). */
    readonly kernelHarts: readonly (readonly number[])[],
    readonly limits: TimelineLimits = DEFAULT_LIMITS,
  ) {
    kernelHarts.forEach((harts, k) => {
      for (const h of harts) {
        this.kernelOfHart.set(h, k);
        this.lanes.set(h, []);
      }
    });
  }

  /** Runs on `hart`, oldest first, not overlapping. */
  runs(hart: number): readonly Run[] {
    return this.lanes.get(hart) ?? [];
  }

  migrations(): readonly Migration[] {
    return this.migrationList;
  }

  kernelOf(hart: number): number | undefined {
    return this.kernelOfHart.get(hart);
  }

  /** The run on `hart` at virtual time `time`, if a thread ran then. */
  runAt(hart: number, time: number): Run | undefined {
    const runs = this.runs(hart);
    const i = firstEndingAfter(runs, time);
    const r = runs[i];
    return r && r.start <= time ? r : undefined;
  }

  /** The threads seen running (the latest MAX_THREADS_SEEN of them), by tid. */
  threads(): { pid: number; tid: number }[] {
    return [...this.seenThreads].sort((a, b) => a[0] - b[0]).map(([tid, pid]) => ({ pid, tid }));
  }

  /** Takes a batch of events, oldest first (per hart they must be in time order). */
  ingest(events: readonly FeedEvent[]): void {
    if (events.length === 0) return;
    for (const e of events) this.event(e);
    this.version++;
    this.trim();
  }

  /**
   * What `hart` ran at the end of the kernel's last epoch (`time`), from telemetry: tid 0 when
   * idle. Trace events may be a little behind or ahead of it, so it only stretches or ends a
   * run that started before `time`.
   */
  sample(hart: number, tid: number, time: number): void {
    if (!this.lanes.has(hart)) return;
    if (time > this.latest) this.latest = time;
    this.samples.set(hart, { tid, time });
    const last = this.last(hart);
    if (last && applySample(last, tid, time)) this.version++;
  }

  private event(e: FeedEvent): void {
    if (e.time > this.latest) this.latest = e.time;
    switch (e.kind) {
      case EV.SWITCH:
        this.switchIn(e);
        return;
      case EV.SYSCALL: {
        const call = syscallOf(e);
        if (call.blocked || call.nr === SYS.exit || call.nr === SYS.exit_group) this.leave(e);
        else this.seen(e);
        return;
      }
      case EV.PAGE_FAULT:
      case EV.SIGNAL:
        this.seen(e);
        return;
      case EV.PAGE_FETCH:
        this.leave(e);
        return;
      case EV.MIGRATE:
        this.migrate(e);
        return;
      case EV.EXIT:
        this.exit(e);
        return;
      default:
        return;
    }
  }

  private last(hart: number): Run | undefined {
    const runs = this.lanes.get(hart);
    return runs?.[runs.length - 1];
  }

  /** Thread e.tid comes onto hart e.hart at e.time (tid 0: the hart went idle). */
  private switchIn(e: FeedEvent): void {
    const runs = this.lanes.get(e.hart);
    if (!runs) return;
    const last = runs[runs.length - 1];
    if (last && last.tid === e.tid && e.tid !== 0 && (last.state === 'open' || last.end >= e.time)) {
      // back on straight away (or never off): one run
      last.state = 'open';
      if (e.time > last.end) last.end = e.time;
      return;
    }
    if (last) closeAt(last, e.time);
    if (e.tid === 0) return;
    this.open(runs, e);
  }

  /** An event of a thread on a hart: it ran there then. */
  private seen(e: FeedEvent): void {
    const runs = this.lanes.get(e.hart);
    if (!runs || e.tid === 0) return;
    const last = runs[runs.length - 1];
    if (last && last.tid === e.tid) {
      if (e.time > last.end) last.end = e.time;
      return;
    }
    if (last && e.time < last.end) return;
    // its SWITCH was not read (the view opened later, or the ring wrapped): it runs from here
    if (last) closeAt(last, e.time);
    this.open(runs, e);
  }

  private open(runs: Run[], e: FeedEvent): void {
    const run: Run = { hart: e.hart, pid: e.pid, tid: e.tid, start: e.time, end: e.time, state: 'open' };
    runs.push(run);
    const s = this.samples.get(e.hart);
    if (s) applySample(run, s.tid, s.time);
    this.arrived(e);
    this.seenThreads.delete(e.tid);
    this.seenThreads.set(e.tid, e.pid);
    if (this.seenThreads.size > MAX_THREADS_SEEN) this.seenThreads.delete(this.seenThreads.keys().next().value ?? 0);
  }

  /** Thread e.tid leaves hart e.hart at e.time (blocked, exited, waits for a page, migrates). */
  private leave(e: FeedEvent): void {
    const last = this.last(e.hart);
    if (!last || last.tid !== e.tid || e.time < last.start) return;
    // exact, unlike a telemetry sample that may have stretched it past this already
    last.end = e.time;
    last.state = 'closed';
  }

  private migrate(e: FeedEvent): void {
    const { from, to } = migrateOf(e);
    let fromHart: number | undefined;
    if (this.lanes.has(e.hart)) {
      fromHart = e.hart;
      this.leave(e);
    } else {
      // traced off a hart: end where it was last seen on the kernel it left
      for (const h of this.kernelHarts[from] ?? []) {
        const last = this.last(h);
        if (last?.tid !== e.tid) continue;
        fromHart = h;
        last.state = 'closed';
      }
    }
    const m: Migration = {
      time: e.time,
      pid: e.pid,
      tid: e.tid,
      from,
      to,
      fromHart,
      arriveTime: undefined,
      arriveHart: undefined,
    };
    this.migrationList.push(m);
    this.arriving.set(e.tid, m);
  }

  /** A SWITCH on the kernel a thread migrated to completes its arrow. */
  private arrived(e: FeedEvent): void {
    const m = this.arriving.get(e.tid);
    if (!m || m.to !== this.kernelOfHart.get(e.hart) || e.time < m.time) return;
    m.arriveTime = e.time;
    m.arriveHart = e.hart;
    this.arriving.delete(e.tid);
  }

  /** Process e.pid ended (traced at its kernel's tick start): its threads are off their harts. */
  private exit(e: FeedEvent): void {
    for (const runs of this.lanes.values()) {
      const last = runs[runs.length - 1];
      if (!last || last.pid !== e.pid || last.state === 'closed') continue;
      if (e.time > last.end && this.kernelOfHart.get(last.hart) === e.kernel) last.end = e.time;
      last.state = 'closed';
    }
  }

  /** Drops history older than keepNs behind the latest time, and beyond the count limits. */
  private trim(): void {
    const { keepNs, maxRunsPerHart, maxMigrations } = this.limits;
    const horizon = this.latest - keepNs;
    for (const runs of this.lanes.values()) {
      // never the latest run; drop in chunks, so that trimming costs little per event
      let drop = Math.min(firstEndingAfter(runs, horizon), runs.length - 1);
      drop = Math.max(drop, runs.length - maxRunsPerHart);
      if (drop > 0 && (drop >= 64 || runs.length > maxRunsPerHart)) runs.splice(0, drop);
    }
    const ms = this.migrationList;
    let drop = 0;
    while (drop < ms.length && (ms[drop] as Migration).time < horizon) drop++;
    drop = Math.max(drop, ms.length - maxMigrations);
    if (drop > 0) {
      this.migrationList = ms.slice(drop);
      for (const [tid, m] of this.arriving) if (m.time < horizon) this.arriving.delete(tid);
    }
  }
}

/**
 * Telemetry showed `tid` on the run's hart at the end of the epoch ending at `time`: true if
 * that changed the run. A run starting at `time` belongs to the next epoch.
 */
function applySample(run: Run, tid: number, time: number): boolean {
  if (run.state !== 'open' || time <= run.start) return false;
  if (time > run.end) run.end = time;
  if (tid !== run.tid) run.state = 'closed';
  return true;
}

/** Another thread (or idleness) takes the hart at `time`: `run` ends, never overlapping it. */
function closeAt(run: Run, time: number): void {
  run.end = run.state === 'open' ? time : Math.min(run.end, time);
  run.state = 'closed';
}

/**
 * Index of the first run ending at or after `time`, from index `from` on (runs.length if none):
 * runs do not overlap, so their ends are in order.
 */
export function firstEndingAfter(runs: readonly Run[], time: number, from = 0): number {
  let lo = from;
  let hi = runs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((runs[mid] as Run).end < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
