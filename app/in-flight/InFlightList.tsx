// While the machine is paused: the messages in flight between the kernels and the order they
// will be delivered in (in-flight.ts), so that a reader stepping with "Next message" sees what
// comes next and why in that order. Read from the trace the page already has.

import { useEffect, useState } from 'react';
import type { MachineFrames } from '../machine/frames';
import type { MachineSnapshot } from '../machine/snapshot';
import { formatVirtualTime } from '../virtual-time';
import { inFlight } from './in-flight';
import './in-flight.css';

/** Most messages listed: the rest are counted. */
const SHOWN = 6;

export function InFlightList({ frames, snapshot }: { frames: MachineFrames; snapshot: MachineSnapshot }) {
  const settled = !snapshot.running && snapshot.epoch >= snapshot.granted;
  // read again whenever the trace moves on (not at all while paused, once it has caught up)
  const [, setBatches] = useState(0);
  useEffect(
    () =>
      frames.trace.subscribe(() => {
        setBatches((n) => n + 1);
      }),
    [frames],
  );
  const messages = settled ? inFlight(frames.trace.recent()) : [];
  if (!settled || snapshot.replaying) return null;
  return (
    <section className="in-flight" aria-label="messages in flight" data-testid="in-flight">
      {messages.length === 0 ? (
        <p>No message is in flight between the kernels.</p>
      ) : (
        <>
          <p>In flight, in the order they will be delivered (delivery time, then sender, then sequence number):</p>
          <ol>
            {messages.slice(0, SHOWN).map((m) => (
              <li key={`${m.from}:${m.to}:${m.seq}`} data-type={m.type}>
                <strong>{m.type}</strong> kernel {m.from} → kernel {m.to}, due at {formatVirtualTime(m.deliverAt)}
              </li>
            ))}
          </ol>
          {messages.length > SHOWN && <p>and {messages.length - SHOWN} more.</p>}
        </>
      )}
    </section>
  );
}
