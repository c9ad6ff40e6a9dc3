// One exchange as a small sequence chart (the messages view's layout): a lifeline per kernel,
// time running down, an arrow per message labelled with its Popcorn name. The message the panel
// marks (the migration's TASK_MIGRATE, or the exchange's first request) is drawn bold; clicking
// an arrow shows its message in the inspector.

import { memo, useMemo, useRef } from 'react';
import { messageDescription, messageTypeName } from '../../engine/machine/browser/trace-events';
import { kernelColour } from '../machine-view/layout';
import type { MessageRecord } from '../messages-view/message-log';
import { layoutChart } from '../messages-view/sequence-layout';
import { useWidth } from '../use-width';
import { EVENT_TIME_NS, formatVirtualTime } from '../virtual-time';

const HEAD = 18;

export const ExchangeChart = memo(function ExchangeChart({
  messages,
  kernels,
  marked,
  selected,
  onPick,
}: {
  messages: readonly MessageRecord[];
  kernels: number;
  /** The key of the message drawn bold. */
  marked: number | undefined;
  selected: number | undefined;
  onPick: (r: MessageRecord) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const width = useWidth(box, 320);
  const layout = useMemo(() => layoutChart(messages, kernels, width), [messages, kernels, width]);
  return (
    <div className="exchange-chart" ref={box} data-testid="narration-chart">
      <svg width={layout.width} height={layout.height + HEAD} role="group" aria-label="the exchange's messages">
        {layout.lifelines.map((l) => (
          <g key={l.kernel}>
            <text x={l.x} y={12} textAnchor="middle" fill={kernelColour(l.kernel)} className="lifeline-name">
              k{l.kernel}
            </text>
            <line
              className="lifeline"
              x1={l.x}
              x2={l.x}
              y1={HEAD}
              y2={HEAD + layout.height}
              stroke={kernelColour(l.kernel)}
            />
          </g>
        ))}
        <g transform={`translate(0,${HEAD})`}>
          {layout.rows.map(
            (row, i) =>
              row.newTime && (
                <text key={i} className="row-time" x={4} y={row.y + 3.5}>
                  {formatVirtualTime(row.time, EVENT_TIME_NS)}
                </text>
              ),
          )}
          {layout.arrows.map((a) => {
            const r = a.record;
            const name = messageTypeName(r.type);
            const isMarked = r.key === marked;
            return (
              <g
                key={r.key}
                className={`exchange-arrow${isMarked ? ' marked' : ''}${r.key === selected ? ' selected' : ''}`}
                data-testid="narration-arrow"
                data-type={name}
                data-marked={isMarked ? 'yes' : 'no'}
                role="button"
                tabIndex={0}
                aria-label={`${name} from kernel ${r.from} to kernel ${r.to}${isMarked ? ' (marked)' : ''}`}
                onClick={() => {
                  onPick(r);
                }}
                onKeyDown={(e) => {
                  if (e.key !== 'Enter' && e.key !== ' ') return;
                  e.preventDefault();
                  onPick(r);
                }}
              >
                <title>{`${name}: ${messageDescription(r.type)}`}</title>
                <path className="hit" d={a.path} />
                <path className="shaft" d={a.path} stroke={kernelColour(r.from)} />
                <path className="head" d={a.head} fill={kernelColour(r.from)} />
                <text className="arrow-label" x={a.labelX} y={a.labelY - 3} textAnchor={a.labelAnchor}>
                  {a.label}
                </text>
              </g>
            );
          })}
        </g>
      </svg>
    </div>
  );
});
