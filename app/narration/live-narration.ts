// The "what just happened" panel's live model, outside React: it keeps a window of the trace
// events the narration reads (messages, page fetches and invalidations, migrations, syscalls),
// and a few times a second, when the window changed, tells its latest exchanges and advances the
// follow lock (follow.ts, into the narration store). React subscribes with useSyncExternalStore:
// no event and no frame causes a React update by itself.

import { EV } from '../../engine/machine/browser/trace-events';
import type { FeedEvent, FeedListener } from '../machine/trace-feed';
import { findExchanges } from './exchanges';
import { followLock } from './follow';
import { narrate, type Narration } from './narrate';
import { useNarration } from './narration-store';

/** What the model reads: a MachineFrames has it. */
export interface NarrationSource {
  readonly trace: { recent(): readonly FeedEvent[]; subscribe(listener: FeedListener): () => void };
  onFrame(work: (now: number) => void): () => void;
}

const KINDS = new Set<number>([EV.MSG_SEND, EV.MSG_DELIVER, EV.PAGE_FETCH, EV.PAGE_INVALIDATE, EV.MIGRATE, EV.SYSCALL]);
/** Events kept: a few hundred exchanges' worth (2200 events of mt -s 4 took 34 ms to tell on a 2-core host at load 7). */
export const WINDOW_EVENTS = 4000;
/** Least wall ms between two tellings. */
const EVERY_MS = 400;
/** Exchanges the panel tells: the latest and the few before it. */
export const TOLD = 4;

export interface Told {
  /** The latest finished exchanges, oldest first (housekeeping left out when hidden). */
  latest: Narration[];
  /** Exchanges seen so far in the window (any, finished or not). */
  seen: number;
}

export class LiveNarration {
  private window: FeedEvent[] = [];
  private version = 0;
  private toldVersion = -1;
  private toldHidden: boolean | undefined;
  private toldAsk: unknown;
  private last = -Infinity;
  private told: Told = { latest: [], seen: 0 };
  private readonly listeners = new Set<() => void>();

  /** Starts reading `source` (its recent history first); returns the way to stop. */
  attach(source: NarrationSource): () => void {
    this.window = [];
    this.ingest(source.trace.recent());
    const unfeed = source.trace.subscribe((events) => {
      this.ingest(events);
    });
    const unframe = source.onFrame((now) => {
      this.frame(now);
    });
    this.last = -Infinity;
    this.toldVersion = -1;
    return () => {
      unfeed();
      unframe();
    };
  }

  private ingest(events: readonly FeedEvent[]): void {
    let added = false;
    for (const e of events) {
      if (!KINDS.has(e.kind)) continue;
      this.window.push(e);
      added = true;
    }
    if (!added) return;
    if (this.window.length > 2 * WINDOW_EVENTS) this.window = this.window.slice(-WINDOW_EVENTS);
    this.version++;
  }

  /** One animation frame at wall time `now` (ms): tell again if anything changed. */
  frame(now: number): void {
    const s = useNarration.getState();
    const ask = s.lock?.ask ?? s.asked;
    const changed = this.version !== this.toldVersion || s.hideHousekeeping !== this.toldHidden || ask !== this.toldAsk;
    if (!changed || now - this.last < EVERY_MS) return;
    this.last = now;
    this.toldVersion = this.version;
    this.toldHidden = s.hideHousekeeping;
    this.toldAsk = ask;
    const window = this.window.length > WINDOW_EVENTS ? this.window.slice(-WINDOW_EVENTS) : this.window;
    const exchanges = findExchanges(window);
    if (ask) {
      const lock = followLock(exchanges, ask, s.lock);
      if (lock !== s.lock) s.setLock(lock);
    }
    const done = exchanges.filter((x) => x.complete).sort((a, b) => a.end - b.end || a.start - b.start);
    const latest: Narration[] = [];
    for (let i = done.length - 1; i >= 0 && latest.length < TOLD; i--) {
      const n = narrate(done[i] as (typeof done)[number]);
      if (!(s.hideHousekeeping && n.housekeeping)) latest.unshift(n);
    }
    this.told = { latest, seen: exchanges.length };
    for (const l of this.listeners) l();
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  readonly getTold = (): Told => this.told;
}
