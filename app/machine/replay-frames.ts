// What the page does in each animation frame while a share link replays. A replay runs the
// kernels as fast as the host allows, and on a computer with two cores the page's drawing takes
// a core away from the two kernel workers: measured in the default scenario's replay, the
// page's main thread was busy most of the time, drawing output, trace events and figures nobody
// can follow at a thousand epochs a second (twice a second, each draw took a few hundred ms of
// parsing output into the terminals and re-rendering the views). So while replaying the page
// only paces the machine and reads the terminals' output (which costs nothing), and a few times
// a second takes a snapshot for the toolbar and the replay's progress; the panels and views are
// not even mounted then (Playground.tsx). It draws everything once the replay arrives.

/** Wall ms between two progress snapshots while replaying. */
export const REPLAY_PROGRESS_MS = 250;

/**
 * A frame's work: `draw` everything (a run that is not a replay), take a `progress` snapshot
 * only, or only `pace` the machine.
 */
export type FrameWork = 'draw' | 'progress' | 'pace';

/** The work of the frame at `now` (ms), the last progress snapshot having been at `progressed`. */
export function frameWork(replaying: boolean, now: number, progressed: number): FrameWork {
  if (!replaying) return 'draw';
  return now - progressed >= REPLAY_PROGRESS_MS ? 'progress' : 'pace';
}

/** The performance mark the page sets once the machine has completed its first epoch. */
export const FIRST_EPOCH_MARK = 'popcorn:first-epoch';
