// The two themes, read from their stylesheet (app/theme/themes.css): both define every colour,
// every text colour reaches WCAG AA (4.5:1) on each surface it is shown on, index.html's
// first paint uses each theme's own background and text, and what is drawn (the canvases, the
// terminals, the other stylesheets) takes its colours from the theme, never from literals.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contrast, mix, over, parseColour, type Rgba } from './contrast';
import { THEME_KEY } from './theme';

const APP = join(import.meta.dirname, '..');
const read = (path: string) => readFileSync(join(APP, path), 'utf8');
const THEMES_CSS = read('theme/themes.css');

/** The custom properties declared in the block whose selector is `selector`. */
function block(selector: string): Map<string, string> {
  const start = THEMES_CSS.indexOf(`${selector} {`);
  if (start < 0) throw new Error(`themes.css has no ${selector} block`);
  const body = THEMES_CSS.slice(start, THEMES_CSS.indexOf('}', start)).replace(/\/\*[\s\S]*?\*\//g, '');
  return new Map([...body.matchAll(/(--[\w-]+):\s*([^;]+);/g)].map((m) => [m[1] ?? '', (m[2] ?? '').trim()]));
}

const dark = block(':root');
const light = block(":root[data-theme='light']");
const THEMES = { dark, light: new Map([...dark, ...light]) };

function colourOf(theme: Map<string, string>, name: string): Rgba {
  const value = theme.get(`--${name}`);
  if (value === undefined) throw new Error(`no --${name}`);
  return parseColour(value);
}

const KERNELS = Array.from({ length: 8 }, (_, k) => `kernel-${k}`);
const TEXT = ['text', 'muted', 'faint', 'accent', 'ok', 'idle', 'bad', ...KERNELS];

/** [text, surface, what] triples: every text colour on every surface the page puts it on. */
function pairs(theme: Map<string, string>): [string, Rgba, Rgba][] {
  const c = (name: string) => colourOf(theme, name);
  const panel = c('panel');
  const out: [string, Rgba, Rgba][] = [];
  const add = (text: string, surface: Rgba, where: string) => {
    out.push([`--${text} on ${where}`, c(text), surface]);
  };
  for (const surface of ['bg', 'panel', 'node-box']) for (const text of TEXT) add(text, c(surface), `--${surface}`);
  // buttons and menus: their labels, key hints, and a kernel's colour on a filter menu
  for (const text of ['text', 'muted', ...KERNELS]) add(text, c('control-bg'), '--control-bg');
  // a hart's tile: its kernel's colour at 10% over the node box, with its kernel named on it
  for (const k of KERNELS) add(k, mix(c('node-box'), c(k), 0.1), `a ${k} hart tile`);
  for (const text of ['text', 'muted', 'accent']) add(text, c('code-at-pc'), '--code-at-pc');
  for (const text of ['text', 'muted', ...KERNELS]) add(text, over(c('row-selected'), panel), 'a selected row');
  add('term-text', c('term-bg'), '--term-bg');
  add('primary-text', c('primary-bg'), '--primary-bg');
  add('primary-text', c('primary-hover-bg'), '--primary-hover-bg');
  add('pressed-text', over(c('pressed-bg'), panel), 'a pressed button');
  // notices: a 7% tint of their colour over the page
  for (const tint of ['bad', 'idle', 'accent', 'ok']) add('text', mix(c('bg'), c(tint), 0.07), `a ${tint} notice`);
  return out;
}

describe('contrast', () => {
  it("is WCAG 2's ratio: 21 for black on white, 1 for a colour on itself, 4.48 for #777 on white", () => {
    const white = parseColour('#fff');
    expect(contrast(parseColour('#000000'), white)).toBeCloseTo(21, 5);
    expect(contrast(white, white)).toBe(1);
    expect(contrast(parseColour('#777'), white)).toBeCloseTo(4.48, 2);
    // half-transparent black on white is mid-grey
    expect(over(parseColour('rgba(0, 0, 0, 0.5)'), white)).toEqual({ r: 127.5, g: 127.5, b: 127.5, a: 1 });
  });
});

describe.each(Object.entries(THEMES))('the %s theme', (_, theme) => {
  it('gives every text colour at least 4.5:1 against each surface it sits on (WCAG AA)', () => {
    const low = pairs(theme)
      .map(([what, fg, bg]) => ({ what, ratio: Math.round(contrast(fg, bg) * 100) / 100 }))
      .filter((p) => p.ratio < 4.5);
    expect(low).toEqual([]);
  });
});

describe('the themes', () => {
  it('are complete: the light theme sets every colour the dark one does, and only those', () => {
    const colours = (m: Map<string, string>) => [...m.keys()].sort();
    expect(colours(light)).toEqual(colours(dark));
    for (const theme of Object.values(THEMES))
      for (const [, value] of theme) expect(() => parseColour(value)).not.toThrow();
  });

  it("are what index.html paints before the stylesheet, under the theme module's key", () => {
    const html = readFileSync(join(APP, '../index.html'), 'utf8');
    const rule = (selector: string) => {
      const at = html.indexOf(`${selector} {`);
      return html.slice(at, html.indexOf('}', at));
    };
    for (const [selector, theme] of [
      ['html', THEMES.dark],
      ["html[data-theme='light']", THEMES.light],
    ] as const) {
      expect(rule(selector)).toContain(`background: ${theme.get('--bg') ?? '?'};`);
      expect(rule(selector)).toContain(`color: ${theme.get('--text') ?? '?'};`);
    }
    expect(html).toContain(`localStorage.getItem('${THEME_KEY}')`);
  });

  it('are the only colours: canvases, terminals and the other stylesheets use them, not literals', () => {
    const literal = /#[0-9a-fA-F]{3,8}\b|rgba?\(/;
    const drawn = [
      'timeline/timeline-draw.ts',
      'timeline/timeline-controller.ts',
      'pages-view/grid-painter.ts',
      'pages-view/PageGrid.tsx',
      'messages-view/SequenceChart.tsx',
      'machine-view/layout.ts',
      'terminal/Xterm.tsx',
    ];
    const sheets = readdirSync(APP, { recursive: true, encoding: 'utf8' }).filter(
      (f) => f.endsWith('.css') && !f.endsWith('themes.css'),
    );
    expect(sheets).toContain('styles.css');
    const offenders = [...drawn, ...sheets].filter((f) =>
      read(f)
        .replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')
        .split('\n')
        .some((line) => literal.test(line)),
    );
    expect(offenders).toEqual([]);
  });
});
