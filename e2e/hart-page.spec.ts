// The first page: it is cross-origin isolated, boots a hart that runs, and obeys Pause, Step
// and Reset; without the isolation headers it explains why it cannot run.
import { expect, test } from '@playwright/test';
import { openPlayground, pollFor, readCurrentInstruction, readInstret, readPc } from './helpers';

test.describe('hart page', () => {
  test('is cross-origin isolated, so SharedArrayBuffer exists', async ({ page }) => {
    await openPlayground(page);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    expect(await page.evaluate(() => typeof SharedArrayBuffer)).toBe('function');
  });

  test('boots the hart running: retired instructions increase', async ({ page }) => {
    await openPlayground(page);
    await expect(page.getByTestId('run-state')).toHaveText('Running');
    const first = await pollFor(
      () => readInstret(page),
      (n) => n > 0n,
      { message: 'instret > 0' },
    );
    await pollFor(
      () => readInstret(page),
      (n) => n > first + 1_000_000n,
      { message: 'instret grows' },
    );
    await expect(page.getByTestId('mips')).toHaveText(/^\d+(\.\d)? MIPS$/);
    await expect(page.getByTestId('registers')).toContainText('a0');
  });

  test('Pause stops the count', async ({ page }) => {
    await openPlayground(page);
    await pollFor(
      () => readInstret(page),
      (n) => n > 0n,
      { message: 'instret > 0' },
    );
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect(page.getByTestId('run-state')).toHaveText('Paused');
    const paused = await readInstret(page);
    await page.waitForTimeout(500);
    expect(await readInstret(page)).toBe(paused);
    await expect(page.getByRole('button', { name: 'Run' })).toBeEnabled();
  });

  test('Step retires exactly one instruction and moves pc and the disassembly', async ({ page }) => {
    await openPlayground(page);
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect(page.getByTestId('run-state')).toHaveText('Paused');
    for (let i = 0; i < 3; i++) {
      const before = await readInstret(page);
      const pc = await readPc(page);
      const insn = await readCurrentInstruction(page);
      await page.getByRole('button', { name: 'Step' }).click();
      await pollFor(
        () => readInstret(page),
        (n) => n === before + 1n,
        { message: `instret = ${before + 1n}` },
      );
      expect(await readPc(page)).not.toBe(pc);
      expect(await readCurrentInstruction(page)).not.toBe(insn);
    }
  });

  test('Reset returns to the entry point with nothing retired', async ({ page }) => {
    await openPlayground(page);
    await page.getByRole('button', { name: 'Reset' }).click();
    await expect(page.getByTestId('run-state')).toHaveText('Paused');
    await expect(page.getByTestId('instret')).toHaveText('0');
    await expect(page.getByTestId('pc')).toHaveText('0x00001000');
    await expect.poll(() => readCurrentInstruction(page)).toMatch(/^▶ 1000 00000413 addi s0,zero,0$/);
  });

  test('without the isolation headers, explains why it cannot run', async ({ page }) => {
    await page.route('**/*', async (route) => {
      const response = await route.fetch();
      const headers = { ...response.headers() };
      delete headers['cross-origin-opener-policy'];
      delete headers['cross-origin-embedder-policy'];
      await route.fulfill({ response, headers });
    });
    await openPlayground(page);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
    await expect(page.getByRole('alert')).toContainText('cross-origin isolated');
  });
});
