// The messages view: its chart and its counters call every message by one name (Popcorn's,
// shortened on an arrow only where the full name does not fit, and then shown on hover), the
// legend says what solid and dashed arrows mean, and the counters, the kernels' own, add up:
// sent = delivered + in flight for every type.
import { expect, test, type Page } from '@playwright/test';
import { openPlayground, pollFor } from './helpers';

/**
 * The playground, once its messages view charts a few messages, paused: the chart and the
 * counters hold still while they are read.
 */
async function pausedWithMessages(page: Page) {
  await openPlayground(page);
  const view = page.getByTestId('messages-view');
  const arrows = view.getByTestId('message-arrow');
  await pollFor(
    () => arrows.count(),
    (n) => n >= 4,
    { timeout: 20_000, message: 'messages in the chart' },
  );
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('run-state')).toHaveText('Paused');
  return { view, arrows };
}

test.describe('messages view', () => {
  test('names each message alike in the chart and the counters, and explains dashed arrows', async ({ page }) => {
    test.setTimeout(120_000);
    const { view, arrows } = await pausedWithMessages(page);
    await page.waitForTimeout(500);
    await expect(view.getByTestId('message-chart-legend')).toContainText('in flight');
    await expect(view.getByTestId('message-chart-legend').locator('.dashed')).toHaveCount(1);

    const shown = await arrows.evaluateAll((gs) =>
      gs.map((g) => ({
        type: g.getAttribute('data-type') ?? '',
        label: g.querySelector('.arrow-label')?.textContent ?? '',
        hover: g.querySelector('title')?.textContent ?? '',
      })),
    );
    const rows = view.getByTestId('message-type-row');
    const counted = await rows.evaluateAll((trs) =>
      trs.map((tr) => ({
        type: tr.getAttribute('data-type') ?? '',
        cells: [...tr.querySelectorAll('td.num')].map((td) => Number(td.textContent)),
      })),
    );
    const names = new Set(counted.map((r) => r.type));
    for (const a of shown) {
      expect(names, `${a.type} is a row of the counters`).toContain(a.type);
      // hovering an arrow shows the full name first
      expect(a.hover.startsWith(`${a.type} #`), a.hover).toBe(true);
      // two kernels leave room for every full name on its arrow
      expect(a.label).toBe(a.type);
    }
    // sent = delivered + in flight, type by type
    for (const r of counted) {
      const [sent, delivered, inFlight] = r.cells;
      expect(sent, r.type).toBe((delivered ?? NaN) + (inFlight ?? NaN));
    }
  });

  test('shows a clicked message in the inspector: what it is for, and its fields decoded, paused too', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    const { view, arrows } = await pausedWithMessages(page);
    // the counters say what each type is for, as its service declares it
    const row = view.getByTestId('message-type-row').first();
    expect(await row.locator('td.mono').first().getAttribute('title')).toMatch(/\w+ \w+ \w+/);
    const arrow = arrows.last();
    const type = (await arrow.getAttribute('data-type')) ?? '';
    await arrow.dispatchEvent('click');
    const inspector = page.getByTestId('inspector-message');
    await expect(inspector.locator('h3').first()).toContainText(type);
    await expect(inspector.getByTestId('inspector-message-about')).not.toBeEmpty();
    // asked for while paused, the kernels that sent and received it publish its body
    await expect(inspector.getByTestId('inspector-message-body')).toHaveAttribute('data-state', /decoded|gone/);
    const state = await inspector.getByTestId('inspector-message-body').getAttribute('data-state');
    expect(state).toBe('decoded');
    const fields = inspector.getByTestId('message-field');
    const n = await fields.count();
    for (let i = 0; i < n; i++) {
      await expect(fields.nth(i).locator('.field-value')).not.toBeEmpty();
      await expect(fields.nth(i).locator('.field-doc')).not.toBeEmpty();
    }
  });
});
