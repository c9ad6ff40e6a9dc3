// UI benchmarks (`npm run bench -- ui.`): the page as a visitor gets it, the production build
// served by `vite preview` in headless Chromium (harness.ts):
//   ui.bundle_gz_kb   what the page must download before it can paint, gzipped (target <= 400)
//   ui.first_prompt_ms  navigation start to the first shell prompt, default scenario (target <= 1000)
//   ui.first_prompt_dev_ms  the same on a dev server (`npm start`), started afresh for it
//   ui.first_prompt_dev_cold_ms  of which the first visit, the one that waits for the server's transforms
//   ui.fps            animation frames per second while 16 kernels of 2 harts migrate (target >= 55)
//   ui.fps.virtual_ms_per_s  how fast the machine ran meanwhile (virtual ms per wall second)
//   ui.replay_speedup, ui.replay_ms, ui.replay.live_ms, ui.replay.epochs, ui.share_link_chars
//                     a share link's replay against the run it was taken from (replay-speedup.ts;
//                     target >= 10x) and the link's length (target <= 1500)
// UI code is not engine code, so these live here rather than beside the engine's suites.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import type { Benchmark } from '../../engine/bench/benchmark';
import { DEFAULT_EPOCH_NS as EPOCH_NS } from '../../engine/machine/quantum';
import { encodeScenarioUrl } from '../../engine/machine/scenario-url';
import type { Browser } from 'playwright-core';
import { buildOnce, median, withDevServer, withPreview } from './harness';
import { replaySpeedup } from './replay-speedup';

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  css?: string[];
}

/**
 * The gzipped size, in KiB (1024 bytes), of the JavaScript and CSS that index.html loads before
 * the first paint: the entry chunk, every chunk it imports statically (transitively), and their
 * CSS, each gzipped on its own at level 9, as a server would send them. Not counted: index.html
 * itself (with its inline isolation script), chunks loaded by dynamic import(), the kernel
 * workers' chunks and the hart's WebAssembly (fetched after the page is up, by the workers) and
 * the userland programs (fetched as the kernels first run them).
 */
async function bundleGzipKiB(): Promise<number> {
  const dir = await buildOnce();
  const manifest = JSON.parse(await readFile(join(dir, '.vite/manifest.json'), 'utf8')) as Record<
    string,
    ManifestChunk
  >;
  const entry = Object.keys(manifest).find((key) => manifest[key]?.isEntry && key === 'index.html');
  if (!entry) throw new Error('the build manifest has no index.html entry');
  const files = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const css of chunk.css ?? []) files.add(css);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  visit(entry);
  let bytes = 0;
  for (const file of files) bytes += gzipSync(await readFile(join(dir, file)), { level: 9 }).length;
  return bytes / 1024;
}

/**
 * Waits (polling every animation frame, as startup.spec.ts does) until any terminal shows a shell
 * prompt (`popcornN:/$`); returns performance.now() then, which counts from navigation start.
 */
async function firstPromptAt(page: Page, timeout = 60_000): Promise<number> {
  const handle = await page.waitForFunction(
    () => {
      for (const rows of document.querySelectorAll('[data-testid^="tty-"] .xterm-rows')) {
        if (/popcorn\d+:\/\$/.test(rows.textContent)) return performance.now();
      }
      return false;
    },
    undefined,
    { timeout, polling: 'raf' },
  );
  return (await handle.jsonValue()) as number;
}

const PROMPT_RUNS = 5;

/** The first prompt's time in PROMPT_RUNS fresh browser contexts (no cache, nothing compiled), in order. */
async function firstPromptTimes(url: string, browser: Browser): Promise<number[]> {
  const times: number[] = [];
  for (let run = 0; run < PROMPT_RUNS; run++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(url);
    times.push(await firstPromptAt(page));
    await context.close();
  }
  return times;
}

const FPS_WARMUP_MS = 3_000;
const FPS_WINDOW_MS = 8_000;

interface CountedFrames {
  frames: number;
  ms: number;
  epochs: number;
}

