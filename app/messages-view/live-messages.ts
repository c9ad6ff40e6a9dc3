// The messages view's live model, outside React: it reads the trace feed's batches into the
// message log (for the chart), samples the receive rings every animation frame, reads the
// kernels' own message counters (for the counters and send rates: exact, where the trace may
// lose events), and tells the chart (at most every chartMs) and the counters and ring bars (at
// most every statsMs) when what they show changed. React subscribes with useSyncExternalStore,
// so no event and no frame causes a React update by itself, and a paused machine (no new
// events) redraws nothing.

import type { MessageCounts, RingFigures } from '../../engine/machine/browser/browser-machine';
import { messageTypeName } from '../../engine/machine/browser/trace-events';
import type { FeedEvent, FeedListener } from '../machine/trace-feed';
import { MessageLog, type MessageRecord } from './message-log';
import { RingMeter, sameReadings, type RingReading } from './ring-meter';
import { SendRates } from './send-rates';

/** What the model reads: a MachineFrames has all of it. */
export interface MessageSource {
  readonly trace: {
    recent(): readonly FeedEvent[];
    subscribe(listener: FeedListener): () => void;
    /** Events lost so far to trace rings that wrapped between two frames. */
    readonly skipped: number;
  };
  onFrame(work: (now: number) => void): () => void;
  readonly machine: {
    ring(kernel: number): RingFigures;
    /** The kernels' own counts of messages by type (telemetry). */
    messageCounts(): MessageCounts;
    /** The machine's epoch (its quantum) in virtual ns. */
    readonly epochNs: number;
  };
}

export interface TypeRow {
  type: number;
  name: string;
  /** Sent since boot, as the senders counted them. */
  sent: number;
  /** Delivered since boot, as the receivers counted them. */
  delivered: number;
  /** Sent and not delivered yet: in a ring, or waiting for its delivery time. */
  inFlight: number;
  /** Sends per virtual ms, lately. */
  perMs: number;
}

export interface MessageStats {
  /** Messages sent since boot, all types. */
  sent: number;
  delivered: number;
  inFlight: number;
  /** Per type sent so far, by type number (protocols' types are numbered together). */
  types: TypeRow[];
  rings: RingReading[];
  /** Processes messages were seen for, ascending. */
  pids: number[];
  /** Trace events (of any kind) lost to wrapped trace rings: the chart misses some messages. */
  skipped: number;
}

export interface Timing {
  /** Least wall ms between two chart redraws (the chart is unreadable faster anyway). */
  chartMs: number;
  /** Least wall ms between two updates of the counters and the ring bars. */
  statsMs: number;
}

// five redraws a second: a chart that moves faster cannot be read, and each redraw moves every
// arrow (the rows shift), which costs the page a few ms with 80 arrows
export const DEFAULT_TIMING: Timing = { chartMs: 200, statsMs: 250 };

export class LiveMessages {
  readonly log = new MessageLog();
  private readonly rates = new SendRates();
  private rings: RingMeter;
  private chartMessages: readonly MessageRecord[] = [];
  private chartLogVersion = -1;
  private lastChart = -Infinity;
  private stats: MessageStats;
  private statsLogVersion = -1;
  private statsCounts: MessageCounts = { epochs: -1, types: new Map() };
  private lastStats = -Infinity;
  private skipped = 0;
  private readonly chartListeners = new Set<() => void>();
  private readonly statsListeners = new Set<() => void>();

  constructor(
    readonly kernels: number,
    private readonly timing: Timing = DEFAULT_TIMING,
  ) {
    this.rings = new RingMeter(kernels);
    this.stats = { sent: 0, delivered: 0, inFlight: 0, types: [], rings: this.rings.read(0), pids: [], skipped: 0 };
  }

