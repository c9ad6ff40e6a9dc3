// What the views follow and hide, as UI state (zustand) that any part of the page can set: the
// threads panel when the reader starts a migration, a lesson step, the "what just happened"
// panel's Release button and its housekeeping switch. The live narration (live-narration.ts)
// turns an asked migration into a lock once its TASK_MIGRATE shows in the trace, and adds to the
// lock the exchanges it caused; the sequence chart, the timeline and the pages view read it.

import { create } from 'zustand';
import type { Narration } from './narrate';

/** A migration the reader (or a lesson) asked for, to be followed once it happens. */
export interface FollowAsk {
  tid: number;
  pid: number;
  /** Where the thread is to run. */
  to: number;
  /** Virtual ns when it was asked: the move comes after. */
  sinceNs: number;
  /** How the page names the thread ("2 busy"). */
  label: string;
}

/** The views locked onto a migration: its exchange and those it caused. */
export interface FollowLock {
  ask: FollowAsk;
  move: Narration;
  /** Exchanges of the process at the kernel it moved to, after the move (its page fetches…). */
  caused: Narration[];
  /** Every message of the move and of what it caused. */
  keys: ReadonlySet<number>;
  /** Pages those exchanges moved, in order. */
  pages: number[];
}

export interface NarrationState {
  /** Housekeeping messages (PROC_LIST, NODE_INFO) are hidden in the chart, the counters and the narration. */
  hideHousekeeping: boolean;
  /** A migration asked for and not seen yet. */
  asked: FollowAsk | undefined;
  lock: FollowLock | undefined;
  setHideHousekeeping: (hide: boolean) => void;
  /** Follows a migration once it happens (the views lock onto it). */
  follow: (ask: FollowAsk) => void;
  /** Sets the lock (the live narration does, when the move shows and as what it caused comes). */
  setLock: (lock: FollowLock | undefined) => void;
  /** Stops following: the views show the latest again. */
  release: () => void;
}

export const useNarration = create<NarrationState>()((set) => ({
  hideHousekeeping: false,
  asked: undefined,
  lock: undefined,
  setHideHousekeeping: (hideHousekeeping) => {
    set({ hideHousekeeping });
  },
  follow: (asked) => {
    set({ asked, lock: undefined });
  },
  setLock: (lock) => {
    set(lock ? { lock, asked: undefined } : { lock });
  },
  release: () => {
    set({ asked: undefined, lock: undefined });
  },
}));
