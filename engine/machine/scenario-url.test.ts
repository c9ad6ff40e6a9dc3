import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  decodeScenarioUrl,
  encodePlainScenarioUrl,
  encodeScenarioUrl,
  hasScenarioUrl,
  MAX_SCENARIO_BYTES,
  scenarioUrlAt,
} from './scenario-url';
import { ScenarioError } from './scenario';
import { compactInputs } from './link-inputs';

const twoKernels = JSON.parse(readFileSync(new URL('./scenarios/two-kernels.json', import.meta.url), 'utf8')) as Record<
  string,
  unknown
>;
const shared = {
  ...twoKernels,
  name: 'shared · ünïcode ✓',
  inputs: [
    { epoch: 23, kernel: 0, text: 'echo héllo <b>&amp;</b>\r' },
    { epoch: 40, kernel: 1, migrate: { tid: 6, to: 0 } },
    { epoch: 41, kernel: 0, delay: { from: 1, seq: 12, epochs: 3 } },
    { epoch: 57, kernel: 1, text: 'ps\r' },
  ],
  sharedAt: { epoch: 60, hash: '0123456789abcdef' },
};

/**
 * A link made by the first encoder (before compressed links): `#s=` and the base64url of the
 * scenario's JSON text, exactly as that code wrote it for this scenario.
 */
const OLD_LINK =
  '#s=eyJ2ZXJzaW9uIjoxLCJuYW1lIjoib2xkIGxpbmsiLCJtYWNoaW5lIjp7InByZXNldCI6InR3by1rZXJuZWxzIn0sImlucHV0cyI6W3siZXBvY2giOjIzLCJrZXJuZWwiOjAsInRleHQiOiJlY2hvIGhpXHIifSx7ImVwb2NoIjo0MCwia2VybmVsIjoxLCJtaWdyYXRlIjp7InRpZCI6NiwidG8iOjB9fV0sInNoYXJlZEF0Ijp7ImVwb2NoIjo2MCwiaGFzaCI6IjAxMjM0NTY3ODlhYmNkZWYifX0';

async function reason(fragment: string): Promise<string> {
  try {
    await decodeScenarioUrl(fragment);
  } catch (err) {
    expect(err).toBeInstanceOf(ScenarioError);
    return (err as Error).message;
  }
  throw new Error('decoded');
}

/** A compressed link whose payload is `text` as it is (to make links the encoder never makes). */
async function deflatedLink(text: string): Promise<string> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('deflate'));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  return `#z=${Buffer.from(bytes).toString('base64url')}`;
}

