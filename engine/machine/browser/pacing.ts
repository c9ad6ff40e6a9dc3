// How fast the browser machine runs. One word in shared memory (memory-map.ts PACING_RUN_TO)
// holds the number of epochs the kernels may complete; every kernel worker waits at it before
// starting an epoch. The page raises it once per animation frame, as the speed setting says
// (Pacer), so pausing is simply not raising it and a step is raising it by one. Nothing is
// posted to the workers to pace them: they see the word change, and the page sees the epoch
// barrier's generation move.

import { BARRIER_GENERATION, BARRIER_OFFSET, PACING_OFFSET, PACING_RUN_TO } from '../../hw/memory-map';
import { DEFAULT_EPOCH_NS } from '../quantum';

/** "Next message" gives up after this many epochs without a delivery (a machine at rest), at the default quantum: the same 100 ms of virtual time at any. */
export const MAX_EPOCHS_TO_MESSAGE = 1000;

/** Virtual nanoseconds per wall-clock second, or as fast as the host can go. */
export type Speed = number | 'max';

/** The speeds the page offers, slowest first: 1, 10 and 100 ms of virtual time per second. */
export const SPEEDS: readonly Speed[] = [1e6, 1e7, 1e8, 'max'];
export const DEFAULT_SPEED: Speed = 1e7;

/** At 'max', how many epochs the workers may run ahead of the last frame (a pause lands within one). */
export const MAX_SPEED_LEAD = 4096;
/** A rated speed may fall behind by this much wall time before the debt is forgiven. */
const MAX_DEBT_SECONDS = 0.25;
/** A frame longer than this (a background tab) counts as this long. */
const MAX_FRAME_MS = 100;
/** A frame later than this while the workers worked means they starve the page: less work ahead. */
export const SLOW_FRAME_MS = 1000 / 55;
/** The smallest lead: one epoch every this many frames at most, while frames come late. */
const MIN_LEAD = 1 / 16;
/** A frame on time: the workers may have more work ahead again. */
const SMOOTH_FRAME_MS = 1000 / 57;

/**
 * A kernel worker publishes its telemetry and view board (for the page, which reads them once
 * per frame) after every this many epochs, and after any epoch the page has not yet let the
 * next one follow: the page then finds every kernel's figures at the epoch the machine paused
 * at, a replay's last epoch included. Publishing costs a kernel about as much as an idle epoch,
 * so doing it after each of the thousands of epochs a replay runs per second doubled its cost.
 */
export const PUBLISH_EVERY = 16;

/** Whether a kernel that has completed `completed` epochs publishes now, the page having granted `runTo`. */
export function publishesAt(completed: number, runTo: number): boolean {
  return completed % PUBLISH_EVERY === 0 || completed >= runTo;
}

/** Atomics.waitAsync, ES2024 (the project's TypeScript library is older; browsers and Node 16+ have it). */
interface AtomicsWaitAsync {
  waitAsync(
    words: Int32Array,
    index: number,
    value: number,
    ms: number,
  ): { async: false; value: string } | { async: true; value: Promise<string> };
}

/** The pacing word and the barrier's generation, as both sides see them. */
export class PacingWord {
  private readonly words: Int32Array;
  private readonly runToAt = (PACING_OFFSET + PACING_RUN_TO) >> 2;
  private readonly generationAt = (BARRIER_OFFSET + BARRIER_GENERATION) >> 2;

  constructor(memory: WebAssembly.Memory) {
    this.words = new Int32Array(memory.buffer);
  }

  /** Epochs the kernels may complete. */
  runTo(): number {
    return Atomics.load(this.words, this.runToAt);
  }

  /** Epochs every kernel has completed (the epoch barrier's generation). */
  completed(): number {
    return Atomics.load(this.words, this.generationAt);
  }

  /**
   * Page side: resolves once the kernels have completed more than `completed` epochs, or after
   * `ms` (Atomics.waitAsync: the page's thread may not block).
   */
  async completedBeyond(completed: number, ms: number): Promise<void> {
    const waited = (Atomics as unknown as AtomicsWaitAsync).waitAsync(this.words, this.generationAt, completed, ms);
    if (waited.async) await waited.value;
  }

