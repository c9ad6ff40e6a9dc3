// The share-link benchmarks (`npm run bench -- ui.replay`, `-- ui.share`): a person's run, then
// its link opened in a fresh browser context.
//   ui.replay_speedup      how many times faster the link's replay reaches the shared epoch than
//                          the run took live (target >= 10)
//   ui.replay_ms, ui.replay.live_ms  the two wall times compared
//   ui.replay.epochs       the epochs both covered (at the default speed, 100 a second live)
//   ui.share_link_chars    the link's length, address included (target <= 1500)
// The run: the default scenario at the page's default speed; after the scenario's own typing,
// five commands typed key by key into kernel 0's terminal (50 ms a key, each command once the
// prompt is back), the demo moved to kernel 0 after the second and back to kernel 1 after the
// fourth (with its menu in the threads panel), then Pause and Share. "Live" is the wall time
// from the machine's first epoch to the pause; the replay's from its first epoch to the
// verdict (the same trace hash; a different one fails the benchmark). Both are read in the
// pages (performance.now(), polled every animation frame, and the page's mark of the frame that
// saw the first epoch), so Playwright's latency is not in them.
import type { Browser, Page } from 'playwright-core';
import { decodeScenarioUrl, scenarioUrlAt } from '../../engine/machine/scenario-url';
import { FIRST_EPOCH_MARK } from '../../app/machine/replay-frames';
import { withPreview } from './harness';

const VIEWPORT = { width: 1280, height: 900 };
const COMMANDS = ['echo hello', 'ls /bin', 'ps', 'cat /proc/meminfo', 'uname -a'];
const KEY_DELAY_MS = 50;

/** performance.now() in the page once the toolbar's epoch counter reaches `epoch`. */
async function epochReachedAt(page: Page, epoch: number, timeout = 120_000): Promise<number> {
  const handle = await page.waitForFunction(
    (at) => Number(document.querySelector('[data-testid="epoch"]')?.textContent ?? 'NaN') >= at && performance.now(),
    epoch,
    { timeout, polling: 'raf' },
  );
  return (await handle.jsonValue()) as number;
}

/**
 * performance.now() of the frame in which the page saw the machine's first epoch completed
 * (frames.ts marks it): not the toolbar's counter, which follows the page's snapshots (ten a
 * second live, fewer while a replay runs) and would start the clock late.
 */
async function firstEpochAt(page: Page, timeout = 120_000): Promise<number> {
  const handle = await page.waitForFunction(
    (mark) => performance.getEntriesByName(mark)[0]?.startTime ?? false,
    FIRST_EPOCH_MARK,
    { timeout, polling: 'raf' },
  );
  return (await handle.jsonValue()) as number;
}

/** Waits until kernel 0's terminal ends with its prompt (the command typed last has finished). */
async function promptBack(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const rows = [...document.querySelectorAll('[data-testid="tty-0"] .xterm-rows > div')].map((d) =>
        d.textContent.trimEnd(),
      );
      const last = rows.filter((r) => r !== '').pop() ?? '';
      return last === 'popcorn0:/$';
    },
    undefined,
    { timeout: 60_000, polling: 100 },
  );
}

/** Moves the demo (busy) with its menu in the threads panel and waits until it runs there. */
async function moveDemo(page: Page, to: number): Promise<void> {
  const row = page.getByTestId('threads').locator('tr', { hasText: 'busy' });
  await row.getByRole('combobox').selectOption(String(to));
  await page.waitForFunction(
    (kernel) =>
      [...document.querySelectorAll('[data-testid="threads"] tr')].some(
        (tr) => tr.textContent.includes('busy') && tr.getAttribute('data-kernel') === String(kernel),
      ),
    to,
    { timeout: 60_000, polling: 100 },
  );
}

interface LiveRun {
  url: string;
  liveMs: number;
}

async function liveRun(browser: Browser, base: string): Promise<LiveRun> {
  const context = await browser.newContext({ viewport: VIEWPORT, permissions: ['clipboard-read', 'clipboard-write'] });
  try {
    const page = await context.newPage();
    await page.goto(base);
    const started = await firstEpochAt(page);
    await epochReachedAt(page, 80); // the scenario's own typing is done
    await promptBack(page);
    for (const [i, command] of COMMANDS.entries()) {
      await page.getByTestId('tty-0').click();
      await page.keyboard.type(command, { delay: KEY_DELAY_MS });
      await page.keyboard.press('Enter');
      await promptBack(page);
      if (i === 1) await moveDemo(page, 0);
      if (i === 3) await moveDemo(page, 1);
    }
    const paused = await page.evaluate(() => performance.now());
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('button', { name: 'Share' }).click();
    const copied = page.getByTestId('share-status');
    await copied.waitFor();
    const url = await copied.getAttribute('data-url');
    if (!url) throw new Error('Share gave no link');
    return { url, liveMs: paused - started };
  } finally {
    await context.close();
  }
}

/** Wall ms from the replay's first epoch to its verdict. */
async function replayMs(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    const page = await context.newPage();
    await page.goto(url);
    const started = await firstEpochAt(page);
    const handle = await page.waitForFunction(
      () => {
        const state = document.querySelector('[data-testid="shared-run"]')?.getAttribute('data-state');
        return (state === 'same' || state === 'differs') && { state, at: performance.now() };
      },
      undefined,
      { timeout: 600_000, polling: 'raf' },
    );
    const verdict = (await handle.jsonValue()) as { state: string; at: number };
    if (verdict.state !== 'same')
      throw new Error('the replay did not reach the trace hash of the run it was shared from');
    return verdict.at - started;
  } finally {
    await context.close();
  }
}

export interface ReplayFigures {
  speedup: number;
  liveMs: number;
  replayMs: number;
  epochs: number;
  linkChars: number;
}

export async function replaySpeedup(): Promise<ReplayFigures> {
  return withPreview(async (base, browser) => {
    const live = await liveRun(browser, base);
    const replay = await replayMs(browser, live.url);
    const { scenario } = await decodeScenarioUrl(live.url.slice(scenarioUrlAt(live.url)));
    return {
      speedup: live.liveMs / replay,
      liveMs: live.liveMs,
      replayMs: replay,
      epochs: scenario.sharedAt?.epoch ?? NaN,
      linkChars: live.url.length,
    };
  });
}
