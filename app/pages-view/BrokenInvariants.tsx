// The invariant checker's flags in the pages view, while the scenario breaks a protocol on
// purpose (its `faults`): every invariant a kernel found broken after an epoch (the kernels
// check their processes' pages after every epoch then: engine/machine/invariant-board.ts), in
// the order they broke, each with its epoch, its page (a click shows the page in the grid and
// its history) and what is wrong; and, for each fault on, why the step it skips exists. Without
// a fault the kernels check nothing and this shows nothing.

import { useCallback, useSyncExternalStore } from 'react';
import type { BrokenAt } from '../../engine/machine/browser/browser-machine';
import { PROTOCOL_FAULTS, type ProtocolFault } from '../../engine/machine/scenario';
import type { MachineFrames } from '../machine/frames';

/** What the kernels found broken so far, re-read every frame (the same list until it grows). */
export function useBrokenInvariants(frames: MachineFrames): readonly BrokenAt[] {
  const subscribe = useCallback((changed: () => void) => frames.onFrame(changed), [frames]);
  return useSyncExternalStore(subscribe, () => frames.machine.brokenInvariants());
}

interface BrokenInvariantsProps {
  faults: readonly ProtocolFault[];
  broken: readonly BrokenAt[];
  /** The page selected in the grid, of the process shown. */
  selected: { pid: number; va: number } | undefined;
  onShow: (pid: number, va: number) => void;
}

export function BrokenInvariants({ faults, broken, selected, onShow }: BrokenInvariantsProps) {
  if (faults.length === 0) return null;
  if (broken.length === 0)
    return (
      <p className="invariants-status muted" data-testid="invariants-status">
        Invariant checker on (this run breaks a protocol on purpose): the kernels check every page after each epoch;
        nothing broken yet.
      </p>
    );
  return (
    <section className="broken-invariants" role="alert" aria-label="broken invariants" data-testid="broken-invariants">
      <h3>
        {broken.length === 1 ? 'An invariant broke' : `Invariants broke (${broken.length})`}: what the skipped step
        prevents
      </h3>
      <ol>
        {broken.map((b) => {
          const isSelected = selected?.pid === b.pid && selected.va === b.page;
          return (
            <li
              key={`${b.kernel}:${b.epoch}:${b.pid}:${b.page}:${b.what}`}
              className={`broken-row${isSelected ? ' selected' : ''}`}
              data-testid="broken-invariant"
              data-epoch={b.epoch}
              data-pid={b.pid}
              data-page={`0x${b.page.toString(16)}`}
            >
              <span className="mono broken-when">epoch {b.epoch}</span>
              <button
                type="button"
                className="mono page-link"
                title="show this page in the grid, with its history"
                onClick={() => {
                  onShow(b.pid, b.page);
                }}
              >
                pid {b.pid} page 0x{b.page.toString(16)}
              </button>
              <span className="broken-what">{b.what}</span>
            </li>
          );
        })}
      </ol>
      {faults.map((f) => (
        <div key={f} className="fault-why" data-testid="fault-why">
          <p>
            <strong>
              Why the protocol does what <code>{f}</code> skips.
            </strong>{' '}
            {PROTOCOL_FAULTS[f].why}
          </p>
        </div>
      ))}
    </section>
  );
}
