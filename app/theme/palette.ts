// The theme's colours for what is drawn on a canvas, which cannot use CSS custom properties:
// read from the root's computed style (app/theme/themes.css), so a canvas painted with them
// matches the page. Painters read a palette when they start and again when the theme changes
// (subscribeTheme), never per frame.

import { KERNEL_COLOUR_COUNT } from '../machine-view/layout';

export interface Palette {
  panel: string;
  text: string;
  muted: string;
  bad: string;
  idle: string;
  /** Lines: axis ticks, grid rules. */
  rule: string;
  /** An empty page's outline. */
  empty: string;
  /** A hole in the pages grid: an address range no VMA covers. */
  hole: string;
  /** A timeline lane's background. */
  lane: string;
  arrow: string;
  /** Drawn under the arrows, so they read over bars of any colour. */
  halo: string;
  /** Around the selected thread's bars. */
  outline: string;
  /** One per kernel, repeating past the last (kernel k is kernels[k % length]). */
  kernels: readonly string[];
}

/** The palette of the theme shown now (`root`'s computed custom properties). */
export function readPalette(root: Element = document.documentElement): Palette {
  const style = getComputedStyle(root);
  const get = (name: string) => style.getPropertyValue(`--${name}`).trim();
  return {
    panel: get('panel'),
    text: get('text'),
    muted: get('muted'),
    bad: get('bad'),
    idle: get('idle'),
    rule: get('rule'),
    empty: get('empty'),
    hole: get('hole'),
    lane: get('lane'),
    arrow: get('arrow'),
    halo: get('halo'),
    outline: get('outline'),
    kernels: Array.from({ length: KERNEL_COLOUR_COUNT }, (_, k) => get(`kernel-${k}`)),
  };
}

/** Kernel `kernel`'s colour in `palette`. */
export function kernelColourIn(palette: Palette, kernel: number): string {
  const n = palette.kernels.length;
  return palette.kernels[((kernel % n) + n) % n] ?? palette.muted;
}
