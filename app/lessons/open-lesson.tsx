// Opening a lesson from the page (the lessons menu, the guided hint): its link goes into the
// URL's fragment (#lesson=N), which the playground follows (page-scenario.ts) and boots the
// lesson's scenario for; opening the lesson that already runs starts it again. When the run
// holds something a reboot would lose (typing, threads moved: reset-losses.ts) it asks first,
// as Reset and the preset chooser do.

import { useState, type ReactNode } from 'react';
import type { BrowserMachine } from '../../engine/machine/browser/browser-machine';
import { lossesText, runLosses } from '../header/reset-losses';
import { ConfirmDialog } from '../scenario-editor/ConfirmDialog';
import { usePlayground } from '../store';
import { LESSONS, lessonFragment } from './catalogue';
import './lessons.css';

function go(id: number, reset: () => void, machine: BrowserMachine | undefined): void {
  // a lesson starts running (one that wants the machine paused pauses it): the machine it boots,
  // or reboots, takes the run state the store has
  machine?.run();
  usePlayground.getState().setRunning(true);
  const fragment = lessonFragment(id);
  if (location.hash === fragment) reset();
  else location.hash = fragment;
}

/** A function that opens lesson `id` (asking first when a run would be lost), and the question to render. */
export function useLessonOpener(
  machine: BrowserMachine | undefined,
  reset: () => void,
): [(id: number) => void, ReactNode] {
  const [asking, setAsking] = useState<{ id: number; lost: string } | undefined>();
  const open = (id: number) => {
    const lost = machine && lossesText(runLosses(machine));
    if (lost) setAsking({ id, lost });
    else go(id, reset, machine);
  };
  const title = asking && LESSONS.find((l) => l.lesson.id === asking.id)?.lesson.title;
  const modal = asking && (
    <ConfirmDialog
      title={`Start lesson ${asking.id}?`}
      confirmLabel={`Start lesson ${asking.id}`}
      onCancel={() => {
        setAsking(undefined);
      }}
      onConfirm={() => {
        setAsking(undefined);
        go(asking.id, reset, machine);
      }}
    >
      <p>
        Lesson {asking.id} ({title}) boots its own machine, without {asking.lost}. Share first to keep a link to this
        run.
      </p>
    </ConfirmDialog>
  );
  return [open, modal];
}
