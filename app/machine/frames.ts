// The page's one animation-frame loop for a running machine. Every frame it paces the machine
// (BrowserMachine.frame), moves queued keystrokes into the kernels' TTYs, hands the trace
// events written since the last frame to the views (TraceFeed), runs the imperative per-frame
// work (terminals drain their TTYs), then, ten times a second, takes a snapshot of the machine
// from shared memory and tells React subscribers when something visible changed. While a share
// link replays, it only paces, reads the output and takes a snapshot a few times a second, for
// the progress (replay-frames.ts). React reads it with useMachineSnapshot(). (Re-rendering every panel of a 16-kernel machine 60 times a
// second cost more than the frame had; the views that animate draw by themselves per frame.)

import { useSyncExternalStore } from 'react';
import type { BrowserMachine } from '../../engine/machine/browser/browser-machine';
import { InputQueue } from '../terminal/input-queue';
import { TerminalOutput } from '../terminal/terminal-output';
import { usePlayground } from '../store';
import { TraceFeed } from './trace-feed';
import { FIRST_EPOCH_MARK, frameWork } from './replay-frames';
import { sameSnapshot, SnapshotMeters, takeSnapshot, type MachineSnapshot } from './snapshot';

/** Wall ms between two snapshots, unless the run state changed. */
const SNAPSHOT_MS = 100;

export class MachineFrames {
  private snapshot: MachineSnapshot;
  private readonly meters: SnapshotMeters;
  private readonly listeners = new Set<() => void>();
  private readonly work = new Set<(now: number) => void>();
  /**
   * Per kernel: what it wrote to its terminal, read from the TTY's output ring every frame,
   * drawn or not (while a link replays the page draws nothing, and a kernel's
   * worker waits when much of its output is unread), for the terminals to write out.
   */
  readonly outputs: TerminalOutput[];
  private handle: number | undefined;
  /** Wall time of the last snapshot. */
  private taken = -Infinity;
  /** Per kernel: bytes typed (by a terminal or a suggestion) on their way into its TTY. */
  private readonly inputs: InputQueue[];
  /** The kernels' trace events, read once per frame. */
  readonly trace: TraceFeed;

  constructor(readonly machine: BrowserMachine) {
    this.meters = new SnapshotMeters(machine.scenario.machine.kernels.length, machine.epochNs);
    this.snapshot = takeSnapshot(machine, this.meters, performance.now());
    this.inputs = machine.scenario.machine.kernels.map(() => new InputQueue());
    this.outputs = machine.scenario.machine.kernels.map(() => new TerminalOutput());
    this.trace = new TraceFeed(machine);
  }

  /** Queues `text` for kernel `kernel`'s TTY, in order with everything typed before. */
  type(kernel: number, text: string): void {
    this.inputs[kernel]?.push(new TextEncoder().encode(text));
  }

  start(): void {
    if (this.handle !== undefined) return;
    let progressed = -Infinity;
    let firstEpoch = false;
    const tick = (now: number) => {
      this.machine.frame(now);
      if (!firstEpoch && this.machine.epoch() >= 1) {
        firstEpoch = true;
        performance.mark(FIRST_EPOCH_MARK); // for the benchmarks: when the run began, to the frame
      }
      this.readTerminals();
      const work = frameWork(this.machine.replaying, now, progressed);
      if (work === 'progress') {
        progressed = now;
        this.publish(now, true);
      } else if (work === 'draw') {
        this.inputs.forEach((queue, k) => {
          queue.flush((bytes) => this.machine.tty(k).type(bytes));
        });
        this.trace.pull();
        for (const w of this.work) w(now);
        this.publish(now, false);
      }
      this.handle = requestAnimationFrame(tick);
    };
    this.handle = requestAnimationFrame(tick);
  }

  /**
   * Takes a snapshot if SNAPSHOT_MS passed since the last (or `now` is asked for, or the run
   * state changed) and tells the subscribers if it would render differently.
   */
  private publish(now: number, force: boolean): void {
    const stateChanged =
      this.machine.running !== this.snapshot.running || this.machine.replaying !== this.snapshot.replaying;
    if (!force && !stateChanged && now - this.taken < SNAPSHOT_MS) return;
    this.taken = now;
    const next = takeSnapshot(this.machine, this.meters, now, this.snapshot);
    // the machine pauses by itself too (a replay that arrived, a share): the controls follow
    if (usePlayground.getState().running !== next.running) usePlayground.getState().setRunning(next.running);
    if (!sameSnapshot(this.snapshot, next)) {
      this.snapshot = next;
      for (const l of this.listeners) l();
    }
  }

  stop(): void {
    if (this.handle !== undefined) cancelAnimationFrame(this.handle);
    this.handle = undefined;
  }

  /** Runs `work` every frame the page draws (after pacing) until the returned function is called. */
  onFrame(work: (now: number) => void): () => void {
    this.work.add(work);
    return () => {
      this.work.delete(work);
    };
  }

  /** Reads every kernel's TTY output ring into its TerminalOutput (every frame, and when a terminal opens). */
  readTerminals(): void {
    this.outputs.forEach((output, k) => {
      const tty = this.machine.tty(k);
      for (let bytes = tty.drainOutput(); bytes.length > 0; bytes = tty.drainOutput()) output.push(bytes);
    });
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  readonly getSnapshot = (): MachineSnapshot => this.snapshot;
}

/** The latest snapshot; the component re-renders when it changes. */
export function useMachineSnapshot(frames: MachineFrames): MachineSnapshot {
  return useSyncExternalStore(frames.subscribe, frames.getSnapshot);
}
