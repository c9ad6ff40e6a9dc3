// The inspector's explanation of a clicked message (explain.ts) from the trace feed's recent
// events: worked out when the message is clicked, and again every half second while its
// exchange is under way (its answer may not have come yet), never per frame.

import { useEffect, useState } from 'react';
import { EV } from '../../engine/machine/browser/trace-events';
import type { MachineFrames } from '../machine/frames';
import type { FeedEvent } from '../machine/trace-feed';
import { keyOfEvent } from '../messages-view/message-log';
import { explainMessage, type MessageExplanation } from './explain';

const KINDS = new Set<number>([EV.MSG_SEND, EV.MSG_DELIVER, EV.PAGE_FETCH, EV.PAGE_INVALIDATE, EV.MIGRATE, EV.SYSCALL]);
const AGAIN_MS = 500;

function explain(frames: MachineFrames, key: number): MessageExplanation | undefined {
  return explainMessage(
    frames.trace.recent().filter((e) => KINDS.has(e.kind)),
    key,
  );
}

export function useExplanation(frames: MachineFrames, event: FeedEvent): MessageExplanation | undefined {
  const key = keyOfEvent(event);
  const [explained, setExplained] = useState<MessageExplanation | undefined>(undefined);
  useEffect(() => {
    if (key === undefined) return;
    let now = explain(frames, key);
    setExplained(now);
    let last = -Infinity;
    return frames.onFrame((t) => {
      if (now?.narration.exchange.complete || t - last < AGAIN_MS) return;
      last = t;
      now = explain(frames, key);
      setExplained(now);
    });
  }, [frames, key]);
  return explained;
}
