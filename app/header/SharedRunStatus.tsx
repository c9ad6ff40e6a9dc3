// What a shared link's run is doing: replaying to the epoch the link was shared at (as fast as
// the machine goes), then paused there with the verdict: the trace hash the page reached
// against the one in the link. The same hash means the same run, event for event.

import type { SharedPoint } from '../../engine/machine/scenario';
import type { MachineSnapshot } from '../machine/snapshot';

export function SharedRunStatus({ shared, snapshot }: { shared: SharedPoint; snapshot: MachineSnapshot }) {
  if (snapshot.replaying || snapshot.epoch < shared.epoch) {
    const done = Math.min(100, Math.floor((snapshot.epoch / shared.epoch) * 100));
    return (
      <section className="notice shared-run" role="status" data-testid="shared-run" data-state="replaying">
        <p>
          Replaying the shared run to epoch {shared.epoch}, where the link was taken… {done}%
        </p>
      </section>
    );
  }
  const reached = snapshot.trace?.epoch === shared.epoch ? snapshot.trace.hash : undefined;
  if (snapshot.epoch > shared.epoch || reached === undefined) return null; // the visitor ran on
  const same = reached === shared.hash;
  return (
    <section
      className={`notice shared-run${same ? '' : ' differs'}`}
      role="status"
      data-testid="shared-run"
      data-state={same ? 'same' : 'differs'}
    >
      <p>
        Paused where the link was shared, at epoch {shared.epoch}: trace hash <code>{reached}</code>
        {same
          ? ', the same as when it was shared: this is the same run, event for event. Press Run to go on.'
          : `, but the link says ${shared.hash}: this run went differently.`}
      </p>
    </section>
  );
}
