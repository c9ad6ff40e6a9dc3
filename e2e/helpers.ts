// Helpers for the end-to-end tests: open the playground and wait for it, poll a value until it
// satisfies a condition, read and type into a kernel's terminal, and read the machine's clock.
import { expect, test, type Page } from '@playwright/test';

/**
 * How long to wait for something the page should do soon, as the project says (its expect
 * timeout too): longer against the dev server (playwright.config.ts), where booting takes longer.
 */
export function soon(): number {
  const ms: unknown = test.info().project.metadata.soon;
  return typeof ms === 'number' ? ms : 10_000;
}

/** Opens the playground at `path` and waits until the page has rendered its title. */
export async function openPlayground(page: Page, path = '/'): Promise<void> {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(path);
  await expect(page.getByRole('heading', { level: 1, name: 'Popcorn Playground' })).toBeVisible();
  expect(errors, 'uncaught errors while opening the page').toEqual([]);
}

export interface PollOptions {
  timeout?: number;
  interval?: number;
  message?: string;
}

/** Reads `read()` every `interval` ms until `accept` holds for its value; returns that value. */
export async function pollFor<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  { timeout = soon(), interval = 50, message = 'condition' }: PollOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeout;
  let last: T = await read();
  while (!accept(last)) {
    if (Date.now() > deadline)
      throw new Error(`pollFor: ${message} not met in ${timeout} ms (last value: ${String(last)})`);
    await new Promise((resolve) => setTimeout(resolve, interval));
    last = await read();
  }
  return last;
}

/**
 * The text on kernel `kernel`'s terminal screen, one line per line the kernel wrote, trailing
 * blanks trimmed: a row as wide as the terminal (its data-cols) was wrapped, and goes on in the
 * next row. (The screen drops a row's trailing blanks, so a row one short of the width is taken
 * as wrapped at a blank.)
 */
export async function readTty(page: Page, kernel: number): Promise<string> {
  const tty = page.getByTestId(`tty-${kernel}`);
  const cols = Number((await tty.getAttribute('data-cols')) ?? 0);
  const rows = tty.locator('.xterm-rows > div');
  const lines = await rows.evaluateAll((divs) => divs.map((d) => d.textContent.replace(/\s+$/, '')));
  let text = '';
  for (const line of lines) {
    text += line;
    text += cols > 0 && line.length === cols ? '' : cols > 0 && line.length === cols - 1 ? ' ' : '\n';
  }
  return text.replace(/\s+$/, '');
}

/** Waits until kernel `kernel`'s terminal shows `text` (a string or a pattern). */
export async function waitForTty(
  page: Page,
  kernel: number,
  text: string | RegExp,
  timeout = 1.5 * soon(),
): Promise<string> {
  return pollFor(
    () => readTty(page, kernel),
    (screen) => (typeof text === 'string' ? screen.includes(text) : text.test(screen)),
    { timeout, message: `terminal ${kernel} shows ${String(text)}` },
  );
}

/** Focuses kernel `kernel`'s terminal and types `text` as keystrokes ("\r" presses Enter). */
export async function typeInTty(page: Page, kernel: number, text: string): Promise<void> {
  await page.getByTestId(`tty-${kernel}`).click();
  for (const part of text.split(/(\r)/)) {
    if (part === '\r') await page.keyboard.press('Enter');
    else if (part) await page.keyboard.type(part);
  }
}

/** The machine's epoch counter, as shown. */
export async function readEpoch(page: Page): Promise<number> {
  return Number((await page.getByTestId('epoch').textContent()) ?? 'NaN');
}

/**
 * Waits until the default scenario has typed its own commands (ps at 3 ms, more at 6 ms of
 * virtual time), so that the screen shows them before what a test types (which would otherwise
 * stop the scenario's typing into that terminal).
 */
export async function afterScenarioTyping(page: Page): Promise<void> {
  await pollFor(
    () => readEpoch(page),
    (e) => e >= 80,
    { timeout: 1.5 * soon(), message: 'epoch 80 (the scenario has typed its commands)' },
  );
}

/** The virtual clock, as shown (ms). */
export async function readClock(page: Page): Promise<string> {
  return (await page.getByTestId('clock').textContent()) ?? '';
}

/** Pauses the machine and waits until it has settled; returns the epoch it stopped at. */
export async function pause(page: Page): Promise<number> {
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('run-state')).toHaveText('Paused');
  return readEpoch(page);
}

/** Clicks Share and returns the link it made (copied, or shown to copy by hand). */
export async function shareLink(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Share' }).click();
  const copied = page.getByTestId('share-status');
  const manual = page.getByTestId('share-url');
  await expect(copied.or(manual)).toBeVisible();
  const url = (await copied.isVisible()) ? await copied.getAttribute('data-url') : await manual.inputValue();
  expect(url).toMatch(/#z=[A-Za-z0-9_-]+=?$/);
  return url ?? '';
}
