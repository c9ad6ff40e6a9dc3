// The page's UI state (zustand): how the visitor wants the machine to run and what they
// selected. Hot machine state (clock, harts, counters, trace events) is not here: it is read
// from shared memory every animation frame (app/machine/frames.ts).

import { create } from 'zustand';
import { DEFAULT_SPEED, type Speed } from '../engine/machine/browser/pacing';
import type { MachineSpec } from '../engine/machine/machine-spec';
import type { FeedEvent } from './machine/trace-feed';

/** A thread as the views name it: its process and its id (tids are machine-wide). */
export interface ThreadRef {
  pid: number;
  tid: number;
}

export interface PlaygroundState {
  speed: Speed;
  running: boolean;
  /** The kernel the visitor pointed at (highlighted in every view), if any. */
  selectedKernel: number | undefined;
  /** The thread the inspector shows, if any. */
  selectedThread: ThreadRef | undefined;
  /** The message (a MSG_SEND or MSG_DELIVER event) the inspector shows, if any. */
  selectedMessage: FeedEvent | undefined;
  /** The process the pages view shows (0: none chosen yet). */
  focusPid: number;
  /** The machine the playground booted, and whether its kernels start shells (the page's lede says what runs). */
  shown: { machine: MachineSpec; shells: boolean } | undefined;
  setSpeed: (speed: Speed) => void;
  setRunning: (running: boolean) => void;
  selectKernel: (kernel: number | undefined) => void;
  /** Shows a thread in the inspector and its process in the pages view. */
  selectThread: (thread: ThreadRef | undefined) => void;
  selectMessage: (message: FeedEvent | undefined) => void;
  focusProcess: (pid: number) => void;
  show: (shown: { machine: MachineSpec; shells: boolean } | undefined) => void;
}

export const usePlayground = create<PlaygroundState>()((set) => ({
  speed: DEFAULT_SPEED,
  running: true,
  selectedKernel: undefined,
  selectedThread: undefined,
  selectedMessage: undefined,
  focusPid: 0,
  shown: undefined,
  setSpeed: (speed) => {
    set({ speed });
  },
  setRunning: (running) => {
    set({ running });
  },
  selectKernel: (selectedKernel) => {
    set({ selectedKernel });
  },
  selectThread: (selectedThread) => {
    set(
      selectedThread
        ? { selectedThread, selectedMessage: undefined, focusPid: selectedThread.pid }
        : { selectedThread },
    );
  },
  selectMessage: (selectedMessage) => {
    set(selectedMessage ? { selectedMessage, selectedThread: undefined } : { selectedMessage });
  },
  focusProcess: (focusPid) => {
    set({ focusPid });
  },
  show: (shown) => {
    set({ shown });
  },
}));
