// Migrating from the UI: a thread moved with its menu in the threads panel runs on the other
// kernel, and a share link taken afterwards replays the move to the same trace hash.
import { expect, test } from '@playwright/test';
import { afterScenarioTyping, openPlayground, pause, shareLink, typeInTty, waitForTty } from './helpers';

test.describe('migration from the UI', () => {
  test('a thread moved with its menu runs on the other kernel, and a share link replays it', async ({
    page,
    context,
    browser,
  }) => {
    test.setTimeout(120_000); // two pages, the second replaying the first's run
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await openPlayground(page);
    await afterScenarioTyping(page);
    await waitForTty(page, 0, /popcorn0:\/\$$/);
    await page.getByRole('button', { name: '100 ms/s' }).click();
    await typeInTty(page, 0, 'primes 30000000\r');
    const row = page.getByTestId('threads').locator('tr', { hasText: 'primes' });
    await expect(row).toHaveAttribute('data-kernel', '0');
    const label = (await row.getByRole('button').textContent()) ?? '';
    await row.getByRole('combobox').selectOption('1');
    await expect(page.getByTestId('threads-said')).toContainText(`move thread ${label} (primes) to kernel 1`);
    await expect(row).toHaveAttribute('data-kernel', '1', { timeout: 10_000 });
    await expect(row).toContainText('(from k0)');

    await pause(page);
    const url = await shareLink(page);
    const fresh = await browser.newContext();
    const replay = await fresh.newPage();
    try {
      await openPlayground(replay, url);
      await expect(replay.getByTestId('shared-run')).toHaveAttribute('data-state', 'same', { timeout: 30_000 });
      const moved = replay.getByTestId('threads').locator('tr', { hasText: 'primes' });
      await expect(moved).toHaveAttribute('data-kernel', '1');
    } finally {
      await fresh.close();
    }
  });
});
