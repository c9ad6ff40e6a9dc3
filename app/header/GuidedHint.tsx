// The first visit's guided hint: the default scenario starts a demo (busy, on kernel 1)
// and this says how to migrate it and where to look; once the demo runs on a kernel other than
// its origin it says what happened, and once it is back home, that it came back. It can be
// dismissed, and it only shows for the default scenario (a shared link or an edited scenario
// has its own story). It is there from the machine's first frame, before the demo has started,
// so that it never pushes the terminals down under a person's pointer (it sits above them).
// It is the first step of lesson 3 (migration), and offers to go on with that lesson.

import { useEffect, useState } from 'react';
import type { MachineFrames } from '../machine/frames';
import { useLessonOpener } from '../lessons/open-lesson';
import { HINT_START, nextHint } from './hint-stage';

/** The default scenario's demo program (engine/machine/scenarios/two-kernels.json). */
const DEMO = 'busy';

/** The lesson this hint begins. */
export const MIGRATION_LESSON = 3;

export function GuidedHint({ frames, onReset }: { frames: MachineFrames; onReset: () => void }) {
  const [dismissed, setDismissed] = useState(false);
  const [openLesson, asking] = useLessonOpener(frames.machine, onReset);
  const [hint, setHint] = useState(HINT_START);
  useEffect(() => {
    let last = -Infinity;
    return frames.onFrame((now) => {
      if (now - last < 500) return;
      last = now;
      const demo = frames.machine.threads().find((t) => t.comm === DEMO);
      setHint((before) => nextHint(before, demo));
    });
  }, [frames]);
  const { stage, origin, kernel, from } = hint;
  if (dismissed) return null;
  const other = origin === 0 ? 1 : 0;
  return (
    <section className="notice hint" role="note" aria-label="how to migrate the demo" data-testid="guided-hint">
      {stage === 'moved' ? (
        <p>
          <strong>It moved.</strong> {DEMO} was created on kernel {origin} and now runs on kernel {kernel}: its hart
          changed in the machine view, the timeline drew an arrow, and the few pages it needed followed it, one fault at
          a time (the pages view; each REMOTE_PAGE_REQUEST in the messages view). It says so in kernel {origin}’s
          terminal: its writes are forwarded home.
        </p>
      ) : stage === 'home' ? (
        <p>
          <strong>It came home.</strong> {DEMO} left kernel {from} and runs on kernel {origin} again, where it was
          created: the timeline drew the way back, the pages it wrote there went home with it, and its writes to the
          terminal are no longer forwarded. Move it again, or try the suggestions below the threads.
        </p>
      ) : stage === 'gone' ? (
        <p>
          The demo has ended. Type <code>busy</code> into a shell to start it again, or try the suggestions below the
          threads.
        </p>
      ) : stage === 'waiting' ? (
        <p>
          <strong>Try a migration.</strong> Kernel {origin} is starting a demo, <code>{DEMO}</code>. Once it runs, its
          row under <em>Threads</em> can be dragged onto <em>kernel {other}</em> (or kernel {other} picked in its menu);
          then watch the machine view, the timeline and the pages view.
        </p>
      ) : (
        <p>
          <strong>Try a migration.</strong> Kernel {origin} runs a demo, <code>{DEMO}</code>, on one of its harts. Under{' '}
          <em>Threads</em>, drag its row onto <em>kernel {other}</em> (or pick kernel {other} in its menu), then watch
          the machine view, the timeline and the pages view.
        </p>
      )}
      <p className="hint-lesson">
        <button
          type="button"
          className="link-button"
          data-testid="hint-lesson"
          onClick={() => {
            openLesson(MIGRATION_LESSON);
          }}
        >
          Lesson {MIGRATION_LESSON} explains each move, one at a time →
        </button>
      </p>
      {asking}
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
