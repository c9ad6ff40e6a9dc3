// The lesson's view of the live machine (a LessonWorld for conditions.ts), built from the page's
// public readings only: the epoch and the threads from the BrowserMachine (its telemetry and
// view boards), what each terminal printed from MachineFrames' terminal outputs, and the
// messages sent from the trace feed (MSG_SEND events, counted by type). mark() starts a step:
// from then on "since the step" counts from there.

import { EV, messageSendOf, messageTypeName } from '../../engine/machine/browser/trace-events';
import type { MachineFrames } from '../machine/frames';
import type { FeedEvent } from '../machine/trace-feed';
import type { LessonWorld, WorldThread } from './conditions';
import type { Since } from './lesson-format';

/** Escape sequences (colours, cursor moves) and carriage returns: a condition reads the text. */
// eslint-disable-next-line no-control-regex
const ESCAPES = /\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Za-z0-9]|\x1b[=>]|\r/g;

/** Text kept per terminal: a lesson's conditions read its recent lines. */
const KEPT_CHARS = 200_000;

export class LessonWatch {
  private readonly text: string[];
  /** Per kernel: characters dropped from the front of `text` so far. */
  private readonly dropped: number[];
  private readonly offsets: number[];
  private readonly decoders: TextDecoder[];
  private readonly sent = new Map<string, number>();
  private stepText: number[];
  private stepSent = new Map<string, number>();
  private stepEpoch: number;
  /** The process whose pages were asked for last. */
  private focused = 0;
  private readonly unsubscribe: () => void;

  constructor(private readonly frames: MachineFrames) {
    const kernels = frames.machine.scenario.machine.kernels.length;
    this.text = Array.from({ length: kernels }, () => '');
    this.dropped = this.text.map(() => 0);
    this.offsets = frames.outputs.map((o) => o.start);
    this.decoders = this.text.map(() => new TextDecoder());
    this.stepText = this.text.map(() => 0);
    this.stepEpoch = frames.machine.epoch();
    // what was sent before the lesson's player opened (booting) is in the feed's history
    this.count(frames.trace.recent());
    this.unsubscribe = frames.trace.subscribe((events) => {
      this.count(events);
    });
  }

  dispose(): void {
    this.unsubscribe();
  }

  private count(events: readonly FeedEvent[]): void {
    for (const e of events) {
      if (e.kind !== EV.MSG_SEND) continue;
      const name = messageTypeName(messageSendOf(e).type);
      // by type, and by type and sender (the ring an event is in is its sender's)
      for (const key of [name, `${name}@${e.kernel}`]) this.sent.set(key, (this.sent.get(key) ?? 0) + 1);
    }
  }

  /** Reads what the terminals printed since the last reading. */
  private readTerminals(): void {
    this.frames.outputs.forEach((output, k) => {
      const chunks = output.since(this.offsets[k] ?? 0);
      this.offsets[k] = output.end;
      let add = '';
      for (const c of chunks) add += (this.decoders[k] as TextDecoder).decode(c, { stream: true });
      if (!add) return;
      let t = (this.text[k] ?? '') + add.replace(ESCAPES, '');
      if (t.length > KEPT_CHARS) {
        const cut = t.length - KEPT_CHARS;
        t = t.slice(cut);
        this.dropped[k] = (this.dropped[k] ?? 0) + cut;
      }
      this.text[k] = t;
    });
  }

  /** Starts a step: its conditions count from now. */
  mark(): void {
    this.readTerminals();
    this.stepText = this.text.map((t, k) => (this.dropped[k] ?? 0) + t.length);
    this.stepSent = new Map(this.sent);
    this.stepEpoch = this.frames.machine.epoch();
  }

  /** The machine as it is now. */
  world(): LessonWorld {
    this.readTerminals();
    const m = this.frames.machine;
    const threads: WorldThread[] = m
      .threads()
      .map((t) => ({ pid: t.pid, tid: t.tid, comm: t.comm, origin: t.origin, kernel: t.kernel }));
    const kernels = m.scenario.machine.kernels.length;
    const up = Array.from({ length: kernels }, (_, k) => m.failures[k] === undefined && m.telemetry.state(k) === 'up');
    return {
      epochs: m.epoch() - this.stepEpoch,
      threads,
      up,
      output: (k, since: Since) => {
        const t = this.text[k] ?? '';
        if (since === 'boot') return t;
        return t.slice(Math.max(0, (this.stepText[k] ?? 0) - (this.dropped[k] ?? 0)));
      },
      pages: (comm) => {
        const t = threads.filter((x) => x.comm === comm).sort((a, b) => a.tid - b.tid)[0];
        if (!t) return undefined;
        if (this.focused !== t.pid) {
          this.focused = t.pid;
          m.focus(t.pid); // its origin publishes its pages from the next epoch on
        }
        return m.process(t.pid)?.pages;
      },
      messages: (type, since: Since, from?: number) => {
        const key = from === undefined ? type : `${type}@${from}`;
        const total = this.sent.get(key) ?? 0;
        return since === 'boot' ? total : total - (this.stepSent.get(key) ?? 0);
      },
    };
  }
}
