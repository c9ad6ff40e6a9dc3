// What index.html's isolation script found out, for the page to say: whether the page is cross-origin
// isolated and, when it is not, why. The script runs before the app and keeps its findings in
// window.__popcornIsolation, firing "popcorn-isolation" on each change (its service-worker path is
// asynchronous: the state may still change after the app renders).

/** The script's states, in the order a visit can go through them. */
export type IsolationState =
  /** Registering the service worker, or waiting for it to take control. */
  | 'pending'
  /** The worker controls the page; it is reloading to be served with the headers. */
  | 'reloading'
  /** Isolated (by the host's headers or by the worker). */
  | 'isolated'
  /** Not https (nor localhost): browsers give such pages neither isolation nor service workers. */
  | 'insecure'
  /** The browser has no service workers (some private windows, some embedded browsers). */
  | 'no-service-worker'
  /** Registering the worker failed; `detail` has the browser's reason. */
  | 'sw-failed'
  /** The worker served the page and it is still not isolated: the browser does not support it. */
  | 'still-not-isolated';

export interface IsolationStatus {
  state: IsolationState;
  detail: string;
}

declare global {
  interface Window {
    __popcornIsolation?: IsolationStatus;
  }
}

export const ISOLATION_EVENT = 'popcorn-isolation';

// no script (a page built without it, or a test rendering the app alone): headers alone decide
const NO_SCRIPT: IsolationStatus = { state: 'no-service-worker', detail: 'no isolation script ran' };

/** The script's current finding. */
export function isolationStatus(): IsolationStatus {
  return typeof window === 'undefined' ? NO_SCRIPT : (window.__popcornIsolation ?? NO_SCRIPT);
}

/** Calls `changed` whenever the finding changes; returns the unsubscribe function. */
export function subscribeIsolation(changed: () => void): () => void {
  window.addEventListener(ISOLATION_EVENT, changed);
  return () => {
    window.removeEventListener(ISOLATION_EVENT, changed);
  };
}
