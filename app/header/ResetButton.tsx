// The toolbar's Reset: reboots every kernel from the start. When the run holds something a
// reboot would lose (typing, threads moved from the UI: reset-losses.ts) it asks first, as the
// preset chooser does; a run nobody touched resets at once.

import { useId, useState } from 'react';
import type { BrowserMachine } from '../../engine/machine/browser/browser-machine';
import { Modal } from '../scenario-editor/Modal';
import { lossesText, runLosses } from './reset-losses';

interface ResetButtonProps {
  machine: BrowserMachine | undefined;
  onReset: () => void;
}

export function ResetButton({ machine, onReset }: ResetButtonProps) {
  const id = useId();
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
        <Modal
          labelledBy={`${id}-title`}
          className="confirm-boot"
          onClose={() => {
            setAsking(undefined);
          }}
        >
          <h2 id={`${id}-title`}>Reset this run?</h2>
          <p>Reset reboots every kernel from the start, without {asking}. Share first to keep a link to this run.</p>
          <div className="editor-footer">
            <button
              type="button"
              data-autofocus
              onClick={() => {
                setAsking(undefined);
              }}
            >
              Cancel
            </button>
            <button
              type="button"
              className="primary"
              onClick={() => {
                setAsking(undefined);
                onReset();
              }}
            >
              Reset
            </button>
          </div>
        </Modal>
      )}
    </>
  );
}
