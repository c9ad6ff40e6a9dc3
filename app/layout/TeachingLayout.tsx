// The teaching layout: while a lesson is open on a window large enough (TEACHING_QUERY: a
// laptop's 1366×768 and up), the lesson, the machine, the "what just happened" panel, the
// terminal the step uses and the view it is about share one screen, each in a place of its own
// (teaching.css); the other panels follow below. The lesson player says what the step puts on
// stage (useStage); the places are grid areas, so a view changes place without remounting and
// keeps drawing live, and a panel that arrives late (the views load after the first paint)
// comes into its own place and moves nothing else. Elsewhere (a phone, a small window, no
// lesson) the children stand in the page's usual order.

import type { ReactNode } from 'react';
import { create } from 'zustand';
import type { Lesson } from '../lessons/lesson-format';
import { lessonStages, type Stage } from './stage';
import { terminalSelector, viewSelector } from './views';
import './teaching.css';

/** When the teaching layout applies (teaching.css holds the same query). */
export const TEACHING_QUERY = '(min-width: 1100px) and (min-height: 600px)';

/** What the lesson's current step puts on stage (the lesson player sets it). */
export const useStage = create<{ stage: Stage | undefined; setStage: (stage: Stage | undefined) => void }>()((set) => ({
  stage: undefined,
  setStage: (stage) => {
    set({ stage });
  },
}));

/** Whether the page shows the teaching layout now. */
export function teachingNow(): boolean {
  return document.querySelector('.layout.teaching') !== null && matchMedia(TEACHING_QUERY).matches;
}

export function TeachingLayout({ lesson, children }: { lesson: Lesson | undefined; children: ReactNode }) {
  const published = useStage((s) => s.stage);
  const stage = lesson ? (published ?? lessonStages(lesson.steps)[0]) : undefined;
  return (
    <div className={lesson ? 'layout teaching' : 'layout'} data-testid="layout">
      {stage && (
        <style>{`@media ${TEACHING_QUERY} {
  .layout.teaching ${terminalSelector(stage.kernel)} { grid-area: terminal; }
  .layout.teaching ${terminalSelector(stage.kernel)} .xterm-frame { flex: 1 1 0; height: auto; min-height: 0; }
  .layout.teaching ${viewSelector(stage.view)} { grid-area: stage; }
}`}</style>
      )}
      {children}
    </div>
  );
}
