// The scenario editor and the preset chooser: the editor refuses a bad value with a message and
// boots what it applies (three kernels: three terminals); it refuses a program the machine does
// not have, and a link that starts one anyway gets a message on that kernel's terminal; its
// JSON tab follows the form and shows scenario text as text, never as markup; Escape closes it
// and nothing changes; the preset chooser asks before replacing the run, then boots the preset
// it was given.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { decodeScenarioUrl, encodeScenarioUrl } from '../engine/machine/scenario-url';
import { afterScenarioTyping, openPlayground, typeInTty, waitForTty } from './helpers';

const defaultScenario = readFileSync(new URL('../engine/machine/scenarios/two-kernels.json', import.meta.url), 'utf8');

async function openEditor(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Edit scenario' }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit scenario' });
  await expect(dialog).toBeVisible();
  return dialog;
}

test.describe('scenario editor', { tag: '@core' }, () => {
  test('a bad kernel count is refused with a message; three kernels boot three terminals', async ({ page }) => {
    await openPlayground(page);
    await waitForTty(page, 0, 'popcorn0:/$');
    const dialog = await openEditor(page);
    await expect(dialog.getByLabel('Name')).toHaveValue('two-kernels');
    await expect(dialog.getByLabel('Name')).toBeFocused();
    await expect(dialog).toContainText('Apply reboots the machine with this scenario, replacing the current run.');
    await dialog.getByLabel('Partition').selectOption('custom');
    const count = dialog.getByLabel('Kernels', { exact: true });
    await expect(count).toHaveValue('2');
    const apply = dialog.getByRole('button', { name: 'Apply' });

    await count.fill('0');
    await expect(dialog.locator('.field-error')).toHaveText(['must be a whole number from 1 to 4']);
    await expect(count).toHaveAttribute('aria-invalid', 'true');
    await expect(dialog.getByTestId('scenario-verdict')).toHaveText('Kernels: must be a whole number from 1 to 4');
    await expect(apply).toBeDisabled();

    await count.fill('3');
    await expect(dialog.locator('.field-error')).toHaveCount(0);
    await expect(dialog.getByRole('group', { name: 'Kernel 2' }).getByLabel('Harts')).toHaveValue('3');
    await expect(dialog.getByTestId('scenario-verdict')).toHaveText(/^Ready: 3 kernels on 4 harts/);
    await apply.click();
    await expect(dialog).toBeHidden();
    await expect(page).toHaveURL(/#z=[A-Za-z0-9_-]+=?$/);
    await expect(page.getByTestId('tty-2')).toBeVisible();
    await expect(page.getByRole('heading', { name: 'kernel 2 · harts 3' })).toBeVisible();
    await page.getByTestId('tty-2').scrollIntoViewIfNeeded(); // xterm draws only what is on screen
    await waitForTty(page, 2, 'popcorn2:/$');
    await expect(page.getByTestId('tty-3')).toHaveCount(0);
  });

  test('a program not in /bin is refused before Apply, naming those that are; started anyway, its kernel says so', async ({
    page,
  }) => {
    test.setTimeout(90_000); // two boots
    await openPlayground(page);
    await waitForTty(page, 0, 'popcorn0:/$');
    const dialog = await openEditor(page);
    const command = dialog.getByRole('group', { name: 'Program 1' }).getByLabel('Command');
    await expect(command).toHaveValue('busy');
    await command.fill('nosuchprog 3');
    await expect(dialog.locator('.field-error')).toHaveText([
      /^nosuchprog is not in \/bin: the programs in \/bin are .*\bbusy\b.*\bmatmul\b/,
    ]);
    await expect(command).toHaveAttribute('aria-invalid', 'true');
    await expect(dialog.getByTestId('scenario-verdict')).toContainText('Program 1 command: nosuchprog is not in /bin');
    await expect(dialog.getByRole('button', { name: 'Apply' })).toBeDisabled();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();

    // a link is not checked by the editor: the kernel that cannot start the program says so
    const scenario = JSON.parse(defaultScenario) as Record<string, unknown>;
    await page.goto(
      `/${await encodeScenarioUrl({ ...scenario, programs: [{ kernel: 1, argv: ['nosuchprog'], at: 1_000_000 }] })}`,
    );
    await waitForTty(page, 1, 'scenario: nosuchprog: not found');
  });

  test('the JSON tab follows the form and shows scenario text as text; Escape changes nothing', async ({ page }) => {
    await openPlayground(page);
    await afterScenarioTyping(page);
    await typeInTty(page, 0, 'echo typed\r');
    await waitForTty(page, 0, /^typed$/m);
    await page.waitForTimeout(200); // the workers' reports of what was typed arrive
    const dialog = await openEditor(page);
    await expect(dialog).toContainText(/typed into the terminals in this run (is|are) not kept/);

    await dialog.getByLabel('Name').fill('<b>not bold</b>');
    await dialog.getByRole('tab', { name: 'JSON' }).click();
    const json = dialog.getByLabel('Scenario JSON');
    expect(JSON.parse(await json.inputValue())).toMatchObject({ name: '<b>not bold</b>' });
    expect(await json.inputValue()).not.toContain('"inputs"');

    await json.fill('{"version": 1, "name": "<img src=x>", "machine": {"preset": "<i>nope</i>"}}');
    const verdict = dialog.getByTestId('scenario-verdict');
    await expect(verdict).toContainText('(got "<i>nope</i>")');
    await expect(dialog.getByRole('button', { name: 'Apply' })).toBeDisabled();
    await expect(dialog.locator('i, img, b')).toHaveCount(0);

    await json.fill('{"version": 1, "name": "from json", "machine": {"preset": "smp"}}');
    await expect(verdict).toHaveText(/^Ready: 1 kernel on 4 harts/);
    await dialog.getByRole('tab', { name: 'Form' }).click();
    await expect(dialog.getByLabel('Name')).toHaveValue('from json');
    await expect(dialog.getByLabel('Partition')).toHaveValue('smp');
    await expect(dialog.getByRole('group', { name: 'Program 1' })).toHaveCount(0);

    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('button', { name: 'Edit scenario' })).toBeFocused();
    await expect(page).not.toHaveURL(/#[zs]=/);
    await expect(page.getByTestId('tty-1')).toBeVisible();
  });

  test('the preset chooser asks before replacing the run, then boots the preset', async ({ page }) => {
    await openPlayground(page);
    await waitForTty(page, 0, 'popcorn0:/$');
    const chooser = page.getByLabel('Preset');
    await expect(chooser).toHaveValue('two-kernels');

    await chooser.selectOption('kernel-per-hart');
    const confirm = page.getByRole('dialog', { name: 'Replace this run?' });
    await expect(confirm).toContainText('Booting “kernel-per-hart” replaces the current run');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect(confirm).toBeHidden();
    await expect(chooser).toHaveValue('two-kernels');
    await expect(page).not.toHaveURL(/#[zs]=/);

    await chooser.selectOption('kernel-per-hart');
    await confirm.getByRole('button', { name: 'Boot kernel-per-hart' }).click();
    await page.getByTestId('tty-3').scrollIntoViewIfNeeded(); // xterm draws only what is on screen
    await waitForTty(page, 3, 'popcorn3:/$');
    await expect(chooser).toHaveValue('kernel-per-hart');

    await chooser.selectOption('smp');
    await confirm.getByRole('button', { name: 'Boot smp' }).click();
    await expect(page.getByRole('heading', { name: 'kernel 0 · harts 0,1,2,3' })).toBeVisible();
    await expect(page.getByTestId('tty-1')).toHaveCount(0);
    await waitForTty(page, 0, 'popcorn0:/$');
  });
});

test.describe('the synchronisation quantum', () => {
  test('the editor refuses a quantum out of range with a message; 20 µs boots, counts epochs of 20 µs and goes in the link', async ({
    page,
  }) => {
    test.setTimeout(test.info().timeout * 2); // two boots
    await openPlayground(page);
    await waitForTty(page, 0, 'popcorn0:/$');
    const dialog = await openEditor(page);
    const quantum = dialog.getByLabel('Quantum (µs)');
    await expect(quantum).toHaveValue('');
    // two-kernels: a kernel on each of two NUMA nodes 20 apart, so nothing arrives sooner than 2 µs
    await expect(dialog.getByTestId('quantum-hint')).toContainText('From 2 to 100 µs');
    const apply = dialog.getByRole('button', { name: 'Apply' });

    await quantum.fill('1');
    const refused =
      'must be a whole number of µs from 2 to 100: no message between two of its kernels arrives in less than 2 µs, or empty for 100';
    await expect(dialog.locator('.field-error')).toHaveText([refused]);
    await expect(quantum).toHaveAttribute('aria-invalid', 'true');
    await expect(dialog.getByTestId('scenario-verdict')).toHaveText(`Quantum: ${refused}`);
    await expect(apply).toBeDisabled();
    // a kernel on each hart: two share each node, 1 µs apart
    await dialog.getByLabel('Partition').selectOption('kernel-per-hart');
    await expect(dialog.locator('.field-error')).toHaveCount(0);
    await expect(dialog.getByTestId('quantum-hint')).toContainText('From 1 to 100 µs');
    await quantum.fill('0');
    await expect(dialog.locator('.field-error')).toHaveText([
      'must be a whole number of µs from 1 to 100, or empty for 100',
    ]);
    await dialog.getByLabel('Partition').selectOption('two-kernels');

    await quantum.fill('20');
    await expect(dialog.locator('.field-error')).toHaveCount(0);
    await apply.click();
    await expect(dialog).toBeHidden();
    await expect(page).toHaveURL(/#z=[A-Za-z0-9_-]+=?$/);
    const link = await decodeScenarioUrl(new URL(page.url()).hash);
    expect(link.scenario.machine.quantumUs).toBe(20);
    await waitForTty(page, 0, 'popcorn0:/$');
    await expect(page.getByTestId('messages-view')).toContainText('an epoch (20 µs, the quantum)');
    await typeInTty(page, 0, 'echo quantum\r');
    await waitForTty(page, 0, /quantum\r?\n.*popcorn0:\/\$/s);
  });
});
