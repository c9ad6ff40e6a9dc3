// Migrating from the UI: the default scenario's demo (busy, on kernel 1) moved with its menu
// in the threads panel runs on kernel 0, and dragged back onto kernel 1 it goes home; the
// timeline draws the moves and the pages view shows its pages at the kernel it moved to; a
// share link taken afterwards replays the moves to the same trace hash.
import { expect, test, type Page } from '@playwright/test';
import { openPlayground, pause, pollFor, shareLink, soon } from './helpers';

function demoRow(page: Page) {
  return page.getByTestId('threads').locator('tr', { hasText: 'busy' });
}

test.describe('migration from the UI', { tag: '@core' }, () => {
  test('the demo moved with its menu and dragged back shows in the timeline, and a share link replays it', async ({
    page,
    context,
    browser,
  }) => {
    test.setTimeout(4 * test.info().timeout); // two pages, the second replaying the first's run
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await openPlayground(page);
    const row = demoRow(page);
    await expect(row).toHaveAttribute('data-kernel', '1', { timeout: 1.5 * soon() }); // once booted
    await expect(page.getByTestId('guided-hint')).toContainText('Try a migration');
    const label = (await row.getByRole('button').textContent()) ?? '';

    await row.getByRole('combobox').selectOption('0');
    await expect(row).toHaveAttribute('data-kernel', '0');
    // the panel followed the request to its end
    await expect(page.getByTestId('threads-said')).toHaveText(`Moved: thread ${label} (busy) now runs on kernel 0.`);
    await expect(row).toContainText('(from k1)');
    await expect(page.getByTestId('guided-hint')).toContainText('It moved');
    const timeline = page.getByTestId('timeline');
    await pollFor(
      async () => Number(await timeline.getAttribute('data-migrations')),
      (n) => n >= 1,
      { message: 'the timeline shows the migration' },
    );
    // the pages view turns to the process that now spans two kernels: kernel 0 holds its pages
    const pages = page.getByTestId('pages-view');
    const pid = label.split('·')[0] ?? '';
    await expect(pages).toHaveAttribute('data-pid', pid);
    await pollFor(
      async () => Number(await pages.getAttribute('data-remote')),
      (n) => n > 0,
      { message: 'the pages view shows pages away from home' },
    );

    // by its command cell (a drag cannot start on the row's button or menu), with the panel in
    // sight as a reader would have it: the narration came into view when the move began, which
    // can leave the kernel chips above the window, and a drag cannot scroll to its target
    await page.getByTestId('threads').evaluate((panel) => {
      panel.scrollIntoView({ block: 'center' });
    });
    await row.getByRole('cell').nth(1).dragTo(page.getByTestId('drop-kernel-1'));
    await expect(row).toHaveAttribute('data-kernel', '1');
    await expect(page.getByTestId('threads-said')).toHaveText(`Moved: thread ${label} (busy) now runs on kernel 1.`);
    await expect(page.getByTestId('guided-hint')).toContainText('It came home');
    await pollFor(
      async () => Number(await timeline.getAttribute('data-migrations')),
      (n) => n >= 2,
      { message: 'the timeline shows the way back' },
    );

    await pause(page);
    const url = await shareLink(page);
    const fresh = await browser.newContext();
    const replay = await fresh.newPage();
    try {
      await openPlayground(replay, url);
      await expect(replay.getByTestId('shared-run')).toHaveAttribute('data-state', 'same', { timeout: 6 * soon() });
      await expect(replay.getByTestId('guided-hint')).toHaveCount(0); // a shared run tells its own story
      const hash = await page.getByTestId('trace-hash').getAttribute('data-hash');
      await expect(replay.getByTestId('trace-hash')).toHaveAttribute('data-hash', hash ?? '');
    } finally {
      await fresh.close();
    }
  });
});
