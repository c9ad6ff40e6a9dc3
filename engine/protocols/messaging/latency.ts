// The messaging layer's cost model and the rule that turns it into a delivery time, in one
// place: the messenger applies them, the machine derives its smallest link latency (the
// shortest synchronisation quantum it accepts) from the first, and tests check both.

import { LOCAL_DISTANCE } from '../../kernels/topology';

/** Virtual ns per 10 units of NUMA distance (ACPI SLIT's local distance): 1 us. */
export const NS_PER_LOCAL_DISTANCE = 1000;

/** Virtual ns a message of `bytes` takes across NUMA distance `distance`: 1 us per 10 units plus 1 ns per 4 bytes (a few GB/s). */
export function linkLatencyNs(distance: number, bytes: number): number {
  return (distance / LOCAL_DISTANCE) * NS_PER_LOCAL_DISTANCE + bytes / 4;
}

/**
 * When a message sent at `sentAt` is delivered: at its modelled arrival (`sentAt + latency`),
 * but never within the epoch it was sent in (a kernel learns of it only at the next epoch
 * start, where every kernel has finished the epoch), and never before the last message sent
 * to the same receiver (links are FIFO, as the protocols assume).
 */
export function deliveryTime(sentAt: number, latency: number, epochNs: number, lastToPeer: number): number {
  const nextEpoch = (Math.floor(sentAt / epochNs) + 1) * epochNs;
  return Math.max(sentAt + latency, nextEpoch, lastToPeer);
}
