// index.html's early start (filled in by vite.config.ts) starts as many kernel workers as the
// default scenario has kernels.
import { describe, expect, it } from 'vitest';
import defaultScenarioText from '../engine/machine/scenarios/two-kernels.json?raw';
import { parseScenario } from '../engine/machine/scenario';
import { DEFAULT_SCENARIO_KERNELS } from '../vite.config';

describe('the early start', () => {
  it('starts one worker per kernel of the default scenario', () => {
    expect(DEFAULT_SCENARIO_KERNELS).toBe(parseScenario(defaultScenarioText).machine.kernels.length);
  });
});