  /** Starts reading `source` (from the feed's recent history on); returns the way to stop. */
  attach(source: MessageSource): () => void {
    // a fresh start each time, so attaching twice (React's strict mode) reads nothing twice
    this.log.reset();
    this.rates.reset();
    this.rings = new RingMeter(this.kernels);
    this.ingest(source.trace.recent());
    this.skipped = source.trace.skipped;
    const unfeed = source.trace.subscribe((events, skipped) => {
      this.skipped += skipped;
      this.ingest(events);
    });
    const unframe = source.onFrame((now) => {
      this.frame(now, source);
    });
    this.lastChart = -Infinity;
    this.lastStats = -Infinity;
    this.chartLogVersion = -1;
    this.statsLogVersion = -1;
    this.statsCounts = { epochs: -1, types: new Map() };
    return () => {
      unfeed();
      unframe();
    };
  }

  private ingest(events: readonly FeedEvent[]): void {
    this.log.add(events);
  }

  /** One animation frame at wall time `now` (ms): sample the rings, publish what changed. */
  frame(now: number, source: MessageSource): void {
    const figures: RingFigures[] = [];
    for (let k = 0; k < this.kernels; k++) figures.push(source.machine.ring(k));
    this.rings.sample(now, figures);
    if (this.log.version !== this.chartLogVersion && now - this.lastChart >= this.timing.chartMs) {
      this.chartLogVersion = this.log.version;
      this.lastChart = now;
      // a copy: React compares snapshots by identity, and the log grows in place
      this.chartMessages = this.log.all().slice();
      for (const l of this.chartListeners) l();
    }
    if (now - this.lastStats >= this.timing.statsMs) {
      this.lastStats = now;
      const rings = this.rings.read(now);
      const counts = source.machine.messageCounts();
      const countsChanged = !sameCounts(counts, this.statsCounts);
      if (countsChanged) {
        this.rates.sample(
          counts.epochs * source.machine.epochNs,
          new Map([...counts.types].map(([t, c]) => [t, c.sent])),
        );
      }
      if (
        countsChanged ||
        this.log.version !== this.statsLogVersion ||
        this.skipped !== this.stats.skipped ||
        !sameReadings(rings, this.stats.rings)
      ) {
        this.statsLogVersion = this.log.version;
        this.statsCounts = counts;
        this.stats = this.readStats(rings, counts);
        for (const l of this.statsListeners) l();
      }
    }
  }

  private readStats(rings: RingReading[], counts: MessageCounts): MessageStats {
    const types = [...counts.types]
      .map(([type, c]): TypeRow => ({
        type,
        name: type === 0 ? 'other types' : messageTypeName(type),
        sent: c.sent,
        delivered: c.delivered,
        inFlight: c.sent - c.delivered,
        perMs: this.rates.perMs(type),
      }))
      .sort((a, b) => a.type - b.type);
    const sent = types.reduce((n, t) => n + t.sent, 0);
    const delivered = types.reduce((n, t) => n + t.delivered, 0);
    const pids = [...this.log.pids()].sort((a, b) => a - b);
    return { sent, delivered, inFlight: sent - delivered, types, rings, pids, skipped: this.skipped };
  }

  readonly subscribeChart = (listener: () => void): (() => void) => {
    this.chartListeners.add(listener);
    return () => {
      this.chartListeners.delete(listener);
    };
  };

  /** The messages as of the chart's latest redraw, in the order read (a new array each time). */
  readonly getChartMessages = (): readonly MessageRecord[] => this.chartMessages;

  readonly subscribeStats = (listener: () => void): (() => void) => {
    this.statsListeners.add(listener);
    return () => {
      this.statsListeners.delete(listener);
    };
  };

  /** The latest counters and ring readings (a new object when they changed). */
  readonly getStats = (): MessageStats => this.stats;
}

function sameCounts(a: MessageCounts, b: MessageCounts): boolean {
  if (a.epochs !== b.epochs || a.types.size !== b.types.size) return false;
  for (const [type, c] of a.types) {
    const d = b.types.get(type);
    if (d?.sent !== c.sent || d.delivered !== c.delivered) return false;
  }
  return true;
}
