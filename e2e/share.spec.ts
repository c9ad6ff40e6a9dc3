// Share links: a broken link says why and boots the default scenario; a shared link replays the
// run it was taken from, typing included, to the same screen at the same epoch.
import { expect, test, type Page } from '@playwright/test';
import { afterScenarioTyping, openPlayground, pollFor, readEpoch, readTty, typeInTty, waitForTty } from './helpers';

/** Pauses the machine and waits until it has settled; returns the epoch it stopped at. */
async function pause(page: Page): Promise<number> {
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('run-state')).toHaveText('Paused');
  return readEpoch(page);
}

/** Runs the machine on `page` to exactly epoch `target`: runs to near it, pauses, then steps. */
async function runTo(page: Page, target: number): Promise<void> {
  await pollFor(
    () => readEpoch(page),
    (e) => e >= target - 40,
    { timeout: 20_000, message: `epoch ${target - 40}` },
  );
  const paused = await pause(page);
  expect(paused, 'paused before the target epoch').toBeLessThanOrEqual(target);
  for (let e = paused + 1; e <= target; e++) {
    await page.getByRole('button', { name: 'Step' }).click();
    await expect(page.getByTestId('epoch')).toHaveText(String(e));
  }
}

test.describe('share links', () => {
  test('a broken link says why and shows the default scenario', async ({ page }) => {
    await openPlayground(page, '/#s=garbage');
    const notice = page.getByTestId('broken-link');
    await expect(notice).toContainText('This link is broken: ');
    await expect(notice).toContainText('Showing the default scenario instead.');
    await waitForTty(page, 0, 'popcorn0:/$');
    await waitForTty(page, 1, 'popcorn1:/$');
    await expect(page.getByTestId('run-state')).toHaveText('Running');
  });

  test('a good page shows no broken-link message', async ({ page }) => {
    await openPlayground(page);
    await waitForTty(page, 0, 'popcorn0:/$');
    await expect(page.getByTestId('broken-link')).toHaveCount(0);
  });

  test('a shared link replays the run, typing included, to the same screen', async ({ page, context, browser }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await openPlayground(page);
    await afterScenarioTyping(page);
    await waitForTty(page, 0, /popcorn0:\/\$$/);
    await typeInTty(page, 0, 'echo shared-run\r');
    await waitForTty(page, 0, /^shared-run$/m);
    const epoch = await pause(page);
    await page.waitForTimeout(200); // the workers' reports of what was typed arrive
    await page.getByRole('button', { name: 'Share' }).click();
    const copied = page.getByTestId('share-status');
    const manual = page.getByTestId('share-url');
    await expect(copied.or(manual)).toBeVisible();
    const url = (await copied.isVisible()) ? await copied.getAttribute('data-url') : await manual.inputValue();
    expect(url).toMatch(/#s=[A-Za-z0-9_-]+$/);
    const screen = await readTty(page, 0);

    const fresh = await browser.newContext();
    const replay = await fresh.newPage();
    try {
      await openPlayground(replay, url ?? '');
      await expect(replay.getByTestId('broken-link')).toHaveCount(0);
      await runTo(replay, epoch);
      await waitForTty(replay, 0, /^shared-run$/m);
      expect(await readTty(replay, 0)).toBe(screen);
    } finally {
      await fresh.close();
    }
  });
});
