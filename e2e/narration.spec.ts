// Following what the reader caused, at 1366×768: the demo moved from the threads panel, the
// "what just happened" panel tells the migration in words and, without the reader scrolling,
// shows its TASK_MIGRATE marked in the exchange's chart with what the message is for; the
// sequence chart keeps the move and the messages it caused, the timeline holds the migration in
// view, the pages view lists the pages it moved, the inspector explains the message and its
// partner, until Release. Housekeeping hides in one click, and every view has its "?" note.
import { expect, test, type Page } from '@playwright/test';
import { openPlayground, pollFor, soon } from './helpers';

test.use({ viewport: { width: 1366, height: 768 } });

function demoRow(page: Page) {
  return page.getByTestId('threads').locator('tr', { hasText: 'busy' });
}

test.describe('narration', () => {
  test('a migration from the threads panel is told, marked and explained on screen, and the views follow it', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await openPlayground(page);
    const row = demoRow(page);
    await expect(row).toHaveAttribute('data-kernel', '1', { timeout: 1.5 * soon() });
    const label = (await row.getByRole('button').textContent()) ?? '';
    const [pid, tid] = label.split('·');

    await row.getByRole('combobox').selectOption('0');
    const panel = page.getByTestId('narration');
    await expect(panel).toHaveAttribute('data-state', 'following');

    // on screen where the reader is, without scrolling: the sentence, the marked message, what it is for
    const sentence = panel.getByTestId('narration-sentence');
    await expect(sentence).toHaveAttribute('data-root', 'TASK_MIGRATE');
    await expect(sentence).toHaveText(
      new RegExp(
        `^Thread ${tid} of pid ${pid} moved from kernel 1 to kernel 0: kernel 1 sent its registers, signal actions and VMAs \\(TASK_MIGRATE\\) .* answered TASK_PAIRING; .*; 2 messages, \\d+\\.\\d µs\\.$`,
      ),
    );
    await expect(sentence).toBeInViewport();
    const marked = panel.locator('[data-testid="narration-arrow"][data-type="TASK_MIGRATE"]');
    await expect(marked).toHaveAttribute('data-marked', 'yes');
    await expect(marked).toBeInViewport();
    const step = panel.locator('[data-testid="narration-step"][data-type="TASK_MIGRATE"]');
    await expect(step).toContainText('A thread leaves its origin for this kernel');
    await expect(step).toContainText('answered by TASK_PAIRING');
    await expect(step).toBeInViewport();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);

    // the sequence chart keeps the move, marked, among the messages it caused
    const chart = page.getByTestId('message-chart');
    await expect(page.getByTestId('message-chart-lock')).toContainText(`thread ${label} (busy)`);
    const root = chart.locator('[data-testid="message-arrow"][data-followed="root"]');
    await expect(root).toHaveAttribute('data-type', 'TASK_MIGRATE');
    await pollFor(
      () =>
        chart.locator('[data-testid="message-arrow"][data-type="REMOTE_PAGE_REQUEST"][data-followed="caused"]').count(),
      (n) => n >= 2,
      { message: 'the page requests the move caused, marked in the chart' },
    );
    // in sight once the reader scrolls to the chart: not scrolled away below the messages it caused
    await chart.scrollIntoViewIfNeeded();
    await expect(root).toBeInViewport();
    // the pages view lists the pages it moved
    await expect(page.getByTestId('pages-moved')).toContainText('0x');
    // the timeline holds the migration in view while the clock runs on (20 ms wide at 10 ms/s)
    const timeline = page.getByTestId('timeline');
    await expect(timeline).toHaveAttribute('data-following', 'false');
    await page.waitForTimeout(3000);
    expect(Number(await timeline.getAttribute('data-migrations-in-view'))).toBeGreaterThanOrEqual(1);
    await expect(panel.getByTestId('narration-sentence')).toHaveAttribute('data-root', 'TASK_MIGRATE');

    // the marked message explains itself in the inspector, with its partner a click away
    await marked.click();
    const inspector = page.getByTestId('inspector-message');
    await expect(inspector.locator('h3').first()).toContainText('TASK_MIGRATE');
    await expect(inspector.getByTestId('inspector-message-effect')).toContainText(`runs on kernel 0 now`);
    const partner = inspector.getByTestId('inspector-message-partner');
    await expect(partner).toContainText('Answered by TASK_PAIRING');
    await partner.getByRole('button').click();
    await expect(inspector.locator('h3').first()).toContainText('TASK_PAIRING');
    await expect(inspector.getByTestId('inspector-message-partner')).toContainText('It answers TASK_MIGRATE');

    // Release: the views show the latest again
    await panel.getByTestId('narration-release').click();
    await expect(panel).not.toHaveAttribute('data-state', 'following');
    await expect(page.getByTestId('message-chart-lock')).toHaveCount(0);
    await expect(timeline).toHaveAttribute('data-following', 'true');
  });

  test('housekeeping hides in one click in the chart and the counters, and every view has its note', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await openPlayground(page);
    const view = page.getByTestId('messages-view');
    const procList = view.locator('[data-testid="message-type-row"][data-type="PROC_LIST"]');
    await expect(procList).toHaveCount(1, { timeout: 20_000 });
    await view.getByTestId('messages-hide-housekeeping').check();
    await expect(procList).toHaveCount(0);
    await expect(view.locator('[data-testid="message-arrow"][data-type="PROC_LIST"]')).toHaveCount(0);
    await expect(view.locator('[data-testid="message-arrow"][data-type="NODE_INFO"]')).toHaveCount(0);
    // one switch: the narration panel's follows
    await expect(page.getByTestId('hide-housekeeping')).toBeChecked();
    await page.getByTestId('hide-housekeeping').uncheck();
    await expect(procList).toHaveCount(1);

    for (const v of ['narration', 'machine', 'threads', 'timeline', 'pages', 'messages', 'inspector']) {
      const note = page.getByTestId(`note-${v}`);
      await expect(note).toHaveCount(0);
      await page.getByTestId(`note-toggle-${v}`).click();
      await expect(note).toBeVisible();
      expect((await note.textContent())?.length, v).toBeGreaterThan(80);
    }
  });
});
