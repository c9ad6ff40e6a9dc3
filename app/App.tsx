// The page: title, one sentence on what is shown, and the hart demo, or, when the page is not
// cross-origin isolated (so no SharedArrayBuffer, so no machine), a message saying how to fix it.
import { HartDemoPanel } from './hart-demo/HartDemoPanel';

function NotIsolated() {
  return (
    <section className="notice" role="alert">
      <h2>This page cannot run the machine here</h2>
      <p>
        The emulated machine keeps its memory in a <code>SharedArrayBuffer</code>, which browsers only allow on
        cross-origin isolated pages. This page was served without the headers that enable it:
      </p>
      <pre>{'Cross-Origin-Opener-Policy: same-origin\nCross-Origin-Embedder-Policy: require-corp'}</pre>
      <p>
        Start it with <code>npm start</code> (or <code>npx vite preview</code> after a build), which send both.
      </p>
    </section>
  );
}

export function App() {
  const isolated = globalThis.crossOriginIsolated && typeof SharedArrayBuffer !== 'undefined';
  return (
    <div className="page">
      <header className="masthead">
        <h1>Popcorn Playground</h1>
        <p className="lede">
          One emulated RISC-V core (RV64GC, interpreted by WebAssembly in a Web Worker) runs a small hand-assembled loop
          that computes Fibonacci numbers; the page reads its registers and memory straight from the shared memory on
          every frame.
        </p>
      </header>
      <main>{isolated ? <HartDemoPanel /> : <NotIsolated />}</main>
    </div>
  );
}
