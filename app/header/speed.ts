// Speeds as the page names them: virtual time per real second ("10 ms/s"), or "max".

import type { Speed } from '../../engine/machine/browser/pacing';

export function speedLabel(speed: Speed): string {
  if (speed === 'max') return 'max';
  const ms = speed / 1e6;
  return ms >= 1 ? `${ms} ms/s` : `${speed / 1e3} µs/s`;
}

/** A measured rate (virtual ns per wall second) in the same units. */
export function rateLabel(rate: number): string {
  const ms = rate / 1e6;
  return `${ms >= 100 ? ms.toFixed(0) : ms.toFixed(1)} ms/s`;
}

/** The virtual clock, in ms. */
export function clockLabel(ns: number): string {
  return `${(ns / 1e6).toFixed(1)} ms`;
}
