// The lesson player: a panel at the top of the page that tells a lesson step by step over the live
// machine. Each step's text; the view it is about outlined and scrolled into view; its prediction
// (the reader answers first, and once the outcome is there the page says which answer the machine
// bore out); its action's button (typing into a terminal, moving a thread, pausing), done through
// the same paths as the terminal and the threads panel, so the run records it and a share link
// replays it; and what it waits for before Next. The state is player-state.ts; the conditions
// read the machine through live-world.ts a few times a second.

import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { MachineFrames } from '../machine/frames';
import { lessonStages } from '../layout/stage';
import { teachingNow, useStage } from '../layout/TeachingLayout';
import { viewSelector } from '../layout/views';
import { usePresenter } from '../presenter/presenter';
import { usePlayground } from '../store';
import { askMove } from '../threads/ask-move';
import { describe, firstThread, holds, rightAnswer } from './conditions';
import type { Lesson, LessonAction, Point, Step } from './lesson-format';
import { LessonWatch } from './live-world';
import {
  act,
  answer,
  back,
  canAct,
  canNext,
  next,
  observe,
  progressOf,
  revisited,
  startLesson,
  watching,
  type PlayerState,
} from './player-state';
import './lessons.css';

/** Wall ms between two readings of the machine. */
const READ_MS = 250;

/** Where each point of a step is on the page. */
export function pointSelector(point: Point): string {
  return viewSelector(point);
}

/** The action's button, said plainly. */
export function actionLabel(a: LessonAction): string {
  switch (a.kind) {
    case 'type':
      return `Type “${a.text.replace(/\r$/, '').replace(/\r/g, ' ⏎ ')}” into kernel ${a.kernel}`;
    case 'migrate':
      return `Move ${a.comm} to kernel ${a.to}`;
    case 'stop':
      return `Crash kernel ${a.kernel}`;
    case 'boot':
      return `Boot kernel ${a.kernel} again`;
    case 'pause':
      return 'Pause the machine';
    case 'run':
      return 'Run the machine';
  }
}

/** Performs a step's action on the machine; says why it could not, if it could not. */
function perform(frames: MachineFrames, a: LessonAction): string | undefined {
  const m = frames.machine;
  switch (a.kind) {
    case 'type':
      frames.type(a.kernel, a.text);
      return undefined;
    case 'migrate': {
      const t = firstThread(m.threads(), a.comm);
      if (!t) return `${a.comm} is not running yet: wait a moment and press again.`;
      if (t.kernel === a.to) return `${a.comm} already runs on kernel ${a.to}.`;
      return askMove(m, t, a.to) ? undefined : 'The machine cannot take the request now: press again.';
    }
    case 'stop':
    case 'boot':
      return m.power(a.kernel, a.kind) ? undefined : 'The machine cannot take the request now: press again.';
    case 'pause':
      m.pause();
      usePlayground.getState().setRunning(false);
      return undefined;
    case 'run':
      m.run();
      usePlayground.getState().setRunning(true);
      return undefined;
  }
}

/**
 * Scrolls the page so that `el` shows below the lesson panel (which stays at the top of the
 * window as the page scrolls): not at all when it is in view already, else its top just below
 * the panel, or its bottom at the window's foot if it fits whole that way.
 */
function bringIntoView(el: Element, panel: Element | null): void {
  const top = (panel?.getBoundingClientRect().bottom ?? 0) + 8;
  const bottom = window.innerHeight;
  const r = el.getBoundingClientRect();
  if (r.top >= top && r.bottom <= bottom) return;
  const fits = r.height <= bottom - top;
  const by = r.top < top || !fits ? r.top - top : r.bottom - bottom;
  window.scrollBy({ top: by, behavior: 'smooth' });
}

/**
 * Scrolls the step's point into view (the views load after the first paint: looks again a few
 * times), and again when the panel grows over it (a prediction's verdict, what the step showed).
 * In the teaching layout every step's views share one screen: the page scrolls to it, and the
 * point only within its own place (the memory map inside the machine's, say).
 */
