// Playwright: the end-to-end tests (e2e/) in Debian's Chromium (no browser is downloaded), in two
// projects. `build` runs every test against the production build, served by `vite preview`;
// `dev` runs the core flows (tests tagged @core) against the Vite dev server, which is what
// `npm start` serves and so the page a newcomer sees first: it runs React in StrictMode and
// transforms modules on first load, and has broken in ways the build hides. Both servers send
// the cross-origin isolation headers. scripts/test.sh runs both projects after the unit tests.
import { defineConfig, type PlaywrightTestConfig } from '@playwright/test';
import { CHROMIUM_LAUNCH } from './e2e/chromium';

// E2E_PORT and E2E_DIST let two runs (say, two people on one machine) not share a port or a
// build; the dev server takes E2E_DEV_PORT, by default ten above E2E_PORT
const PORT = Number(process.env.E2E_PORT ?? 4188);
const DEV_PORT = Number(process.env.E2E_DEV_PORT ?? PORT + 10);
const DIST = process.env.E2E_DIST ?? 'dist';
// E2E_TIME_SCALE stretches every timeout, for a machine much slower than usual (a shared one)
const SCALE = Math.max(1, Number(process.env.E2E_TIME_SCALE ?? 1) || 1);
const ms = (n: number) => Math.round(n * SCALE);

const BUILD_URL = `http://127.0.0.1:${PORT}`;
const DEV_URL = `http://127.0.0.1:${DEV_PORT}`;

type WebServer = Exclude<PlaywrightTestConfig['webServer'], unknown[] | undefined>;
const servers: Record<string, WebServer> = {
  build: {
    // build first, so a bare `npx playwright test` never tests a stale dist/
    command: `npx vite build --logLevel warn --outDir ${DIST} && npx vite preview --host 127.0.0.1 --port ${PORT} --strictPort --outDir ${DIST}`,
    url: BUILD_URL,
    reuseExistingServer: false,
    timeout: ms(120_000),
    stdout: 'ignore',
    stderr: 'pipe',
  },
  dev: {
    // what `npm start` (scripts/start.sh) ends in, with the vite.config.ts it reads; start.sh's
    // steps before it (dependencies, the hart) are done by whoever runs the tests
    command: `npx vite --host 127.0.0.1 --port ${DEV_PORT} --strictPort --clearScreen false`,
    url: DEV_URL,
    reuseExistingServer: false,
    timeout: ms(60_000),
    stdout: 'ignore',
    stderr: 'pipe',
  },
};

/**
 * The projects named by --project on the command line (all of them when none is): only their
 * servers start, so `--project dev` does not wait for a production build.
 */
function projectsAsked(argv: string[]): string[] {
  const asked: string[] = [];
  argv.forEach((arg, i) => {
    if (arg.startsWith('--project=')) asked.push(arg.slice('--project='.length));
    if (arg !== '--project') return;
    // Playwright reads every word after a bare --project as a project name
    for (const name of argv.slice(i + 1)) {
      if (name.startsWith('-')) break;
      asked.push(name);
    }
  });
  const known = asked.filter((name) => name in servers);
  return known.length > 0 && known.length === asked.length ? known : Object.keys(servers);
}

export default defineConfig({
  testDir: 'e2e',
  timeout: ms(30_000),
  expect: { timeout: ms(10_000) },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: 'list',
  outputDir: process.env.E2E_DIST ? `test-results-${PORT}` : 'test-results',
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 900 },
    launchOptions: CHROMIUM_LAUNCH,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  // metadata.soon: how long a test waits for something the page should do soon (e2e/helpers.ts)
  projects: [
    { name: 'build', use: { baseURL: BUILD_URL }, metadata: { soon: ms(10_000) } },
    {
      name: 'dev',
      grep: /@core/,
      use: { baseURL: DEV_URL },
      // every test's page fetches and the server transforms hundreds of modules one by one
      // (the kernels' workers too): booting takes several times as long as from the build
      timeout: ms(90_000),
      expect: { timeout: ms(30_000) },
      metadata: { soon: ms(30_000) },
    },
  ],
  webServer: projectsAsked(process.argv).flatMap((name) => servers[name] ?? []),
});
