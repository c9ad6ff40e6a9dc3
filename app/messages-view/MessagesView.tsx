// The messages panel: how full each kernel's receive ring is, a sequence chart of the latest
// messages between kernels (filterable by type, kernel and process) and counters per message
// type, all live while the machine runs. Housekeeping traffic hides in one click (both the chart
// and the counters), and a migration the reader caused is followed (SequenceChart). Everything comes from the trace rings and ring
// headers in shared memory, read once per animation frame (LiveMessages), never by postMessage.

import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { MachineFrames } from '../machine/frames';
import { ViewTitle } from '../narration/ViewTitle';
import { isHousekeeping, HOUSEKEEPING_TYPES } from '../narration/narrate';
import { useNarration } from '../narration/narration-store';
import { hidingToo, SHOW_ALL, toggleType, type MessageFilter } from './filter';
import { LiveMessages } from './live-messages';
import { MessageFilters } from './MessageFilters';
import { RingOccupancy } from './RingOccupancy';
import { SequenceChart } from './SequenceChart';
import { TypeCounters } from './TypeCounters';
import './messages.css';

export function MessagesView({ frames }: { frames: MachineFrames }) {
  const kernels = frames.machine.scenario.machine.kernels.length;
  const live = useMemo(() => new LiveMessages(kernels), [kernels]);
  useEffect(() => live.attach(frames), [live, frames]);
  const stats = useSyncExternalStore(live.subscribeStats, live.getStats);
  const [filter, setFilter] = useState<MessageFilter>(SHOW_ALL);
  const [limit, setLimit] = useState(40);
  // housekeeping (PROC_LIST, NODE_INFO) hidden in one click, here or in the narration panel
  const hideHousekeeping = useNarration((s) => s.hideHousekeeping);
  const setHideHousekeeping = useNarration((s) => s.setHideHousekeeping);
  const chartFilter = useMemo(
    () => (hideHousekeeping ? hidingToo(filter, HOUSEKEEPING_TYPES) : filter),
    [filter, hideHousekeeping],
  );
  const rows = useMemo(
    () => (hideHousekeeping ? stats.types.filter((t) => !isHousekeeping(t.type)) : stats.types),
    [stats.types, hideHousekeeping],
  );
  const pickKernel = useCallback((kernel: number) => {
    setFilter((f) => ({ ...f, kernel: f.kernel === kernel ? undefined : kernel }));
  }, []);
  const toggle = useCallback((type: number) => {
    setFilter((f) => ({ ...f, hiddenTypes: toggleType(f.hiddenTypes, type) }));
  }, []);
  const showAll = useCallback(() => {
    setFilter((f) => ({ ...f, hiddenTypes: new Set() }));
  }, []);
  return (
    <section
      className="panel messages-view"
      aria-label="messages"
      data-testid="messages-view"
      data-messages={stats.sent}
      data-delivered={stats.delivered}
    >
      <ViewTitle view="messages">Messages</ViewTitle>
      <p className="caption">
        Kernels share nothing but these messages. Receive rings, per kernel: slots in use now / slots · most in use in
        the last second (the bar) · all-time peak (the tick) · times a sender found it full. A kernel empties its ring
        as it runs and a message arrives at the earliest an epoch ({frames.machine.epochNs / 1000} µs, the quantum)
        after it is sent, so “now” is mostly 0.
      </p>
      <RingOccupancy rings={stats.rings} />
      <h2 className="subhead">Sequence · latest at the bottom</h2>
      <MessageFilters
        kernels={kernels}
        pids={stats.pids}
        filter={filter}
        limit={limit}
        onFilter={setFilter}
        onLimit={setLimit}
      />
      <label className="housekeeping-switch">
        <input
          type="checkbox"
          checked={hideHousekeeping}
          data-testid="messages-hide-housekeeping"
          onChange={(e) => {
            setHideHousekeeping(e.target.checked);
          }}
        />{' '}
        hide housekeeping (PROC_LIST, NODE_INFO: process lists pushed to peers, check-in at boot)
      </label>
      <SequenceChart live={live} filter={chartFilter} limit={limit} onPickKernel={pickKernel} />
      <h2 className="subhead">Per type</h2>
      <p className="caption">
        Counted by the kernels since boot (each kernel’s /proc/popcorn/stat lists its own): sent = delivered + in
        flight.
      </p>
      {stats.skipped > 0 && (
        <p className="caption" data-testid="messages-skipped">
          {stats.skipped} trace events were lost to trace rings that filled between two frames: the chart misses the
          messages among them; these counts do not.
        </p>
      )}
      <TypeCounters
        types={rows}
        sent={stats.sent}
        delivered={stats.delivered}
        inFlight={stats.inFlight}
        hidden={filter.hiddenTypes}
        onToggle={toggle}
        onShowAll={showAll}
      />
    </section>
  );
}
