// Recorded inputs as a scenario carries them: sorted by the epoch they entered at, and
// coalesced. Everything a kernel takes at one epoch's start enters together (the text goes into
// its TTY's input buffer before the epoch runs; nothing reads it until then), so two texts
// recorded for one kernel at one epoch replay exactly as their concatenation does: the same
// run, the same trace hash (recorded-inputs.test.ts checks it on a running machine).

import type { RecordedInput } from './scenario';

/** Sorts inputs by (epoch, kernel), keeping the order they were recorded in within one kernel's epoch. */
export function byEpoch(inputs: RecordedInput[]): RecordedInput[] {
  return [...inputs].sort((a, b) => a.epoch - b.epoch || a.kernel - b.kernel);
}

/**
 * The same inputs, sorted by (epoch, kernel), with texts that follow each other for one kernel
 * at one epoch merged into one record. A migration between two texts keeps them apart, so the
 * order in which a kernel takes its inputs never changes.
 */
export function coalesceInputs(inputs: RecordedInput[]): RecordedInput[] {
  const out: RecordedInput[] = [];
  for (const input of byEpoch(inputs)) {
    const last = out[out.length - 1];
    if (last && 'text' in last && 'text' in input && last.epoch === input.epoch && last.kernel === input.kernel)
      out[out.length - 1] = { ...last, text: last.text + input.text };
    else out.push(input);
  }
  return out;
}
