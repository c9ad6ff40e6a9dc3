// A clicked message's fields: its type, who sent it to whom, when it was sent and delivered
// (virtual time) and which kernel's trace the clicked event came from.

import type { FeedEvent } from '../machine/trace-feed';
import { kernelColour } from '../machine-view/layout';
import { EVENT_TIME_NS, formatVirtualTime } from '../virtual-time';
import { messageFields } from './message-fields';

function Kernel({ k }: { k: number }) {
  return (
    <>
      <span className="swatch" style={{ background: kernelColour(k) }} aria-hidden="true" />
      kernel {k}
    </>
  );
}

export function MessageInspector({ event }: { event: FeedEvent }) {
  const f = messageFields(event);
  if (!f) return <p className="muted">This event is not a message.</p>;
  return (
    <div data-testid="inspector-message" data-type={f.type} data-from={f.from} data-to={f.to}>
      <h3 className="mono">
        {f.typeName} <span className="muted">(type {f.type})</span>
      </h3>
      <dl className="inspector-fields">
        <dt>from</dt>
        <dd>
          <Kernel k={f.from} />
        </dd>
        <dt>to</dt>
        <dd>
          <Kernel k={f.to} />
        </dd>
        <dt>sent</dt>
        <dd className="mono">{formatVirtualTime(f.sentNs, EVENT_TIME_NS)}</dd>
        <dt>delivered</dt>
        <dd className="mono">{formatVirtualTime(f.deliveredNs, EVENT_TIME_NS)}</dd>
        <dt>in transit</dt>
        <dd className="mono">{formatVirtualTime(f.transitNs)}</dd>
        <dt>sequence</dt>
        <dd className="mono">{f.seq}</dd>
        <dt>event</dt>
        <dd>
          its {f.event}, from <Kernel k={f.tracedBy} />
          {"'s trace"}
        </dd>
      </dl>
    </div>
  );
}
