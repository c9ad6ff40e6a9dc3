// The light and dark themes: the page follows the system's preference until the visitor
// chooses, keeps the choice for the next visit, shows it from the first paint (before any of the
// app's scripts run), and everything drawn follows it: the timeline and pages canvases, the
// sequence chart and the terminals.
import { expect, test, type Page } from '@playwright/test';
import { openPlayground, pollFor, waitForTty } from './helpers';

const LIGHT_BG = 'rgb(246, 248, 250)';
const DARK_BG = 'rgb(13, 17, 23)';

const background = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
const shownTheme = (page: Page) => page.evaluate(() => document.documentElement.dataset.theme);

/**
 * The share of a canvas's painted pixels that are dark (relative luminance under 0.05): the
 * lanes and cells of the dark theme are, the light theme's are not.
 */
function darkShare(page: Page, selector: string): Promise<number> {
  return page.locator(selector).evaluate((canvas: HTMLCanvasElement) => {
    const ctx = canvas.getContext('2d');
    if (!ctx || canvas.width === 0 || canvas.height === 0) return NaN;
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    const lin = (c: number) => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
    let painted = 0;
    let dark = 0;
    for (let i = 0; i < data.length; i += 4) {
      if ((data[i + 3] ?? 0) < 128) continue;
      painted++;
      const lum = 0.2126 * lin(data[i] ?? 0) + 0.7152 * lin(data[i + 1] ?? 0) + 0.0722 * lin(data[i + 2] ?? 0);
      if (lum < 0.05) dark++;
    }
    return painted === 0 ? NaN : dark / painted;
  });
}

test.describe('themes', () => {
  test.use({ colorScheme: 'light' });

  test('follow the system until chosen, keep the choice, and repaint the canvases and terminals', async ({ page }) => {
    test.setTimeout(180_000); // a boot, on what may be a busy computer
    await openPlayground(page);
    expect(await shownTheme(page)).toBe('light');
    expect(await background(page)).toBe(LIGHT_BG);
    const chooser = page.getByTestId('theme');
    await expect(chooser.getByRole('button', { name: 'Auto' })).toHaveAttribute('aria-pressed', 'true');
    // following the system as it changes
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => shownTheme(page)).toBe('dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(() => shownTheme(page)).toBe('light');
    await waitForTty(page, 0, 'popcorn0:/$', 45_000);

    // everything drawn is light: the canvases, the chart's rules, the terminal's text
    const timeline = '[data-testid="timeline"] canvas.timeline-background';
    const pages = '[data-testid="pages-grid"] canvas.pages-grid-base';
    // the demo in the inspector, so the pages view shows its pages
    await page.getByTestId('threads').locator('tr', { hasText: 'busy' }).getByRole('button').click();
    await pollFor(
      () => page.getByTestId('pages-view').getAttribute('data-pages'),
      (n) => Number(n) > 0,
      { timeout: 30_000, message: 'the pages view shows a process' },
    );
    expect(await darkShare(page, timeline)).toBeLessThan(0.1);
    const lightPages = await darkShare(page, pages);
    expect(lightPages).toBeLessThan(0.1);
    const termText = () =>
      page
        .getByTestId('tty-0')
        .locator('.xterm-rows')
        .evaluate((rows) => getComputedStyle(rows).color);
    expect(await termText()).toBe('rgb(31, 35, 40)');
    const chartRule = () =>
      page
        .getByTestId('messages-view')
        .locator('.row-rule')
        .first()
        .evaluate((line) => getComputedStyle(line).stroke);
    expect(await chartRule()).toBe('rgb(216, 222, 228)');

    // choose dark: the page, the canvases and the terminal turn dark at once
    await chooser.getByRole('button', { name: 'Dark' }).click();
    expect(await shownTheme(page)).toBe('dark');
    expect(await background(page)).toBe(DARK_BG);
    await pollFor(
      () => darkShare(page, timeline),
      (share) => share > 0.5,
      { message: 'the timeline repainted its lanes dark' },
    );
    await pollFor(
      () => darkShare(page, pages),
      // its empty cells and holes: the cells holding pages are in the kernels' colours
      (share) => share > lightPages + 0.15,
      { message: 'the pages grid repainted dark' },
    );
    expect(await termText()).toBe('rgb(214, 221, 230)');
    expect(await chartRule()).toBe('rgb(33, 38, 45)');

    // kept for the next visit (which shows it from the first paint: the test below)
    const stored = () => page.evaluate(() => localStorage.getItem('popcorn-theme'));
    expect(await stored()).toBe('dark');

    // back to Auto: nothing kept, the system's light
    await chooser.getByRole('button', { name: 'Auto' }).click();
    expect(await stored()).toBeNull();
    expect(await shownTheme(page)).toBe('light');
  });

  test('the theme is there from the first paint, before the app has loaded', async ({ page }) => {
    // the app's scripts never arrive: what shows is index.html alone
    await page.route('**/assets/*.js', (route) => route.abort());
    const firstPaint = async () => {
      await expect(page.getByText('Loading Popcorn Playground…')).toBeVisible();
      return page.evaluate(() => [
        document.documentElement.dataset.theme,
        getComputedStyle(document.documentElement).backgroundColor,
      ]);
    };
    await page.goto('/');
    expect(await firstPaint()).toEqual(['light', LIGHT_BG]); // the system's
    await page.evaluate(() => {
      localStorage.setItem('popcorn-theme', 'dark');
    });
    await page.reload();
    expect(await firstPaint()).toEqual(['dark', DARK_BG]); // the visitor's choice
  });
});
