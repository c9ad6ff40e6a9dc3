// One kernel's console: an xterm.js terminal attached to the terminal side of the kernel's TTY
// device in shared memory. Keystrokes are queued for the TTY's input ring (MachineFrames.type).
// MachineFrames reads the kernel's output every frame (TerminalOutput); the terminal writes it
// out in the frames the page draws (all of them, but none while a link replays), from
// the start when it opens. The window size follows the box (the kernel takes it at an epoch
// start, as TIOCGWINSZ and SIGWINCH show); its colours follow the theme.

import { useLayoutEffect, useRef } from 'react';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import type { MachineFrames } from '../machine/frames';
import { usePresenter } from '../presenter/presenter';
import { currentTheme, subscribeTheme } from '../theme/theme';
import { cellSize, fitGrid } from './fit';
import { xtermTheme } from './xterm-theme';

const FONT_FAMILY = "ui-monospace, 'SFMono-Regular', 'JetBrains Mono', Menlo, Consolas, 'Liberation Mono', monospace";
const FONT_SIZE = 13;
/** Maximised for a projector (presenter mode): the font, not a zoom, so that xterm's cells stay its own measure. */
const PRESENTER_FONT_SIZE = 22;

export function Xterm({ frames, kernel, label }: { frames: MachineFrames; kernel: number; label: string }) {
  const host = useRef<HTMLDivElement>(null);
  // a layout effect: the terminal opens in the commit that shows its box, so the first prompt it
  // is given is drawn in the same frame, not after a paint without it and another task
  useLayoutEffect(() => {
    const box = host.current;
    if (!box) return;
    const tty = frames.machine.tty(kernel);
    const term = new Terminal({
      fontFamily: FONT_FAMILY,
      fontSize: FONT_SIZE,
      theme: xtermTheme(currentTheme()),
      cursorBlink: true,
      scrollback: 5000,
    });
    term.open(box);
    term.textarea?.setAttribute('aria-label', `${label}: type here`);
    const stopTheming = subscribeTheme(() => {
      term.options.theme = xtermTheme(currentTheme());
    });
    const typed = term.onData((data) => {
      frames.type(kernel, data);
    });
    const fit = () => {
      const { width, height } = box.getBoundingClientRect();
      if (width === 0 || height === 0) return; // hidden: keep the size it had
      const { cols, rows } = fitGrid(width, height, cellSize(term, FONT_FAMILY, term.options.fontSize ?? FONT_SIZE));
      if (cols !== term.cols || rows !== term.rows) term.resize(cols, rows);
      tty.resize(term.rows, term.cols);
      box.dataset.cols = String(term.cols); // where its lines wrap, for whoever reads the screen (the e2e tests)
    };
    fit();
    const observer = new ResizeObserver(fit);
    observer.observe(box);
    const stopPresenting = usePresenter.subscribe((p) => {
      const size = p.maximised === `terminal-${kernel}` ? PRESENTER_FONT_SIZE : FONT_SIZE;
      if (term.options.fontSize === size) return;
      term.options.fontSize = size;
      fit();
    });
    // MachineFrames reads the kernel's output every frame; this writes out what it has not yet,
    // from the start for a terminal that opens late or opens again
    const output = frames.outputs[kernel];
    let written = output?.start ?? 0;
    const drain = () => {
      if (!output) return;
      for (const bytes of output.since(written)) term.write(bytes);
      written = output.end;
    };
    // what the kernel wrote before the terminal was there (its first prompt) goes in now, not a
    // frame later (from a microtask: after StrictMode's second mount on the dev server, if any)
    let live = true;
    queueMicrotask(() => {
      if (!live) return;
      frames.readTerminals();
      drain();
    });
    const stopDraining = frames.onFrame(drain);
    return () => {
      live = false;
      stopDraining();
      stopPresenting();
      stopTheming();
      observer.disconnect();
      typed.dispose();
      term.dispose();
    };
  }, [frames, kernel, label]);
  return (
    <div className="xterm-frame">
      <div className="xterm-host" ref={host} data-testid={`tty-${kernel}`} />
    </div>
  );
}
