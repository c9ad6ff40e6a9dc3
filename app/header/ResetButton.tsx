// The toolbar's Reset: reboots every kernel from the start. When the run holds something a
// reboot would lose (typing, threads moved from the UI: reset-losses.ts) it asks first, as the
// preset chooser does; a run nobody touched resets at once.

import { useState } from 'react';
import type { BrowserMachine } from '../../engine/machine/browser/browser-machine';
import { ConfirmDialog } from '../scenario-editor/ConfirmDialog';
import { lossesText, runLosses } from './reset-losses';

interface ResetButtonProps {
  machine: BrowserMachine | undefined;
  onReset: () => void;
}

export function ResetButton({ machine, onReset }: ResetButtonProps) {
  // what would be lost, while asking
  const [asking, setAsking] = useState<string | undefined>(undefined);
  return (
    <>
      <button
        type="button"
        disabled={!machine}
        onClick={() => {
          const lost = machine && lossesText(runLosses(machine));
          if (lost) setAsking(lost);
          else onReset();
        }}
        title="Reboot every kernel from the start"
      >
        Reset
      </button>
      {asking !== undefined && (
        <ConfirmDialog
          title="Reset this run?"
          confirmLabel="Reset"
          onCancel={() => {
            setAsking(undefined);
          }}
          onConfirm={() => {
            setAsking(undefined);
            onReset();
          }}
        >
          <p>Reset reboots every kernel from the start, without {asking}. Share first to keep a link to this run.</p>
        </ConfirmDialog>
      )}
    </>
  );
}
