// The page at phone, small-laptop and desktop widths: with the default scenario running, its
// demo moved to kernel 0, the demo's thread open in the inspector (float registers and VMAs
// unfolded) and a page's history open in the pages view, nothing makes the page scroll sideways
// and no text is cut off; nor in the scenario editor. Text cut off is an element whose content
// is wider than its box: its scrollWidth beyond its clientWidth. Only the boxes meant to scroll
// sideways (a wide table in its own scroll box, the terminal) may do that.
import { expect, test, type Page } from '@playwright/test';
import { openPlayground, pollFor } from './helpers';

const SIZES = [
  { width: 360, height: 740 },
  { width: 390, height: 844 },
  { width: 800, height: 600 },
  { width: 1366, height: 768 },
];

/** Opens the views the way a visitor would, so every panel holds what it can hold. */
async function openEverything(page: Page): Promise<void> {
  await openPlayground(page);
  const demo = page.getByTestId('threads').locator('tr', { hasText: 'busy' });
  // booting may be slow on a busy computer
  await expect(demo).toHaveAttribute('data-kernel', '1', { timeout: 45_000 });
  await demo.getByRole('combobox').selectOption('0');
  await expect(demo).toHaveAttribute('data-kernel', '0', { timeout: 20_000 });
  await demo.getByRole('button').click();
  const inspector = page.getByTestId('inspector');
  await expect(inspector).toHaveAttribute('data-kind', 'thread');
  await expect(inspector.getByTestId('inspector-x')).toBeVisible();
  for (const summary of await inspector.locator('details:not([open]) > summary').all()) await summary.click();
  const pages = page.getByTestId('pages-view');
  await pollFor(
    async () => Number(await pages.getAttribute('data-remote')),
    (n) => n > 0,
    { message: 'the pages view shows pages fetched by kernel 0' },
  );
  const grid = page.getByTestId('pages-canvas');
  const first = await pollFor(
    async () => (await grid.getAttribute('data-first-page')) ?? '',
    (at) => at !== '',
    { message: 'the pages grid has a page to click' },
  );
  const [x, y] = first.split(',').map(Number);
  await grid.click({ position: { x: x ?? 0, y: y ?? 0 } });
  const history = page.getByTestId('page-history');
  await expect(history).toBeVisible();
  await pollFor(
    async () => Number(await history.getAttribute('data-records')),
    (n) => n > 0,
    { message: 'the page history lists what happened to the page' },
  );
}

/** What sticks out: the page's own sideways scroll, and every box whose text does not fit it. */
function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > innerWidth)
      problems.push(`the page scrolls sideways: ${doc.scrollWidth} px wide in a ${innerWidth} px window`);
    // boxes that scroll sideways on purpose: a wide table in its own scroll box, the terminal
    const scrolls = (el: Element) => el.matches('.inspector-scroll, .xterm-viewport, .xterm-scrollable-element');
    const name = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}`;
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('body *'))) {
      if (el.closest('.xterm, .visually-hidden, svg') || el instanceof HTMLCanvasElement) continue;
      const style = getComputedStyle(el);
      if (style.display === 'inline' || style.display === 'contents' || el.clientWidth === 0) continue;
      if (el.scrollWidth <= el.clientWidth + 1 || scrolls(el)) continue;
      const text = el.textContent.replace(/\s+/g, ' ').trim().slice(0, 50);
      problems.push(`${name(el)} holds ${el.scrollWidth} px in ${el.clientWidth} px: "${text}"`);
    }
    return problems;
  });
}

for (const size of SIZES) {
  test.describe(`at ${size.width}×${size.height}`, () => {
    test.use({ viewport: size });

    test('nothing scrolls sideways and no text is cut off, with the inspector and a page history open', async ({
      page,
    }) => {
      test.setTimeout(120_000);
      await openEverything(page);
      expect(await layoutProblems(page)).toEqual([]);
    });

    test('the scenario editor fits the window', async ({ page }) => {
      test.setTimeout(120_000);
      await openPlayground(page);
      const edit = page.getByRole('button', { name: 'Edit scenario' });
      await expect(edit).toBeEnabled({ timeout: 60_000 }); // once the machine has booted
      await edit.click();
      const dialog = page.getByRole('dialog', { name: 'Edit scenario' });
      await expect(dialog.getByTestId('partition-preview')).toBeVisible();
      expect(await layoutProblems(page)).toEqual([]);
    });
  });
}
