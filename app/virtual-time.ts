// Virtual times as every view writes them (the clock, the timeline, the messages, the pages
// and the inspector): in ns, µs, ms or s, whichever keeps the number below a thousand, so that
// 331 ms never reads "331,200.0 µs" in one place and "331.200412 ms" in another.

const UNITS: Array<[scale: number, unit: string]> = [
  [1, 'ns'],
  [1e3, 'µs'],
  [1e6, 'ms'],
  [1e9, 's'],
];

/** The resolution of an event's time: to the µs (messages and page operations are µs apart). */
export const EVENT_TIME_NS = 1e3;

/**
 * `ns` of virtual time for people. A duration (no `resolutionNs`) gets four significant
 * digits: "800 ns", "1.540 µs", "101.0 µs", "2.037 ms", "1.235 s". A point in time gets the
 * decimals that show `resolutionNs`, whatever its size, so that events close together stay
 * apart: with EVENT_TIME_NS, "7.400 ms", "331.201 ms", "1.234500 s".
 */
export function formatVirtualTime(ns: number, resolutionNs?: number): string {
  if (!Number.isFinite(ns)) return '–';
  for (let i = 0; i < UNITS.length; i++) {
    const [scale, unit] = UNITS[i] as [number, string];
    const value = ns / scale;
    const whole = Math.abs(value) >= 1 ? Math.floor(Math.log10(Math.abs(value))) + 1 : 1; // digits before the point
    const decimals =
      scale === 1
        ? 0
        : resolutionNs !== undefined && resolutionNs > 0
          ? Math.min(9, Math.max(0, Math.ceil(Math.log10(scale / resolutionNs) - 1e-9)))
          : Math.max(0, 4 - whole);
    const text = value.toFixed(decimals);
    // 999.96 µs rounds to "1000.0": that is the next unit's 1.000
    if (Math.abs(Number(text)) < 1000 || i === UNITS.length - 1) return `${text} ${unit}`;
  }
  return `${ns} ns`; // not reached: the last unit always answers
}
