// How long the playground takes to boot: from navigation start to each terminal's first shell
// prompt, measured in the page (performance.now() counts from navigation start) on every
// animation frame. Reported as test annotations and printed; fails only if it becomes slow.
import { expect, test } from '@playwright/test';
import { soon } from './helpers';

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
