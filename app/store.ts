// The page's UI state (zustand): how the visitor wants the machine to run and what they
// selected. Hot machine state (clock, harts, counters) is not here: it is read from shared
// memory every animation frame (app/machine/frames.ts).

import { create } from 'zustand';
import { DEFAULT_SPEED, type Speed } from '../engine/machine/browser/pacing';

export interface PlaygroundState {
  speed: Speed;
  running: boolean;
  /** The kernel the visitor pointed at (highlighted in every view), if any. */
  selectedKernel: number | undefined;
  setSpeed: (speed: Speed) => void;
  setRunning: (running: boolean) => void;
  selectKernel: (kernel: number | undefined) => void;
}

export const usePlayground = create<PlaygroundState>()((set) => ({
  speed: DEFAULT_SPEED,
  running: true,
  selectedKernel: undefined,
  setSpeed: (speed) => {
    set({ speed });
  },
  setRunning: (running) => {
    set({ running });
  },
  selectKernel: (selectedKernel) => {
    set({ selectedKernel });
  },
}));
