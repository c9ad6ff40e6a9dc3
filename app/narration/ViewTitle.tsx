// A view's heading with its "what am I looking at" toggle: a small "?" after the title that
// shows or hides the view's note (view-notes.ts) under the heading; and the button that
// maximises the view for a projector (presenter mode).

import { useState, type ReactNode } from 'react';
import { MaximiseButton } from '../presenter/MaximiseButton';
import { VIEW_NOTES, type ViewName } from './view-notes';
import './view-title.css';

export function ViewTitle({ view, children }: { view: ViewName; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <h2 className="view-title">
        {children}{' '}
        <button
          type="button"
          className="note-toggle"
          aria-expanded={open}
          aria-label={`what am I looking at (${view})`}
          title="What am I looking at?"
          data-testid={`note-toggle-${view}`}
          onClick={() => {
            setOpen((o) => !o);
          }}
        >
          ?
        </button>
        <MaximiseButton view={view} label={`${view} view`} />
      </h2>
      {open && (
        <p className="view-note" data-testid={`note-${view}`}>
          {VIEW_NOTES[view]}
        </p>
      )}
    </>
  );
}
