// The terminal's colours in the page's theme: the background, text, cursor and selection from
// the theme's custom properties (app/theme/themes.css), and, on the light theme, ANSI colours
// dark enough to read on white (xterm's own suit a dark background).

import type { ITheme } from '@xterm/xterm';
import type { Theme } from '../theme/theme';

/** ANSI colours for a light background (GitHub's light terminal palette). */
const LIGHT_ANSI: ITheme = {
  black: '#24292f',
  red: '#cf222e',
  green: '#116329',
  yellow: '#4d2d00',
  blue: '#0969da',
  magenta: '#8250df',
  cyan: '#1b7c83',
  white: '#6e7781',
  brightBlack: '#57606a',
  brightRed: '#a40e26',
  brightGreen: '#1a7f37',
  brightYellow: '#633c01',
  brightBlue: '#218bff',
  brightMagenta: '#a475f9',
  brightCyan: '#3192aa',
  brightWhite: '#8c959f',
};

/** xterm's theme for the page's theme `theme`, read from `root`'s computed style. */
export function xtermTheme(theme: Theme, root: Element = document.documentElement): ITheme {
  const style = getComputedStyle(root);
  const get = (name: string) => style.getPropertyValue(`--${name}`).trim();
  return {
    ...(theme === 'light' ? LIGHT_ANSI : {}),
    background: get('term-bg'),
    foreground: get('term-text'),
    cursor: get('accent'),
    cursorAccent: get('term-bg'),
    selectionBackground: get('term-selection'),
    scrollbarSliderBackground: get('term-scroll'),
    scrollbarSliderHoverBackground: get('term-scroll-hover'),
    scrollbarSliderActiveBackground: get('term-scroll-hover'),
  };
}
