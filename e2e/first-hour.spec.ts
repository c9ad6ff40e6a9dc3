// What a new user meets in the first hour: the lede says what machine runs, a broken link's
// message can be closed and leaves the address bar, a migration asked for a blocked thread says
// what it waits for, and every view names a hart by the machine's number.
import { expect, test } from '@playwright/test';
import { encodeScenarioUrl } from '../engine/machine/scenario-url';
import { openPlayground, pollFor, waitForTty } from './helpers';

test.describe('first hour', () => {
  test('the lede describes the machine that runs', async ({ page }) => {
    await openPlayground(page);
    await expect(page.getByTestId('lede')).toHaveText(
      /^Two Linux-compatible kernels share one emulated four-core RISC-V machine, .*; type into either shell below\.$/,
    );
    await openPlayground(page, `/${await encodeScenarioUrl({ version: 1, machine: { preset: 'kernel-per-hart' } })}`);
    await expect(page.getByTestId('lede')).toHaveText(
      /^Four Linux-compatible kernels share one emulated four-core RISC-V machine, .*; type into any shell below\.$/,
    );
  });

  test('a broken link leaves the address bar, and its message closes without a reboot', async ({ page }) => {
    await openPlayground(page, '/#s=garbage');
    const notice = page.getByTestId('broken-link');
    await expect(notice).toContainText('This link is broken: ');
    await pollFor(
      () => Promise.resolve(page.url()),
      (url) => !url.includes('#s='),
      { message: 'the broken #s= is gone from the address bar' },
    );
    await waitForTty(page, 0, 'popcorn0:/$');
    await notice.getByRole('button', { name: 'dismiss this message' }).click();
    await expect(notice).toHaveCount(0);
    await waitForTty(page, 0, 'popcorn0:/$'); // the same machine: its terminal kept its screen
    await expect(page.getByTestId('run-state')).toHaveText('Running');
  });

  test('a migration asked for a blocked thread says what it waits for', async ({ page }) => {
    await openPlayground(page);
    const init = page.getByTestId('thread-1'); // kernel 0's init, blocked in wait4 for its shell
    await expect(init).toContainText('blocked in wait4', { timeout: 15_000 });
    await init.getByRole('combobox').selectOption('1');
    const said = page.getByTestId('threads-said');
    await expect(said).toHaveText(
      'Waiting: init (1·1) is blocked in wait4 on kernel 0; it moves to kernel 1 when it next runs.',
    );
    await expect(init).toHaveAttribute('data-moving-to', '1');
    await expect(init).toContainText('→ k1');
    await page.waitForTimeout(1500);
    await expect(said).toHaveAttribute('data-kind', 'waiting'); // still waiting, and saying so
    await expect(init).toHaveAttribute('data-kernel', '0');
  });

  test('the threads panel, the machine view and the inspector name the same hart', async ({ page }) => {
    await openPlayground(page);
    const row = page.getByTestId('threads').locator('tr', { hasText: 'busy' });
    await expect(row).toHaveAttribute('data-kernel', '1', { timeout: 15_000 });
    const tid = Number(((await row.getAttribute('data-testid')) ?? '').replace('thread-', ''));
    await row.getByRole('button').click(); // inspect it
    // busy shares kernel 1's harts 2 and 3 with what the scenario starts there: read until the
    // views agree on one reading
    await pollFor(
      async () => {
        const runsOn = (await row.locator('.runs-on').textContent()) ?? '';
        const hart = /^k1 h(\d+)$/.exec(runsOn)?.[1];
        if (hart === undefined) return `runs on "${runsOn}"`;
        const tile = (await page.getByTestId(`hart-${hart}-thread`).textContent()) ?? '';
        const where = (await page.locator('.inspector-where').textContent()) ?? '';
        return tile.endsWith(`tid ${tid}`) && where.includes(`hart ${hart} of kernel 1`)
          ? 'agree'
          : `${runsOn} / ${tile} / ${where}`;
      },
      (v) => v === 'agree',
      { timeout: 15_000, message: 'the views name the same hart for busy' },
    );
  });
});
