// Which programs a scenario will run, in the order it needs them, so that the page can fetch
// them ahead of need: what every kernel runs to its first shell prompt (init, then sh), then
// the programs it starts and the commands typed into its terminals (the first word of each
// command of a line), by time. A guess that only orders fetches: a program not named here is
// still fetched, when a kernel first runs it.

import { epochNsOf } from './quantum';
import type { Scenario } from './scenario';

/** Guest paths to fetch, in two waves: `boot` (to the first prompt) and `then` (the rest, by time). */
export function scenarioPrograms(scenario: Scenario): { boot: string[]; then: string[] } {
  const boot = scenario.shells ? ['/sbin/init', '/bin/sh'] : [];
  const timed: Array<{ at: number; path: string }> = [];
  for (const a of scenario.actions) {
    if (a.kind === 'start' && a.argv[0]) timed.push({ at: a.at, path: pathOf(a.argv[0]) });
    if (a.kind === 'type') for (const path of commands(a.text)) timed.push({ at: a.at, path });
  }
  // recorded typing comes a few keys per input (a person types a line over many epochs): the
  // lines are put back together per kernel, each read at the epoch its first key came in
  const typing = new Map<number, { line: string; epoch: number }>();
  const epochNs = epochNsOf(scenario.machine);
  for (const input of scenario.inputs) {
    if (!('text' in input)) continue;
    const at = typing.get(input.kernel) ?? { line: '', epoch: input.epoch };
    if (at.line === '') at.epoch = input.epoch;
    for (const key of input.text) {
      at.line += key;
      if (key !== '\r' && key !== '\n') continue;
      for (const path of commands(at.line)) timed.push({ at: at.epoch * epochNs, path });
      at.line = '';
      at.epoch = input.epoch;
    }
    typing.set(input.kernel, at);
  }
  // a stable sort: equal times keep the scenario's order
  const then = timed.sort((a, b) => a.at - b.at).map((t) => t.path);
  return { boot, then: [...new Set(then)].filter((p) => !boot.includes(p)) };
}

function pathOf(command: string): string {
  return command.includes('/') ? command : `/bin/${command}`;
}

/** The programs a line typed at a shell runs: the first word of each command (split at ; | & and newlines). */
function commands(text: string): string[] {
  return text
    .split(/[;|&\r\n]+/)
    .map((c) => c.trim().split(/\s+/)[0] ?? '')
    .filter((word) => /^[\w./-]+$/.test(word))
    .map(pathOf);
}
