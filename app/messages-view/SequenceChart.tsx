// The message sequence chart: a lifeline per kernel (its name on top), time flowing down, the
// latest messages that pass the filters as arrows from sender to receiver labelled with their
// type's Popcorn name (shortened where two lifelines are close; hovering an arrow shows the full
// name and the message), each row's virtual time on the left. Solid: delivered; dashed: in
// flight (its delivery not seen yet), as the legend above the chart says. Clicking an arrow
// shows the message in the inspector; clicking a kernel's name keeps only its messages. While the
// views follow a migration (narration-store.ts), the chart shows it and the messages it caused,
// the TASK_MIGRATE in bold and at the top of the scrolled box (the latest are at the bottom
// otherwise), until released. The
// chart scrolls under the kernels' names and stays scrolled to the bottom (the latest) by CSS
// alone (messages.css): reading the scroll height after each redraw would force a layout.

import { memo, useMemo, useRef, useSyncExternalStore, type KeyboardEvent, type MouseEvent } from 'react';
import { messageDescription, messageTypeName } from '../../engine/machine/browser/trace-events';
import { kernelColour } from '../machine-view/layout';
import { usePlayground } from '../store';
import { useNarration } from '../narration/narration-store';
import { followedPassing, latestPassing, type MessageFilter } from './filter';
import type { LiveMessages } from './live-messages';
import { keyOfEvent, type MessageRecord } from './message-log';
import { GUTTER, layoutChart, ROW, type ChartArrow } from './sequence-layout';
import { useWidth } from '../use-width';
import { EVENT_TIME_NS, formatVirtualTime } from '../virtual-time';

const HEAD_HEIGHT = 22;

function describe(r: MessageRecord): string {
  const delivered = r.deliver
    ? `delivered ${formatVirtualTime(r.deliverAt, EVENT_TIME_NS)}`
    : `due ${formatVirtualTime(r.deliverAt, EVENT_TIME_NS)} (in flight)`;
  const pid = r.pid === 0 ? '' : ` · pid ${r.pid}`;
  return `${messageTypeName(r.type)} #${r.seq} · kernel ${r.from} → kernel ${r.to} · sent ${formatVirtualTime(r.sentAt, EVENT_TIME_NS)} · ${delivered}${pid}`;
}

/** How an arrow is marked while the views follow a migration: its TASK_MIGRATE, or what it caused. */
type Followed = 'root' | 'caused' | undefined;

function Arrow({ arrow, selected, followed }: { arrow: ChartArrow; selected: boolean; followed: Followed }) {
  const r = arrow.record;
  const colour = kernelColour(r.from);
  const mark = followed === 'root' ? ' followed followed-root' : followed ? ' followed' : '';
  return (
    <g
      className={`message-arrow${selected ? ' selected' : ''}${r.deliver ? '' : ' in-flight'}${mark}`}
      data-followed={followed}
      data-testid="message-arrow"
      data-key={r.key}
      data-type={messageTypeName(r.type)}
      data-from={r.from}
      data-to={r.to}
      role="button"
      tabIndex={0}
      aria-label={describe(r)}
      aria-pressed={selected}
    >
      <title>{`${describe(r)}\n${messageDescription(r.type)}`}</title>
      <path className="hit" d={arrow.path} />
      <path className="shaft" d={arrow.path} stroke={colour} />
      <path className="head" d={arrow.head} fill={colour} />
      <text className="arrow-label" x={arrow.labelX} y={arrow.labelY - 3} textAnchor={arrow.labelAnchor}>
        {arrow.label}
      </text>
    </g>
  );
}

/** What the arrows' strokes mean. */
function ChartLegend() {
  const sample = (className: string) => (
    <svg width={28} height={8} aria-hidden="true">
      <path className={className} d="M1,4H21" />
      <path className="legend-head" d="M27,4L20,0.5L20,7.5Z" />
    </svg>
  );
  return (
    <p className="caption chart-legend" data-testid="message-chart-legend">
      <span>{sample('legend-shaft')} delivered</span>
      <span>{sample('legend-shaft dashed')} in flight: sent, its delivery not seen yet</span>
      <span>labels: the message types’ Popcorn names, shortened between close kernels (hover an arrow)</span>
    </p>
  );
}

