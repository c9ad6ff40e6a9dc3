// Presenter mode on the page: the maximised view (presenter.ts) fills the window, in large type
// for a projector, while it goes on drawing live. It is the same element in the same place in
// the page, only positioned over the rest (fixed) and zoomed, so nothing remounts; a terminal
// takes a larger font instead (Xterm.tsx), as xterm measures its own cells. With a lesson open,
// the lesson docks at the foot of the window below the view, so that its steps go on (a step
// pointing at another view maximises that one). Escape, or the view's button, restores it.

import { useEffect, useLayoutEffect } from 'react';
import { viewSelector } from '../layout/views';
import { usePresenter } from './presenter';
import './presenter.css';

/** How much larger a maximised view is drawn, by the window's width (a projector's 1024 to 1920 and up). */
const ZOOMS = [
  { from: 0, zoom: 1 },
  { from: 800, zoom: 1.25 },
  { from: 1200, zoom: 1.4 },
  { from: 1700, zoom: 1.75 },
];

function maximisedRules(view: string): string {
  const at = viewSelector(view);
  // a terminal takes a larger font instead (Xterm.tsx), and fills the height it is given
  const sized = view.startsWith('terminal-')
    ? `${at} { display: flex; flex-direction: column; }
${at} .xterm-frame { flex: 1 1 0; height: auto; min-height: 0; }`
    : ZOOMS.map(({ from, zoom }) => `@media (min-width: ${from}px) { ${at} { --presenter-zoom: ${zoom}; } }`).join(
        '\n',
      );
  return `${at} {
  --presenter-zoom: 1;
  zoom: var(--presenter-zoom);
  position: fixed;
  inset: 0;
  /* lengths inside a zoomed box are zoomed too: the dock's height, unzoomed */
  bottom: calc(var(--lesson-dock) / var(--presenter-zoom));
  z-index: 40;
  width: auto;
  max-width: none;
  height: auto;
  max-height: none;
  margin: 0;
  border-radius: 0;
  overflow: auto;
}
${sized}`;
}

export function Presenter() {
  const view = usePresenter((s) => s.maximised);
  // Escape restores, before the terminal or a dialog sees the key
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || usePresenter.getState().maximised === undefined) return;
      e.preventDefault();
      e.stopPropagation();
      usePresenter.getState().restore();
    };
    window.addEventListener('keydown', onKey, true);
    return () => {
      window.removeEventListener('keydown', onKey, true);
    };
  }, []);
  // the page behind keeps its place: taken out of it, the view shortened the page, and the
  // browser scrolled up to the new end; restored, the page scrolls back so that the view is
  // where the reader saw it, whatever grew above it meanwhile (else to where the page was)
  useLayoutEffect(() => {
    const { returnTo } = usePresenter.getState();
    if (view !== undefined || returnTo === undefined) return;
    window.scrollTo({ top: returnTo.scrollY, behavior: 'instant' });
    const now = document.querySelector(viewSelector(returnTo.view))?.getBoundingClientRect().top;
    if (now !== undefined && returnTo.top !== undefined)
      window.scrollBy({ top: now - returnTo.top, behavior: 'instant' });
    usePresenter.setState({ returnTo: undefined });
  }, [view]);
  // a new machine (Reset, another scenario) starts with every view in its place
  useEffect(
    () => () => {
      usePresenter.getState().restore();
    },
    [],
  );
  return view ? <style data-testid="presenter-style">{maximisedRules(view)}</style> : null;
}
