// Speeds as the page names them: virtual time per real second ("10 ms/s"), or "max".

import type { Speed } from '../../engine/machine/browser/pacing';
import { DEFAULT_EPOCH_NS } from '../../engine/machine/quantum';
import { formatVirtualTime } from '../virtual-time';

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

/** The virtual clock, to the epoch (it moves an epoch, of `epochNs`, at a time). */
export function clockLabel(ns: number, epochNs = DEFAULT_EPOCH_NS): string {
  return formatVirtualTime(ns, epochNs);
}
