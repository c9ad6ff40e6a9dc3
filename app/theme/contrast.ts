// Colour arithmetic for checking the themes against WCAG 2: reading a CSS colour (#rgb,
// #rrggbb, rgb() or rgba()), laying a translucent colour over an opaque one, and the contrast
// ratio of two colours from their relative luminance (WCAG AA asks 4.5:1 for text).

export interface Rgba {
  r: number;
  g: number;
  b: number;
  /** 0 (transparent) to 1 (opaque). */
  a: number;
}

/** A CSS colour as numbers; throws on anything else (a theme colour must be one of these). */
export function parseColour(text: string): Rgba {
  const t = text.trim().toLowerCase();
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/.exec(t);
  if (hex) {
    const h = hex[1] ?? '';
    const full = h.length === 3 ? h.replace(/./g, (c) => c + c) : h;
    const v = parseInt(full, 16);
    return { r: (v >> 16) & 255, g: (v >> 8) & 255, b: v & 255, a: 1 };
  }
  const fn = /^rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*(?:,\s*([\d.]+)\s*)?\)$/.exec(t);
  if (fn) return { r: Number(fn[1]), g: Number(fn[2]), b: Number(fn[3]), a: fn[4] === undefined ? 1 : Number(fn[4]) };
  throw new Error(`not a colour this check reads: ${text}`);
}

/** `top` laid over the opaque `base`: what the eye sees. */
export function over(top: Rgba, base: Rgba): Rgba {
  const mix = (t: number, b: number) => t * top.a + b * (1 - top.a);
  return { r: mix(top.r, base.r), g: mix(top.g, base.g), b: mix(top.b, base.b), a: 1 };
}

/** `amount` (0 to 1) of `ink` in `base`, as color-mix(in srgb, ink amount, base). */
export function mix(base: Rgba, ink: Rgba, amount: number): Rgba {
  return over({ ...ink, a: amount }, base);
}

/** WCAG 2 relative luminance of an opaque colour. */
export function luminance({ r, g, b }: Rgba): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** The contrast ratio of two opaque colours, 1 to 21. */
export function contrast(a: Rgba, b: Rgba): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
