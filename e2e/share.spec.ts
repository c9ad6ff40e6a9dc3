// Share links: a broken link says why and boots the default scenario; a shared link replays the
// run it was taken from, typing included, to the epoch it was shared at, where it pauses with the
// same screen and the same trace hash.
import { expect, test } from '@playwright/test';
import { afterScenarioTyping, openPlayground, pause, readTty, shareLink, typeInTty, waitForTty } from './helpers';

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
    await pause(page);
    const url = await shareLink(page);
    const screen = await readTty(page, 0);

    const fresh = await browser.newContext();
    const replay = await fresh.newPage();
    try {
      await openPlayground(replay, url);
      await expect(replay.getByTestId('broken-link')).toHaveCount(0);
      const shared = replay.getByTestId('shared-run');
      await expect(shared).toHaveAttribute('data-state', 'same', { timeout: 30_000 });
      await expect(replay.getByTestId('run-state')).toHaveText('Paused');
      await waitForTty(replay, 0, /^shared-run$/m);
      expect(await readTty(replay, 0)).toBe(screen);
    } finally {
      await fresh.close();
    }
  });
});
