// The views below the terminals (timeline, pages, inspector, messages, network) and the "what just
// happened" panel above them, loaded by dynamic import
// once the page is first idle after the machine appears: the page's first paint, the machine's
// boot and the first prompts do not wait for their code (nor for d3, which only they use), and
// they come a moment later. Playground.tsx shows them in one Suspense.

import { lazy } from 'react';

let idle: Promise<void> | undefined;

/** Resolves when the page is next idle (at most a second from the first call). */
function pageIdle(): Promise<void> {
  idle ??= new Promise((resolve) => {
    if (typeof requestIdleCallback === 'function')
      requestIdleCallback(
        () => {
          resolve();
        },
        { timeout: 1000 },
      );
    else setTimeout(resolve, 200);
  });
  return idle;
}

export const TimelineView = lazy(() =>
  pageIdle()
    .then(() => import('./timeline/TimelineView'))
    .then((m) => ({ default: m.TimelineView })),
);
export const PagesView = lazy(() =>
  pageIdle()
    .then(() => import('./pages-view/PagesView'))
    .then((m) => ({ default: m.PagesView })),
);
export const Inspector = lazy(() =>
  pageIdle()
    .then(() => import('./inspector/Inspector'))
    .then((m) => ({ default: m.Inspector })),
);
export const NarrationPanel = lazy(() =>
  pageIdle()
    .then(() => import('./narration/NarrationPanel'))
    .then((m) => ({ default: m.NarrationPanel })),
);
export const MessagesView = lazy(() =>
  pageIdle()
    .then(() => import('./messages-view/MessagesView'))
    .then((m) => ({ default: m.MessagesView })),
);
export const NetworkView = lazy(() =>
  pageIdle()
    .then(() => import('./network-view/NetworkView'))
    .then((m) => ({ default: m.NetworkView })),
);
