// `npm run screenshots`: photographs the playground for the README into public/images/, from
// the production build in headless Chromium (the UI benchmarks' harness). The default scenario
// runs; its demo (busy, on kernel 1) is moved to kernel 0 from the threads panel and selected,
// so the timeline, messages, pages and inspector all have a story. Each view in the dark theme;
// the first visit and the drawn views in the light one; a phone (390×844) in both; and lesson 3
// in progress on a laptop's screen (1366×768), in both; and the network view after tcpperf's
// round trips between the kernels, with the connection chosen and its SYN clicked, on a laptop
// and a phone, in both. `npm run screenshots -- lesson` takes
// only the pictures whose names start with its argument (here lesson.png and lesson-light.png).
import { mkdir } from 'node:fs/promises';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { withPreview } from '../ui-bench/harness';

const OUT = new URL('../../public/images/', import.meta.url).pathname;

/** Only the pictures whose names start with this (the command's argument), or all. */
const ONLY = process.argv[2] ?? '';

function wanted(...names: string[]): boolean {
  return names.some((name) => name.startsWith(ONLY));
}

async function shot(page: Page, name: string, testId?: string): Promise<void> {
  if (!wanted(name)) return;
  const path = `${OUT}${name}.png`;
  if (testId) await page.getByTestId(testId).screenshot({ path });
  else await page.screenshot({ path });
  console.log(`wrote public/images/${name}.png`);
}

/** A page on the playground, booted, with the demo running on kernel 1. */
async function open(browser: Browser, url: string, options: BrowserContextOptions): Promise<Page> {
  const page = await browser.newPage(options);
  await page.goto(url);
  await demo(page).waitFor({ timeout: 60_000 });
  // xterm draws only the rows on screen: a phone's terminals are further down
  if (!options.isMobile) await page.getByText('popcorn0:/$').first().waitFor({ timeout: 60_000 });
  await page.waitForTimeout(1500);
  return page;
}

function demo(page: Page) {
  return page.getByTestId('threads').locator('tr', { hasText: 'busy' });
}

/** Moves the demo to kernel 0 and shows it in the inspector (and its pages). */
async function migrate(page: Page): Promise<void> {
  await demo(page).getByRole('combobox').selectOption('0');
  await page.waitForTimeout(4000);
  await demo(page).getByRole('button').click();
  await page.waitForTimeout(1500);
}

const DESKTOP = { viewport: { width: 1440, height: 960 } };
const LAPTOP = { viewport: { width: 1366, height: 768 } };

/** Lesson 3 at its third step: busy moved by the first, pstat typed and its outcome told. */
async function lessonInProgress(browser: Browser, url: string, options: BrowserContextOptions): Promise<Page> {
  const page = await browser.newPage(options);
  await page.goto(`${url}#lesson=3`);
  await demo(page).waitFor({ timeout: 60_000 });
  const lesson = page.getByTestId('lesson');
  const next = lesson.getByRole('button', { name: 'Next' });
  await lesson.getByRole('radio').first().check();
  await page.getByTestId('lesson-action').click();
  await next.click({ timeout: 60_000 });
  await lesson.getByRole('radio', { name: 'dozens' }).check();
  await next.click({ timeout: 60_000 });
  await lesson.getByRole('radio', { name: 'both kernels' }).check();
  await page.getByTestId('lesson-action').click();
  await page.getByTestId('lesson-done').waitFor({ timeout: 60_000 });
  await page.waitForTimeout(1500);
  // the screen the lesson keeps (app/layout/teaching.css): the script's clicks may have scrolled
  // the page, as Playwright brings what it clicks to the middle of the window first
  await page.evaluate(() => {
    const top = document.querySelector('.layout')?.getBoundingClientRect().top ?? 0;
    window.scrollBy(0, top - 16);
  });
  return page;
}
const NETWORK = ['network', 'network-light', 'network-phone', 'network-phone-light'];
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