  /** Page side: sets the limit and wakes workers waiting at it. */
  setRunTo(epochs: number): void {
    if (Atomics.exchange(this.words, this.runToAt, epochs) !== epochs) Atomics.notify(this.words, this.runToAt);
  }

  /**
   * Worker side: returns once epoch `epoch` (0-based) may run, calling `idle` every `ms` while
   * waiting (it must not be called on the main thread, where Atomics.wait is not allowed).
   */
  waitToRun(epoch: number, idle: () => void, ms = 50): void {
    for (;;) {
      const limit = Atomics.load(this.words, this.runToAt);
      if (epoch < limit) return;
      Atomics.wait(this.words, this.runToAt, limit, ms);
      idle();
    }
  }
}

/**
 * The page's pacing logic, pure: given the limit, the epochs completed and the wall time since
 * the last frame, the next limit. A rated speed grants epochs in proportion to wall time,
 * carrying fractions over, and never lets the workers owe more than MAX_DEBT_SECONDS of work
 * (a slow host runs slower, instead of racing later to catch up).
 *
 * The page comes first: kernel workers that always have work keep every core busy (16 kernels
 * on 2 cores) and the page's frames come late. So the work the workers may have ahead (`lead`)
 * adapts, additive increase and multiplicative decrease as in TCP: halved after a frame that
 * came late while they worked, grown after a frame on time. Below one epoch, the lead is a rate:
 * a lead of 1/4 lets one epoch run every fourth frame. Workers that run out of work wait on the
 * pacing word and leave the cores to the page; the machine then runs slower than the host
 * could, and the views stay smooth.
 *
 * The lead counts epochs of the default quantum (100 us of virtual time), whatever the
 * machine's: a machine at a 2 us quantum may have fifty of its epochs ahead where one at 100 us
 * has one. Counted in the machine's own epochs, a lead adapted down to one epoch let a 2 us
 * machine run 2 us a frame, and lesson 5's 28 ms took minutes.
 */
export class Pacer {
  speed: Speed;
  running: boolean;
  /** Fraction of an epoch granted but not yet given. */
  private owed = 0;
  /** While replaying a shared run: the epoch to run to as fast as possible, then pause at. */
  replayTo: number | undefined;
  /**
   * Most epochs the workers may have granted beyond those completed (adapts to the frame rate),
   * in epochs of the default quantum.
   */
  lead = MAX_SPEED_LEAD;
  /**
   * Whether the lead adapts: only where the workers can take every core (more kernels than
   * cores); with fewer, the page always has a core and the machine runs at full speed.
   */
  adaptive = true;
  /** Below a lead of one: the fraction of an epoch earned so far. */
  private credit = 0;
  /** Epochs completed at the last frame (did the workers work since?). */
  private lastCompleted = 0;
  /**
   * While stepping to the next message ("Next message"): the messages delivered machine-wide
   * when it began, and the epoch it gives up at.
   */
  toMessage: { delivered: number; giveUpAt: number } | undefined;

  constructor(
    speed: Speed = DEFAULT_SPEED,
    running = true,
    /** The machine's epoch (its quantum, quantum.ts) in virtual ns: a speed is so many epochs per second. */
    private readonly epochNs = DEFAULT_EPOCH_NS,
  ) {
    this.speed = speed;
    this.running = running;
    this.perLead = Math.max(1, DEFAULT_EPOCH_NS / epochNs);
  }

  /** The machine's epochs in one epoch of the lead (of the default quantum). */
  private readonly perLead: number;

