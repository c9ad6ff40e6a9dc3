// Virtual times as the pages view and the inspector write them: microseconds with one decimal,
// grouped in thousands, as the rest of the page does.

const MICROS = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** Virtual ns as "1,234.5 µs". */
export function formatMicros(ns: number): string {
  return `${MICROS.format(ns / 1000)} µs`;
}