function usePoint(point: Point | undefined, step: number) {
  useEffect(() => {
    if (point) usePresenter.getState().follow(point); // a maximised view gives way to the pointed one
    const panel = document.querySelector('[data-testid="lesson"]');
    /** Where the teaching screen's alignment last left the window's scroll. */
    const left: { y?: number } = {};
    const bring = () => {
      if (teachingNow()) {
        // a view maximised (presenter mode) fills the window: the page behind keeps the place
        // the reader left it at, to come back to
        if (usePresenter.getState().maximised !== undefined) return true;
        const layout = document.querySelector('.layout.teaching');
        const gap = parseFloat(getComputedStyle(document.documentElement).getPropertyValue('--gap')) || 0;
        // the point within its own place first (scrollIntoView scrolls the window too, when the
        // point reaches a pixel past its foot), then the window back to the teaching screen, so
        // that the lesson never moves under the reader
        const el = point ? document.querySelector(pointSelector(point)) : null;
        el?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
        const top = (layout?.getBoundingClientRect().top ?? 0) - gap;
        if (Math.abs(top) > 1) window.scrollBy({ top, behavior: 'instant' });
        left.y = window.scrollY;
        // again until it holds: the page may still be too short to scroll that far (the views
        // below load after the first paint)
        const aligned = Math.abs((layout?.getBoundingClientRect().top ?? 0) - gap) <= 1;
        return aligned && (el !== null || !point);
      }
      if (!point) return true;
      const el = document.querySelector(pointSelector(point));
      if (el) bringIntoView(el, panel);
      return el !== null;
    };
    let tries = 0;
    const timer = setInterval(() => {
      if (bring() || ++tries > 40) clearInterval(timer);
    }, 150);
    let height = panel?.getBoundingClientRect().height ?? 0;
    const grown = new ResizeObserver(() => {
      const now = panel?.getBoundingClientRect().height ?? 0;
      if (now > height && !teachingNow()) bring();
      height = now;
    });
    if (panel) grown.observe(panel);
    // in the teaching layout, what appears above it later (the list of messages in flight, once
    // a paused machine settles) pushes the screen down: it is aligned again whenever the page
    // changes size, as long as the page is still where the alignment left it (not once anyone
    // else scrolled it: the reader, or full screen's restore bringing a view back)
    const page = new ResizeObserver(() => {
      if (teachingNow() && left.y !== undefined && Math.abs(window.scrollY - left.y) <= 1) bring();
    });
    page.observe(document.body);
    return () => {
      clearInterval(timer);
      grown.disconnect();
      page.disconnect();
    };
  }, [point, step]);
}

/** Tells the teaching layout what the step puts on stage, for as long as the lesson is open. */
function usePublishStage(lesson: Lesson, step: number) {
  const stages = useMemo(() => lessonStages(lesson.steps), [lesson]);
  const setStage = useStage((s) => s.setStage);
  useLayoutEffect(() => {
    setStage(stages[step]);
  }, [stages, step, setStage]);
  useLayoutEffect(
    () => () => {
      setStage(undefined);
    },
    [setStage],
  );
}

