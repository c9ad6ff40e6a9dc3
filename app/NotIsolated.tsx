// Shown instead of the machine when the page is not cross-origin isolated: no
// SharedArrayBuffer, so no shared memory, so no machine. Says which of the ways to isolation
// failed (the host's headers, then index.html's service-worker fallback: see app/isolation.ts)
// and what the visitor can do about it. While the fallback is still at work it says so instead.

import { useSyncExternalStore, type ReactNode } from 'react';
import { isolationStatus, subscribeIsolation, type IsolationState } from './isolation';

const HEADERS = 'Cross-Origin-Opener-Policy: same-origin\nCross-Origin-Embedder-Policy: require-corp';

function explain(state: IsolationState, detail: string): { title: string; body: ReactNode } {
  switch (state) {
    case 'pending':
    case 'reloading':
      return {
        title: 'Turning on cross-origin isolation…',
        body: (
          <p>
            This host does not send the headers that give the page shared memory, so a service worker adds them; the
            page reloads once when it is in place.
          </p>
        ),
      };
    case 'isolated':
      // isolated, and still no SharedArrayBuffer: the browser lacks it altogether
      return {
        title: 'This browser has no SharedArrayBuffer',
        body: (
          <p>
            The page is cross-origin isolated, but this browser does not provide <code>SharedArrayBuffer</code>, which
            the machine's memory needs. Use a current Chrome, Edge, Firefox or Safari.
          </p>
        ),
      };
    case 'insecure':
      return {
        title: 'This page needs https',
        body: (
          <p>
            Browsers give shared memory, and service workers, only to pages served over https (or from localhost). Open
            it over https.
          </p>
        ),
      };
    case 'no-service-worker':
      return {
        title: 'This browser cannot turn on cross-origin isolation here',
        body: (
          <p>
            This host does not send the isolation headers, and this browser window has no service workers to add them
            (private windows of some browsers have none). Open the page in an ordinary window, or from a host that sends
            the headers.
          </p>
        ),
      };
    case 'sw-failed':
      return {
        title: 'The isolation service worker could not be registered',
        body: (
          <p>
            This host does not send the isolation headers, and the service worker that would add them was refused
            {detail ? (
              <>
                : <q>{detail}</q>
              </>
            ) : null}
            . Private windows and blocked site storage are the usual causes: open the page in an ordinary window, or
            allow this site's storage.
          </p>
        ),
      };
    case 'still-not-isolated':
      return {
        title: 'This browser did not isolate the page',
        body: (
          <p>
            The service worker served the page with the isolation headers and the page reloaded, but the browser still
            does not treat it as cross-origin isolated{detail ? ` (${detail})` : ''}. This browser may not support
            cross-origin isolation: use a current Chrome, Edge, Firefox or Safari.
          </p>
        ),
      };
  }
}

export function NotIsolated() {
  // two primitive snapshots: the script updates one status object in place
  const state = useSyncExternalStore(subscribeIsolation, () => isolationStatus().state);
  const detail = useSyncExternalStore(subscribeIsolation, () => isolationStatus().detail);
  const { title, body } = explain(state, detail);
  const waiting = state === 'pending' || state === 'reloading';
  return (
    <section className="notice" role={waiting ? 'status' : 'alert'} data-testid="not-isolated" data-isolation={state}>
      <h2>{title}</h2>
      {body}
      {waiting ? null : (
        <>
          <p>
            The emulated machine keeps its memory in a <code>SharedArrayBuffer</code>, which browsers only allow on
            cross-origin isolated pages: pages served with
          </p>
          <pre>{HEADERS}</pre>
          <p>
            Locally, <code>npm start</code> (or <code>npx vite preview</code> after a build) sends both.
          </p>
        </>
      )}
    </section>
  );
}
