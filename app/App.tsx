// The page: the project's name, one sentence on what the visitor sees (of the machine that
// runs: header/lede.ts), the theme switch, and the playground, or, when the page is not
// cross-origin isolated (so no SharedArrayBuffer, so no machine), a message saying how to fix
// it. Errors while rendering show a message, never a blank page.

import { ErrorBoundary } from './ErrorBoundary';
import { NotIsolated } from './NotIsolated';
import { GENERIC_LEDE, ledeOf } from './header/lede';
import { Playground } from './Playground';
import { ThemeChooser } from './theme/ThemeChooser';
import { usePlayground } from './store';

export function App() {
  const isolated = globalThis.crossOriginIsolated && typeof SharedArrayBuffer !== 'undefined';
  const shown = usePlayground((s) => s.shown);
  return (
    <div className="page">
      <header className="masthead">
        <h1>Popcorn Playground</h1>
        <p className="lede" data-testid="lede">
          {isolated && shown ? ledeOf(shown.machine, shown.shells) : GENERIC_LEDE}
        </p>
        <ThemeChooser />
      </header>
      <main>
        <ErrorBoundary>{isolated ? <Playground /> : <NotIsolated />}</ErrorBoundary>
      </main>
    </div>
  );
}
