// Shown instead of the machine when the page is not cross-origin isolated: no
// SharedArrayBuffer, so no shared memory, so no machine. Says why and how to fix it.

export function NotIsolated() {
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
