// The toolbar's lessons menu: every lesson (catalogue.ts) by number and title; choosing one boots
// it at its first step (open-lesson.tsx). It shows the lesson that runs, if one does.

import { useMemo } from 'react';
import type { BrowserMachine } from '../../engine/machine/browser/browser-machine';
import { LESSONS } from './catalogue';
import { useLessonOpener } from './open-lesson';

interface LessonMenuProps {
  machine: BrowserMachine | undefined;
  onReset: () => void;
}

/** The number of the lesson `machine` runs (its scenario carries it), if any. */
function lessonOf(machine: BrowserMachine | undefined): number | undefined {
  const lesson: unknown = machine?.shareableScenario().lesson;
  const id: unknown = typeof lesson === 'object' && lesson !== null ? (lesson as { id?: unknown }).id : undefined;
  return typeof id === 'number' && LESSONS.some((l) => l.lesson.id === id) ? id : undefined;
}

export function LessonMenu({ machine, onReset }: LessonMenuProps) {
  const [open, modal] = useLessonOpener(machine, onReset);
  const current = useMemo(() => lessonOf(machine), [machine]);
  return (
    <>
      <label className="lesson-menu">
        <span className="toolbar-label">Lessons</span>
        <select
          value={current ?? ''}
          data-testid="lesson-menu"
          onChange={(event) => {
            const id = Number(event.target.value);
            if (id > 0) open(id);
          }}
        >
          <option value="" disabled>
            learn step by step…
          </option>
          {LESSONS.map(({ lesson }) => (
            <option key={lesson.id} value={lesson.id} title={lesson.summary}>
              {lesson.id}. {lesson.title}
            </option>
          ))}
        </select>
      </label>
      {modal}
    </>
  );
}
