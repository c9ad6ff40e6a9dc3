// The page at phone, small-laptop and desktop widths: with the default scenario running, its
// demo moved to kernel 0, the demo's thread open in the inspector (float registers and VMAs
// unfolded) and a page's history open in the pages view, nothing makes the page scroll sideways
// and no text is cut off; nor in the scenario editor. Text cut off is an element whose content
// is wider than its box: its scrollWidth beyond its clientWidth. Only the boxes meant to scroll
// sideways (a wide table in its own scroll box, the terminal) may do that.
//
// Teaching, at a laptop's 1366×768: at every step of every lesson, the lesson, the machine, the
// terminal the step uses and the view it is about are all in the window, none over another,
// without the test scrolling, and the lesson stays where it was. Presenter mode: a view
// maximised by its button or the keyboard fills the window, in large type, and goes on drawing
// live; a lesson step pointing elsewhere maximises that view instead; Escape restores.
import { readdirSync, readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { lessonStages } from '../app/layout/stage';
import { terminalSelector, viewSelector } from '../app/layout/views';
import type { Step } from '../app/lessons/lesson-format';
import { openPlayground, pollFor, soon, waitForTty } from './helpers';

const SIZES = [
  { width: 360, height: 740 },
  { width: 390, height: 844 },
  { width: 800, height: 600 },
  { width: 1366, height: 768 },
];

/** Opens the views the way a visitor would, so every panel holds what it can hold. */
async function openEverything(page: Page): Promise<void> {
  await openPlayground(page);
  const demo = page.getByTestId('threads').locator('tr', { hasText: 'busy' });
  // booting may be slow on a busy computer
  await expect(demo).toHaveAttribute('data-kernel', '1', { timeout: 45_000 });
  await demo.getByRole('combobox').selectOption('0');
  await expect(demo).toHaveAttribute('data-kernel', '0', { timeout: 20_000 });
  await demo.getByRole('button').click();
  const inspector = page.getByTestId('inspector');
  await expect(inspector).toHaveAttribute('data-kind', 'thread');
  await expect(inspector.getByTestId('inspector-x')).toBeVisible();
  for (const summary of await inspector.locator('details:not([open]) > summary').all()) await summary.click();
  const pages = page.getByTestId('pages-view');
  await pollFor(
    async () => Number(await pages.getAttribute('data-remote')),
    (n) => n > 0,
    { message: 'the pages view shows pages fetched by kernel 0' },
  );
  const grid = page.getByTestId('pages-canvas');
  const history = page.getByTestId('page-history');
  // the grid is live: pages come and the view turns to the process just moved, so a page's place
  // read a moment ago may hold another cell, or none, by the time of the click; click again then
  await pollFor(
    async () => {
      const first = (await grid.getAttribute('data-first-page')) ?? '';
      if (!first) return false;
      const [x, y] = first.split(',').map(Number);
      await grid.click({ position: { x: x ?? 0, y: y ?? 0 } });
      // (a second click on the same page would close it: give the first time to show)
      return history.waitFor({ timeout: 2000 }).then(
        () => true,
        () => false,
      );
    },
    (shown) => shown,
    { message: 'a click on the first page of the grid opens its history', interval: 500 },
  );
  await pollFor(
    async () => Number(await history.getAttribute('data-records')),
    (n) => n > 0,
    { message: 'the page history lists what happened to the page' },
  );
}

/** What sticks out: the page's own sideways scroll, and every box whose text does not fit it. */
function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > innerWidth)
      problems.push(`the page scrolls sideways: ${doc.scrollWidth} px wide in a ${innerWidth} px window`);
    // boxes that scroll sideways on purpose: a wide table in its own scroll box, the terminal
    const scrolls = (el: Element) => el.matches('.inspector-scroll, .xterm-viewport, .xterm-scrollable-element');
    const name = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}`;
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('body *'))) {
      if (el.closest('.xterm, .visually-hidden, svg') || el instanceof HTMLCanvasElement) continue;
      const style = getComputedStyle(el);
      if (style.display === 'inline' || style.display === 'contents' || el.clientWidth === 0) continue;
      if (el.scrollWidth <= el.clientWidth + 1 || scrolls(el)) continue;
      const text = el.textContent.replace(/\s+/g, ' ').trim().slice(0, 50);
      problems.push(`${name(el)} holds ${el.scrollWidth} px in ${el.clientWidth} px: "${text}"`);
    }
    return problems;
  });
}

for (const size of SIZES) {
  test.describe(`at ${size.width}×${size.height}`, () => {
    test.use({ viewport: size });

    test('nothing scrolls sideways and no text is cut off, with the inspector and a page history open', async ({
      page,
    }) => {
      test.setTimeout(120_000);
      await openEverything(page);
      expect(await layoutProblems(page)).toEqual([]);
    });

    test('the scenario editor fits the window', async ({ page }) => {
      test.setTimeout(120_000);
      await openPlayground(page);
      const edit = page.getByRole('button', { name: 'Edit scenario' });
      await expect(edit).toBeEnabled({ timeout: 60_000 }); // once the machine has booted
      await edit.click();
      const dialog = page.getByRole('dialog', { name: 'Edit scenario' });
      await expect(dialog.getByTestId('partition-preview')).toBeVisible();
      expect(await layoutProblems(page)).toEqual([]);
    });
  });
}

/** The lessons the page offers (app/lessons/NN-name.json), with their steps. */
const LESSONS = readdirSync(new URL('../app/lessons/', import.meta.url))
  .filter((name) => /^\d+-.*\.json$/.test(name))
  .sort()
  .map((name) => {
    const file = JSON.parse(readFileSync(new URL(`../app/lessons/${name}`, import.meta.url), 'utf8')) as {
      lesson: { id: number; steps: Step[] };
    };
    return file.lesson;
  });

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where each selector's element is in the window (undefined: not on the page). */
function boxesOf(page: Page, selectors: Record<string, string>): Promise<Record<string, Box | undefined>> {
  return page.evaluate((named) => {
    const out: Record<string, { x: number; y: number; width: number; height: number } | undefined> = {};
    for (const [name, selector] of Object.entries(named)) {
      const r = document.querySelector(selector)?.getBoundingClientRect();
      out[name] = r ? { x: r.x, y: r.y, width: r.width, height: r.height } : undefined;
    }
    return out;
  }, selectors);
}

/** What is wrong with where the boxes stand: each whole within a `width`×`height` window, and none over another. */
function misplaced(boxes: Record<string, Box | undefined>, width: number, height: number): string[] {
  const problems: string[] = [];
  const placed = Object.entries(boxes);
  for (const [name, b] of placed) {
    if (!b) problems.push(`${name} is not on the page`);
    else if (b.x < 0 || b.y < 0 || b.x + b.width > width + 0.5 || b.y + b.height > height + 0.5 || b.height < 100)
      problems.push(`${name} at ${Math.round(b.x)},${Math.round(b.y)} ${Math.round(b.width)}×${Math.round(b.height)}`);
  }
  placed.forEach(([a, p], i) => {
    for (const [b, q] of placed.slice(i + 1)) {
      if (!p || !q || a === b) continue;
      const apart =
        p.x + p.width <= q.x + 1 || q.x + q.width <= p.x + 1 || p.y + p.height <= q.y + 1 || q.y + q.height <= p.y + 1;
      if (!apart) problems.push(`${a} lies over ${b}`);
    }
  });
  return problems;
}

test.describe('teaching at 1366×768', () => {
  const WINDOW = { width: 1366, height: 768 };
  test.use({ viewport: WINDOW });

  for (const lesson of LESSONS) {
    test(`lesson ${lesson.id}: at every step the lesson, the machine, the step's terminal and its view share the screen`, async ({
      page,
    }) => {
      test.setTimeout(6 * test.info().timeout);
      await openPlayground(page, `/#lesson=${lesson.id}`);
      const panel = page.getByTestId('lesson');
      const stages = lessonStages(lesson.steps);
      let lessonBox: Box | undefined;
      for (const [i, step] of lesson.steps.entries()) {
        await expect(page.getByTestId('lesson-step')).toHaveAttribute('data-step', String(i + 1), {
          timeout: 2 * soon(),
        });
        const stage = stages[i] ?? { view: 'messages', kernel: 0 };
        const selectors: Record<string, string> = {
          lesson: '[data-testid="lesson"]',
          machine: viewSelector('machine'),
          [`kernel ${stage.kernel}'s terminal`]: terminalSelector(stage.kernel),
          [`the ${stage.view} view`]: viewSelector(stage.view),
        };
        // the page, not the test, brings them into view (the views load after the first paint)
        await expect
          .poll(async () => misplaced(await boxesOf(page, selectors), WINDOW.width, WINDOW.height), {
            message: `step ${i + 1}: where the panels stand`,
            timeout: 2 * soon(),
          })
          .toEqual([]);
        if (step.point) await expect(page.locator(viewSelector(step.point)).first()).toBeInViewport({ ratio: 0.9 });
        // the lesson stays in its place from step to step: nothing moves under the reader's pointer
        // (it moved by 16 or 32 px one run in two while the toolbar's readouts wrapped onto a
        // second line and back as the rate changed; the test's own clicks may scroll the page,
        // as Playwright brings what it clicks to the middle: the step puts it back)
        // (to the pixel: a scroll may land on half a pixel)
        const lessonAt = async () => (await boxesOf(page, { lesson: selectors.lesson ?? '' })).lesson;
        const first = lessonBox;
        if (first)
          await expect
            .poll(
              async () => {
                const now = await lessonAt();
                return now && Math.max(Math.abs(now.x - first.x), Math.abs(now.y - first.y));
              },
              { message: `step ${i + 1}: the lesson stays in its place`, timeout: soon() },
            )
            .toBeLessThanOrEqual(1);
        lessonBox = await lessonAt();

        // on, as a reader would: a guess, the step's button, and Next once the outcome is there
        const guess = panel.getByRole('radio').first();
        if ((await guess.count()) > 0 && (await guess.isEnabled())) await guess.check();
        const action = page.getByTestId('lesson-action');
        if ((await action.count()) > 0) await action.click();
        const next = panel.getByRole('button', { name: /^(Next|Finish)$/ });
        await expect(next).toBeEnabled({ timeout: 6 * soon() });
        await next.click();
      }
      await expect(page.getByTestId('lesson-step')).toHaveText('done');
    });
  }
});

