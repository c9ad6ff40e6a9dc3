// The control bar: Run/Pause, Step, the speed, Reset, Share, the lessons menu, the preset chooser
// and the scenario editor, and the machine's virtual clock and epoch.
// Every control acts on the machine directly and records the choice in the UI store, so a reset
// machine boots with the same speed and run state.

import { useMemo } from 'react';
import type { BrowserMachine } from '../../engine/machine/browser/browser-machine';
import { SPEEDS, type Speed } from '../../engine/machine/browser/pacing';
import type { MachineSnapshot } from '../machine/snapshot';
import { LessonMenu } from '../lessons/LessonMenu';
import { EditScenarioButton } from '../scenario-editor/EditScenarioButton';
import { PresetChooser } from '../scenario-editor/PresetChooser';
import { usePlayground } from '../store';
import { ResetButton } from './ResetButton';
import { ShareButton } from './ShareButton';
import { clockLabel, rateLabel, speedLabel } from './speed';
import { DEFAULT_EPOCH_NS } from '../../engine/machine/quantum';
import { useShortcuts } from './use-shortcuts';

interface ToolbarProps {
  machine: BrowserMachine | undefined;
  snapshot: MachineSnapshot | undefined;
  onReset: () => void;
  /** Without a machine: whether it is still booting or failed to. */
  absent?: 'booting' | 'failed';
}

export function Toolbar({ machine, snapshot, onReset, absent = 'booting' }: ToolbarProps) {
  const { speed, running, setSpeed, setRunning } = usePlayground();
  const epochUs = (machine?.epochNs ?? DEFAULT_EPOCH_NS) / 1000;
  const actions = useMemo(() => {
    if (!machine) return undefined;
    return {
      toggle: () => {
        if (machine.running) machine.pause();
        else machine.run();
        setRunning(machine.running);
      },
      step: () => {
        machine.step();
        setRunning(false);
      },
      stepToMessage: () => {
        machine.stepToMessage();
        setRunning(false);
      },
      speed: (s: Speed) => {
        machine.setSpeed(s);
        setSpeed(s);
      },
    };
  }, [machine, setRunning, setSpeed]);
  useShortcuts(actions);
  const off = actions === undefined;
  const settled = snapshot !== undefined && snapshot.epoch >= snapshot.granted;
  const state = off
    ? absent === 'failed'
      ? 'Stopped'
      : 'Booting'
    : running
      ? 'Running'
      : machine?.steppingToMessage
        ? 'Stepping to a message'
        : settled
          ? 'Paused'
          : 'Pausing';
  return (
    <div className="toolbar panel" role="toolbar" aria-label="machine controls">
      <div className="toolbar-group">
        <button
          type="button"
          className={`run-button${running ? '' : ' primary'}`}
          disabled={off}
          onClick={actions?.toggle}
          aria-keyshortcuts="Space"
          title={running ? 'Pause the machine (space)' : 'Run the machine (space)'}
        >
          {running ? 'Pause' : 'Run'}
          <kbd aria-hidden="true">space</kbd>
        </button>
        <button
          type="button"
          disabled={off}
          onClick={actions?.step}
          aria-keyshortcuts="."
          title={`Pause, then run one epoch: ${epochUs} µs of virtual time (.)`}
        >
          Step
          <kbd aria-hidden="true">.</kbd>
        </button>
        <button
          type="button"
          disabled={off}
          onClick={actions?.stepToMessage}
          aria-keyshortcuts="m"
          title="Pause, then run epoch by epoch until a kernel is delivered a message, and pause there (m)"
        >
          Next message
          <kbd aria-hidden="true">m</kbd>
        </button>
        <ResetButton machine={machine} onReset={onReset} />
        <ShareButton machine={machine} />
      </div>
      <div className="toolbar-group" role="group" aria-label="scenario">
        <LessonMenu machine={machine} onReset={onReset} />
        <PresetChooser machine={machine} onReset={onReset} />
        <EditScenarioButton machine={machine} onReset={onReset} />
      </div>
      <div className="toolbar-group" role="group" aria-label="speed: virtual time per real second">
        <span className="toolbar-label">Speed</span>
        <div className="segmented">
          {SPEEDS.map((s) => (
            <button
              key={String(s)}
              type="button"
              aria-pressed={s === speed}
              disabled={off}
              onClick={() => actions?.speed(s)}
              title={
                s === 'max' ? 'As fast as this computer can run it' : `${speedLabel(s)} of virtual time per real second`
              }
            >
              {speedLabel(s)}
            </button>
          ))}
        </div>
      </div>
      <div className="toolbar-group readouts mono" aria-live="off">
        <span className={`run-state state-${state.toLowerCase()}`} data-testid="run-state">
          <span className="dot" aria-hidden="true" />
          {state}
        </span>
        <span className="readout" title="virtual time since boot">
          <span className="readout-label">virtual time</span>
          <span data-testid="clock">{snapshot ? clockLabel(snapshot.virtualNs, snapshot.epochNs) : '–'}</span>
        </span>
        <span className="readout" title={`epochs every kernel has completed (one epoch = ${epochUs} µs, the quantum)`}>
          <span className="readout-label">epoch</span>
          <span data-testid="epoch">{snapshot ? snapshot.epoch : '–'}</span>
        </span>
        <span
          className="readout"
          title={
            snapshot?.trace
              ? `the machine's trace hash at epoch ${snapshot.trace.epoch}: two runs agree on it only if every kernel did the same things at the same virtual times (full hash ${snapshot.trace.hash})`
              : 'the trace hash, once the kernels have run'
          }
        >
          <span className="readout-label">trace</span>
          <span data-testid="trace-hash" data-epoch={snapshot?.trace?.epoch} data-hash={snapshot?.trace?.hash}>
            {snapshot?.trace ? snapshot.trace.hash.slice(0, 8) : '–'}
          </span>
        </span>
        <span className="readout rate" title="virtual time per real second, as measured over the last second">
          {/* never empty: an empty span has no height, and the bar would grow under the terminals once a rate shows */}
          {running && snapshot?.rate !== undefined ? `measured ${rateLabel(snapshot.rate)}` : '\u00a0'}
        </span>
      </div>
    </div>
  );
}
