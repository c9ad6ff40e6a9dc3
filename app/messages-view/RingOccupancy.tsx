// Ring occupancy per kernel: one bar per kernel's receive ring, with the slots in use now, the
// most used in the last second (kernels drain their rings at each epoch start, so "now" is
// mostly 0), the ring's all-time peak as a tick, and how often a sender waited for room.

import { memo } from 'react';
import { kernelColour } from '../machine-view/layout';
import type { RingReading } from './ring-meter';

/** A bar's share of the track as a CSS width; anything above 0 stays visible. */
function share(part: number, whole: number): string {
  if (part <= 0 || whole <= 0) return '0%';
  return `max(2px, ${Math.min(100, (100 * part) / whole).toFixed(2)}%)`;
}

function RingBar({ kernel, ring }: { kernel: number; ring: RingReading }) {
  const colour = kernelColour(kernel);
  const describe = `kernel ${kernel}'s receive ring: ${ring.used} of ${ring.slots} slots in use, at most ${ring.recentMax} in the last second, peak ${ring.peak}; senders waited for room ${ring.fullWaits} times`;
  return (
    <li className="ring" data-testid={`ring-${kernel}`} data-used={ring.used} data-peak={ring.peak} title={describe}>
      <span className="ring-name" style={{ color: colour }}>
        k{kernel}
      </span>
      <span className="ring-track" aria-hidden="true">
        <span className="ring-recent" style={{ width: share(ring.recentMax, ring.slots), background: colour }} />
        <span className="ring-used" style={{ width: share(ring.used, ring.slots), background: colour }} />
        {ring.peak > 0 && <span className="ring-peak" style={{ left: share(ring.peak, ring.slots) }} />}
      </span>
      <span className="ring-figures mono">
        {ring.used}/{ring.slots} · max {ring.recentMax} · peak {ring.peak}
        {ring.fullWaits > 0 && <span className="ring-waits"> · full {ring.fullWaits}×</span>}
      </span>
    </li>
  );
}

export const RingOccupancy = memo(function RingOccupancy({ rings }: { rings: readonly RingReading[] }) {
  return (
    <ul className="rings" aria-label="receive ring occupancy">
      {rings.map((ring, kernel) => (
        <RingBar key={kernel} kernel={kernel} ring={ring} />
      ))}
    </ul>
  );
});
