// The hart demo: boots a one-hart machine, then shows its controls, the instructions around pc,
// its registers and a window on guest memory, all refreshed every animation frame.
import type { HartDemo } from '../../engine/machine/hart-demo/hart-demo';
import { Controls } from './Controls';
import { Disassembly } from './Disassembly';
import { Registers } from './Registers';
import { RingMemory } from './RingMemory';
import { useHartDemo, useHartSnapshot } from './use-hart-demo';

function RunningDemo({ demo }: { demo: HartDemo }) {
  const snapshot = useHartSnapshot(demo);
  return (
    <div className="demo">
      <Controls demo={demo} snapshot={snapshot} />
      <div className="columns">
        <div className="column">
          <Disassembly snapshot={snapshot} />
          <RingMemory snapshot={snapshot} />
        </div>
        <Registers snapshot={snapshot} />
      </div>
    </div>
  );
}

export function HartDemoPanel() {
  const boot = useHartDemo();
  if (boot.status === 'starting') return <p className="status-line">Booting the hart…</p>;
  if (boot.status === 'failed') {
    return (
      <section className="notice" role="alert">
        <h2>The hart did not start</h2>
        <pre>{boot.error}</pre>
      </section>
    );
  }
  return <RunningDemo demo={boot.demo} />;
}
