// The crash and boot control in a kernel's terminal bar. Crash asks first (what runs on the
// kernel is lost), then has the kernel panic at its next epoch start; Boot starts a fresh
// kernel in the same partition. Both go through the kernel's command ring and are recorded like
// typing (BrowserMachine.power), so a share link replays them at the same epoch.

import { useEffect, useState } from 'react';
import type { MachineFrames } from '../machine/frames';
import type { KernelStatus } from '../machine/snapshot';
import type { PowerRequest } from '../../engine/machine/browser/browser-machine';
import './power-control.css';

/** What the control shows: the button, the question, or the request on its way. */
type Phase = { kind: 'idle' } | { kind: 'confirm' } | { kind: 'asked'; request: PowerRequest };

export function PowerControl({
  frames,
  kernel,
  status,
}: {
  frames: MachineFrames;
  kernel: number;
  status: KernelStatus;
}) {
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [note, setNote] = useState<string | undefined>(undefined);
  // a request is answered at the kernel's next epoch start: look for the answer until then
  useEffect(() => {
    if (phase.kind !== 'asked') return;
    const timer = setInterval(() => {
      const answer = frames.machine.powerAnswer(phase.request);
      if (!answer) return;
      setPhase({ kind: 'idle' });
      setNote(answer.done ? undefined : `kernel ${kernel}: ${answer.error}`);
    }, 50);
    return () => {
      clearInterval(timer);
    };
  }, [phase, frames, kernel]);

  const ask = (kind: 'stop' | 'boot') => {
    const request = frames.machine.power(kernel, kind);
    if (request) setPhase({ kind: 'asked', request });
    else {
      setPhase({ kind: 'idle' });
      setNote('The kernel cannot take the request now: press again.');
    }
  };

  if (status === 'failed' || status === 'booting') return null;
  if (phase.kind === 'asked')
    return (
      <span className="power-control muted" role="status">
        {phase.request.kind === 'stop' ? 'crashing…' : 'booting…'}
        {!frames.machine.running && ' (runs when the machine runs)'}
      </span>
    );
  if (phase.kind === 'confirm')
    return (
      <span className="power-control confirm" role="group" aria-label={`crash kernel ${kernel}?`}>
        <span>Crash kernel {kernel}? What runs there is lost.</span>
        <button
          type="button"
          className="danger"
          data-testid={`crash-confirm-${kernel}`}
          onClick={() => {
            ask('stop');
          }}
        >
          Crash
        </button>
        <button
          type="button"
          onClick={() => {
            setPhase({ kind: 'idle' });
          }}
        >
          Cancel
        </button>
      </span>
    );
  return (
    <span className="power-control">
      {status === 'up' ? (
        <button
          type="button"
          className="small"
          data-testid={`crash-kernel-${kernel}`}
          title="Crash this kernel (a kernel panic): the threads on it are lost, the other kernels run on"
          onClick={() => {
            setNote(undefined);
            setPhase({ kind: 'confirm' });
          }}
        >
          Crash…
        </button>
      ) : (
        <button
          type="button"
          className="small"
          data-testid={`boot-kernel-${kernel}`}
          title="Boot a fresh kernel in this partition: the same harts and memory window, nothing of the old one"
          onClick={() => {
            setNote(undefined);
            ask('boot');
          }}
        >
          Boot
        </button>
      )}
      {note !== undefined && <span className="power-note">{note}</span>}
    </span>
  );
}
