// The page: the project's name, one sentence on what the visitor sees, the theme switch, and the
// playground, or, when the page is not cross-origin isolated (so no SharedArrayBuffer, so no
// machine), a message saying how to fix it. Errors while rendering show a message, never a
// blank page.

import { ErrorBoundary } from './ErrorBoundary';
import { NotIsolated } from './NotIsolated';
import { Playground } from './Playground';
import { ThemeChooser } from './theme/ThemeChooser';

export function App() {
  const isolated = globalThis.crossOriginIsolated && typeof SharedArrayBuffer !== 'undefined';
  return (
    <div className="page">
      <header className="masthead">
        <h1>Popcorn Playground</h1>
        <p className="lede">
          Two Linux-compatible kernels share one emulated four-core RISC-V machine, each in its own Web Worker with its
          own cores and memory, talking only through message rings; type into either shell below.
        </p>
        <ThemeChooser />
      </header>
      <main>
        <ErrorBoundary>{isolated ? <Playground /> : <NotIsolated />}</ErrorBoundary>
      </main>
    </div>
  );
}
