// For the single-system-image tests: a LocalMachine of several kernels, each with init and a
// shell on its console, and a terminal on every kernel's TTY. Typing enters at an epoch
// boundary, as a recorded input does; waitFor() runs whole epochs of the machine until a
// kernel's screen shows what is expected or the virtual time limit passes.

import { TtyDevice } from '../../hw/tty-device';
import type { KernelNode } from '../../machine/kernel-node';
import { LocalMachine } from '../../machine/local-machine';
import { parseScenario } from '../../machine/scenario';
import { loadUserlandFiles } from '../../kernels/userland-files';

export interface MachineConsole {
  machine: LocalMachine;
  /** Kernel `kernel`'s node: its kernel, messenger and services. */
  node(kernel: number): KernelNode;
  /** Everything kernel `kernel`'s terminal has shown so far. */
  screen(kernel: number): string;
  type(kernel: number, text: string): void;
  /**
   * Runs until `pattern` shows on `kernel`'s screen after `from`; returns the match's end. The
   * next command()'s output is looked for after it.
   */
  waitFor(kernel: number, pattern: RegExp | string, from?: number, limitNs?: number): number;
  /** Types a command line on `kernel`, waits for the next prompt, returns what it printed. */
  command(kernel: number, line: string): string;
}

/**
 * Boots `preset` with shells (and the scenario's other fields) and waits for every prompt;
 * `files` are added to every kernel's root filesystem.
 */
export async function bootMachineConsole(
  preset: string,
  extra: object = {},
  files: Record<string, Uint8Array> = {},
): Promise<MachineConsole> {
  const scenario = parseScenario(JSON.stringify({ version: 1, machine: { preset }, ...extra }));
  const machine = await LocalMachine.boot(scenario, { ...(await loadUserlandFiles()), ...files });
  const ttys = machine.kernels.map((k) => new TtyDevice(machine.memory, k.index));
  const screens = ttys.map(() => '');
  const at = ttys.map(() => 0);
  const decoder = ttys.map(() => new TextDecoder());
  const prompt = (kernel: number) => new RegExp(`popcorn${kernel}:[^$\\n]*\\$ $`);
  const c: MachineConsole = {
    machine,
    node: (kernel) => must(machine.kernels[kernel], `kernel ${kernel}`).node,
    screen: (kernel) => screens[kernel] ?? '',
    type(kernel, text) {
      const bytes = new TextEncoder().encode(text);
      if (ttys[kernel]?.type(bytes) !== bytes.length) throw new Error(`kernel ${kernel}: TTY input ring full`);
    },
    waitFor(kernel, pattern, from = 0, limitNs = 5e9) {
      const end = machine.now + limitNs;
      for (;;) {
        ttys.forEach((tty, i) => {
          screens[i] = `${screens[i] ?? ''}${decoder[i]?.decode(tty.drainOutput(), { stream: true }) ?? ''}`;
        });
        const rest = (screens[kernel] ?? '').slice(from);
        const m = typeof pattern === 'string' ? rest.indexOf(pattern) : rest.search(pattern);
        if (m >= 0) {
          const matchEnd =
            from + m + (typeof pattern === 'string' ? pattern.length : (rest.match(pattern)?.[0].length ?? 0));
          at[kernel] = Math.max(at[kernel] ?? 0, matchEnd); // what was waited for is not a command's output
          return matchEnd;
        }
        if (machine.now >= end)
          throw new Error(`kernel ${kernel}: timed out waiting for ${String(pattern)}; the screen shows:\n${rest}`);
        machine.step();
      }
    },
    command(kernel, line) {
      c.type(kernel, `${line}\r`);
      const start = c.waitFor(kernel, echoOf(line), at[kernel]);
      const end = c.waitFor(kernel, prompt(kernel), start);
      const out = (screens[kernel] ?? '').slice(start, end);
      return out.slice(0, out.lastIndexOf(`popcorn${kernel}:`));
    },
  };
  for (const k of machine.kernels) c.waitFor(k.index, prompt(k.index));
  // the kernels check in with each other while the shells start: wait until each has every
  // other kernel's process list
  const others = machine.kernels.length - 1;
  for (let epoch = 0; machine.kernels.some((k) => k.node.services.processList.memory().length < others); epoch++) {
    if (epoch === 100) throw new Error('the kernels did not exchange their process lists');
    machine.step();
  }
  return c;
}

/**
 * The echo of a typed line, then the newline of its Enter: the shell's line editor (BusyBox's
 * ash) goes to the next row itself, with "\r\n", when the line reaches the terminal's last column.
 * A regular expression: search it from where the line was typed.
 */
export function echoOf(line: string): RegExp {
  const chars = Array.from(line, (ch) => ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`${chars.join('(?:\\r+\\n)??')}(?:\\r+\\n)??\\r\\n`); // lazy: not the output's own newlines
}

/** `value`, which a test expects to be there. */
export function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is missing`);
  return value;
}
