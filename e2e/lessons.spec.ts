// The lessons, each played to its end in Chromium as a reader would: open its link, answer each
// prediction, press each step's button, wait for Next, and check what the step claims on the
// page itself (the thread moved, the terminal printed the count, the kernel came up, the
// messages were sent), and that the page scored the prediction from what the machine did.
// Lesson 3 (migration, which the first visit's hint leads into) runs on the dev server too.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { encodeScenarioUrl } from '../engine/machine/scenario-url';
import { openPlayground, pause, pollFor, readTty, shareLink, soon, waitForTty as waitForShownTty } from './helpers';

/** Waits until kernel `kernel`'s terminal shows `text`, scrolled into view (xterm draws only the rows on screen). */
async function waitForTty(page: Page, kernel: number, text: string | RegExp): Promise<string> {
  await page.getByTestId(`tty-${kernel}`).scrollIntoViewIfNeeded();
  return waitForShownTty(page, kernel, text);
}

function lesson(page: Page): Locator {
  return page.getByTestId('lesson');
}

/** Opens lesson `id` from its link, at its first step, running at the fastest speed the page offers below max. */
async function openLesson(page: Page, id: number): Promise<void> {
  await openPlayground(page, `/#lesson=${id}`);
  await expect(lesson(page)).toBeVisible({ timeout: 1.5 * soon() });
  await expect(page.getByTestId('lesson-step')).toHaveText(/step 1 of \d+/);
  await page.getByRole('button', { name: '100 ms/s' }).click();
}

async function step(page: Page, n: number): Promise<void> {
  await expect(page.getByTestId('lesson-step')).toHaveAttribute('data-step', String(n));
}

async function predict(page: Page, choice: string | RegExp): Promise<void> {
  await lesson(page).getByRole('radio', { name: choice }).check();
}

async function act(page: Page): Promise<void> {
  await page.getByTestId('lesson-action').click();
}

/** Waits until the step lets the reader on (its outcome is there); `within` ms at most. */
async function outcome(page: Page, within = 4 * soon()): Promise<void> {
  try {
    await expect(lesson(page).getByRole('button', { name: /^(Next|Finish)$/ })).toBeEnabled({ timeout: within });
  } catch (e) {
    // what the step waits for and what the terminals show, to tell why from the report alone
    const said = await lesson(page).innerText();
    const screens = await Promise.all([0, 1].map((k) => readTty(page, k).catch(() => '(none)')));
    throw new Error(
      `${String(e)}\nthe lesson shows:\n${said}\n${screens.map((t, k) => `kernel ${k}'s terminal:\n${t}`).join('\n')}`,
    );
  }
}

async function next(page: Page): Promise<void> {
  await outcome(page);
  await lesson(page)
    .getByRole('button', { name: /^(Next|Finish)$/ })
    .click();
}

/** The page scored the prediction: choice `right` (0-based) is the one the machine bore out. */
async function scored(page: Page, right: number, answered: number): Promise<void> {
  const verdict = page.getByTestId('lesson-verdict');
  await expect(verdict).toHaveAttribute('data-right', String(right));
  await expect(verdict).toContainText(right === answered ? 'Right' : 'Not this time');
}

function threadRow(page: Page, comm: string): Locator {
  return page.getByTestId('threads').locator('tr', { hasText: comm });
}

function sent(page: Page, type: string): Locator {
  return page.locator(`[data-testid="message-type-row"][data-type="${type}"] td`).nth(2);
}

