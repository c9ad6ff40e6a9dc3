// `npm run screenshots`: photographs the playground's main views for the README into
// public/images/, from the production build in headless Chromium (the UI benchmarks' harness).
// The machine runs the default scenario; a migration demo is started from kernel 0's terminal
// and one of its threads is moved from the threads panel, so every view has something to show.
import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { withPreview } from '../ui-bench/harness';

const OUT = new URL('../../public/images/', import.meta.url).pathname;

async function typeInto(page: Page, kernel: number, text: string): Promise<void> {
  await page.getByTestId(`tty-${kernel}`).click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

async function shot(page: Page, name: string, testId?: string): Promise<void> {
  const path = `${OUT}${name}.png`;
  if (testId) await page.getByTestId(testId).screenshot({ path });
  else await page.screenshot({ path });
  console.log(`wrote public/images/${name}.png`);
}

await mkdir(OUT, { recursive: true });
await withPreview(async (url, browser) => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await page.goto(url);
  await page.getByText('popcorn0:/$').first().waitFor({ timeout: 20_000 });
  await page.waitForTimeout(1500);
  await page.getByRole('button', { name: '100 ms/s' }).click();
  await typeInto(page, 0, 'mt -s 2 20000000');
  await page.waitForTimeout(2500);
  const row = page.getByTestId('threads').locator('tr', { hasText: 'mt' }).first();
  await row.getByRole('button').click(); // the inspector and the pages view show it
  await page.waitForTimeout(2500);
  await shot(page, 'playground');
  for (const [name, id] of [
    ['timeline', 'timeline'],
    ['messages', 'messages-view'],
    ['pages', 'pages-view'],
    ['inspector', 'inspector'],
    ['threads', 'threads'],
  ] as const) {
    if ((await page.getByTestId(id).count()) > 0) await shot(page, name, id);
  }
});
