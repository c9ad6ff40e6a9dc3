// The sequence chart's filters: a kernel (its messages both ways), a process, and how many of
// the latest messages to draw. Message types are filtered in the counters table.

import { memo } from 'react';
import { kernelColour } from '../machine-view/layout';
import type { MessageFilter } from './filter';

export const LIMITS = [20, 40, 80] as const;

function parseChoice(value: string): number | undefined {
  return value === '' ? undefined : Number(value);
}

export const MessageFilters = memo(function MessageFilters({
  kernels,
  pids,
  filter,
  limit,
  onFilter,
  onLimit,
}: {
  kernels: number;
  pids: readonly number[];
  filter: MessageFilter;
  limit: number;
  onFilter: (filter: MessageFilter) => void;
  onLimit: (limit: number) => void;
}) {
  // a pid chosen before stays listed, so the select never shows a value it lacks
  const pidChoices = filter.pid !== undefined && !pids.includes(filter.pid) ? [...pids, filter.pid] : pids;
  return (
    <div className="message-filters">
      <label>
        kernel{' '}
        <select
          value={filter.kernel ?? ''}
          data-testid="message-filter-kernel"
          style={filter.kernel === undefined ? undefined : { color: kernelColour(filter.kernel) }}
          onChange={(e) => {
            onFilter({ ...filter, kernel: parseChoice(e.target.value) });
          }}
        >
          <option value="">any</option>
          {Array.from({ length: kernels }, (_, k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
      </label>
      <label title={pidChoices.length === 0 ? 'the messages seen so far carry no process id' : undefined}>
        process{' '}
        <select
          value={filter.pid ?? ''}
          data-testid="message-filter-pid"
          disabled={pidChoices.length === 0}
          onChange={(e) => {
            onFilter({ ...filter, pid: parseChoice(e.target.value) });
          }}
        >
          <option value="">{pidChoices.length === 0 ? 'none known' : 'any'}</option>
          {pidChoices.map((pid) => (
            <option key={pid} value={pid}>
              {pid}
            </option>
          ))}
        </select>
      </label>
      <label>
        show{' '}
        <select
          value={limit}
          data-testid="message-limit"
          onChange={(e) => {
            onLimit(Number(e.target.value));
          }}
        >
          {LIMITS.map((n) => (
            <option key={n} value={n}>
              last {n}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
});