  /**
   * The limit for this frame; never lower than `runTo` while running. `delivered`: the messages
   * delivered machine-wide by the end of epoch `completed` (for "Next message").
   */
  frame(runTo: number, completed: number, frameMs: number, delivered = 0): number {
    this.adapt(runTo, completed, frameMs);
    if (this.toMessage !== undefined) {
      if (completed < runTo) return runTo; // the epoch is under way
      if (delivered > this.toMessage.delivered || completed >= this.toMessage.giveUpAt) {
        this.toMessage = undefined; // there: paused after the epoch that delivered it
        return runTo;
      }
      return completed + 1;
    }
    if (this.replayTo !== undefined) {
      if (completed < this.replayTo) return Math.max(runTo, Math.min(this.replayTo, completed + this.allowance()));
      this.replayTo = undefined; // arrived: paused there
      this.running = false;
      return runTo;
    }
    if (!this.running) return runTo;
    if (this.speed === 'max') return Math.max(runTo, completed + this.allowance());
    const perSecond = this.speed / this.epochNs;
    this.owed += (perSecond * Math.min(Math.max(frameMs, 0), MAX_FRAME_MS)) / 1000;
    const whole = Math.floor(this.owed);
    this.owed -= whole;
    const cap = completed + Math.min(this.allowance(), Math.max(1, Math.ceil(perSecond * MAX_DEBT_SECONDS)));
    if (runTo + whole > cap) this.owed = 0;
    return Math.max(runTo, Math.min(runTo + whole, cap));
  }

  /** Shrinks the lead after a late frame the workers may be to blame for; grows it after one on time. */
  private adapt(runTo: number, completed: number, frameMs: number): void {
    if (!this.adaptive) return;
    const worked = runTo > completed || completed !== this.lastCompleted; // since the last frame
    this.lastCompleted = completed;
    if (worked && frameMs > SLOW_FRAME_MS && frameMs < MAX_FRAME_MS)
      this.lead = Math.max(MIN_LEAD, Math.min(this.lead, Math.max(1, runTo - completed) / this.perLead) / 2);
    else if (frameMs <= SMOOTH_FRAME_MS)
      this.lead = Math.min(MAX_SPEED_LEAD, this.lead + Math.max(this.lead / 8, MIN_LEAD));
  }

  /** The machine's epochs the workers may have ahead this frame: the lead, or at a fractional lead, what it earned. */
  private allowance(): number {
    const epochs = this.lead * this.perLead;
    if (epochs >= 1) {
      this.credit = 0;
      return Math.floor(epochs);
    }
    this.credit += epochs;
    if (this.credit < 1) return 0;
    this.credit -= 1;
    return 1;
  }

  /**
   * Changes the speed. Running at a rated speed, the epochs granted at the old speed beyond the
   * one under way are withdrawn: on a busy host the workers may owe a quarter of a second of
   * the old speed, and a visitor who slows the machine down expects it slower at once, not
   * after that is worked off. Returns the limit.
   */
  setSpeed(speed: Speed, runTo: number, completed: number): number {
    this.speed = speed;
    this.owed = 0;
    if (!this.running || speed === 'max' || this.replayTo !== undefined || this.toMessage !== undefined) return runTo;
    return Math.min(runTo, completed + 1);
  }

  /** Stops granting epochs; the limit comes down to the end of the epoch under way. */
  pause(runTo: number, completed: number): number {
    this.running = false;
    this.replayTo = undefined;
    this.toMessage = undefined;
    this.owed = 0;
    return Math.min(runTo, completed + 1);
  }

  resume(): void {
    this.running = true;
    this.replayTo = undefined;
    this.toMessage = undefined;
  }

  /**
   * Pauses, then runs epoch by epoch until one in which some kernel was delivered a message
   * (beyond the `delivered` so far), and pauses after it; gives up after MAX_EPOCHS_TO_MESSAGE
   * (of the default quantum's length).
   */
  stepToMessage(runTo: number, completed: number, delivered: number): number {
    const limit = this.running ? this.pause(runTo, completed) : runTo;
    const from = Math.max(limit, completed);
    const quiet = Math.ceil((MAX_EPOCHS_TO_MESSAGE * DEFAULT_EPOCH_NS) / this.epochNs);
    this.toMessage = { delivered, giveUpAt: from + quiet };
    return from + 1;
  }

  /** Pauses and grants exactly one more epoch beyond what was granted. */
  step(runTo: number, completed: number): number {
    const limit = this.running ? this.pause(runTo, completed) : runTo;
    return Math.max(limit, completed) + 1;
  }
}
