// The toolbar's "Edit scenario" button: opens the scenario editor on the running scenario and,
// on Apply, boots what was edited (through the URL, see boot-scenario.ts). The editor is a
// chunk of its own, loaded the first time it opens: most visits never open it.

import { lazy, Suspense, useState } from 'react';
import type { BrowserMachine } from '../../engine/machine/browser/browser-machine';
import { bootScenario } from './boot-scenario';

const ScenarioEditor = lazy(() => import('./ScenarioEditor').then((m) => ({ default: m.ScenarioEditor })));

interface EditScenarioButtonProps {
  machine: BrowserMachine | undefined;
  /** Reboots the running scenario (for an Apply that changed nothing). */
  onReset: () => void;
}

export function EditScenarioButton({ machine, onReset }: EditScenarioButtonProps) {
  // the scenario is read when the editor opens: it holds what was typed up to then
  const [editing, setEditing] = useState<Record<string, unknown> | undefined>(undefined);
  return (
    <>
      <button
        type="button"
        disabled={!machine}
        aria-haspopup="dialog"
        onClick={() => {
          setEditing(machine?.shareableScenario());
        }}
        title="Change the kernels, harts, memory, programs and timed actions, then reboot"
      >
        Edit scenario
      </button>
      {editing && (
        <Suspense fallback={null}>
          <ScenarioEditor
            initial={editing}
            onClose={() => {
              setEditing(undefined);
            }}
            onApply={(json) => {
              setEditing(undefined);
              void bootScenario(json, onReset);
            }}
          />
        </Suspense>
      )}
    </>
  );
}
