// The first visit's guided hint: the default scenario starts a demo (busy, on kernel 1)
// and this says how to migrate it and where to look; once the demo runs on a kernel other than
// its origin it says what happened. It can be dismissed, and it only shows for the default
// scenario (a shared link or an edited scenario has its own story).

import { useEffect, useState } from 'react';
import type { MachineFrames } from '../machine/frames';

/** The default scenario's demo program (engine/machine/scenarios/two-kernels.json). */
const DEMO = 'busy';

type Stage = 'waiting' | 'running' | 'moved' | 'gone';

export function GuidedHint({ frames }: { frames: MachineFrames }) {
  const [dismissed, setDismissed] = useState(false);
  const [stage, setStage] = useState<Stage>('waiting');
  const [where, setWhere] = useState({ origin: 1, kernel: 1 });
  useEffect(() => {
    let last = -Infinity;
    return frames.onFrame((now) => {
      if (now - last < 500) return;
      last = now;
      const demo = frames.machine.threads().find((t) => t.comm === DEMO);
      setStage((before) => {
        if (!demo) return before === 'waiting' ? 'waiting' : 'gone';
        return demo.kernel !== demo.origin ? 'moved' : before === 'moved' ? 'moved' : 'running';
      });
      if (demo) setWhere((w) => (w.origin === demo.origin && w.kernel === demo.kernel ? w : demo));
    });
  }, [frames]);
  if (dismissed || stage === 'waiting') return null;
  const other = where.origin === 0 ? 1 : 0;
  return (
    <section className="notice hint" role="note" aria-label="how to migrate the demo" data-testid="guided-hint">
      {stage === 'moved' ? (
        <p>
          <strong>It moved.</strong> {DEMO} was created on kernel {where.origin} and now runs on kernel {where.kernel}:
          its hart changed in the machine view, the timeline drew an arrow, and the few pages it needed followed it, one
          fault at a time (the pages view; each REMOTE_PAGE_REQUEST in the messages view). It says so in kernel{' '}
          {where.origin}’s terminal: its writes are forwarded home.
        </p>
      ) : stage === 'gone' ? (
        <p>
          The demo has ended. Type <code>busy</code> into a shell to start it again, or try the suggestions below the
          threads.
        </p>
      ) : (
        <p>
          <strong>Try a migration.</strong> Kernel {where.origin} runs a demo, <code>{DEMO}</code>, on one of its harts.
          Under <em>Threads</em>, drag its row onto <em>kernel {other}</em> (or pick kernel {other} in its menu), then
          watch the machine view, the timeline and the pages view.
        </p>
      )}
      <button
        type="button"
        className="hint-close"
        aria-label="dismiss the hint"
        onClick={() => {
          setDismissed(true);
        }}
      >
        ×
      </button>
    </section>
  );
}
