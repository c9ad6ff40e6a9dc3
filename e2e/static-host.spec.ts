// The production build on a static host that sends no Cross-Origin-* headers (e2e/static-server.ts
// serves the dist the Playwright config built): the service worker fallback (public/isolation-sw.js,
// registered by index.html) makes the page cross-origin isolated after one reload and the machine
// boots; where that cannot happen the page says which step failed, and it never reloads in a loop.
import { expect, test, type Page } from '@playwright/test';
import { openPlayground, waitForTty } from './helpers';
import { serveStatic, type StaticServer } from './static-server';

const DIST = process.env.E2E_DIST ?? 'dist';

// a worker that takes control but adds no header: the page stays unisolated however often it loads
const INERT_WORKER = `self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));`;

let server: StaticServer | undefined;

test.afterEach(async () => {
  await server?.close();
  server = undefined;
});

/**
 * Counts the page's loads from now on (the first navigation included): its main frame's
 * navigations, since a load the worker cuts short by reloading never fires `load`.
 */
function countLoads(page: Page): () => number {
  let loads = 0;
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) loads++;
  });
  return () => loads;
}

/** What the page's isolation script found, `undefined` while the page is between loads. */
async function isolationState(page: Page): Promise<string | undefined> {
  return page.evaluate(() => window.__popcornIsolation?.state).catch(() => undefined);
}

test('the build on a host without headers isolates itself through the service worker and boots', async ({ page }) => {
  server = await serveStatic(DIST);
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  const loads = countLoads(page);
  await page.goto(`${server.url}/`);
  // the first load registers the worker and reloads once it is in control
  await expect.poll(() => page.evaluate(() => crossOriginIsolated).catch(() => false), { timeout: 15_000 }).toBe(true);
  expect(await isolationState(page)).toBe('isolated');
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(
    `${server.url}/isolation-sw.js`,
  );
  expect(await page.evaluate(() => typeof SharedArrayBuffer)).toBe('function');
  await expect(page.getByRole('heading', { level: 1, name: 'Popcorn Playground' })).toBeVisible();
  await waitForTty(page, 0, 'popcorn0:/$');
  await waitForTty(page, 1, 'popcorn1:/$');
  expect(loads(), 'page loads: the first, and one reload').toBe(2);
  expect(errors, 'uncaught errors').toEqual([]);
});

test('a later visit is isolated from its first load (the worker is installed)', async ({ page }) => {
  server = await serveStatic(DIST);
  await page.goto(`${server.url}/`);
  await expect.poll(() => page.evaluate(() => crossOriginIsolated).catch(() => false), { timeout: 15_000 }).toBe(true);
  const loads = countLoads(page);
  await page.goto(`${server.url}/`);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await waitForTty(page, 0, 'popcorn0:/$');
  expect(loads(), 'no reload').toBe(1);
});

test('without service workers (a private window) the page says so', async ({ page }) => {
  await page.addInitScript(() => {
    // as in browsers whose private windows have none
    delete (Navigator.prototype as { serviceWorker?: unknown }).serviceWorker;
  });
  server = await serveStatic(DIST);
  await page.goto(`${server.url}/`);
  const notice = page.getByTestId('not-isolated');
  await expect(notice).toHaveAttribute('data-isolation', 'no-service-worker');
  await expect(notice).toContainText('this browser window has no service workers');
  await expect(notice).toContainText('Cross-Origin-Embedder-Policy: require-corp');
});

test('when the service worker is refused the page says so, with the reason', async ({ page }) => {
  await page.addInitScript(() => {
    ServiceWorkerContainer.prototype.register = () =>
      Promise.reject(new DOMException('The operation is insecure.', 'SecurityError'));
  });
  server = await serveStatic(DIST);
  await page.goto(`${server.url}/`);
  const notice = page.getByTestId('not-isolated');
  await expect(notice).toHaveAttribute('data-isolation', 'sw-failed');
  await expect(notice).toContainText('could not be registered');
  await expect(notice).toContainText('The operation is insecure.');
});

test('when the worker does not isolate the page it reloads once, then says so', async ({ page }) => {
  server = await serveStatic(DIST, { '/isolation-sw.js': INERT_WORKER });
  const loads = countLoads(page);
  await page.goto(`${server.url}/`);
  await expect.poll(() => isolationState(page), { timeout: 15_000 }).toBe('still-not-isolated');
  const notice = page.getByTestId('not-isolated');
  await expect(notice).toHaveAttribute('data-isolation', 'still-not-isolated');
  await expect(notice).toContainText('This browser did not isolate the page');
  await page.waitForTimeout(1000); // time for a reload loop to show itself
  expect(loads(), 'page loads: the first, and one reload').toBe(2);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
});

test('on a host that sends the headers (vite preview) no service worker is registered', async ({ page }) => {
  await openPlayground(page);
  expect(await isolationState(page)).toBe('isolated');
  expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length)).toBe(0);
});