export const SequenceChart = memo(function SequenceChart({
  live,
  filter,
  limit,
  onPickKernel,
}: {
  live: LiveMessages;
  filter: MessageFilter;
  limit: number;
  /** A kernel's name was clicked. */
  onPickKernel: (kernel: number) => void;
}) {
  const messages = useSyncExternalStore(live.subscribeChart, live.getChartMessages);
  const box = useRef<HTMLDivElement>(null);
  const width = useWidth(box, 640);
  const lock = useNarration((s) => s.lock);
  const release = useNarration((s) => s.release);
  const shown = useMemo(
    () => (lock ? followedPassing(messages, lock.keys, filter, limit) : latestPassing(messages, filter, limit)),
    [messages, lock, filter, limit],
  );
  const rootKey = lock?.move.exchange.key;
  const layout = useMemo(() => layoutChart(shown, live.kernels, width), [shown, live.kernels, width]);
  const rules = layout.rows.map((row) => `M${GUTTER - 4},${row.y}H${layout.width}`).join('');
  const gaps = layout.rows
    .filter((row) => row.gapBefore)
    .map((row) => `M4,${row.y - ROW / 2}H${layout.width}`)
    .join('');
  const selectedMessage = usePlayground((s) => s.selectedMessage);
  const selectMessage = usePlayground((s) => s.selectMessage);
  const selectedKey = selectedMessage ? keyOfEvent(selectedMessage) : undefined;

  const pick = (target: EventTarget) => {
    const key = Number((target as Element).closest('[data-key]')?.getAttribute('data-key'));
    const record = shown.find((r) => r.key === key);
    if (!record) return;
    selectMessage(record.key === selectedKey ? undefined : (record.send ?? record.deliver));
  };
  const onClick = (e: MouseEvent) => {
    pick(e.target);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    e.preventDefault();
    pick(e.target);
  };

  return (
    <div className="sequence-chart" ref={box} data-testid="message-chart" data-shown={shown.length}>
      <ChartLegend />
      {lock && (
        <p className="chart-lock" data-testid="message-chart-lock">
          <span>
            Following your migration of thread {lock.ask.label}: its TASK_MIGRATE (bold) and the messages it caused.
          </span>
          <button type="button" onClick={release}>
            Show the latest
          </button>
        </p>
      )}
      <svg className="lifeline-heads" width={layout.width} height={HEAD_HEIGHT} aria-label="kernels">
        <text x={GUTTER - 8} y={15} textAnchor="end" className="axis-title">
          virtual time ↓
        </text>
        {layout.lifelines.map((l) => (
          <g
            key={l.kernel}
            className={`lifeline-head${filter.kernel === l.kernel ? ' picked' : ''}`}
            data-testid={`lifeline-${l.kernel}`}
            onClick={() => {
              onPickKernel(l.kernel);
            }}
          >
            <title>{filter.kernel === l.kernel ? 'show every kernel' : `only kernel ${l.kernel}'s messages`}</title>
            <text x={l.x} y={15} textAnchor="middle" fill={kernelColour(l.kernel)}>
              k{l.kernel}
            </text>
          </g>
        ))}
      </svg>
      <div className={`chart-scroll${lock ? ' locked' : ''}`}>
        {shown.length === 0 ? (
          <p className="caption empty-chart">
            {messages.length === 0
              ? 'No message between kernels yet: run a program across kernels (see Try).'
              : 'No recent message passes the filters.'}
          </p>
        ) : (
          <svg
            className="chart"
            width={layout.width}
            height={layout.height}
            onClick={onClick}
            onKeyDown={onKeyDown}
            role="group"
            aria-label={`the latest ${shown.length} messages`}
          >
            {layout.lifelines.map((l) => (
              <line
                key={l.kernel}
                className="lifeline"
                x1={l.x}
                x2={l.x}
                y1={0}
                y2={layout.height}
                stroke={kernelColour(l.kernel)}
              />
            ))}
            {/* one path for all the rules: the chart redraws up to ten times a second */}
            <path className="row-rule" d={rules} />
            {gaps && <path className="gap" d={gaps} />}
            {layout.rows.map(
              (row, i) =>
                row.newTime && (
                  // rows are positions: the i-th row is the i-th row whatever message is on it
                  <text key={i} className="row-time" x={GUTTER - 8} y={row.y + 3.5} textAnchor="end">
                    {formatVirtualTime(row.time, EVENT_TIME_NS)}
                  </text>
                ),
            )}
            {layout.arrows.map((a) => (
              <Arrow
                key={a.record.key}
                arrow={a}
                selected={a.record.key === selectedKey}
                followed={a.record.key === rootKey ? 'root' : lock?.keys.has(a.record.key) ? 'caused' : undefined}
              />
            ))}
          </svg>
        )}
      </div>
    </div>
  );
});
