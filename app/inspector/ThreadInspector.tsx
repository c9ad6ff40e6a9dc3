// The selected thread: where it runs, its registers and the code at its pc (as its kernel
// published them at the end of an epoch), and its process's VMAs and where the pages are.

import { useMemo } from 'react';
import { hartName, originOf } from '../../engine/machine/rules';
import type { MachineFrames } from '../machine/frames';
import { kernelColour } from '../machine-view/layout';
import { usePlayground, type ThreadRef } from '../store';
import { formatVirtualTime } from '../virtual-time';
import { CodeListing } from './CodeListing';
import { registersNote } from './inspection';
import { ProcessPlacement } from './ProcessPlacement';
import { fcsrText, fRows, hexAddress, xRows } from './register-format';
import { RegisterTable } from './RegisterTable';
import { useInspection } from './use-inspection';

export function ThreadInspector({ frames, thread }: { frames: MachineFrames; thread: ThreadRef }) {
  const running = usePlayground((s) => s.running);
  const focusPid = usePlayground((s) => s.focusPid);
  const focusProcess = usePlayground((s) => s.focusProcess);
  const kernels = frames.machine.scenario.machine.kernels.length;
  const r = useInspection(frames, thread.pid, thread.tid);
  const t = r?.thread;
  const regs = r?.regs;
  const x = useMemo(() => (regs ? xRows(regs.x) : []), [regs]);
  const f = useMemo(() => (regs ? fRows(regs.f) : []), [regs]);
  const origin = t?.origin ?? originOf(thread.pid, kernels);
  return (
    <div
      className="inspector-thread"
      data-testid="inspector-thread"
      data-pid={thread.pid}
      data-tid={thread.tid}
      data-kernel={t?.kernel ?? -1}
      data-published={regs && r.fresh ? 'yes' : 'no'}
    >
      <h3>
        <span className="mono">
          {thread.pid}·{thread.tid}
        </span>{' '}
        {t?.comm ?? ''}
      </h3>
      <p className="inspector-where">
        Process {thread.pid} of <span className="swatch" style={{ background: kernelColour(origin) }} /> kernel {origin}
        ,{' '}
        {t ? (
          <>
            {t.state}
            {t.blockedIn ? ` in ${t.blockedIn}` : ''} on{' '}
            <span className="swatch" style={{ background: kernelColour(t.kernel) }} />{' '}
            {t.hart >= 0 ? hartName(t.hart, t.kernel) : `kernel ${t.kernel}`}
            {t.kernel !== origin ? ' (migrated)' : ''}
            {t.movingTo >= 0 ? `, to move to kernel ${t.movingTo} when it next runs` : ''} ·{' '}
            {formatVirtualTime(t.cpuNs)} on a hart · {t.syscalls} syscalls
          </>
        ) : (
          'on no kernel right now: migrating between kernels, or exited.'
        )}
      </p>
      <p className="inspector-status muted" data-testid="inspector-status">
        {registersNote(r, running, originOf(thread.tid, kernels))}
      </p>
      {regs && (
        <>
          <div className="inspector-pc mono">
            pc <code data-testid="inspector-pc">{hexAddress(regs.pc)}</code>
            <span className="muted"> · fcsr {fcsrText(regs.fcsr)}</span>
          </div>
          <h3>Code at pc</h3>
          <CodeListing lines={r.code} kernel={regs.kernel} />
          <h3>Registers</h3>
          <RegisterTable rows={x} changed={r.changed} testId="inspector-x" />
          <details className="inspector-f">
            <summary>Float registers</summary>
            <RegisterTable rows={f} testId="inspector-f" />
          </details>
        </>
      )}
      {focusPid !== thread.pid ? (
        <p className="inspector-note">
          The pages view shows process {focusPid || 'none'}.{' '}
          <button
            type="button"
            onClick={() => {
              focusProcess(thread.pid);
            }}
          >
            Show process {thread.pid}
          </button>
        </p>
      ) : r?.board ? (
        <ProcessPlacement board={r.board} />
      ) : (
        <p className="muted inspector-note">
          Waiting for kernel {origin}, the process&apos;s origin, to publish its VMAs and pages.
        </p>
      )}
    </div>
  );
}
