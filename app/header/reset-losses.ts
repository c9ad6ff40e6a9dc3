// What Reset would throw away: the run's inputs that are not part of its scenario, that is what
// a person typed into the terminals, the threads they moved from the UI and the messages they
// held back while exploring (a shared link's own
// inputs are replayed again, so they are not lost). Nothing to lose: Reset need not ask.

import type { BrowserMachine } from '../../engine/machine/browser/browser-machine';

export interface RunLosses {
  /** Text inputs the kernels recorded (typing). */
  typed: number;
  /** Migrations asked from the UI. */
  moved: number;
  /** Messages held back while exploring. */
  delayed: number;
  /** Inputs the kernels recorded that the page has not heard of yet (their reports follow). */
  unreported: number;
  /** Bytes typed that no kernel has taken yet (a paused machine takes them when it runs). */
  waiting: number;
}

/** Reads the machine's losses as they stand. */
export function runLosses(machine: BrowserMachine): RunLosses {
  const inputs = machine.recordedInputs();
  const kernels = [...machine.scenario.machine.kernels.keys()];
  const recorded = kernels.reduce((n, k) => n + machine.telemetry.kernel(k).inputs, 0);
  return {
    typed: inputs.filter((i) => 'text' in i).length,
    moved: inputs.filter((i) => 'migrate' in i).length,
    delayed: inputs.filter((i) => 'delay' in i).length,
    unreported: Math.max(0, recorded - inputs.length),
    waiting: kernels.reduce((n, k) => n + machine.tty(k).inputPending(), 0),
  };
}

/** What is lost, said for people, or undefined when nothing is. */
export function lossesText({ typed, moved, delayed, unreported, waiting }: RunLosses): string | undefined {
  const parts: string[] = [];
  // an input not reported yet is almost always typing (a move is one click, seen at once)
  if (typed > 0 || waiting > 0 || unreported > 0) parts.push('what was typed into the terminals');
  if (moved > 0) parts.push(moved === 1 ? 'the thread moved from the threads panel' : `the ${moved} thread moves`);
  if (delayed > 0)
    parts.push(
      delayed === 1 ? 'the message held back while exploring' : `the ${delayed} messages held back while exploring`,
    );
  return parts.length > 0 ? parts.join(' and ') : undefined;
}
