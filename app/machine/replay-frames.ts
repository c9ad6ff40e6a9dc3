// How often the page does its own per-frame work (terminals, trace feed, snapshots) while a
// share link replays. A replay runs the kernels as fast as the host allows, and on a computer
// with two cores the page's drawing takes one of them away from the two kernel workers:
// measured in the default scenario's replay, the page's main thread was busy 96% of the time,
// most of it drawing output and figures nobody can follow at a thousand epochs a second. So
// while replaying the page draws twice a second; it still paces the machine every frame
// (which costs nothing), and draws at once when the replay arrives.

/** Wall ms between two draws while replaying. */
export const REPLAY_DRAW_MS = 500;

/** Whether the page draws in the frame at `now`, having last drawn at `drawn`. */
export function drawsNow(replaying: boolean, now: number, drawn: number): boolean {
  return !replaying || now - drawn >= REPLAY_DRAW_MS;
}

/** The performance mark the page sets once the machine has completed its first epoch. */
export const FIRST_EPOCH_MARK = 'popcorn:first-epoch';
