// Playwright: the end-to-end tests (e2e/) against the production build, served by `vite preview`
// (which sends the cross-origin isolation headers) on a fixed port, in Debian's Chromium: no
// browser is downloaded. scripts/test.sh runs them after the unit tests.
import { defineConfig } from '@playwright/test';
import { CHROMIUM_LAUNCH } from './e2e/chromium';

// E2E_PORT and E2E_DIST let two runs (say, two people on one machine) not share a port or a build
const PORT = Number(process.env.E2E_PORT ?? 4188);
const DIST = process.env.E2E_DIST ?? 'dist';

export default defineConfig({
  testDir: 'e2e',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: 'list',
  outputDir: process.env.E2E_DIST ? `test-results-${PORT}` : 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 900 },
    launchOptions: CHROMIUM_LAUNCH,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  webServer: {
    // build first, so a bare `npx playwright test` never tests a stale dist/
    command: `npx vite build --logLevel warn --outDir ${DIST} && npx vite preview --host 127.0.0.1 --port ${PORT} --strictPort --outDir ${DIST}`,
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
