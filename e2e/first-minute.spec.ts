// What a newcomer meets in the first minute: at a laptop's 1366×768 the default scenario's first
// screen tells the story (kernel 0's ps lists both kernels' processes with their KERN column,
// and the kernels themselves), and what a person types right after the first prompt reaches
// the shell as typed, never interleaved with the scenario's own typing. Nothing that appears
// later (the guided hint, once the demo runs) moves the terminals from under a person's pointer.
import { expect, test } from '@playwright/test';
import { afterScenarioTyping, openPlayground, readEpoch, readTty, soon, waitForTty } from './helpers';

test.describe('the first minute', { tag: '@core' }, () => {
  test('at 1366×768 kernel 0’s terminal shows ps across both kernels, and the kernels', async ({ page }) => {
    await page.setViewportSize({ width: 1366, height: 768 });
    await openPlayground(page);
    await afterScenarioTyping(page);
    await waitForTty(page, 0, /popcorn0:\/\$ cat \/proc\/popcorn\/nodes\n[^]*\npopcorn0:\/\$$/);
    const screen = await readTty(page, 0); // the rows on screen, not the scrollback
    expect(screen).toMatch(/^popcorn0:\/\$ ps$/m);
    expect(screen).toMatch(/^ +PID +PPID KERN STAT/m);
    expect(screen, 'kernel 1’s demo, listed by kernel 0').toMatch(/^ +\d+ +\d+ +1 +\S+ +[\d:]+ busy$/m);
    expect(screen).toMatch(/^0 +online +riscv64 +0-1 /m);
    expect(screen).toMatch(/^1 +online +riscv64 +2-3 /m);
  });

  test('the terminals stay where they first showed while the demo starts and the hint tells of it', async ({
    page,
  }) => {
    await page.goto('/');
    // every frame from the page's start: where kernel 0's terminal is, each time it is somewhere new
    const places = page.evaluate(
      () =>
        new Promise<string[]>((resolve) => {
          const seen: string[] = [];
          const look = () => {
            const box = document.querySelector('[data-testid="tty-0"]')?.getBoundingClientRect();
            const place = box && `${String(Math.round(box.x))},${String(Math.round(box.y))}`;
            if (place && seen.at(-1) !== place) seen.push(place);
            const running = document.querySelector('[data-testid="guided-hint"]')?.textContent.includes('runs a demo');
            // until the terminal has shown (the hint may tell of the demo before its code is here)
            if (running && place) resolve(seen);
            else requestAnimationFrame(look);
          };
          requestAnimationFrame(look);
        }),
    );
    expect(await places, 'places kernel 0’s terminal took, in order').toHaveLength(1);
  });

  test('typing right after the first prompt reaches the shell as typed', async ({ page }) => {
    await openPlayground(page);
    // as soon as the prompt shows, seen from inside the page (no polling round trips), click
    // into the terminal and type at a person's pace: across the scenario's own typing into
    // kernel 0, due at 3 and 6 ms of virtual time
    const shown = await page.waitForFunction(
      () => {
        const rows = document.querySelector('[data-testid="tty-0"] .xterm-rows');
        return (
          rows?.textContent.includes('popcorn0:/$') && document.querySelector('[data-testid="epoch"]')?.textContent
        );
      },
      undefined,
      { polling: 'raf', timeout: 1.5 * soon() },
    );
    // where the terminal is at the click (Playwright waits until it stands still): the panels
    // that come with the machine's first frames may move it down
    await page.getByTestId('tty-0').click({ position: { x: 40, y: 40 } });
    await expect(page.locator('[data-testid="tty-0"] textarea')).toBeFocused();
    await page.keyboard.type('echo token123', { delay: 100 });
    await page.keyboard.press('Enter');
    const typed = await readEpoch(page);
    test.info().annotations.push({
      type: 'typing',
      description: `the prompt showed at epoch ${String(await shown.jsonValue())}; Enter went in by epoch ${typed}`,
    });
    await waitForTty(page, 0, /^token123$/m);
    const screen = await readTty(page, 0);
    expect(screen).toMatch(/^popcorn0:\/\$ echo token123$/m);
    expect(screen).not.toContain('not found');
  });
});
