// The views below the terminals (timeline, pages, inspector, messages), each loaded by dynamic
// import when first rendered: the page's first paint and the machine's boot do not wait for
// their code (nor for d3, which only they use). Playground.tsx shows them in one Suspense.

import { lazy } from 'react';

export const TimelineView = lazy(() => import('./timeline/TimelineView').then((m) => ({ default: m.TimelineView })));
export const PagesView = lazy(() => import('./pages-view/PagesView').then((m) => ({ default: m.PagesView })));
export const Inspector = lazy(() => import('./inspector/Inspector').then((m) => ({ default: m.Inspector })));
export const MessagesView = lazy(() =>
  import('./messages-view/MessagesView').then((m) => ({ default: m.MessagesView })),
);