test.describe('presenter mode at 1366×768', () => {
  const WINDOW = { width: 1366, height: 768 };
  /** The box fills the window's width from its top, down to `bottom`. */
  const fills = (box: Box | null, bottom: number) => {
    expect(box?.x).toBeCloseTo(0, 0);
    expect(box?.y).toBeCloseTo(0, 0);
    expect(box?.width).toBeCloseTo(WINDOW.width, 0);
    expect((box?.y ?? 0) + (box?.height ?? 0)).toBeCloseTo(bottom, 0);
  };
  test.use({ viewport: WINDOW });

  test('a view maximises from its button or the keyboard, stays live, follows the lesson, and Escape restores it', async ({
    page,
  }) => {
    test.setTimeout(4 * test.info().timeout);
    await openPlayground(page, '/#lesson=3');
    const root = page.locator('html');
    const messages = page.getByTestId('messages-view');
    const maximise = page.getByTestId('maximise-messages');
    await expect(maximise).toBeVisible({ timeout: 2 * soon() });
    await maximise.scrollIntoViewIfNeeded(); // where the click will have it
    // the lesson brings its point into view with a smooth scroll as it opens: the reader's place
    // is where the page comes to rest
    let resting = -1;
    await pollFor(
      async () => {
        const [was, now] = [resting, await page.evaluate(() => window.scrollY)];
        resting = now;
        return was === now;
      },
      (still) => still,
      { interval: 300, message: 'the page comes to rest' },
    );
    const before = await messages.boundingBox();

    // the button: the view fills the window above the lesson, which docks at its foot, in large type
    await maximise.click();
    await expect(root).toHaveAttribute('data-maximised', 'messages');
    await expect(maximise).toHaveAttribute('aria-pressed', 'true');
    const lesson = page.getByTestId('lesson');
    const dock = await lesson.boundingBox();
    const full = await messages.boundingBox();
    expect(dock?.y ?? 0).toBeGreaterThan(WINDOW.height / 2);
    expect(Math.round((dock?.y ?? 0) + (dock?.height ?? 0))).toBe(WINDOW.height);
    fills(full, dock?.y ?? 0);
    expect(await messages.evaluate((el) => el.currentCSSZoom)).toBeGreaterThanOrEqual(1.25);
    // Escape: back in its place
    await page.keyboard.press('Escape');
    await expect(root).not.toHaveAttribute('data-maximised');
    await expect(maximise).toHaveAttribute('aria-pressed', 'false');
    // in its place, where the reader left the page (it grows as messages come: not its height)
    const after = await messages.boundingBox();
    // to the pixel: a scroll may land on half a pixel
    for (const [what, a, b] of [
      ['x', after?.x, before?.x],
      ['y', after?.y, before?.y],
      ['width', after?.width, before?.width],
    ] as const)
      expect(Math.abs((a ?? 0) - (b ?? 0)), `${what}: ${a} after, ${b} before`).toBeLessThanOrEqual(1);

    // the keyboard: the button takes Enter, and again to restore
    const timeline = page.getByTestId('timeline');
    await page.getByTestId('maximise-timeline').focus();
    await page.keyboard.press('Enter');
    await expect(root).toHaveAttribute('data-maximised', 'timeline');
    expect((await timeline.boundingBox())?.width).toBe(WINDOW.width);
    await page.keyboard.press('Enter');
    await expect(root).not.toHaveAttribute('data-maximised');

    // live while maximised: the lesson's first step moves busy, and the messages it causes arrive
    await maximise.click();
    const sent = Number(await messages.getAttribute('data-messages'));
    await lesson.getByRole('radio').first().check();
    await page.getByTestId('lesson-action').click();
    await pollFor(
      async () => Number(await messages.getAttribute('data-messages')),
      (n) => n >= sent + 3,
      { timeout: 2 * soon(), message: 'the maximised view counts the messages of the move' },
    );
    await expect(
      messages.locator('[data-testid="message-arrow"][data-type="REMOTE_PAGE_REQUEST"]').first(),
    ).toBeAttached();
    // a step about another view maximises that one: step 3 is about kernel 1's terminal
    const next = lesson.getByRole('button', { name: 'Next' });
    await next.click({ timeout: 4 * soon() });
    await expect(root).toHaveAttribute('data-maximised', 'messages');
    await lesson.getByRole('radio').first().check();
    await next.click({ timeout: 4 * soon() });
    await expect(root).toHaveAttribute('data-maximised', 'terminal-1');
    const terminal = page.locator(terminalSelector(1));
    fills(await terminal.boundingBox(), dock?.y ?? 0);
    await lesson.getByRole('radio').first().check();
    await page.getByTestId('lesson-action').click();
    await waitForTty(page, 1, /PID\s+ORIGIN/);
    // a projector's type: rows of a 22 px font, not 13
    const row = await page.getByTestId('tty-1').locator('.xterm-rows > div').first().boundingBox();
    expect(row?.height ?? 0).toBeGreaterThanOrEqual(24);
    await page.keyboard.press('Escape');
    await expect(root).not.toHaveAttribute('data-maximised');
    expect((await terminal.boundingBox())?.width).toBeLessThan(WINDOW.width / 2);
  });
});