export function LessonPlayer({
  frames,
  lesson,
  onClose,
}: {
  frames: MachineFrames;
  lesson: Lesson;
  onClose: () => void;
}) {
  const [state, setState] = useState<PlayerState>(startLesson);
  const [problem, setProblem] = useState<string | undefined>();
  const watch = useRef<LessonWatch | undefined>(undefined);
  const body = useRef<HTMLDivElement>(null);
  const stateRef = useRef(state);
  useEffect(() => {
    stateRef.current = state; // for the frame loop's readings
  }, [state]);
  const step = lesson.steps[state.step] as Step;
  const progress = progressOf(state);

  useEffect(() => {
    if (lesson.paused) {
      frames.machine.pause();
      usePlayground.getState().setRunning(false);
    }
  }, [frames, lesson]);

  useEffect(() => {
    const w = new LessonWatch(frames);
    watch.current = w;
    return () => {
      w.dispose();
      watch.current = undefined;
    };
  }, [frames]);

  // a step that is live (not revisited) counts from when the reader reached it
  const live = !revisited(state) && !state.finished;
  useEffect(() => {
    if (live) watch.current?.mark();
  }, [state.step, live]);

  // reads the machine a few times a second while the step waits for something
  useEffect(() => {
    let last = -Infinity;
    let focused = 0;
    return frames.onFrame((now) => {
      if (now - last < READ_MS) return;
      last = now;
      const s = stateRef.current;
      const w = watch.current;
      if (!w || s.finished) return;
      if (step.focus) {
        const t = firstThread(frames.machine.threads(), step.focus);
        if (t && t.pid !== focused) {
          focused = t.pid;
          usePlayground.getState().focusProcess(t.pid);
        }
      }
      if (!watching(s, step) || !step.until) return;
      const world = w.world();
      const met = holds(step.until, world);
      const right = step.predict && met ? rightAnswer(step.predict, world) : undefined;
      const after = observe(s, step, met, right);
      if (after !== s) setState(after);
    });
  }, [frames, step]);

  usePoint(state.finished ? undefined : step.point, state.step);
  usePublishStage(lesson, state.step);
  // what the step showed appears below the text: where the panel scrolls (a phone), scroll to it
  useEffect(() => {
    const el = body.current;
    if (progress.met && el) el.scrollTop = el.scrollHeight;
  }, [progress.met]);

  const doAction = () => {
    if (!step.action) return;
    const why = perform(frames, step.action);
    setProblem(why);
    if (why) return;
    watch.current?.mark(); // the outcome counts from the action
    setState((s) => act(s, step));
  };

  const total = lesson.steps.length;
  const waitingFor = watching(state, step) && step.until ? describe(step.until) : undefined;
  const unanswered = !!step.predict && progress.answer === undefined && !revisited(state) && !progress.met;
  return (
    <section className="panel lesson" aria-label={`lesson ${lesson.id}: ${lesson.title}`} data-testid="lesson">
      {!state.finished && step.point && (
        <style>{`${pointSelector(step.point)} { outline: 3px solid var(--accent); outline-offset: 2px; }`}</style>
      )}
      <header className="lesson-bar">
        <h2>
          Lesson {lesson.id}: {lesson.title}
        </h2>
        <span className="lesson-count mono" data-testid="lesson-step" data-step={state.step + 1}>
          {state.finished ? 'done' : `step ${state.step + 1} of ${total}`}
        </span>
        <button type="button" className="hint-close" aria-label="close the lesson" onClick={onClose}>
          ×
        </button>
      </header>
      <div className="lesson-body" ref={body}>
        {state.finished ? (
          <p className="lesson-text">
            That is the end of this lesson. Pick another from the <em>Lessons</em> menu above, or keep playing with this
            machine: it is yours.
          </p>
        ) : (
          <>
            <p className="lesson-text" data-testid="lesson-text">
              {step.text}
            </p>
            {step.predict && (
              <fieldset className="lesson-predict" data-testid="lesson-predict">
                <legend>Predict: {step.predict.question}</legend>
                {step.predict.choices.map((c, i) => {
                  const verdict =
                    progress.met && progress.right === i
                      ? ' right'
                      : progress.met && progress.answer === i
                        ? ' wrong'
                        : '';
                  return (
                    <label key={c.text} className={`lesson-choice${verdict}`}>
                      <input
                        type="radio"
                        name={`predict-${lesson.id}-${state.step}`}
                        checked={progress.answer === i}
                        disabled={progress.acted || progress.met || revisited(state)}
                        onChange={() => {
                          setState((s) => answer(s, step, i));
                        }}
                      />
                      {c.text}
                    </label>
                  );
                })}
                {progress.met && (
                  <p className="lesson-verdict" data-testid="lesson-verdict" data-right={progress.right ?? 'none'}>
                    {progress.right === null || progress.right === undefined
                      ? 'The machine did none of these: read on.'
                      : progress.right === progress.answer
                        ? `Right: ${step.predict.choices[progress.right]?.text ?? ''}.`
                        : `Not this time: the machine says “${step.predict.choices[progress.right]?.text ?? ''}”.`}
                  </p>
                )}
              </fieldset>
            )}
            {progress.met && step.done && (
              <p className="lesson-done" data-testid="lesson-done">
                {step.done}
              </p>
            )}
            {problem && <p className="lesson-problem">{problem}</p>}
          </>
        )}
      </div>
      <div className="lesson-controls">
        <button
          type="button"
          onClick={() => {
            setState(back);
          }}
          disabled={state.step === 0 && !state.finished}
        >
          Back
        </button>
        {!state.finished && step.action && (
          <button
            type="button"
            className={canAct(state, step) ? 'primary' : ''}
            disabled={!canAct(state, step)}
            onClick={doAction}
            data-testid="lesson-action"
            title={step.predict && progress.answer === undefined ? 'Answer the question first' : undefined}
          >
            {step.label ?? actionLabel(step.action)}
          </button>
        )}
        {unanswered && !state.finished && (
          <span className="lesson-waiting muted" role="status">
            Choose an answer to go on.
          </span>
        )}
        {waitingFor && (
          <span className="lesson-waiting muted" role="status">
            Waiting for {waitingFor}…
          </span>
        )}
        {!state.finished && (
          <button
            type="button"
            className={canNext(state, step) ? 'primary lesson-next' : 'lesson-next'}
            disabled={!canNext(state, step)}
            onClick={() => {
              setProblem(undefined);
              setState((s) => next(s, lesson));
            }}
          >
            {state.step + 1 === total ? 'Finish' : 'Next'}
          </button>
        )}
      </div>
    </section>
  );
}
