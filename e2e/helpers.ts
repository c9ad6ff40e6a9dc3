// Helpers for the end-to-end tests: open the playground and wait for it, poll a value until it
// satisfies a condition, and read the hart demo's counters off the page.
import { expect, type Page } from '@playwright/test';

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
  { timeout = 10_000, interval = 50, message = 'condition' }: PollOptions = {},
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

/** The hart demo's "Instructions retired" counter. */
export async function readInstret(page: Page): Promise<bigint> {
  const text = await page.getByTestId('instret').textContent();
  return BigInt((text ?? '').replace(/[^0-9]/g, '') || '0');
}

/** The hart demo's pc, as shown. */
export async function readPc(page: Page): Promise<string> {
  return (await page.getByTestId('pc').textContent()) ?? '';
}

/** The disassembly of the instruction at pc, as shown. */
export async function readCurrentInstruction(page: Page): Promise<string> {
  return (await page.getByTestId('current-instruction').innerText()).replace(/\s+/g, ' ').trim();
}
