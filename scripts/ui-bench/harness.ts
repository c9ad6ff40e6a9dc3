// The UI benchmarks' harness: builds the production bundle once into a temporary directory,
// serves it with `vite preview` (which sends the cross-origin isolation headers) on a free port,
// or starts the dev server, and opens Debian's Chromium through playwright-core, headless, as
// the end-to-end tests do (no browser is downloaded). Wall-clock measurements of this host,
// never part of the tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_LAUNCH } from '../../e2e/chromium';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const VITE = join(ROOT, 'node_modules/vite/bin/vite.js');

/** Runs vite (`args`) in the repository; resolves when it exits 0. */
function vite(args: string[]): Promise<void> {
  return new Promise((done, failed) => {
    const child = spawn(process.execPath, [VITE, ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', failed);
    child.on('exit', (code) => {
      if (code === 0) done();
      else failed(new Error(`vite ${args.join(' ')} exited with ${code ?? 'a signal'}`));
    });
  });
}

let built: Promise<string> | undefined;

/**
 * The directory of a fresh production build (with Vite's manifest, .vite/manifest.json), made on
 * the first call and shared by every UI benchmark of this run; removed when the process exits.
 */
export function buildOnce(): Promise<string> {
  built ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'popcorn-ui-bench-'));
    process.on('exit', () => {
      rmSync(dir, { recursive: true, force: true });
    });
    await vite(['build', '--logLevel', 'error', '--outDir', dir, '--emptyOutDir', '--manifest']);
    return dir;
  })();
  return built;
}

/** A port nothing listens on now (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((done, failed) => {
    const probe = createServer();
    probe.on('error', failed);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => {
        done(port);
      });
    });
  });
}

export interface Preview {
  url: string;
  stop(): Promise<void>;
}

/** `vite preview` of the build in `dir`, once it answers. */
export async function startPreview(dir: string): Promise<Preview> {
  return serve(['preview', '--host', '127.0.0.1', '--strictPort', '--outDir', dir]);
}

/** Runs vite with `args` on a free port; resolves once it answers there. */
async function serve(args: string[]): Promise<Preview> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [VITE, ...args, '--port', String(port)], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((done) => {
    child.on('exit', () => {
      done();
    });
  });
  const url = `http://127.0.0.1:${port}/`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return { url, stop };
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`vite ${args[0] === 'preview' ? 'preview' : '(dev server)'} did not answer on ${url}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The Vite dev server (`vite`, which sends the cross-origin isolation headers too) on a free
 * port, started afresh (nothing transformed yet), once it answers.
 */
export async function startDevServer(): Promise<Preview> {
  return serve(['--host', '127.0.0.1', '--strictPort']);
}

/** Debian's Chromium, headless, started as the end-to-end tests start it. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ ...CHROMIUM_LAUNCH, headless: true });
}

/** Builds (once), serves and opens a browser; runs `body`; always closes both. */
export async function withPreview<T>(body: (url: string, browser: Browser) => Promise<T>): Promise<T> {
  return withServer(await startPreview(await buildOnce()), body);
}

/** Starts a fresh dev server and opens a browser; runs `body`; always closes both. */
export async function withDevServer<T>(body: (url: string, browser: Browser) => Promise<T>): Promise<T> {
  return withServer(await startDevServer(), body);
}

async function withServer<T>(preview: Preview, body: (url: string, browser: Browser) => Promise<T>): Promise<T> {
  try {
    const browser = await launchChromium();
    try {
      return await body(preview.url, browser);
    } finally {
      await browser.close();
    }
  } finally {
    await preview.stop();
  }
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}
