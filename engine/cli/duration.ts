// Virtual durations on the command line: "250us", "20ms", "1.5s", "800ns". The unit is required:
// a bare number is refused rather than guessed (nanoseconds? milliseconds?).

const UNITS: Record<string, number> = { ns: 1, us: 1e3, ms: 1e6, s: 1e9 };

/** Nanoseconds, or undefined when `text` is not a positive duration with its unit. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ns|us|ms|s)$/.exec(text.trim());
  if (!m) return undefined;
  const ns = Math.round(Number(m[1]) * (UNITS[m[2] ?? ''] ?? NaN));
  return Number.isSafeInteger(ns) && ns > 0 ? ns : undefined;
}
