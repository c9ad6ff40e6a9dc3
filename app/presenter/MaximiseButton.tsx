// The button on a view's header (ViewTitle, a terminal's bar) that maximises the view to fill
// the window (presenter mode) and restores it; Escape restores too (Presenter.tsx).

import { usePresenter } from './presenter';
import './presenter.css';

export function MaximiseButton({ view, label }: { view: string; label: string }) {
  const maximised = usePresenter((s) => s.maximised === view);
  const maximise = usePresenter((s) => s.maximise);
  const restore = usePresenter((s) => s.restore);
  return (
    <button
      type="button"
      className="maximise-button"
      aria-pressed={maximised}
      // (not “maximise”: a name with “max” in it would answer for the speed button “max”)
      aria-label={maximised ? `restore the ${label}` : `full screen: the ${label}`}
      title={maximised ? 'Restore (Esc)' : 'Full screen, for a projector (Esc restores)'}
      data-testid={`maximise-${view}`}
      onClick={() => {
        if (maximised) restore();
        else maximise(view);
      }}
    >
      <svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">
        {maximised ? <path d="M5 1v4H1M9 1v4h4M5 13V9H1M9 13V9h4" /> : <path d="M1 5V1h4M13 5V1H9M1 9v4h4M13 9v4H9" />}
      </svg>
    </button>
  );
}
