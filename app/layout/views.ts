// Where each view of the page is, as a CSS selector: what a lesson step points at (LessonPlayer
// outlines it and brings it into view), what the teaching layout puts on stage (teaching.css),
// and what presenter mode maximises. One list, so the three agree.

/** The views a selector can name (a terminal is `terminal-K`). */
export const VIEW_SELECTORS = {
  machine: 'section.machine-view',
  memory: '[data-testid="memory-map"]',
  threads: '[data-testid="threads"]',
  timeline: '[data-testid="timeline"]',
  pages: '[data-testid="pages-view"]',
  messages: '[data-testid="messages-view"]',
  network: '[data-testid="network-view"]',
  inspector: '[data-testid="inspector"]',
  narration: '[data-testid="narration"]',
} as const;

export type ViewName = keyof typeof VIEW_SELECTORS;

/** Kernel `kernel`'s terminal panel. */
export function terminalSelector(kernel: number): string {
  return `section.terminal[aria-label^="kernel ${kernel} "]`;
}

/** A view by its name or `terminal-K`; a selector that matches nothing for anything else. */
export function viewSelector(view: string): string {
  const terminal = /^terminal-(\d+)$/.exec(view);
  if (terminal) return terminalSelector(Number(terminal[1]));
  return view in VIEW_SELECTORS ? VIEW_SELECTORS[view as ViewName] : 'none';
}
