import { describe, expect, it } from 'vitest';
import { loadUserlandFiles } from '../kernels/userland-files';
import { LocalMachine } from './local-machine';
import { byEpoch, coalesceInputs } from './recorded-inputs';
import { parseScenario, type RecordedInput } from './scenario';

const base = { version: 1, name: 'coalescing', machine: { preset: 'two-kernels' } };

async function hashOf(inputs: RecordedInput[], epochs: number): Promise<string> {
  const m = await LocalMachine.boot(parseScenario(JSON.stringify({ ...base, inputs })), await loadUserlandFiles());
  while (m.epoch < epochs) m.step();
  return m.hash();
}

describe('coalescing recorded inputs', () => {
  it('merges the texts one kernel took at one epoch, in order, and nothing else', () => {
    const inputs: RecordedInput[] = [
      { epoch: 9, kernel: 1, text: 'x' },
      { epoch: 5, kernel: 0, text: 'ec' },
      { epoch: 5, kernel: 1, text: 'p' },
      { epoch: 5, kernel: 0, text: 'ho' },
      { epoch: 5, kernel: 1, text: 's\r' },
      { epoch: 5, kernel: 0, migrate: { tid: 6, to: 1 } },
      { epoch: 5, kernel: 0, text: ' hi\r' },
      { epoch: 6, kernel: 0, text: 'l' },
    ];
    expect(coalesceInputs(inputs)).toEqual([
      { epoch: 5, kernel: 0, text: 'echo' },
      { epoch: 5, kernel: 0, migrate: { tid: 6, to: 1 } }, // a migration between two texts keeps them apart
      { epoch: 5, kernel: 0, text: ' hi\r' },
      { epoch: 5, kernel: 1, text: 'ps\r' },
      { epoch: 6, kernel: 0, text: 'l' }, // another epoch: another record
      { epoch: 9, kernel: 1, text: 'x' },
    ]);
    expect(byEpoch(inputs).map((i) => i.epoch)).toEqual([5, 5, 5, 5, 5, 5, 6, 9]);
    expect(inputs[0]).toEqual({ epoch: 9, kernel: 1, text: 'x' }); // the list given is left alone
  });

  it('gives the same run: the trace hash of the coalesced inputs is the one of the inputs as recorded', async () => {
    // keystrokes as a terminal might deliver them, several at one epoch for one kernel
    const split: RecordedInput[] = [
      { epoch: 30, kernel: 0, text: 'ec' },
      { epoch: 30, kernel: 0, text: 'ho ' },
      { epoch: 30, kernel: 1, text: 'p' },
      { epoch: 30, kernel: 0, text: 'one\r' },
      { epoch: 30, kernel: 1, text: 's\r' },
      { epoch: 45, kernel: 0, text: 'l' },
      { epoch: 45, kernel: 0, text: 's /b' },
      { epoch: 45, kernel: 0, text: 'in\r' },
    ];
    const merged = coalesceInputs(split);
    expect(merged).toHaveLength(3);
    const epochs = 120;
    const recorded = await hashOf(split, epochs);
    expect(await hashOf(merged, epochs)).toBe(recorded);
    // the hash does see when typing enters: one epoch later is another run
    const later = merged.map((i) => (i.kernel === 1 ? { ...i, epoch: i.epoch + 1 } : i));
    expect(await hashOf(later, epochs)).not.toBe(recorded);
  });
});
