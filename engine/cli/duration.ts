// Virtual durations on the command line: "250us", "20ms", "1.5s", or plain nanoseconds.

const UNITS: Record<string, number> = { ns: 1, us: 1e3, ms: 1e6, s: 1e9 };

export function parseDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ns|us|ms|s)?$/.exec(text.trim());
  if (!m) return undefined;
  const ns = Number(m[1]) * (UNITS[m[2] ?? 'ns'] ?? 1);
  return Number.isFinite(ns) && ns > 0 ? Math.round(ns) : undefined;
}
