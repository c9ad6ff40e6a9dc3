// While the machine is paused: the messages in flight between the kernels and the order they
// will be delivered in (in-flight.ts), so that a reader stepping with "Next message" sees what
// comes next and why in that order. Read from the trace the page already has.
//
// Exploration (a toggle, off by default, marked as changing the run): each message offers
// "deliver first" (when the messaging rules allow it; otherwise disabled, with why) and "delay
// N epochs". A choice is posted to the receivers, which take and record it at the next epoch
// start (so Share replays it), and the run goes on to the next delivery, where the list shows
// the consequence.

import { useEffect, useId, useState } from 'react';
import { MAX_DELAY_EPOCHS, type Delay, type DelayRequest } from '../../engine/machine/browser/browser-machine';
import { EPOCH_NS } from '../../engine/machine/browser/pacing';
import type { MachineFrames } from '../machine/frames';
import type { MachineSnapshot } from '../machine/snapshot';
import { formatVirtualTime } from '../virtual-time';
import { choiceText, firstChoice, messageLabel } from './explore';
import { inFlight, type InFlight } from './in-flight';
import './in-flight.css';

/** Most messages listed: the rest are counted. */
const SHOWN = 6;

interface Asked {
  text: string;
  requests: DelayRequest[];
}

export function InFlightList({ frames, snapshot }: { frames: MachineFrames; snapshot: MachineSnapshot }) {
  // not while it steps to the next message: the list would be of an epoch about to pass
  const settled = !snapshot.running && !frames.machine.steppingToMessage && snapshot.epoch >= snapshot.granted;
  // read again whenever the trace moves on (not at all while paused, once it has caught up)
  const [, setBatches] = useState(0);
  useEffect(
    () =>
      frames.trace.subscribe(() => {
        setBatches((n) => n + 1);
      }),
    [frames],
  );
  const [exploring, setExploring] = useState(false);
  const [epochs, setEpochs] = useState(2);
  const [asked, setAsked] = useState<Asked | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const epochsId = useId();
  const messages = settled ? inFlight(frames.trace.recent(), snapshot.virtualNs) : [];
  if (!settled || snapshot.replaying) return null;
  const machine = frames.machine;

  const choose = (kind: 'first' | 'delay', m: InFlight, delays: Delay[]) => {
    const requests = machine.delayMessages(delays);
    if (typeof requests === 'string') {
      setProblem(`Not changed: ${requests}.`);
      return;
    }
    setProblem(undefined);
    setAsked({ text: choiceText(kind, m, delays), requests });
    machine.stepToMessage(); // the run goes on with it, to the next delivery
  };

  return (
    <section
      className={exploring ? 'in-flight exploring' : 'in-flight'}
      aria-label="messages in flight"
      data-testid="in-flight"
    >
      <div className="in-flight-head">
        <p>
          {messages.length === 0
            ? 'No message is in flight between the kernels.'
            : 'In flight, in the order they will be delivered (delivery time, then sender, then sequence number):'}
        </p>
        <button
          type="button"
          className="explore-toggle"
          aria-pressed={exploring}
          data-testid="explore-toggle"
          onClick={() => {
            setExploring(!exploring);
          }}
        >
          Exploration {exploring ? 'on' : 'off'}
        </button>
      </div>
      {exploring && (
        <div className="explore-note" data-testid="explore-note">
          <p>
            <strong>Exploration changes this run.</strong> Messages from one kernel to another travel in order (their
            ring is FIFO); messages of different senders or to different kernels may arrive in either order, and any may
            be late. What you choose is recorded: Share replays it.
          </p>
          <label htmlFor={epochsId}>
            Delay by{' '}
            <input
              id={epochsId}
              type="number"
              min={1}
              max={MAX_DELAY_EPOCHS}
              value={epochs}
              data-testid="explore-epochs"
              onChange={(e) => {
                const n = Math.round(Number(e.target.value));
                setEpochs(Math.min(MAX_DELAY_EPOCHS, Math.max(1, Number.isFinite(n) ? n : 1)));
              }}
            />{' '}
            epochs ({formatVirtualTime(epochs * EPOCH_NS)})
          </label>
        </div>
      )}
      {messages.length > 0 && (
        <ol>
          {messages.slice(0, SHOWN).map((m) => (
            <li
              key={`${m.from}:${m.to}:${m.seq}`}
              data-type={m.type}
              data-from={m.from}
              data-to={m.to}
              data-seq={m.seq}
              data-held={m.deliverAt > m.dueAt ? 'yes' : undefined}
            >
              <strong>{m.type}</strong> kernel {m.from} → kernel {m.to}, due at {formatVirtualTime(m.deliverAt)}
              {m.deliverAt > m.dueAt && (
                <span className="held"> (held back: it was due at {formatVirtualTime(m.dueAt)})</span>
              )}
              {exploring && <Choices m={m} all={messages} epochs={epochs} choose={choose} />}
            </li>
          ))}
        </ol>
      )}
      {messages.length > SHOWN && <p>and {messages.length - SHOWN} more.</p>}
      {problem && (
        <p className="explore-said" role="alert">
          {problem}
        </p>
      )}
      {asked && !problem && <AskedStatus asked={asked} frames={frames} />}
    </section>
  );
}

function Choices({
  m,
  all,
  epochs,
  choose,
}: {
  m: InFlight;
  all: InFlight[];
  epochs: number;
  choose: (kind: 'first' | 'delay', m: InFlight, delays: Delay[]) => void;
}) {
  const first = firstChoice(m, all, EPOCH_NS);
  const whyId = useId();
  const label = messageLabel(m);
  return (
    <span className="explore-choices">
      <button
        type="button"
        disabled={'disabled' in first}
        aria-describedby={'disabled' in first ? whyId : undefined}
        aria-label={`Deliver ${label} first`}
        onClick={() => {
          if ('delays' in first) choose('first', m, first.delays);
        }}
      >
        Deliver first
      </button>
      {'disabled' in first && (
        <span className="explore-why" id={whyId}>
          ({first.disabled})
        </span>
      )}
      <button
        type="button"
        aria-label={`Delay ${label} by ${epochs} epochs`}
        onClick={() => {
          choose('delay', m, [{ from: m.from, to: m.to, seq: m.seq, epochs }]);
        }}
      >
        Delay {epochs}
      </button>
    </span>
  );
}

/** What the reader asked, and what the kernels made of it once they took it. */
function AskedStatus({ asked, frames }: { asked: Asked; frames: MachineFrames }) {
  const answers = asked.requests.map((r) => frames.machine.delayAnswer(r));
  const refused = asked.requests.flatMap((r, i) => {
    const a = answers[i];
    return a && !a.taken ? [`kernel ${r.to} could not hold #${r.seq} from kernel ${r.from}: ${why(a.error)}`] : [];
  });
  const waiting = answers.some((a) => a === undefined);
  return (
    <p className="explore-said" role="status" data-testid="explore-said" data-state={waiting ? 'waiting' : 'taken'}>
      {asked.text}{' '}
      {waiting
        ? 'The kernels take it at the next epoch.'
        : refused.length > 0
          ? `${refused.join('; ')}.`
          : 'Taken, and recorded: Share replays it.'}
    </p>
  );
}

function why(error: string): string {
  return error === 'ENOENT' ? 'it was no longer in flight' : error;
}
