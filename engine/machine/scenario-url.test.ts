import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { decodeScenarioUrl, encodeScenarioUrl, hasScenarioUrl } from './scenario-url';
import { ScenarioError } from './scenario';

const twoKernels = JSON.parse(readFileSync(new URL('./scenarios/two-kernels.json', import.meta.url), 'utf8')) as Record<
  string,
  unknown
>;
const shared = {
  ...twoKernels,
  name: 'shared · ünïcode ✓',
  inputs: [
    { epoch: 23, kernel: 0, text: 'echo héllo <b>&amp;</b>\r' },
    { epoch: 57, kernel: 1, text: 'ps\r' },
  ],
};

function reason(fragment: string): string {
  try {
    decodeScenarioUrl(fragment);
  } catch (err) {
    expect(err).toBeInstanceOf(ScenarioError);
    return (err as Error).message;
  }
  throw new Error('decoded');
}

describe('scenario URLs', () => {
  it('round-trips a scenario, unicode and markup included, through a URL-safe fragment', () => {
    const fragment = encodeScenarioUrl(shared);
    expect(fragment).toMatch(/^#s=[A-Za-z0-9_-]+$/);
    expect(hasScenarioUrl(fragment)).toBe(true);
    const { scenarioText, scenario } = decodeScenarioUrl(fragment);
    expect(JSON.parse(scenarioText)).toEqual(shared);
    expect(scenario.name).toBe(shared.name);
    expect(scenario.inputs).toEqual(shared.inputs);
    expect(decodeScenarioUrl(fragment.slice(1)).scenarioText).toBe(scenarioText); // without the '#'
  });

  it('says a truncated link is broken', () => {
    const fragment = encodeScenarioUrl(shared);
    for (const cut of [1, 2, 5, 40, fragment.length - 10]) {
      expect(reason(fragment.slice(0, fragment.length - cut))).toMatch(/cut short|not valid JSON|not UTF-8/);
    }
    expect(reason('#s=')).toMatch(/empty/);
  });

  it('says a garbled or tampered link is broken', () => {
    expect(reason('#s=garbage')).toMatch(/not UTF-8|not valid JSON/);
    expect(reason('#s=abc$%^')).toMatch(/characters that base64url never uses/);
    expect(reason('#x=abc')).toMatch(/carries no scenario/);
    // tamper with the JSON inside: a kernel that does not exist
    const tampered = encodeScenarioUrl({ ...shared, inputs: [{ epoch: 1, kernel: 7, text: 'x' }] });
    expect(reason(tampered)).toMatch(/not valid: inputs\[0\]\.kernel/);
    // flip the first character of the encoding: the JSON no longer opens with '{'
    const fragment = encodeScenarioUrl(shared);
    expect(reason(`#s=A${fragment.slice(4)}`)).toMatch(/not valid JSON|not UTF-8/);
  });

  it('says valid JSON that is not a scenario is not one', () => {
    expect(reason(encodeScenarioUrl([1, 2, 3]))).toMatch(/not valid: the scenario must be an object/);
    expect(reason(encodeScenarioUrl({ version: 99 }))).toMatch(/version 99 is not supported/);
    expect(reason(encodeScenarioUrl({ machine: { preset: 'nope' } }))).toMatch(/machine\.preset must be one of/);
  });
});
