// For the network's tests and benchmarks: a scenario's machine in one thread (LocalMachine),
// with programs started on given kernels at given times, run until named programs have ended;
// what each kernel's terminal showed, and the machine to read counters from afterwards.

import { TtyDevice } from '../../../hw/tty-device';
import { LocalMachine } from '../../../machine/local-machine';
import { parseScenario } from '../../../machine/scenario';
import { loadUserlandFiles } from '../../../kernels/userland-files';
import { inetOf } from '../../../kernels/net/inet';

export interface LanProgram {
  kernel: number;
  /** A shell command line (run by sh -c). */
  command: string;
  /** Virtual time it starts at, ns. */
  at: number;
}

export interface LanRun {
  machine: LocalMachine;
  /** What kernel k's terminal showed. */
  screens: string[];
}

/**
 * Boots `preset` (no shells) with `programs`, and runs until every program whose index is in
 * `awaited` (all, by default) has ended (or `limitNs` of virtual time passed: an error naming what still runs).
 * `each` runs after every epoch (to act on the machine mid-run).
 */
export async function runOnLan(
  preset: string,
  programs: LanProgram[],
  o: {
    awaited?: number[];
    limitNs?: number;
    machine?: object;
    ringSlots?: number;
    /** More scenario actions (a kernel stopped at a time). */
    actions?: object[];
    each?: (m: LocalMachine) => void;
  } = {},
): Promise<LanRun> {
  const scenario = parseScenario(
    JSON.stringify({
      version: 1,
      name: 'lan',
      machine: { preset, ...o.machine },
      ...(o.ringSlots === undefined ? {} : { ringSlots: o.ringSlots }),
      shells: false,
      actions: [
        ...programs.map((p, i) => ({
          at: p.at,
          kind: 'start',
          kernel: p.kernel,
          argv: ['sh', '-c', `${p.command}; echo "${doneMark(i)} $?"`],
        })),
        ...(o.actions ?? []),
      ],
    }),
  );
  const machine = await LocalMachine.boot(scenario, await loadUserlandFiles());
  const ttys = machine.kernels.map((k) => new TtyDevice(machine.memory, k.index));
  const screens = ttys.map(() => '');
  const decoders = ttys.map(() => new TextDecoder());
  const drain = () => {
    ttys.forEach((tty, i) => {
      screens[i] = (screens[i] ?? '') + (decoders[i]?.decode(tty.drainOutput(), { stream: true }) ?? '');
    });
  };
  const awaited = new Set(o.awaited ?? programs.map((_, i) => i));
  const lastStart = Math.max(...programs.map((p) => p.at));
  const limit = lastStart + (o.limitNs ?? 5e9);
  const running = () =>
    [...awaited].filter((i) => {
      const p = programs[i] as LanProgram;
      return machine.kernels[p.kernel]?.up === true && !(screens[p.kernel] ?? '').includes(doneMark(i));
    });
  machine.runUntil(lastStart + machine.epochNs);
  while (running().length > 0) {
    if (machine.now > limit) {
      drain();
      throw new Error(
        `still running after ${limit / 1e6} ms: ${running()
          .map((i) => programs[i]?.command)
          .join('; ')}\n${screens.map((s, k) => `kernel ${k}:\n${s}`).join('\n')}`,
      );
    }
    machine.step();
    o.each?.(machine);
    drain();
  }
  drain();
  return { machine, screens };
}

/** What program `i` prints when it has ended (then its exit status). */
function doneMark(i: number): string {
  return `[program ${i} ended:`;
}

/** `name=value` figures a program printed on kernel `k`'s screen. */
export function figures(run: LanRun, k: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of (run.screens[k] ?? '').matchAll(/^(\w+)=([\d.]+)\r?$/gm)) out.set(m[1] as string, Number(m[2]));
  return out;
}

/** Kernel `k`'s network stack. */
export function stackOf(run: LanRun, k: number) {
  const kernel = run.machine.kernels[k];
  if (!kernel) throw new Error(`no kernel ${k}`);
  return inetOf(kernel.node.kernel);
}
