// The playground page: cross-origin isolated, both kernels boot to a shell prompt in their own
// terminals, typing runs commands, the controls and shortcuts pace the virtual clock, the
// machine view follows what the harts run, and no failure leaves the page blank.
import { expect, test } from '@playwright/test';
import {
  afterScenarioTyping,
  openPlayground,
  pause,
  pollFor,
  readEpoch,
  readTty,
  soon,
  typeInTty,
  waitForTty,
} from './helpers';

test.describe('playground', () => {
  test('is cross-origin isolated, so SharedArrayBuffer exists', { tag: '@core' }, async ({ page }) => {
    await openPlayground(page);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    expect(await page.evaluate(() => typeof SharedArrayBuffer)).toBe('function');
  });

  test(
    'the page boots one machine: one worker per kernel, none started in vain',
    { tag: '@core' },
    async ({ page }) => {
      // React's StrictMode (the dev server) runs the booting effect twice: the first run must
      // not boot a machine of its own
      await page.addInitScript(() => {
        const counts = { started: 0, ended: 0 };
        Object.assign(window, { workerCounts: counts });
        window.Worker = class extends window.Worker {
          constructor(url: string | URL, options?: WorkerOptions) {
            super(url, options);
            counts.started++;
          }
          override terminate(): void {
            counts.ended++;
            super.terminate();
          }
        };
      });
      await openPlayground(page);
      await waitForTty(page, 1, 'popcorn1:/$');
      const counts = await page.evaluate(() => (window as unknown as { workerCounts: unknown }).workerCounts);
      expect(counts).toEqual({ started: 2, ended: 0 });
    },
  );

  test('every kernel boots to a shell prompt in its own terminal', { tag: '@core' }, async ({ page }) => {
    await openPlayground(page);
    await expect(page.getByRole('heading', { name: 'kernel 0 · harts 0,1' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'kernel 1 · harts 2,3' })).toBeVisible();
    await waitForTty(page, 0, 'popcorn0:/$');
    await waitForTty(page, 1, 'popcorn1:/$');
    await expect(page.getByTestId('kernel-status-0')).toHaveText('up');
    await expect(page.getByTestId('kernel-status-1')).toHaveText('up');
    await expect(page.getByTestId('run-state')).toHaveText('Running');
  });

  test(
    'a command typed into kernel 0 runs, and typing does not trigger the shortcuts',
    { tag: '@core' },
    async ({ page }) => {
      await openPlayground(page);
      await afterScenarioTyping(page);
      await waitForTty(page, 0, /popcorn0:\/\$$/);
      await typeInTty(page, 0, 'echo hello-e2e . done\r');
      await waitForTty(page, 0, /^hello-e2e \. done$/m);
      await expect(page.getByTestId('run-state')).toHaveText('Running'); // space and "." went to the shell
    },
  );

  test('Pause stops the virtual clock and Step advances it by one epoch', async ({ page }) => {
    await openPlayground(page);
    await waitForTty(page, 0, 'popcorn0:/$');
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect(page.getByTestId('run-state')).toHaveText('Paused');
    const paused = await readEpoch(page);
    const clock = await page.getByTestId('clock').textContent();
    await page.waitForTimeout(500);
    expect(await readEpoch(page)).toBe(paused);
    await expect(page.getByTestId('clock')).toHaveText(clock ?? '');
    for (let i = 1; i <= 3; i++) {
      await page.getByRole('button', { name: 'Step' }).click();
      await expect(page.getByTestId('epoch')).toHaveText(String(paused + i));
    }
    await page.waitForTimeout(300);
    expect(await readEpoch(page)).toBe(paused + 3);
    await page.getByRole('button', { name: 'Run' }).click();
    await expect(page.getByTestId('run-state')).toHaveText('Running');
    await pollFor(
      () => readEpoch(page),
      (e) => e > paused + 10,
      { message: 'the clock runs again' },
    );
  });

  test('Next message runs to the epoch in which a kernel is delivered a message, and pauses there', async ({
    page,
  }) => {
    await openPlayground(page);
    await waitForTty(page, 0, 'popcorn0:/$');
    /** Messages delivered machine-wide, as the terminals' title bars count them ("msgs N out, M in"). */
    const delivered = async () => {
      const bars = await page.getByLabel('kernel counters').allTextContents();
      return bars.reduce((n, bar) => n + Number(/msgs \d+ out, (\d+) in/.exec(bar)?.[1] ?? NaN), 0);
    };
    await pause(page);
    for (let i = 0; i < 2; i++) {
      const epoch = await readEpoch(page);
      const before = await delivered();
      await page.getByRole('button', { name: 'Next message' }).click();
      await expect(page.getByTestId('run-state')).toHaveText('Paused');
      await pollFor(delivered, (n) => n > before, { message: 'a message was delivered' });
      expect(await readEpoch(page)).toBeGreaterThan(epoch);
      // what is still in flight is listed, in delivery order, or said to be nothing
      await expect(page.getByTestId('in-flight')).toContainText(/In flight, in the order|No message is in flight/);
      // and it stays there
      const at = await readEpoch(page);
      await page.waitForTimeout(300);
      expect(await readEpoch(page)).toBe(at);
    }
    await page.getByRole('heading', { level: 1 }).click(); // focus out of any terminal
    const before = await readEpoch(page);
    await page.keyboard.press('m');
    await pollFor(
      () => readEpoch(page),
      (e) => e > before,
      { message: '"m" steps to the next message' },
    );
    await expect(page.getByTestId('run-state')).toHaveText('Paused');
  });

  test('space runs and pauses, "." steps, outside the terminals', async ({ page }) => {
    await openPlayground(page);
    await waitForTty(page, 0, 'popcorn0:/$');
    await page.getByRole('heading', { level: 1 }).click(); // focus out of any terminal
    await page.keyboard.press(' ');
    await expect(page.getByTestId('run-state')).toHaveText('Paused');
    const paused = await readEpoch(page);
    await page.keyboard.press('.');
    await expect(page.getByTestId('epoch')).toHaveText(String(paused + 1));
    await page.keyboard.press(' ');
    await expect(page.getByTestId('run-state')).toHaveText('Running');
  });

  test('the speed buttons change how fast virtual time runs', async ({ page }) => {
    await openPlayground(page);
    await waitForTty(page, 0, 'popcorn0:/$');
    await page.getByRole('button', { name: '1 ms/s' }).click();
    await expect(page.getByRole('button', { name: '1 ms/s' })).toHaveAttribute('aria-pressed', 'true');
    const slow = await readEpoch(page);
    await page.waitForTimeout(1000);
    const slowGain = (await readEpoch(page)) - slow; // 10 epochs per second
    expect(slowGain).toBeGreaterThanOrEqual(5);
    expect(slowGain).toBeLessThanOrEqual(20);
    await page.getByRole('button', { name: 'max' }).click();
    const fast = await readEpoch(page);
    await page.waitForTimeout(1000);
    expect((await readEpoch(page)) - fast).toBeGreaterThan(100);
  });

  test('the machine view shows the threads a program runs on its kernel’s harts', async ({ page }) => {
    await openPlayground(page);
    await expect(page.getByTestId('numa-node-0')).toContainText('NUMA node 0');
    await expect(page.getByTestId('memory-map')).toContainText('messaging window');
    await expect(page.getByTestId('memory-map')).toContainText('kernel 1');
    await afterScenarioTyping(page);
    await typeInTty(page, 1, 'mt 2 50000000\r');
    await expect(page.getByTestId('hart-2-thread')).toHaveText(/^pid \d+ · tid \d+$/);
    await expect(page.getByTestId('hart-3-thread')).toHaveText(/^pid \d+ · tid \d+$/);
    await expect(page.getByTestId('hart-0-thread')).toHaveText('idle');
    // clicking a busy hart inspects its thread
    await page.getByTestId('hart-2').click();
    await expect(page.getByTestId('inspector')).toHaveAttribute('data-kind', 'thread');
    await expect(page.getByTestId('inspector-pc')).toContainText('0x');
    await typeInTty(page, 1, ''); // back to the terminal
    await page.keyboard.press('Control+C'); // ^C from the terminal ends it
    // then one of kernel 1's harts has nothing to run (the other runs the demo, busy)
    await pollFor(
      async () => [
        await page.getByTestId('hart-2-thread').textContent(),
        await page.getByTestId('hart-3-thread').textContent(),
      ],
      (harts) => harts.includes('idle'),
      { message: 'a hart of kernel 1 goes idle' },
    );
  });

  test('a migration started from a terminal shows on kernel 1’s harts, in the timeline and in the pages view', async ({
    page,
  }) => {
    await openPlayground(page);
    await afterScenarioTyping(page);
    await waitForTty(page, 0, /popcorn0:\/\$$/);
    await typeInTty(page, 0, 'mt -s 2 300000\r'); // thread 1 moves to kernel 1
    await waitForTty(page, 0, 'mt: spreading over kernels 0,1');
    // kernel 0 hands out odd pids, kernel 1 even ones: an odd pid on hart 2 or 3 came from kernel 0
    const fromKernel0 = /^pid (\d*[13579]) · tid \d+$/;
    const text = await pollFor(
      async () =>
        `${await page.getByTestId('hart-2-thread').textContent()}|${await page.getByTestId('hart-3-thread').textContent()}`,
      (both) => both.split('|').some((t) => fromKernel0.test(t)),
      { timeout: 1.5 * soon(), message: 'a hart of kernel 1 runs a thread of kernel 0’s process' },
    );
    expect(text).toMatch(/pid \d*[13579]/);
    const pid = text.split('|').flatMap((t) => fromKernel0.exec(t)?.[1] ?? [])[0] ?? '';
    // the timeline draws the move, and the pages view (which turns to the process spanning two
    // kernels) shows pages of mt held by kernel 1
    await pollFor(
      async () => Number(await page.getByTestId('timeline').getAttribute('data-migrations')),
      (n) => n >= 1,
      { message: 'the timeline shows the migration' },
    );
    const pages = page.getByTestId('pages-view');
    await page.getByTestId('pages-process').selectOption(pid);
    await expect(pages).toHaveAttribute('data-pid', pid);
    await pollFor(
      async () => Number(await pages.getAttribute('data-remote')),
      (n) => n > 0,
      { message: 'the pages view shows pages held by kernel 1' },
    );
    await waitForTty(page, 0, /mt: thread 1 did 300000 on kernel 1/, 60_000);
    await waitForTty(page, 0, /total 600000, expected 600000: ok/, 60_000);
  });

  test('Reset asks before it throws typing away, then reboots every kernel', { tag: '@core' }, async ({ page }) => {
    await openPlayground(page);
    await afterScenarioTyping(page);
    await waitForTty(page, 0, /popcorn0:\/\$$/);
    await typeInTty(page, 0, 'echo before-reset\r');
    await waitForTty(page, 0, /^before-reset$/m);
    await pollFor(
      () => readEpoch(page),
      (e) => e > 150,
      { message: 'the clock is past epoch 150' },
    );
    const reset = page.getByRole('button', { name: 'Reset' });
    await reset.click();
    const confirm = page.getByRole('dialog', { name: 'Reset this run?' });
    await expect(confirm).toContainText('without what was typed into the terminals');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect(confirm).toBeHidden();
    await expect(reset).toBeFocused();
    expect(await readEpoch(page), 'Cancel kept the run').toBeGreaterThan(150);
    await waitForTty(page, 0, /^before-reset$/m);

    await reset.click();
    await confirm.getByRole('button', { name: 'Reset' }).click();
    await pollFor(
      () => readEpoch(page),
      (e) => e < 100,
      { message: 'the clock starts over' },
    );
    await waitForTty(page, 0, 'popcorn0:/$');
    await waitForTty(page, 1, 'popcorn1:/$');
    expect(await readTty(page, 0)).not.toContain('before-reset');
  });

  test('Reset of a run nobody typed into reboots at once', async ({ page }) => {
    await openPlayground(page);
    await waitForTty(page, 0, 'popcorn0:/$');
    await pollFor(
      () => readEpoch(page),
      (e) => e > 150,
      { message: 'the clock is past epoch 150' },
    );
    await page.getByRole('button', { name: 'Reset' }).click();
    await pollFor(
      () => readEpoch(page),
      (e) => e < 100,
      { message: 'the clock starts over' },
    );
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await waitForTty(page, 0, 'popcorn0:/$');
  });

  test('when the machine cannot boot, says so and offers to try again', async ({ page }) => {
    let fail = true;
    await page.route('**/*.wasm', async (route) => {
      if (fail) await route.fulfill({ status: 404, body: 'gone' });
      else await route.continue();
    });
    await openPlayground(page);
    await expect(page.getByRole('alert')).toContainText('The machine did not start');
    await expect(page.getByRole('alert')).toContainText('HTTP 404');
    fail = false;
    await page.getByRole('button', { name: 'Try again' }).click();
    await waitForTty(page, 0, 'popcorn0:/$');
  });

  test('a kernel whose worker dies is shown as failed, and the other runs on', async ({ page }) => {
    let workers = 0;
    await page.route('**/kernel-web-worker-*.js', async (route) => {
      workers++;
      if (workers === 1) {
        await route.continue();
        return;
      }
      const response = await route.fetch();
      await route.fulfill({ response, body: 'throw new Error("this worker is broken on purpose");' });
    });
    await page.goto('/'); // not openPlayground: the broken worker's error may reach the page
    await expect(page.getByTestId('kernel-status-1')).toHaveText('failed');
    await expect(page.getByRole('alert')).toContainText('This kernel failed and no longer runs');
    await afterScenarioTyping(page);
    await typeInTty(page, 0, 'echo still-here\r');
    await waitForTty(page, 0, /^still-here$/m);
  });
});
