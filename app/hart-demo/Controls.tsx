// The hart demo's control bar: run state, Run/Pause/Step/Reset, and the live counters.
import type { HartDemo } from '../../engine/machine/hart-demo/hart-demo';
import { DemoState } from '../../engine/machine/hart-demo/hart-demo';
import { hex, trapName } from './format';
import type { HartSnapshot } from './snapshot';

function StateBadge({ snapshot }: { snapshot: HartSnapshot }) {
  const [label, tone] =
    snapshot.state === DemoState.RUNNING
      ? ['Running', 'ok']
      : snapshot.state === DemoState.PAUSED
        ? ['Paused', 'idle']
        : [`Stopped: ${trapName(snapshot.trapCause)}`, 'bad'];
  return (
    <span className={`badge badge-${tone}`} data-testid="run-state" data-state={label.toLowerCase()}>
      <span className="dot" aria-hidden="true" />
      {label}
    </span>
  );
}

function Stat({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="stat">
      <div className="stat-label">{label}</div>
      <div className="stat-value mono" data-testid={testId}>
        {value}
      </div>
    </div>
  );
}

export function Controls({ demo, snapshot }: { demo: HartDemo; snapshot: HartSnapshot }) {
  const running = snapshot.state === DemoState.RUNNING;
  const trapped = snapshot.state === DemoState.TRAPPED;
  return (
    <section className="controls panel">
      <div className="buttons">
        <StateBadge snapshot={snapshot} />
        <button type="button" className="primary" disabled={running || trapped} onClick={() => void demo.run()}>
          Run
        </button>
        <button type="button" disabled={!running} onClick={() => void demo.pause()}>
          Pause
        </button>
        <button type="button" disabled={trapped} onClick={() => void demo.step()} title="Pause, then one instruction">
          Step
        </button>
        <button type="button" onClick={() => void demo.reset()}>
          Reset
        </button>
      </div>
      <div className="stats">
        <Stat label="Instructions retired" value={snapshot.instret.toLocaleString('en-US')} testId="instret" />
        <Stat label="Speed" value={running ? `${snapshot.mips.toFixed(1)} MIPS` : '–'} testId="mips" />
        <Stat label="pc" value={hex(snapshot.pc, 8)} testId="pc" />
      </div>
    </section>
  );
}
