// Reads the selected thread for the inspector a few times a second in the frame loop (not every
// frame: registers change faster than anyone reads them): asks the kernels to publish its
// registers while it is selected, and tells React only when the reading changed. Its process's
// board comes from the machine's board cache, shared with the pages view.

import { useEffect, useState } from 'react';
import { disassembleAround } from '../../engine/machine/browser/disassembly';
import type { MachineFrames } from '../machine/frames';
import { boardCacheOf } from '../pages-view/board-cache';
import { readInspection, sameInspection, type InspectMachine, type Inspection } from './inspection';

export function useInspection(frames: MachineFrames, pid: number, tid: number, everyMs = 250): Inspection | undefined {
  const [reading, setReading] = useState<Inspection | undefined>(undefined);
  useEffect(() => {
    const machine = frames.machine;
    // the board through the machine's one cache: the pages view reads the same one
    const boards = boardCacheOf(machine);
    const source: InspectMachine = {
      epoch: () => machine.epoch(),
      threads: () => machine.threads(),
      registers: (t) => machine.registers(t),
      process: (p) => boards.get(p),
    };
    machine.inspect(tid);
    let last = -Infinity;
    let current: Inspection | undefined;
    const stop = frames.onFrame((now) => {
      if (now - last < everyMs) return;
      last = now;
      const next = readInspection(source, pid, tid, (r) => disassembleAround(r), current);
      if (current && sameInspection(current, next)) return;
      current = next;
      setReading(next);
    });
    return () => {
      stop();
      machine.inspect(0);
    };
  }, [frames, pid, tid, everyMs]);
  // a reading of the thread selected before is not this one's
  return reading?.tid === tid && reading.pid === pid ? reading : undefined;
}
