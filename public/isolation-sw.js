// The cross-origin isolation fallback: a service worker for static hosts that cannot send headers
// (GitHub Pages and the like). The machine's memory is a SharedArrayBuffer, which browsers grant
// only to a cross-origin isolated page, and isolation comes only from two response headers on the
// page: Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp.
// A service worker may answer the page's own requests with responses it builds, so this one
// re-serves every same-origin response with those headers (and Cross-Origin-Resource-Policy,
// which require-corp asks of subresources), and the next load of the page is isolated.
//
// index.html registers it only when the page is not isolated already (vite dev and preview send
// the headers themselves) and reloads once when it takes control; see the script there. It is a
// plain file in public/, copied as it is to the root of the build, so its scope is the whole app.
// Written here rather than taken from the coi-serviceworker package: it is twenty lines, and the
// page needs to tell apart why isolation failed (index.html records that for app/NotIsolated.tsx).

/* global self */

const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

// Take over at once, and take the already open page too: it reloads when this worker controls it.
self.addEventListener('install', () => {
  void self.skipWaiting();
});
self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  // Other origins' responses cannot be rewritten (they are opaque) and the app loads none.
  if (new URL(request.url).origin !== self.location.origin) return;
  // A request that may only come from the cache cannot be refetched here (Chrome throws for it).
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  event.respondWith(isolate(request));
});

/** The network's response to `request`, with the isolation headers added. */
async function isolate(request) {
  const response = await fetch(request);
  // a redirect a navigation must follow itself, or an error: nothing to add headers to
  if (response.status === 0 || response.type === 'opaqueredirect') return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(ISOLATION_HEADERS)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
