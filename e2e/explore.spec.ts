// Exploration: paused on a message with "Next message", the reader switches exploration on,
// holds a message in flight back a few epochs, and the run goes on to the next delivery; the
// kernels took and recorded it, the share link carries it, and the link replays the run to the
// same trace hash in a fresh browser.
import { expect, test } from '@playwright/test';
import { decodeScenarioUrl } from '../engine/machine/scenario-url';
import {
  afterScenarioTyping,
  openPlayground,
  pause,
  pollFor,
  readEpoch,
  shareLink,
  soon,
  typeInTty,
  waitForTty,
} from './helpers';

test.describe('exploration', () => {
  test('a message held back from the in-flight list is recorded, and its link replays the run', async ({
    page,
    context,
    browser,
  }) => {
    test.setTimeout(4 * test.info().timeout); // two pages, the second replaying the first's run
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await openPlayground(page);
    await afterScenarioTyping(page);
    await waitForTty(page, 0, /popcorn0:\/\$$/);
    // two threads on two kernels writing one page in turn: always a message in flight
    await typeInTty(page, 0, 'pingpong 300\r');
    await waitForTty(page, 0, /pingpong: main thread on kernel 0/);
    await pause(page);
    const list = page.getByTestId('in-flight');
    const first = list.locator('li').first();
    /** Next message, and waits until it paused after the epoch that delivered one. */
    const nextMessage = async () => {
      const before = await readEpoch(page);
      await page.getByRole('button', { name: 'Next message' }).click();
      await pollFor(
        () => readEpoch(page),
        (e) => e > before,
        { message: 'the machine moved on' },
      );
      await expect(page.getByTestId('run-state')).toHaveText('Paused');
      await expect(list).toBeVisible();
    };
    for (let i = 0; i < 20 && (await first.count()) === 0; i++) await nextMessage();
    await expect(first).toBeVisible();

    // off by default; on, it says it changes the run, and every message offers its choices
    const toggle = page.getByTestId('explore-toggle');
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
    await expect(first.getByRole('button')).toHaveCount(0);
    await toggle.focus();
    await page.keyboard.press('Enter'); // by keyboard
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('explore-note')).toContainText('Exploration changes this run');
    // the first message is next already: it cannot be delivered first, and says why
    await expect(first.getByRole('button', { name: /^Deliver .* first$/ })).toBeDisabled();
    await expect(first).toContainText('(next already)');

    const type = (await first.getAttribute('data-type')) ?? '';
    const from = Number(await first.getAttribute('data-from'));
    const to = Number(await first.getAttribute('data-to'));
    const seq = Number(await first.getAttribute('data-seq'));
    await page.getByTestId('explore-epochs').fill('3');
    await first
      .getByRole('button', { name: `Delay ${type} kernel ${from} → kernel ${to} (#${seq}) by 3 epochs` })
      .click();
    // the run went on to the next delivery, and the receiver took the delay
    await expect(list).toBeVisible(); // only once paused again
    const said = page.getByTestId('explore-said');
    await expect(said).toHaveAttribute('data-state', 'taken', { timeout: soon() });
    await expect(said).toHaveText(
      `You held back ${type} kernel ${from} → kernel ${to} (#${seq}) by 3 epochs. Taken, and recorded: Share replays it.`,
    );

    const url = await shareLink(page);
    const { scenario } = await decodeScenarioUrl(url.slice(url.indexOf('#')));
    expect(scenario.inputs).toContainEqual(expect.objectContaining({ kernel: to, delay: { from, seq, epochs: 3 } }));
    const fresh = await browser.newContext();
    const replay = await fresh.newPage();
    try {
      await openPlayground(replay, url);
      await expect(replay.getByTestId('shared-run')).toHaveAttribute('data-state', 'same', { timeout: 6 * soon() });
      const hash = await page.getByTestId('trace-hash').getAttribute('data-hash');
      await expect(replay.getByTestId('trace-hash')).toHaveAttribute('data-hash', hash ?? '');
    } finally {
      await fresh.close();
    }
  });
});
