// The inspector: the thread or the message selected anywhere on the page (app/store.ts), live
// while the machine runs. A thread shows its registers, the code at its pc, its VMAs and where
// its pages are; a message shows its fields. Its process is the focused one (selecting a
// thread focuses it), so the inspector and the pages view read the same board.

import { useEffect } from 'react';
import type { MachineFrames } from '../machine/frames';
import { ViewTitle } from '../narration/ViewTitle';
import { usePlayground } from '../store';
import { MessageInspector } from './MessageInspector';
import { ThreadInspector } from './ThreadInspector';
import './inspector.css';

export function Inspector({ frames }: { frames: MachineFrames }) {
  const thread = usePlayground((s) => s.selectedThread);
  const message = usePlayground((s) => s.selectedMessage);
  const focusPid = usePlayground((s) => s.focusPid);
  const selectThread = usePlayground((s) => s.selectThread);
  const selectMessage = usePlayground((s) => s.selectMessage);
  const showing = thread !== undefined;
  // the origin publishes the focused process only; the pages view asks for the same one
  useEffect(() => {
    if (showing) frames.machine.focus(focusPid);
  }, [frames, focusPid, showing]);
  const kind = thread ? 'thread' : message ? 'message' : 'none';
  return (
    <section className="panel inspector" aria-label="inspector" data-testid="inspector" data-kind={kind}>
      <div className="inspector-head">
        <ViewTitle view="inspector">Inspector</ViewTitle>
        {kind !== 'none' && (
          <button
            type="button"
            className="close"
            aria-label="close the inspector's selection"
            data-testid="inspector-close"
            onClick={() => {
              selectThread(undefined);
              selectMessage(undefined);
            }}
          >
            ×
          </button>
        )}
      </div>
      {thread ? (
        <ThreadInspector key={thread.tid} frames={frames} thread={thread} />
      ) : message ? (
        <MessageInspector frames={frames} event={message} />
      ) : (
        <p className="caption">
          Click a thread in the machine view, the timeline or the threads list, or a message in the sequence chart.
        </p>
      )}
    </section>
  );
}