/**
 * In the page: counts animation frames for `windowMs` and the epochs the toolbar shows meanwhile.
 * Source text, not a function: tsx would wrap a function's inner functions in a `__name` helper
 * that does not exist in the page.
 */
const COUNT_FRAMES = `(windowMs) => new Promise((done) => {
  const epoch = () => Number(document.querySelector('[data-testid="epoch"]')?.textContent ?? 'NaN');
  const firstEpoch = epoch();
  let frames = 0;
  let start = -1;
  const frame = (now) => {
    if (start < 0) start = now;
    else frames++;
    if (now - start < windowMs) requestAnimationFrame(frame);
    else done({ frames, ms: now - start, epochs: epoch() - firstEpoch });
  };
  requestAnimationFrame(frame);
})`;

/**
 * Frames per second the page holds, counted with requestAnimationFrame over FPS_WINDOW_MS, while
 * engine/machine/scenarios/sixteen-kernels-migrating.json runs (opened as a share link, at the
 * page's default speed), from FPS_WARMUP_MS after the first prompt; and the virtual time the
 * machine covered meanwhile, from the epoch counter the toolbar shows (EPOCH_NS of virtual time each).
 */
async function fpsUnderMigration(): Promise<{ fps: number; virtualMsPerS: number }> {
  const text = await readFile(
    new URL('../../engine/machine/scenarios/sixteen-kernels-migrating.json', import.meta.url),
    'utf8',
  );
  const fragment = await encodeScenarioUrl(JSON.parse(text));
  return withPreview(async (url, browser) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(url + fragment);
    await firstPromptAt(page);
    await page.waitForTimeout(FPS_WARMUP_MS);
    const measured = await page.evaluate<CountedFrames>(`(${COUNT_FRAMES})(${FPS_WINDOW_MS})`);
    await context.close();
    return {
      fps: (measured.frames * 1000) / measured.ms,
      virtualMsPerS: (measured.epochs * EPOCH_NS) / 1e6 / (measured.ms / 1000),
    };
  });
}

export const benchmarks: Benchmark[] = [
  {
    names: ['ui.bundle_gz_kb'],
    run: async () => [{ name: 'ui.bundle_gz_kb', value: await bundleGzipKiB(), unit: 'KiB' }],
  },
  {
    names: ['ui.first_prompt_ms'],
    run: async () => {
      const times = await withPreview(firstPromptTimes);
      return [{ name: 'ui.first_prompt_ms', value: median(times), unit: 'ms' }];
    },
  },
  {
    // measured the same way on a dev server started for it: its first visit waits for the
    // server to transform the modules, the later ones find them transformed
    names: ['ui.first_prompt_dev_ms', 'ui.first_prompt_dev_cold_ms'],
    run: async () => {
      const times = await withDevServer(firstPromptTimes);
      return [
        { name: 'ui.first_prompt_dev_ms', value: median(times), unit: 'ms' },
        { name: 'ui.first_prompt_dev_cold_ms', value: times[0] ?? NaN, unit: 'ms' },
      ];
    },
  },
  {
    names: ['ui.fps', 'ui.fps.virtual_ms_per_s'],
    run: async () => {
      const { fps, virtualMsPerS } = await fpsUnderMigration();
      return [
        { name: 'ui.fps', value: fps, unit: 'fps' },
        { name: 'ui.fps.virtual_ms_per_s', value: virtualMsPerS, unit: 'ms/s' },
      ];
    },
  },
  {
    names: ['ui.replay_speedup', 'ui.replay_ms', 'ui.replay.live_ms', 'ui.replay.epochs', 'ui.share_link_chars'],
    run: async () => {
      const r = await replaySpeedup();
      return [
        { name: 'ui.replay_speedup', value: r.speedup, unit: 'x' },
        { name: 'ui.replay_ms', value: r.replayMs, unit: 'ms' },
        { name: 'ui.replay.live_ms', value: r.liveMs, unit: 'ms' },
        { name: 'ui.replay.epochs', value: r.epochs, unit: 'epochs' },
        { name: 'ui.share_link_chars', value: r.linkChars, unit: 'chars' },
      ];
    },
  },
];
