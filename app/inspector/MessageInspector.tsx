// A clicked message: its type and what it is for (its service's declaration), who sent it to
// whom, when it was sent and delivered (virtual time), which kernel's trace the clicked event
// came from, and its fields, each with its description and value (once a kernel that sent or
// received it published its body); from the trace, the exchange it is part of told in words,
// its request or response partner (a click shows it) and the state change it caused.

import type { FeedEvent } from '../machine/trace-feed';
import type { MachineFrames } from '../machine/frames';
import { kernelColour } from '../machine-view/layout';
import { MSG, messageTypeName } from '../../engine/machine/browser/trace-events';
import { frameLine } from '../network-view/packet-log';
import { useExplanation } from '../narration/use-explanation';
import { usePlayground } from '../store';
import { EVENT_TIME_NS, formatVirtualTime } from '../virtual-time';
import { decodeBody, messageAbout, type FieldRow } from './message-body';
import { messageFields, type MessageFields } from './message-fields';
import { useMessageBody } from './use-message-body';

function Kernel({ k }: { k: number }) {
  return (
    <>
      <span className="swatch" style={{ background: kernelColour(k) }} aria-hidden="true" />
      kernel {k}
    </>
  );
}

export function MessageInspector({ frames, event }: { frames: MachineFrames; event: FeedEvent }) {
  const f = messageFields(event);
  if (!f) return <p className="muted">This event is not a message.</p>;
  const about = messageAbout(f.type);
  return (
    <div data-testid="inspector-message" data-type={f.type} data-from={f.from} data-to={f.to}>
      <h3 className="mono">
        {f.typeName} <span className="muted">(type {f.type})</span>
      </h3>
      {about && (
        <p className="inspector-about" data-testid="inspector-message-about">
          {about.doc}{' '}
          <span className="muted">
            ({about.service}
            {about.answers ? `; answers ${about.answers}` : ''}
            {about.responses.length > 0 ? `; answered by ${about.responses.join(' or ')}` : ''})
          </span>
        </p>
      )}
      <Explanation frames={frames} event={event} />
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
      {about && <MessageBody frames={frames} f={f} declared={about.fields} />}
    </div>
  );
}

/**
 * What the trace says of it: the exchange it is part of in words, its request or response (a
 * click shows that one), and what it changed.
 */
function Explanation({ frames, event }: { frames: MachineFrames; event: FeedEvent }) {
  const explained = useExplanation(frames, event);
  const selectMessage = usePlayground((s) => s.selectMessage);
  if (!explained) return null;
  const { narration, partner, isAnswer, effect } = explained;
  const partnerEvent = partner?.send ?? partner?.deliver;
  return (
    <div className="inspector-exchange" data-testid="inspector-message-exchange">
      <p className="inspector-exchange-told">{narration.sentence}</p>
      {partner && partnerEvent && (
        <p data-testid="inspector-message-partner">
          {isAnswer ? 'It answers ' : 'Answered by '}
          <button
            type="button"
            className="mono partner-link"
            onClick={() => {
              selectMessage(partnerEvent);
            }}
          >
            {messageTypeName(partner.type)} #{partner.seq} k{partner.from}→k{partner.to}
          </button>
        </p>
      )}
      {effect && (
        <p data-testid="inspector-message-effect">
          <span className="muted">What it changed:</span> {effect}
        </p>
      )}
    </div>
  );
}

/** The message's fields as declared, with their values once its body is in. */
function MessageBody({ frames, f, declared }: { frames: MachineFrames; f: MessageFields; declared: FieldRow[] }) {
  const reading = useMessageBody(frames, f.from, f.to, f.seq);
  const decoded = reading && reading !== 'gone' ? decodeBody(reading.type, reading.body) : undefined;
  const rows = decoded && 'fields' in decoded ? decoded.fields : declared;
  const state =
    reading === undefined ? 'waiting' : reading === 'gone' ? 'gone' : decoded && 'error' in decoded ? 'bad' : 'decoded';
  return (
    <>
      <h3>Fields</h3>
      <p className="muted inspector-status" data-testid="inspector-message-body" data-state={state}>
        {state === 'waiting'
          ? 'Asking its kernels for its body…'
          : state === 'gone'
            ? 'Its kernels no longer keep its body (they keep their latest messages): its fields as declared.'
            : state === 'bad'
              ? `Its body does not decode: ${decoded && 'error' in decoded ? decoded.error : ''}`
              : rows.length === 0
                ? 'No fields: the message itself is the news.'
                : 'As its kernels published it.'}
      </p>
      {reading && reading !== 'gone' && reading.type === MSG.NET_FRAME && (
        <p data-testid="inspector-packet">
          <span className="muted">The frame, as tcpdump prints it:</span>{' '}
          <span className="mono">{frameLine(reading.body)}</span>
        </p>
      )}
      {rows.length > 0 && (
        <dl className="inspector-fields inspector-message-fields">
          {rows.map((r) => (
            <div key={r.name} className="field-row" data-testid="message-field" data-name={r.name}>
              <dt className="mono" title={r.type}>
                {r.name}
              </dt>
              <dd>
                <span className="mono field-value">
                  {r.value === '' ? <span className="muted">{r.type}</span> : r.value}
                </span>
                <span className="muted field-doc"> {r.doc}</span>
              </dd>
            </div>
          ))}
        </dl>
      )}
    </>
  );
}
