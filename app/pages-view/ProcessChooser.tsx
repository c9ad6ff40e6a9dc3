// Which process the pages view shows: the machine's live processes, each with its comm (the
// guest's text) and the kernels its threads run on.

import { memo } from 'react';
import { choiceLabel, type ProcessChoice } from './process-list';

// memo: the pages view re-renders with its counts, a few times a second; the list changes less
export const ProcessChooser = memo(function ProcessChooser({
  choices,
  pid,
  onChoose,
}: {
  choices: readonly ProcessChoice[];
  pid: number;
  onChoose: (pid: number) => void;
}) {
  const listed = choices.some((c) => c.pid === pid);
  return (
    <label className="pages-chooser">
      <span>Process</span>
      <select
        value={pid}
        onChange={(e) => {
          onChoose(Number(e.currentTarget.value));
        }}
        data-testid="pages-process"
      >
        <option value={0}>— choose a process —</option>
        {pid > 0 && !listed && <option value={pid}>{`${pid} · not running now`}</option>}
        {choices.map((c) => (
          <option key={c.pid} value={c.pid}>
            {choiceLabel(c)}
          </option>
        ))}
      </select>
    </label>
  );
});
