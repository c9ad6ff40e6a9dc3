// The "what just happened" panel: the latest protocol exchange told in words (and the few before
// it), its messages as a small sequence chart, and each message with what it is for (its
// declaration's doc) and its partner. When the reader moves a thread it follows that migration:
// the move stays told and marked, with the exchanges it caused after it, until Release; when the
// move shows, the page brings the panel into sight if the reader had scrolled past it (to the
// threads panel, say: a panel stuck over the page would hide what they drag onto). A switch hides
// housekeeping traffic here, in the sequence chart and in the counters.

import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { MachineFrames } from '../machine/frames';
import { kernelColour } from '../machine-view/layout';
import type { MessageRecord } from '../messages-view/message-log';
import { usePlayground } from '../store';
import { ExchangeChart } from './ExchangeChart';
import { LiveNarration } from './live-narration';
import type { Narration } from './narrate';
import { useNarration } from './narration-store';
import { ViewTitle } from './ViewTitle';
import './narration.css';

function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

function Steps({ narration, onPick }: { narration: Narration; onPick: (r: MessageRecord) => void }) {
  const records = narration.exchange.messages;
  return (
    <ol className="narration-steps" data-testid="narration-steps">
      {narration.steps.map((s, i) => (
        <li key={s.key} data-testid="narration-step" data-type={s.name}>
          <button
            type="button"
            className="step-name mono"
            onClick={() => {
              const r = records[i];
              if (r) onPick(r);
            }}
          >
            {s.name}
          </button>{' '}
          <span className="mono step-route">
            <span style={{ color: kernelColour(s.from) }}>k{s.from}</span>→
            <span style={{ color: kernelColour(s.to) }}>k{s.to}</span>
          </span>{' '}
          <span className="step-doc">{s.doc}</span>
          {s.partner && <span className="muted"> ({s.partner})</span>}
        </li>
      ))}
    </ol>
  );
}

export function NarrationPanel({ frames }: { frames: MachineFrames }) {
  const live = useMemo(() => new LiveNarration(), []);
  useEffect(() => live.attach(frames), [live, frames]);
  const told = useSyncExternalStore(live.subscribe, live.getTold);
  const lock = useNarration((s) => s.lock);
  const asked = useNarration((s) => s.asked);
  const hide = useNarration((s) => s.hideHousekeeping);
  const setHide = useNarration((s) => s.setHideHousekeeping);
  const release = useNarration((s) => s.release);
  const selectMessage = usePlayground((s) => s.selectMessage);
  const selected = usePlayground((s) => s.selectedMessage);
  const focusProcess = usePlayground((s) => s.focusProcess);
  const kernels = frames.machine.scenario.machine.kernels.length;
  const [picked, setPicked] = useState<number | undefined>(undefined);

  // a migration followed: the pages view shows its process, and the panel comes into sight
  const lockedPid = lock?.move.exchange.pid;
  const lockedKey = lock?.move.exchange.key;
  const section = useRef<HTMLElement>(null);
  useEffect(() => {
    if (lockedPid) focusProcess(lockedPid);
  }, [lockedPid, focusProcess]);
  // when a lock begins, not again while the exchange is retold: the page must not move under a
  // reader who has gone on (dragging the thread back, say)
  const locked = lockedKey !== undefined;
  const pressed = usePointerPressed();
  useEffect(() => {
    const el = section.current;
    // nor under a pointer held down (a drag under way would lose its drop target)
    if (!locked || !el || pressed.current) return;
    const box = el.getBoundingClientRect();
    if (box.top < 0 || box.bottom > innerHeight) el.scrollIntoView({ block: 'start' });
  }, [locked, pressed]);

  const list: Narration[] = lock ? [lock.move, ...lock.caused.slice(-3)] : told.latest;
  const fallback = lock ? lock.move : told.latest[told.latest.length - 1];
  const focus = list.find((n) => n.exchange.key === picked) ?? fallback;
  const others = list.filter((n) => n !== focus);
  const pick = (r: MessageRecord) => {
    const e = r.send ?? r.deliver;
    if (e) selectMessage(e);
  };
  const selectedKey = selected
    ? (focus?.exchange.messages.find((m) => m.send === selected || m.deliver === selected)?.key ?? undefined)
    : undefined;
  const state = lock ? 'following' : asked ? 'waiting' : focus ? 'latest' : 'idle';

  return (
    <section
      ref={section}
      className={`panel narration${lock ? ' following' : ''}`}
      aria-label="what just happened"
      data-testid="narration"
      data-state={state}
    >
      <div className="narration-head">
        <ViewTitle view="narration">What just happened</ViewTitle>
        {lock && (
          <span className="narration-follow" data-testid="narration-following">
            Following your migration of thread {lock.ask.label} to kernel {lock.ask.to}
            {lock.caused.length > 0 &&
              ` and the ${lock.caused.length} exchange${lock.caused.length === 1 ? '' : 's'} it caused`}
          </span>
        )}
        {asked && !lock && (
          <span className="narration-follow" role="status">
            Waiting for thread {asked.label} to move to kernel {asked.to}…
          </span>
        )}
        <span className="narration-actions">
          <label className="housekeeping-switch">
            <input
              type="checkbox"
              checked={hide}
              data-testid="hide-housekeeping"
              onChange={(e) => {
                setHide(e.target.checked);
              }}
            />{' '}
            hide housekeeping
          </label>
          {(lock || asked) && (
            <button type="button" className="release" data-testid="narration-release" onClick={release}>
              Release
            </button>
          )}
        </span>
      </div>
      {!focus ? (
        <p className="caption">
          No protocol exchange yet: move a thread to another kernel (Threads), or run a program across kernels.
        </p>
      ) : (
        <div className="narration-body">
          <div className="narration-told">
            <p className="narration-sentence" data-testid="narration-sentence" data-root={focus.exchange.root}>
              {focus.sentence}
            </p>
            {lock && lock.pages.length > 0 && (
              <p className="narration-pages mono" data-testid="narration-pages">
                pages moved: {lock.pages.slice(0, 8).map(hex).join(' ')}
                {lock.pages.length > 8 && ' …'}
              </p>
            )}
            {others.length > 0 && (
              <ul className="narration-others" aria-label={lock ? 'what it caused' : 'just before'}>
                {others.map((n) => (
                  <li key={n.exchange.key}>
                    <button
                      type="button"
                      className="link-like"
                      onClick={() => {
                        setPicked(n.exchange.key);
                      }}
                    >
                      {n.sentence}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </div>
          <ExchangeChart
            messages={focus.exchange.messages}
            kernels={kernels}
            marked={focus.exchange.key}
            selected={selectedKey}
            onPick={pick}
          />
          <Steps narration={focus} onPick={pick} />
        </div>
      )}
    </section>
  );
}

/** Whether a pointer button is held down anywhere on the page now (a click or a drag under way). */
function usePointerPressed(): { readonly current: boolean } {
  const pressed = useRef(false);
  useEffect(() => {
    const down = () => {
      pressed.current = true;
    };
    const up = () => {
      pressed.current = false;
    };
    window.addEventListener('pointerdown', down, true);
    window.addEventListener('pointerup', up, true);
    window.addEventListener('pointercancel', up, true);
    window.addEventListener('dragend', up, true);
    window.addEventListener('drop', up, true);
    return () => {
      window.removeEventListener('pointerdown', down, true);
      window.removeEventListener('pointerup', up, true);
      window.removeEventListener('pointercancel', up, true);
      window.removeEventListener('dragend', up, true);
      window.removeEventListener('drop', up, true);
    };
  }, []);
  return pressed;
}
