// How long the playground takes to boot: from navigation start to each terminal's first shell
// prompt, measured in the page (performance.now() counts from navigation start) on every
// animation frame. Reported as test annotations and printed; fails only if it becomes slow.
import { expect, test } from '@playwright/test';
import { encodeScenarioUrl } from '../engine/machine/scenario-url';
import { openPlayground, soon, waitForTty } from './helpers';

test('time from navigation to the first prompt on each terminal', { tag: '@core' }, async ({ page }) => {
  const LIMIT_MS = 1.5 * soon(); // 15 s from the build, longer from the dev server
  await page.goto('/');
  const times: Record<string, number> = {};
  for (const kernel of [0, 1]) {
    const prompt = `popcorn${kernel}:/$`;
    const handle = await page.waitForFunction(
      ([k, text]) => {
        const rows = document.querySelector(`[data-testid="tty-${k}"] .xterm-rows`);
        return rows?.textContent.includes(text) ? performance.now() : false;
      },
      [kernel, prompt] as const,
      { timeout: LIMIT_MS, polling: 'raf' },
    );
    times[`kernel ${kernel}`] = Math.round((await handle.jsonValue()) as number);
  }
  for (const [name, ms] of Object.entries(times)) {
    test.info().annotations.push({ type: 'first prompt', description: `${name}: ${ms} ms` });
    console.log(`first prompt on ${name}: ${ms} ms after navigation start (${test.info().project.name})`);
    expect(ms).toBeLessThan(LIMIT_MS);
  }
});

/**
 * In the page before any of its scripts run: notes, when the body element appears (index.html's
 * head has run, the app's module scripts not yet), how many kernel workers index.html's early
 * start had started (window.__popcornEarly), or -1 if it started none.
 */
const NOTE_EARLY_START = `(() => {
  new MutationObserver((_, observer) => {
    if (!document.body) return;
    observer.disconnect();
    window.__earlyWorkers = window.__popcornEarly ? window.__popcornEarly.workers.length : -1;
  }).observe(document, { childList: true, subtree: true });
})()`;

test.describe('the early start', { tag: '@core' }, () => {
  test('the default scenario boots on the two workers index.html started before the app loaded', async ({ page }) => {
    await page.addInitScript(NOTE_EARLY_START);
    await openPlayground(page);
    await waitForTty(page, 0, /popcorn0:\/\$/);
    await waitForTty(page, 1, /popcorn1:\/\$/);
    expect(await page.evaluate(() => (window as unknown as { __earlyWorkers?: number }).__earlyWorkers)).toBe(2);
    // the app took them over and booted once: no second machine's workers
    expect(page.workers()).toHaveLength(2);
    expect(await page.evaluate(() => 'popcornEarly' in window || '__popcornEarly' in window)).toBe(false);
  });

  test('a link’s page starts no workers before it knows its scenario', async ({ page }) => {
    await page.addInitScript(NOTE_EARLY_START);
    const link = await encodeScenarioUrl({ version: 1, machine: { preset: 'two-kernels' } });
    await openPlayground(page, `/${link}`);
    await waitForTty(page, 1, /popcorn1:\/\$/);
    expect(await page.evaluate(() => (window as unknown as { __earlyWorkers?: number }).__earlyWorkers)).toBe(-1);
    expect(page.workers()).toHaveLength(2);
  });
});
