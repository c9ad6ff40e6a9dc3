import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from './scenario';
import { scenarioPrograms } from './scenario-programs';

describe('the programs a scenario runs', () => {
  it('are init and sh to boot, then what it starts and types, by time, each once', () => {
    const text = readFileSync(new URL('./scenarios/two-kernels.json', import.meta.url), 'utf8');
    expect(scenarioPrograms(parseScenario(text))).toEqual({
      boot: ['/sbin/init', '/bin/sh'],
      then: ['/bin/busy', '/bin/ps', '/bin/cat', '/bin/mt'],
    });
  });

  it('read commands from typed lines and recorded inputs, paths as given, and nothing when shells are off', () => {
    const scenario = parseScenario(
      JSON.stringify({
        version: 1,
        name: 'typing',
        machine: { preset: 'smp' },
        shells: false,
        actions: [
          { at: 2_000_000, kind: 'type', kernel: 0, text: 'echo a; ls -l /bin | sort && /bin/uname\r' },
          { at: 1_000_000, kind: 'start', kernel: 0, argv: ['/sbin/init'] },
        ],
        inputs: [{ epoch: 5, kernel: 0, text: "top -n 1\r'quoted'\r" }],
      }),
    );
    expect(scenarioPrograms(scenario)).toEqual({
      boot: [],
      then: ['/bin/top', '/sbin/init', '/bin/echo', '/bin/ls', '/bin/sort', '/bin/uname'],
    });
  });

  it('put recorded typing back together, a few keys at a time, into lines per kernel', () => {
    const keys = (kernel: number, from: number, text: string) =>
      Array.from(text, (key, i) => ({ epoch: from + i * 5, kernel, text: key }));
    const scenario = parseScenario(
      JSON.stringify({
        version: 1,
        name: 'typed by a person',
        machine: { preset: 'two-kernels' },
        inputs: [...keys(0, 100, 'uname -a\r'), ...keys(1, 102, 'ls\r'), ...keys(0, 200, 'top\r')].sort(
          (a, b) => a.epoch - b.epoch,
        ),
      }),
    );
    expect(scenarioPrograms(scenario).then).toEqual(['/bin/uname', '/bin/ls', '/bin/top']);
  });
});
