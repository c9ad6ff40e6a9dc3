// Presenter mode's state: which view, if any, is maximised to fill the window (for a projector:
// large, one view at a time, still live). A view is named as a lesson step names it (views.ts):
// `machine`, `threads`, `timeline`, `pages`, `messages`, `inspector`, `narration`, or
// `terminal-K`. The page's root element carries the name (data-maximised) for the styles that
// change around the maximised view (presenter.css).

import { create } from 'zustand';
import { viewSelector } from '../layout/views';

export interface PresenterState {
  /** The view filling the window, if any. */
  maximised: string | undefined;
  /**
   * Where the reader left the page when a view was maximised, to return to when it is restored:
   * the page's scroll, and the view's own top in the window (the page above it may have grown
   * meanwhile, as the lesson and the terminals do: the view comes back to where it was seen).
   */
  returnTo: ReturnTo | undefined;
  maximise: (view: string) => void;
  restore: () => void;
  /** A lesson step pointing at `point`: while a view is maximised, the pointed one takes its place. */
  follow: (point: string) => void;
}

/** The view a lesson's point maximises: the memory map is part of the machine view. */
export function presentedView(point: string): string | undefined {
  if (point === 'memory') return 'machine';
  return /^(machine|threads|timeline|pages|messages|inspector|narration|terminal-\d+)$/.test(point) ? point : undefined;
}

export interface ReturnTo {
  scrollY: number;
  view: string;
  /** The view's top in the window, in CSS px; undefined when it was not on the page. */
  top: number | undefined;
}

function mark(view: string | undefined): void {
  if (typeof document === 'undefined') return;
  if (view === undefined) delete document.documentElement.dataset.maximised;
  else document.documentElement.dataset.maximised = view;
}

export const usePresenter = create<PresenterState>()((set, get) => ({
  maximised: undefined,
  returnTo: undefined,
  maximise: (view) => {
    // before the view leaves the page, which then gets shorter and may scroll up
    const returnTo = get().returnTo ?? leftAt(view);
    mark(view);
    set({ maximised: view, returnTo });
  },
  restore: () => {
    mark(undefined);
    set({ maximised: undefined }); // returnTo: Presenter scrolls back, then forgets it
  },
  follow: (point) => {
    const view = presentedView(point);
    if (get().maximised !== undefined && view !== undefined) get().maximise(view);
  },
}));

/** Where the reader is as `view` is maximised (undefined outside a browser). */
function leftAt(view: string): ReturnTo | undefined {
  if (typeof window === 'undefined') return undefined;
  const top = document.querySelector(viewSelector(view))?.getBoundingClientRect().top;
  return { scrollY: window.scrollY, view, top };
}