await mkdir(OUT, { recursive: true });
await withPreview(async (url, browser) => {
  if (!wanted('first-visit', 'timeline', 'messages', 'pages', 'inspector', 'threads', 'phone', 'lesson', ...NETWORK))
    throw new Error(`no picture's name starts with "${ONLY}"`);
  if (wanted('first-visit', 'timeline', 'messages', 'pages', 'inspector', 'threads')) await views(url, browser);
  if (wanted('phone')) await phones(url, browser);
  if (wanted('lesson')) await lessons(url, browser);
  if (wanted(...NETWORK)) await networks(url, browser);
});

/** The first visit and each view, in the dark theme and then the light one. */
async function views(url: string, browser: Browser): Promise<void> {
  const dark = await open(browser, url, { ...DESKTOP, colorScheme: 'dark' });
  await shot(dark, 'first-visit');
  await migrate(dark);
  for (const [name, id] of [
    ['timeline', 'timeline'],
    ['messages', 'messages-view'],
    ['pages', 'pages-view'],
    ['inspector', 'inspector'],
    ['threads', 'threads'],
  ] as const)
    await shot(dark, name, id);
  await dark.close();

  const light = await open(browser, url, { ...DESKTOP, colorScheme: 'light' });
  await shot(light, 'first-visit-light');
  await migrate(light);
  for (const [name, id] of [
    ['timeline-light', 'timeline'],
    ['messages-light', 'messages-view'],
    ['pages-light', 'pages-view'],
  ] as const)
    await shot(light, name, id);
  await light.close();
}

/** A phone, in both themes. */
async function phones(url: string, browser: Browser): Promise<void> {
  for (const [name, colorScheme] of [
    ['phone', 'dark'],
    ['phone-light', 'light'],
  ] as const) {
    const phone = await open(browser, url, { ...PHONE, colorScheme });
    await migrate(phone);
    await phone.evaluate(() => {
      scrollTo(0, 0);
    });
    await shot(phone, name);
    await phone.close();
  }
}

/** Lesson 3 in progress on a laptop, in both themes. */
async function lessons(url: string, browser: Browser): Promise<void> {
  for (const [name, colorScheme] of [
    ['lesson', 'dark'],
    ['lesson-light', 'light'],
  ] as const) {
    const page = await lessonInProgress(browser, url, { ...LAPTOP, colorScheme });
    await shot(page, name);
    await page.close();
  }
}

/** Types a line at kernel `kernel`'s terminal. */
async function typeAt(page: Page, kernel: number, line: string): Promise<void> {
  await page.getByTestId(`tty-${kernel}`).click();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

/** The network view after tcpperf's round trips, the connection chosen and its SYN clicked. */
async function networkStory(browser: Browser, url: string, options: BrowserContextOptions): Promise<Page> {
  const page = await open(browser, url, options);
  await page.waitForTimeout(2000); // the scenario's own typing first
  await typeAt(page, 0, 'tcpperf server 7000 &');
  await page.getByText('listening').first().waitFor({ timeout: 60_000 });
  await typeAt(page, 1, 'tcpperf rtt popcorn0 7000 200');
  await page
    .getByText(/rtt_us=/)
    .first()
    .waitFor({ timeout: 120_000 });
  const view = page.getByTestId('network-view');
  const flow = view.getByTestId('network-flow');
  const name = await flow.locator('option').nth(1).getAttribute('value');
  await flow.selectOption(name ?? '');
  await view.locator('button.packet[data-flags="S"]').first().click();
  await page.waitForTimeout(1500);
  return page;
}

/** The network view on a laptop and a phone, in both themes. */
async function networks(url: string, browser: Browser): Promise<void> {
  for (const [name, options] of [
    ['network', { ...LAPTOP, colorScheme: 'dark' }],
    ['network-light', { ...LAPTOP, colorScheme: 'light' }],
    ['network-phone', { ...PHONE, colorScheme: 'dark' }],
    ['network-phone-light', { ...PHONE, colorScheme: 'light' }],
  ] as const) {
    if (!wanted(name)) continue;
    const page = await networkStory(browser, url, options);
    await shot(page, name, 'network-view');
    const sideways = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (sideways > 0) console.log(`${name}: the page scrolls ${sideways} px sideways`);
    await page.close();
  }
}