test.describe('lessons', () => {
  test('lesson 3, migration, played to its end', { tag: '@core' }, async ({ page }) => {
    test.setTimeout(6 * test.info().timeout);
    await openLesson(page, 3);
    const busy = threadRow(page, 'busy');
    await expect(busy).toHaveAttribute('data-kernel', '1', { timeout: 2 * soon() });

    // 1: moved by the step's button; the reader guessed wrong, and the page says so
    await predict(page, 'kernel 0’s, where busy runs now');
    await act(page);
    await outcome(page);
    await scored(page, 0, 1);
    await expect(busy).toHaveAttribute('data-kernel', '0');
    // a move asked by the lesson is followed as one asked in the threads panel
    await expect(page.getByTestId('threads-said')).toContainText('(busy) now runs on kernel 0.');
    await expect(page.getByTestId('narration')).toHaveAttribute('data-state', 'following');
    await waitForTty(page, 1, 'busy: now on kernel 0');
    await next(page);

    // 2: the messages of the move
    await step(page, 2);
    await predict(page, 'dozens');
    await outcome(page);
    await scored(page, 2, 2);
    await expect(sent(page, 'TASK_MIGRATE')).toHaveText('1');
    await expect(sent(page, 'TASK_PAIRING')).toHaveText('1');
    await next(page);

    // 3: pstat at the origin: pages on both kernels
    await step(page, 3);
    await predict(page, 'both kernels');
    await act(page);
    await outcome(page);
    await scored(page, 1, 1);
    await waitForTty(page, 1, /\d+\s+1\s+1\s+0\s+k0:\d+ k1:\d+\s+busy/);
    await next(page);

    // 4: home again, by its own message
    await step(page, 4);
    await predict(page, 'TASK_MIGRATE_BACK');
    await act(page);
    await outcome(page);
    await scored(page, 1, 1);
    await expect(busy).toHaveAttribute('data-kernel', '1');
    await expect(sent(page, 'TASK_MIGRATE_BACK')).toHaveText('1');
    // Back shows the step before as it ended, with nothing to do again
    await lesson(page).getByRole('button', { name: 'Back' }).click();
    await step(page, 3);
    await expect(page.getByTestId('lesson-action')).toBeDisabled();
    await next(page);
    await step(page, 4);
    await next(page);

    // 5 and 6: away again, then killed from its origin
    await step(page, 5);
    await act(page);
    await outcome(page);
    await expect(busy).toHaveAttribute('data-kernel', '0');
    await next(page);
    await step(page, 6);
    await predict(page, /TASK_GROUP_EXIT/);
    await act(page);
    await outcome(page);
    await scored(page, 1, 1);
    await expect(busy).toHaveCount(0);
    await next(page);
    await expect(page.getByTestId('lesson-step')).toHaveText('done');
  });

  test('lesson 1, partitioning and boot, played to its end', async ({ page }) => {
    test.setTimeout(4 * test.info().timeout);
    await openLesson(page, 1);
    // the lesson paused the machine: kernel 3 is not up until the reader runs it
    await expect(page.getByTestId('run-state')).toHaveText('Paused');
    await expect(page.getByTestId('kernel-status-3')).toHaveText('booting');
    await expect(page.locator('section.machine-view')).toBeInViewport();
    await next(page);
    await step(page, 2);
    await expect(page.getByTestId('memory-map')).toBeInViewport();
    await next(page);

    await step(page, 3);
    await expect(page.getByTestId('lesson-action')).toBeDisabled(); // the prediction first
    await predict(page, 'three, one to each other kernel');
    await act(page);
    await outcome(page);
    await scored(page, 1, 1);
    await expect(page.getByTestId('kernel-status-3')).toHaveText('up');
    await next(page);

    await step(page, 4);
    await act(page);
    await outcome(page);
    const nodes = await waitForTty(page, 0, /^\s*3\s+online/m);
    expect(nodes).toMatch(/^\s*0\s+online/m);
    await next(page);

    await step(page, 5);
    await outcome(page);
    await expect(sent(page, 'NODE_INFO')).toHaveText('12');
    await next(page);
    await expect(page.getByTestId('lesson-step')).toHaveText('done');
  });

  test('lesson 2, messaging, played to its end', async ({ page }) => {
    test.setTimeout(4 * test.info().timeout);
    await openLesson(page, 2);
    await next(page);

    await step(page, 2);
    await act(page);
    await outcome(page);
    await waitForTty(page, 0, /ring slots 128 occupancy \d+ peak \d+ full_waits \d+/);
    await next(page);

    // a page is 70 slots of a 128-slot ring: the senders wait, and the total is exact
    await step(page, 3);
    await predict(page, /it waits for room/);
    await act(page);
    await outcome(page, 6 * soon());
    await scored(page, 0, 0);
    await waitForTty(page, 0, /adjacent \(one page\): total 6000, expected 6000: ok/);
    await next(page);

    // scored from the count the kernel printed
    await step(page, 4);
    await predict(page, 'at least once');
    await act(page);
    await outcome(page);
    // the second listing ends the screen, the prompt after it
    const screen = await waitForTty(page, 0, /full_waits \d+\npopcorn0:\/\$$/);
    const waits = Number(/full_waits (\d+)\npopcorn0:\/\$$/.exec(screen)?.[1]);
    await scored(page, waits > 0 ? 1 : 0, 1);
    await next(page);
    await expect(page.getByTestId('lesson-step')).toHaveText('done');
  });

  test('lesson 4, page coherency, played to its end', async ({ page }) => {
    test.setTimeout(6 * test.info().timeout);
    await openLesson(page, 4);
    await predict(page, 'copied to both kernels, read-only');
    await act(page);
    await outcome(page);
    await scored(page, 0, 0);
    await waitForTty(page, 0, 'second thread on kernel 1');
    // the pages view follows pingpong, with pages away from home
    const pages = page.getByTestId('pages-view');
    await expect(pages).toHaveAttribute('data-pid', /\d+/);
    await next(page);

    // at the lesson's 2 µs quantum a handoff costs what the model's messages cost: tens of µs
    await step(page, 2);
    await predict(page, 'tens of µs');
    await outcome(page, 12 * soon());
    await scored(page, 1, 1);
    const screen = await waitForTty(page, 0, 'count 2000, expected 2000: ok');
    const handoff = Number(/([\d.]+) us per handoff/.exec(screen)?.[1]);
    expect(handoff).toBeGreaterThan(10);
    expect(handoff).toBeLessThan(100);
    await next(page);

    await step(page, 3);
    await predict(page, 'padded');
    await act(page);
    await outcome(page, 6 * soon());
    await scored(page, 0, 0);
    const out = await waitForTty(page, 0, /padded \(a page each\): total 10000, expected 10000: ok, [\d.]+ ms/);
    const adjacent = Number(/adjacent \(one page\): total 10000, expected 10000: ok, ([\d.]+) ms/.exec(out)?.[1]);
    const padded = Number(/padded \(a page each\): total 10000, expected 10000: ok, ([\d.]+) ms/.exec(out)?.[1]);
    expect(adjacent).toBeGreaterThan(padded);
    await next(page);
    await expect(page.getByTestId('lesson-step')).toHaveText('done');
  });

  test('lesson 6, forwarding and the single system image, played to its end', async ({ page }) => {
    test.setTimeout(4 * test.info().timeout);
    await openLesson(page, 6);
    const busy = threadRow(page, 'busy');
    await expect(busy).toHaveAttribute('data-kernel', '1', { timeout: 2 * soon() });
    await predict(page, 'kernel 1, its origin, which owns the terminal');
    await act(page);
    await outcome(page);
    await scored(page, 1, 1);
    await expect(busy).toHaveAttribute('data-kernel', '0');
    await waitForTty(page, 1, 'busy: now on kernel 0');
    await next(page);

    await step(page, 2);
    await predict(page, 'KERN 0: where its thread runs');
    await act(page);
    await outcome(page);
    // scored from what ps printed: the KERN column of busy's line
    const ps = await waitForTty(page, 0, /^\s*6\s+\d+\s+\d\s+\S+\s+\S+\s+busy/m);
    const kern = /^\s*6\s+\d+\s+(\d)\s+/m.exec(ps)?.[1];
    await scored(page, kern === '0' ? 0 : 1, 0);
    await next(page);

    await step(page, 3);
    await act(page);
    await outcome(page);
    await waitForTty(page, 0, /^\s*6\s+1\s+1\s+0\s+k.*busy/m);
    await next(page);

    await step(page, 4);
    await predict(page, /through its origin/);
    await act(page);
    await outcome(page);
    await scored(page, 1, 1);
    await expect(busy).toHaveCount(0);
    await expect(sent(page, 'SIGNAL_FWD')).toHaveText('1');
    await next(page);
    await expect(page.getByTestId('lesson-step')).toHaveText('done');
  });

  test('lesson 7, failure, played to its end: a kernel crashed, the other runs on, a fresh one booted and used', async ({
    page,
  }) => {
    test.setTimeout(5 * test.info().timeout);
    await openLesson(page, 7);
    const busy = threadRow(page, 'busy');
    const counter = threadRow(page, 'counter');
    await expect(busy).toHaveAttribute('data-kernel', '0', { timeout: 2 * soon() });
    await expect(counter).toHaveAttribute('data-kernel', '0');

    // 1: busy's thread to kernel 1, its process stays kernel 0's
    await act(page);
    await outcome(page);
    await expect(busy).toHaveAttribute('data-kernel', '1');
    await next(page);

    // 2: kernel 1 crashes; kernel 0 kills busy and says why
    await step(page, 2);
    await predict(page, /kernel 0 waits for kernel 1 for ever/);
    await act(page);
    await outcome(page);
    await scored(page, 0, 2);
    await expect(page.getByTestId('kernel-status-1')).toHaveText('stopped');
    await expect(page.getByTestId('kernel-status-0')).toHaveText('up');
    await waitForTty(page, 1, 'Kernel panic - not syncing: sysrq triggered crash');
    // (the verdict read kernel 0's line "process N (busy): thread N was on kernel 1, which died;
    // killed"; counter's lines may have scrolled it off the screen since)
    await expect(busy).toHaveCount(0);
    await next(page);

    // 3: counter, all on kernel 0, counts on
    await step(page, 3);
    await outcome(page);
    const count = async () => {
      const screen = await waitForTty(page, 0, /counter: \d+/);
      return Math.max(...[...screen.matchAll(/counter: (\d+)/g)].map((m) => Number(m[1])));
    };
    const before = await count();
    await pollFor(count, (n) => n > before, { message: 'counter counts on while kernel 1 is down' });
    await expect(counter).toHaveAttribute('data-kernel', '0');
    await next(page);

    // 4: kernel 0's table says kernel 1 is dead
    await step(page, 4);
    await act(page);
    await outcome(page);
    await waitForTty(page, 0, /^1\s+dead/m);
    await next(page);

    // 5: booted again: a fresh kernel, with a shell, that checked in
    await step(page, 5);
    await predict(page, /^no: the new kernel/);
    await act(page);
    await outcome(page);
    await scored(page, 0, 0);
    await expect(page.getByTestId('kernel-status-1')).toHaveText('up');
    await waitForTty(page, 0, 'popcorn: kernel 1 checked in again (NODE_INFO)');
    await waitForTty(page, 1, /kernel panic[\s\S]*popcorn1:[^$]*\$/i);
    await next(page);

    // 6: used: counter moves to the new kernel 1 and counts on there
    await step(page, 6);
    await act(page);
    await outcome(page);
    await expect(counter).toHaveAttribute('data-kernel', '1');
    await next(page);
    await expect(page.getByTestId('lesson-step')).toHaveText('done');
  });

  test('a kernel crashed and booted again from its terminal bar, asked first, replays from its share link', async ({
    page,
    browser,
  }) => {
    test.setTimeout(4 * test.info().timeout);
    await openPlayground(page);
    await waitForTty(page, 1, /popcorn1:[^$]*\$/);
    // asked first: Cancel leaves it up
    await page.getByTestId('crash-kernel-1').click();
    await page.getByRole('group', { name: 'crash kernel 1?' }).getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByTestId('kernel-status-1')).toHaveText('up');
    await page.getByTestId('crash-kernel-1').click();
    await page.getByTestId('crash-confirm-1').click();
    await expect(page.getByTestId('kernel-status-1')).toHaveText('stopped', { timeout: soon() });
    await waitForTty(page, 0, 'popcorn: kernel 1 died');
    await page.getByTestId('boot-kernel-1').click();
    await expect(page.getByTestId('kernel-status-1')).toHaveText('up', { timeout: soon() });
    await waitForTty(page, 0, 'popcorn: kernel 1 checked in again (NODE_INFO)');
    await pause(page);
    const url = await shareLink(page);
    const fresh = await browser.newContext();
    const replay = await fresh.newPage();
    try {
      await openPlayground(replay, url);
      await expect(replay.getByTestId('shared-run')).toHaveAttribute('data-state', 'same', { timeout: 6 * soon() });
      await expect(replay.getByTestId('kernel-status-1')).toHaveText('up');
      await waitForTty(replay, 0, 'popcorn: kernel 1 checked in again (NODE_INFO)');
    } finally {
      await fresh.close();
    }
  });

  test('the first visit’s hint leads into lesson 3, and the menu lists every lesson', async ({ page }) => {
    await openPlayground(page);
    const menu = page.getByTestId('lesson-menu');
    await expect(menu.locator('option:not([disabled])')).toHaveText([
      '1. Partitioning and boot',
      '2. Messaging',
      '3. Migration',
      '4. Page coherency',
      '5. Distributed futex',
      '6. Forwarding and the single system image',
      '7. Failure',
    ]);
    await page.getByTestId('hint-lesson').click();
    await expect(page).toHaveURL(/#lesson=3$/);
    await expect(page.getByTestId('lesson-text')).toContainText('Try a migration');
    await expect(menu).toHaveValue('3');
    // a lesson link that names no lesson says so, and boots the default scenario
    await page.goto('/#lesson=99');
    await expect(page.getByTestId('broken-link')).toContainText('there is no lesson 99');
  });

  test('a teacher’s own lesson travels in a scenario link, and a share link taken during it keeps it', async ({
    page,
    context,
  }) => {
    test.setTimeout(3 * test.info().timeout);
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const own = {
      version: 1,
      name: 'a class of my own',
      machine: { preset: 'two-kernels' },
      lesson: {
        id: 42,
        title: 'Hello from kernel 1',
        summary: 'One command on the second kernel.',
        steps: [
          {
            text: 'Say hello from kernel 1.',
            point: 'terminal-1',
            action: { kind: 'type', kernel: 1, text: 'echo hello from $(uname -n)\r' },
            until: { kind: 'output', kernel: 1, match: '^hello from popcorn1' },
            done: 'Kernel 1 answered.',
          },
        ],
      },
    };
    await openPlayground(page, `/${await encodeScenarioUrl(own)}`);
    await expect(lesson(page)).toContainText('Lesson 42: Hello from kernel 1');
    await act(page);
    await outcome(page);
    await expect(page.getByTestId('lesson-done')).toHaveText('Kernel 1 answered.');
    await waitForTty(page, 1, /^hello from popcorn1/m);
    // the link Share makes carries the lesson with the run
    const url = await shareLink(page);
    const replay = await context.newPage();
    await openPlayground(replay, url.slice(url.indexOf('/#')));
    await expect(lesson(replay)).toContainText('Lesson 42: Hello from kernel 1');
    await replay.close();
  });

  test('lesson 5, distributed futex, played to its end', async ({ page }) => {
    test.setTimeout(6 * test.info().timeout);
    await openLesson(page, 5);
    const report = (from: string) => {
      const m = /real\s*0m([\d.]+)s\s+user\s*0m([\d.]+)s\s+sys\s*0m([\d.]+)s/.exec(from);
      expect(m, `a time report in ${from}`).not.toBeNull();
      return { real: Number(m?.[1]), user: Number(m?.[2]) };
    };

    // 1: four threads on kernel 0's four harts: exact, user above real, no futex message
    await predict(page, 'more: four harts compute at once');
    await act(page);
    await outcome(page, 6 * soon());
    await scored(page, 0, 0);
    const one = await waitForShownTty(
      page,
      0,
      /total 40000, expected 40000: ok\s+real\s*0m[\d.]+s\s+user\s*0m[\d.]+s\s+sys\s*0m[\d.]+s/,
    );
    const smp = report(one.slice(one.lastIndexOf('total 40000')));
    expect(smp.user).toBeGreaterThan(smp.real);
    await expect(sent(page, 'FUTEX_REQUEST')).toHaveCount(0);
    await next(page);

    // 2: spread over four kernels: the reader guesses it is as fast; the page says it is slower
    await step(page, 2);
    await predict(page, /less, or the same/);
    await act(page);
    await outcome(page, 12 * soon());
    await scored(page, 1, 0);
    const two = await waitForShownTty(
      page,
      0,
      /on kernel 3\s+mt: total 40000, expected 40000: ok\s+real\s*0m[\d.]+s\s+user\s*0m[\d.]+s\s+sys/,
    );
    expect(two).toContain('mt: spreading over kernels 0,1,2,3');
    const spread = report(two.slice(two.lastIndexOf('total 40000')));
    expect(spread.real).toBeGreaterThan(smp.real);
    expect(spread.user).toBeLessThan(spread.real);
    await next(page);

    // 3: the messages view counts the futex calls sent to kernel 0
    await step(page, 3);
    await outcome(page);
    await expect(page.getByTestId('messages-view')).toBeInViewport();
    await expect(sent(page, 'FUTEX_REQUEST')).toHaveText(/^[1-9]\d*$/);
    await expect(page.getByTestId('lesson-done')).toContainText('Every FUTEX_REQUEST is a round trip between kernels');
    await next(page);
    await expect(page.getByTestId('lesson-step')).toHaveText('done');
  });
});
