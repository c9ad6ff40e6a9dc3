// The processes the chooser offers, from every kernel's thread board, read at most twice a
// second in the frame loop; React hears of it only when the list changed.

import { useEffect, useState } from 'react';
import type { MachineFrames } from '../machine/frames';
import { processChoices, sameChoices, type ProcessChoice } from './process-list';

export function useProcessChoices(frames: MachineFrames, everyMs = 500): ProcessChoice[] {
  const [choices, setChoices] = useState<ProcessChoice[]>([]);
  useEffect(() => {
    let last = -Infinity;
    let current: ProcessChoice[] = [];
    return frames.onFrame((now) => {
      if (now - last < everyMs) return;
      last = now;
      const next = processChoices(frames.machine.threads());
      if (sameChoices(current, next)) return;
      current = next;
      setChoices(next);
    });
  }, [frames, everyMs]);
  return choices;
}
