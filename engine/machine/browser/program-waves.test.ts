import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario';
import { programWaves } from './program-waves';

const text = readFileSync(new URL('../scenarios/two-kernels.json', import.meta.url), 'utf8');
const THEN = ['/bin/busy', '/bin/ps', '/bin/cat', '/bin/mt'];

describe('when the page fetches a scenario’s programs', () => {
  it('a live run: what boots first, the rest after its first epoch', () => {
    expect(programWaves(parseScenario(text))).toEqual({ boot: ['/sbin/init', '/bin/sh'], next: [], later: THEN });
  });

  it('a share link’s replay: the rest right after the boot wave, before its first epoch needs them', () => {
    const shared = {
      ...(JSON.parse(text) as Record<string, unknown>),
      sharedAt: { epoch: 700, hash: '0123456789abcdef' },
    };
    expect(programWaves(parseScenario(JSON.stringify(shared)))).toEqual({
      boot: ['/sbin/init', '/bin/sh'],
      next: THEN,
      later: [],
    });
  });
});
