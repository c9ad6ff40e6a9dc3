// Counters per message type, as the kernels count them (exact, whatever the trace rings lose):
// messages sent and delivered since boot, those in flight (sent, not delivered yet) and the
// recent send rate in virtual time; each type's checkbox shows or hides it in the chart.

import { memo } from 'react';
import { messageDescription } from '../../engine/machine/browser/trace-events';
import { formatRate } from './format';
import type { TypeRow } from './live-messages';

export const TypeCounters = memo(function TypeCounters({
  types,
  sent,
  delivered,
  inFlight,
  hidden,
  onToggle,
  onShowAll,
}: {
  types: readonly TypeRow[];
  sent: number;
  delivered: number;
  inFlight: number;
  hidden: ReadonlySet<number>;
  onToggle: (type: number) => void;
  onShowAll: () => void;
}) {
  if (types.length === 0) return <p className="caption">No message sent yet.</p>;
  return (
    <table className="type-counters" data-testid="message-counters">
      <thead>
        <tr>
          <th scope="col" title="shown in the chart">
            {hidden.size > 0 ? (
              <button type="button" className="show-all" onClick={onShowAll} title="show every type in the chart">
                all
              </button>
            ) : (
              'show'
            )}
          </th>
          <th scope="col">type</th>
          <th scope="col" className="num">
            sent
          </th>
          <th scope="col" className="num">
            delivered
          </th>
          <th
            scope="col"
            className="num"
            title="sent, not delivered yet: in a receive ring or waiting for its delivery time"
          >
            in flight
          </th>
          <th scope="col" className="num" title="sends per virtual millisecond over the last 10 ms of virtual time">
            /ms
          </th>
        </tr>
      </thead>
      <tbody>
        {types.map((t) => (
          <tr
            key={t.type}
            data-testid="message-type-row"
            data-type={t.name}
            className={hidden.has(t.type) ? 'hidden-type' : ''}
          >
            <td>
              <input
                type="checkbox"
                checked={!hidden.has(t.type)}
                aria-label={`show ${t.name} in the chart`}
                onChange={() => {
                  onToggle(t.type);
                }}
              />
            </td>
            <td className="mono" title={messageDescription(t.type)}>
              {t.name}
            </td>
            <td className="num mono">{t.sent}</td>
            <td className="num mono">{t.delivered}</td>
            <td className="num mono">{t.inFlight}</td>
            <td className="num mono">{formatRate(t.perMs)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <td />
          <th scope="row">total</th>
          <td className="num mono">{sent}</td>
          <td className="num mono">{delivered}</td>
          <td className="num mono">{inFlight}</td>
          <td />
        </tr>
      </tfoot>
    </table>
  );
});