describe('scenario URLs', () => {
  it('round-trips a scenario, unicode and markup included, through a compressed URL-safe fragment', async () => {
    const fragment = await encodeScenarioUrl(shared);
    expect(fragment).toMatch(/^#z=[A-Za-z0-9_-]+=?$/);
    expect(hasScenarioUrl(fragment)).toBe(true);
    const { scenarioText, scenario } = await decodeScenarioUrl(fragment);
    expect(JSON.parse(scenarioText)).toEqual(shared);
    expect(scenario.name).toBe(shared.name);
    expect(scenario.inputs).toEqual(shared.inputs);
    expect(scenario.sharedAt).toEqual(shared.sharedAt);
    expect((await decodeScenarioUrl(fragment.slice(1))).scenarioText).toBe(scenarioText); // without the '#'
    expect(fragment.length).toBeLessThan(encodePlainScenarioUrl(shared).length);
  });

  it('carries a crash and a boot asked from the page, compact, apart from a person typing the same word', async () => {
    const crashed = {
      ...shared,
      inputs: [
        ...shared.inputs,
        { epoch: 58, kernel: 0, text: 'stop' },
        { epoch: 58, kernel: 1, power: 'stop' },
        { epoch: 59, kernel: 1, power: 'boot' },
      ],
    };
    expect(JSON.stringify(compactInputs(crashed))).toContain('[1,0,"stop"],[0,1,"power","stop"],[1,1,"power","boot"]');
    const { scenario } = await decodeScenarioUrl(await encodeScenarioUrl(crashed));
    expect(scenario.inputs).toEqual(crashed.inputs);
  });

  it('never ends a link with "_", which Markdown autolinks leave out of the link', async () => {
    // about one link in 192 would end with '_' (a third of the lengths can end with any of the 64);
    // names of five lengths, so that the deflated lengths do not all fall in the other two thirds
    let padded: string | undefined;
    for (let i = 0; i < 5000 && !padded; i++) {
      const fragment = await encodeScenarioUrl({ ...shared, name: `run ${'·'.repeat(i % 5)}${i}` });
      expect(fragment).not.toMatch(/_$/);
      if (fragment.endsWith('_=')) padded = fragment;
    }
    expect(padded).toBeDefined();
    expect((await decodeScenarioUrl(padded ?? '')).scenario.inputs).toEqual(shared.inputs);
  });

  it('opens links made before links were compressed (#s=)', async () => {
    expect(hasScenarioUrl(OLD_LINK)).toBe(true);
    const { scenario } = await decodeScenarioUrl(OLD_LINK);
    expect(scenario.name).toBe('old link');
    expect(scenario.inputs).toEqual([
      { epoch: 23, kernel: 0, text: 'echo hi\r' },
      { epoch: 40, kernel: 1, migrate: { tid: 6, to: 0 } },
    ]);
    expect(scenario.sharedAt).toEqual({ epoch: 60, hash: '0123456789abcdef' });
    const plain = await decodeScenarioUrl(encodePlainScenarioUrl(shared));
    expect(JSON.parse(plain.scenarioText)).toEqual(shared);
    expect(scenarioUrlAt(`http://localhost:5173/?x=1${OLD_LINK}`)).toBe(26);
  });

  it('says a truncated link is broken, in either form', async () => {
    const fragment = await encodeScenarioUrl(shared);
    for (const cut of [1, 2, 5, 40, fragment.length - 10]) {
      expect(await reason(fragment.slice(0, fragment.length - cut))).toMatch(/cut short/);
      expect(await reason(OLD_LINK.slice(0, OLD_LINK.length - cut))).toMatch(/cut short|not valid JSON|not UTF-8/);
    }
    expect(await reason('#z=')).toMatch(/empty/);
    expect(await reason('#s=')).toMatch(/empty/);
  });

  it('says a garbled or tampered compressed link is broken', async () => {
    const fragment = await encodeScenarioUrl(shared);
    // one character changed anywhere: the deflate stream breaks or its checksum no longer matches
    for (const at of [3, 4, 20, Math.floor(fragment.length / 2), fragment.length - 2]) {
      const c = fragment[at] === 'A' ? 'B' : 'A';
      expect(await reason(fragment.slice(0, at) + c + fragment.slice(at + 1))).toMatch(
        /does not decompress|not UTF-8|not valid/,
      );
    }
    expect(await reason('#z=garbage')).toMatch(/does not decompress \(the link is cut short or garbled\)/);
    expect(await reason('#z=abc$%^')).toMatch(/characters that base64url never uses/);
    expect(await reason('#x=abc')).toMatch(/carries no scenario/);
    expect(hasScenarioUrl('#x=abc')).toBe(false);
    expect(await reason(await deflatedLink('{"version": 1,'))).toMatch(/^its scenario is not valid JSON/);
    expect(await reason(await deflatedLink(' '.repeat(MAX_SCENARIO_BYTES + 1)))).toMatch(/over 1024 KiB/);
    // the compact inputs: wrong shapes, and compact records mixed with full ones
    expect(await reason(await deflatedLink('{"inputs": [[1, 0]]}'))).toMatch(
      /inputs\[0\] must be \[epoch step, kernel, text\], \[epoch step, kernel, tid, to\], \[epoch step, kernel, "winsize", rows, cols\], \[epoch step, kernel, "delay", from, seq, epochs\] or \[epoch step, kernel, "power", "stop" \| "boot"\]/,
    );
    expect(await reason(await deflatedLink('{"inputs": [[1, 0, "delay", 1, 2]]}'))).toMatch(/inputs\[0\] must be/);
    // a delay that expands to what no scenario may hold: more epochs than allowed, or from itself
    expect(await reason(await deflatedLink('{"inputs": [[1, 0, "delay", 1, 2, 51]]}'))).toMatch(
      /not valid: inputs\[0\]\.delay\.epochs must be a whole number from 1 to 50/,
    );
    expect(await reason(await deflatedLink('{"inputs": [[1, 0, "delay", 0, 2, 5]]}'))).toMatch(
      /inputs\[0\]\.delay\.from must be another kernel than 0/,
    );
    expect(await reason(await deflatedLink('{"inputs": [[1, 0, "a"], [-2, 0, "b"]]}'))).toMatch(/inputs\[1\] must be/);
    expect(await reason(await deflatedLink('{"inputs": [[1, 0, "a"], {"epoch": 3, "text": "b"}]}'))).toMatch(
      /mixes compact records/,
    );
    // compact records that expand to what no scenario may hold: a kernel that does not exist
    expect(await reason(await deflatedLink('{"inputs": [[1, 7, "a"]]}'))).toMatch(/not valid: inputs\[0\]\.kernel/);
  });

  it('says a garbled plain link is broken', async () => {
    expect(await reason('#s=garbage')).toMatch(/not UTF-8|not valid JSON/);
    expect(await reason('#s=abc$%^')).toMatch(/characters that base64url never uses/);
    const tampered = encodePlainScenarioUrl({ ...shared, inputs: [{ epoch: 1, kernel: 7, text: 'x' }] });
    expect(await reason(tampered)).toMatch(/not valid: inputs\[0\]\.kernel/);
    expect(await reason(`#s=A${OLD_LINK.slice(4)}`)).toMatch(/not valid JSON|not UTF-8/);
  });

  it('says valid JSON that is not a scenario is not one', async () => {
    expect(await reason(await encodeScenarioUrl([1, 2, 3]))).toMatch(/not valid: the scenario must be an object/);
    expect(await reason(await encodeScenarioUrl({ version: 99 }))).toMatch(/version 99 is not supported/);
    expect(await reason(await encodeScenarioUrl({ machine: { preset: 'nope' } }))).toMatch(
      /machine\.preset must be one of/,
    );
    // inputs that are not records travel as they are, and are reported by the scenario's checks
    expect(await reason(await encodeScenarioUrl({ inputs: [{ epoch: -1, text: 'x' }] }))).toMatch(
      /inputs\[0\]\.epoch must be a whole number/,
    );
  });
});
