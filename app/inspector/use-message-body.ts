// Reads the body of the message the inspector shows, in the frame loop until it is in: asks the
// kernels that sent and received it to publish it (they keep their last messages' bodies, and
// answer within an epoch, or within 50 ms while the machine is paused), and stops asking when
// the inspector shows something else.

import { useEffect, useState } from 'react';
import type { MachineFrames } from '../machine/frames';

export type BodyReading = { type: number; body: Uint8Array } | 'gone' | undefined;

export function useMessageBody(frames: MachineFrames, from: number, to: number, seq: number): BodyReading {
  const [reading, setReading] = useState<{ key: string; body: BodyReading }>({ key: '', body: undefined });
  const key = `${from}:${to}:${seq}`;
  useEffect(() => {
    const machine = frames.machine;
    const ref = { from, to, seq };
    machine.inspectMessage(ref);
    const stop = frames.onFrame(() => {
      const body = machine.messageBody(ref);
      if (body === undefined) return;
      setReading({ key, body });
      stop();
    });
    return () => {
      stop();
      machine.inspectMessage(undefined);
    };
  }, [frames, from, to, seq, key]);
  // a reading of the message shown before is not this one's
  return reading.key === key ? reading.body : undefined;
}
