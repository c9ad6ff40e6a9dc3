// A kernel booted with init on its console, and a terminal on the TTY device: what the UI's
// xterm.js and `popcorn shell` do, driven by tests. Time is virtual: waitFor() runs the kernel
// until the screen shows what is expected or the virtual time limit passes.

import { TtyDevice } from '../../hw/tty-device';
import { bootSingleKernel } from '../standalone';
import { loadUserlandFiles } from '../userland-files';
import type { Kernel } from '../kernel';
import { spawn } from '../proc/spawn';

export interface Console {
  kernel: Kernel;
  /** Everything the terminal has shown so far. */
  screen(): string;
  type(text: string): void;
  /** Runs until `pattern` appears after `from` (an offset into the screen); returns the match's end. */
  waitFor(pattern: RegExp | string, from?: number, limitNs?: number): number;
}

export async function bootConsole(harts = 2): Promise<Console> {
  const k = await bootSingleKernel({ files: await loadUserlandFiles(), harts });
  const init = spawn(k, '/sbin/init', ['init']);
  if (typeof init === 'number') throw new Error(`init: errno ${-init}`);
  const tty = new TtyDevice(k.memory, 0);
  let screen = '';
  const decoder = new TextDecoder();
  return {
    kernel: k,
    screen: () => screen,
    type: (text) => {
      const bytes = new TextEncoder().encode(text);
      if (tty.type(bytes) !== bytes.length) throw new Error('TTY input ring full');
    },
    waitFor(pattern, from = 0, limitNs = 5e9) {
      const end = k.now + limitNs;
      for (;;) {
        screen += decoder.decode(tty.drainOutput(), { stream: true });
        const rest = screen.slice(from);
        const m = typeof pattern === 'string' ? rest.indexOf(pattern) : rest.search(pattern);
        if (m >= 0)
          return from + m + (typeof pattern === 'string' ? pattern.length : (rest.match(pattern)?.[0].length ?? 0));
        if (k.now >= end) throw new Error(`timed out waiting for ${String(pattern)}; the screen shows:\n${screen}`);
        if (!k.tick(end)) k.now = Math.min(end, k.now + 1e6); // idle: let virtual time pass
      }
    },
  };
}
