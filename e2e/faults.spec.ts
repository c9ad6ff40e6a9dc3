// Protocol faults in the page: with one switched on, the kernels check the page invariants after
// every epoch and the pages view flags what broke, with its epoch, its page (a click shows it in
// the grid with its history) and why the skipped step exists; the same run without the fault
// flags nothing and the program ends right.
import { expect, test } from '@playwright/test';
import { loadUserlandFiles } from '../engine/kernels/userland-files';
import { LocalMachine } from '../engine/machine/local-machine';
import { parseScenario } from '../engine/machine/scenario';
import { encodePlainScenarioUrl } from '../engine/machine/scenario-url';
import { openPlayground, soon, waitForTty } from './helpers';

/** counter -m goes 0 -> 1 -> 0 -> 1, typed at kernel 0's prompt; with `faults`. */
function counterScenario(faults: string[]) {
  return {
    version: 1,
    name: 'lost writes',
    machine: { preset: 'two-kernels' },
    faults,
    actions: [{ at: 3_000_000, kind: 'type', kernel: 0, text: 'counter -m 4 1\r' }],
  };
}

const counterRun = (faults: string[]) => encodePlainScenarioUrl(counterScenario(faults));

/** The epoch `popcorn scenario` first finds an invariant broken at, in this process, in one thread. */
async function headlessEpoch(faults: string[]): Promise<number> {
  const m = await LocalMachine.boot(parseScenario(JSON.stringify(counterScenario(faults))), await loadUserlandFiles());
  while (m.epoch < 400) {
    m.step();
    if (m.brokenPageInvariants().length > 0) return m.epoch;
  }
  throw new Error('no invariant broke headless');
}

test.describe('protocol faults in the pages view', () => {
  test('skip-dirty-flush: the pages view flags the lost pages at the epoch they were lost', async ({ page }) => {
    await openPlayground(page, `/${counterRun(['skip-dirty-flush'])}`);
    const view = page.getByTestId('pages-view');
    await expect(view.getByTestId('invariants-status').or(view.getByTestId('broken-invariants'))).toBeVisible();
    // the program goes wrong: back home, its stack is gone
    await waitForTty(page, 0, /counter: 2 \(kernel 1\)\nSegmentation fault/);
    const flags = view.getByTestId('broken-invariant');
    await expect(flags.first()).toBeVisible({ timeout: soon() });
    const first = flags.first();
    await expect(first).toContainText(/the directory says kernel 1 writes it, but kernel 1 has no copy/);
    // at the epoch it broke: the one the headless checker over the whole machine finds
    const epoch = Number(await first.getAttribute('data-epoch'));
    expect(epoch).toBe(await headlessEpoch(['skip-dirty-flush']));
    await expect(first).toContainText(`epoch ${epoch}`);
    await expect(view.getByTestId('fault-why')).toContainText(
      'When the last thread leaves (goes home, moves on, or exits there), the remote kernel flushes',
    );
    // a click shows the page: its process in the grid, and the page's history
    const pid = await first.getAttribute('data-pid');
    const va = await first.getAttribute('data-page');
    await first.getByRole('button').click();
    await expect(view).toHaveAttribute('data-pid', pid ?? '');
    await expect(view.getByTestId('page-history')).toHaveAttribute('data-va', String(Number(va)));
    await expect(first).toHaveClass(/selected/);
  });

  test('the same run without the fault flags nothing, and counter ends right', async ({ page }) => {
    await openPlayground(page, `/${counterRun([])}`);
    await waitForTty(page, 0, /counter: 4 \(kernel 1\)/);
    const view = page.getByTestId('pages-view');
    await expect(view).toBeVisible();
    await expect(view.getByTestId('broken-invariants')).toHaveCount(0);
    await expect(view.getByTestId('invariants-status')).toHaveCount(0);
  });
});
