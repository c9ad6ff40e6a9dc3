// A kernel's terminal with its title bar: "kernel N · harts a,b", whether it is up (with a
// button to crash it or boot it again), and its live counters. Clicking the title selects the kernel in every view.
//
// xterm.js is a third of the page's script, so it comes in a chunk of its own, asked for when
// the machine starts booting (loadTerminal): the first paint does not wait for it, and it loads
// while the kernels boot. Until it is there the terminal's box stands empty (output waits in
// the TTY). It is not a React.lazy component in a Suspense: React holds back the content of a
// boundary that showed its fallback for up to 300 ms after any fallback was shown (and the
// views below show theirs as the machine appears), so a terminal whose code had long arrived
// still drew its first prompt that much later. Once loaded, the panel renders it at once.

import { createElement, memo, useEffect, useState, type CSSProperties, type ComponentType } from 'react';
import type { MachineFrames } from '../machine/frames';
import type { KernelView } from '../machine/snapshot';
import { formatBytes, kernelColour } from '../machine-view/layout';
import { MaximiseButton } from '../presenter/MaximiseButton';
import { usePlayground } from '../store';
import { PowerControl } from './PowerControl';

type XtermComponent = ComponentType<{ frames: MachineFrames; kernel: number; label: string }>;

let xterm: Promise<XtermComponent> | undefined;
/** The terminal, once its code is here. */
let loaded: XtermComponent | undefined;

/** Starts loading the terminal's code (once); the panel shows it when it is there. */
export function loadTerminal(): Promise<XtermComponent> {
  // the terminal never re-renders with the counters: only its title bar does
  xterm ??= import('./Xterm').then((m) => {
    loaded = memo(m.Xterm);
    return loaded;
  });
  xterm.catch(() => {
    xterm = undefined; // a panel shown later tries again
  });
  return xterm;
}

/** The terminal's component: at once if its code is here, else once it is (a failed load throws to the error boundary). */
function useXterm(): XtermComponent | undefined {
  const [component, setComponent] = useState<{ ok: XtermComponent } | { error: unknown } | undefined>(() =>
    loaded ? { ok: loaded } : undefined,
  );
  useEffect(() => {
    if (component) return;
    let live = true;
    loadTerminal().then(
      (ok) => {
        if (live) setComponent({ ok });
      },
      (error: unknown) => {
        if (live) setComponent({ error });
      },
    );
    return () => {
      live = false;
    };
  }, [component]);
  if (component && 'error' in component) throw component.error;
  return component?.ok;
}

const STATUS_TEXT = { booting: 'booting', up: 'up', stopped: 'stopped', failed: 'failed' } as const;

function count(n: number): string {
  return n >= 10_000 ? `${(n / 1000).toFixed(n >= 100_000 ? 0 : 1)}k` : String(n);
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function TerminalPanel({ frames, kernel }: { frames: MachineFrames; kernel: KernelView }) {
  const selected = usePlayground((s) => s.selectedKernel === kernel.index);
  const selectKernel = usePlayground((s) => s.selectKernel);
  const title = `kernel ${kernel.index} · harts ${kernel.harts.join(',')}`;
  const colour = kernelColour(kernel.index);
  const xtermComponent = useXterm();
  return (
    <section
      className={`terminal panel${selected ? ' selected' : ''}`}
      style={{ '--kernel': colour } as CSSProperties}
      aria-label={title}
    >
      <header className="terminal-bar">
        <button
          type="button"
          className="terminal-title"
          aria-pressed={selected}
          title="Highlight this kernel's harts and memory"
          onClick={() => {
            selectKernel(selected ? undefined : kernel.index);
          }}
        >
          <span className="swatch" aria-hidden="true" />
          <h2>{title}</h2>
        </button>
        <span className={`kernel-status status-${kernel.status}`} data-testid={`kernel-status-${kernel.index}`}>
          {STATUS_TEXT[kernel.status]}
        </span>
        <PowerControl frames={frames} kernel={kernel.index} status={kernel.status} />
        <MaximiseButton view={`terminal-${kernel.index}`} label={`terminal of kernel ${kernel.index}`} />
        <span className="terminal-stats mono" aria-label="kernel counters">
          <span>
            {plural(kernel.processes, 'process', 'processes')} · {plural(kernel.threads, 'thread', 'threads')}
          </span>
          <span title="system calls since boot">{count(kernel.syscalls)} syscalls</span>
          <span title="messages this kernel sent to and received from the other kernels">
            msgs {count(kernel.messagesSent)} out, {count(kernel.messagesReceived)} in
          </span>
          <span title="memory in use of this kernel's window">
            {formatBytes(kernel.memoryUsed)} of {formatBytes(kernel.memoryTotal)}
          </span>
        </span>
      </header>
      {kernel.error !== undefined && (
        <p className="terminal-error" role="alert">
          This kernel failed and no longer runs: {kernel.error.split('\n')[0]}
        </p>
      )}
      {xtermComponent ? (
        createElement(xtermComponent, { frames, kernel: kernel.index, label: title })
      ) : (
        <div className="xterm-frame">
          <div className="xterm-host" />
        </div>
      )}
    </section>
  );
}
