// `npm run screenshots`: photographs the playground's main views for the README into
// public/images/, from the production build in headless Chromium (the UI benchmarks' harness).
// The default scenario runs; its demo (busy, on kernel 1) is moved to kernel 0 from the
// threads panel and selected, so the timeline, messages, pages and inspector all have a story.
import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { withPreview } from '../ui-bench/harness';

const OUT = new URL('../../public/images/', import.meta.url).pathname;

async function shot(page: Page, name: string, testId?: string): Promise<void> {
  const path = `${OUT}${name}.png`;
  if (testId) await page.getByTestId(testId).screenshot({ path });
  else await page.screenshot({ path });
  console.log(`wrote public/images/${name}.png`);
}

await mkdir(OUT, { recursive: true });
await withPreview(async (url, browser) => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 960 } });
  await page.goto(url);
  await page.getByText('popcorn0:/$').first().waitFor({ timeout: 20_000 });
  const demo = page.getByTestId('threads').locator('tr', { hasText: 'busy' });
  await demo.waitFor({ timeout: 20_000 });
  await page.waitForTimeout(1500);
  await shot(page, 'first-visit');
  await demo.getByRole('combobox').selectOption('0');
  await page.waitForTimeout(4000);
  await demo.getByRole('button').click(); // the inspector shows it
  await page.waitForTimeout(1500);
  for (const [name, id] of [
    ['timeline', 'timeline'],
    ['messages', 'messages-view'],
    ['pages', 'pages-view'],
    ['inspector', 'inspector'],
    ['threads', 'threads'],
  ] as const)
    await shot(page, name, id);
});
