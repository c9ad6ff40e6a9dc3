// Share links: a broken link (an old plain one or a compressed one) says why and boots the
// default scenario; an old plain link (#s=) still opens; a shared link replays the run it was
// taken from, typing included, to the epoch it was shared at, where it pauses with the same
// screen and the same trace hash.
import { expect, test } from '@playwright/test';
import { encodePlainScenarioUrl } from '../engine/machine/scenario-url';
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

  test('a garbled compressed link says it does not decompress', async ({ page }) => {
    await openPlayground(page, '/#z=eJyrVkrLz1eyUkpKLFKqBQA');
    await expect(page.getByTestId('broken-link')).toContainText(
      'This link is broken: its compressed scenario does not decompress (the link is cut short or garbled)',
    );
    await waitForTty(page, 0, 'popcorn0:/$');
  });

  test('a link made before links were compressed (#s=) still opens', async ({ page }) => {
    const old = encodePlainScenarioUrl({
      version: 1,
      name: 'an old link',
      machine: { preset: 'two-kernels' },
      inputs: [{ epoch: 30, kernel: 1, text: 'echo opened-old-link\r' }],
    });
    expect(old).toMatch(/^#s=/);
    await openPlayground(page, `/${old}`);
    await expect(page.getByTestId('broken-link')).toHaveCount(0);
    await waitForTty(page, 1, /^opened-old-link$/m);
  });

  test('a link whose scenario breaks a protocol on purpose says so, and which step it skips', async ({ page }) => {
    const faulty = {
      version: 1,
      name: 'stale copies',
      machine: { preset: 'two-kernels' },
      faults: ['skip-write-invalidation'],
    };
    await openPlayground(page, `/${encodePlainScenarioUrl(faulty)}`);
    const notice = page.getByTestId('faults-notice');
    await expect(notice).toContainText('This run breaks the protocols on purpose.');
    await expect(notice).toContainText('skip-write-invalidation: The origin grants a write without first invalidating');
    await waitForTty(page, 0, 'popcorn0:/$');
    await page.goto('/');
    await waitForTty(page, 0, 'popcorn0:/$');
    await expect(page.getByTestId('faults-notice')).toHaveCount(0);
  });

  test('a good page shows no broken-link message', async ({ page }) => {
    await openPlayground(page);
    await waitForTty(page, 0, 'popcorn0:/$');
    await expect(page.getByTestId('broken-link')).toHaveCount(0);
  });

  test('a shared link replays the run, typing included, to the same screen', async ({ page, context, browser }) => {
    test.setTimeout(120_000); // two pages, the second replaying the first's run
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
