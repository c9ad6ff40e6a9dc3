import { describe, expect, it } from 'vitest';
import { EV } from '../kernels/trace';
import { loadUserlandFiles } from '../kernels/userland-files';
import { MSG } from '../protocols/messaging/message-types';
import { LocalMachine } from './local-machine';
import { parseScenario } from './scenario';

describe('message pids in the trace', () => {
  it('name the process of page and futex traffic, requests and responses alike', async () => {
    const text = JSON.stringify({
      version: 1,
      machine: { preset: 'two-kernels' },
      shells: false,
      programs: [{ kernel: 0, at: 1_000_000, argv: ['mt', '-s', '2', '20000'] }],
    });
    const m = await LocalMachine.boot(parseScenario(text), await loadUserlandFiles(), true);
    m.runUntil(30e6);
    const mt = 1; // with no shells, mt is kernel 0's first process
    const messages = m.kernels.flatMap((k) =>
      (k.node.kernel.tracer.kept ?? []).filter((e) => e.kind === EV.MSG_SEND || e.kind === EV.MSG_DELIVER),
    );
    const ofType = (type: number) => messages.filter((e) => e.a === type);
    for (const type of [MSG.REMOTE_PAGE_REQUEST, MSG.REMOTE_PAGE_RESPONSE, MSG.FUTEX_REQUEST, MSG.FUTEX_RESPONSE]) {
      expect(ofType(type).length, `some ${type}`).toBeGreaterThan(0);
      expect(new Set(ofType(type).map((e) => e.pid)), `pids of ${type}`).toEqual(new Set([mt]));
    }
    expect(ofType(MSG.NODE_INFO).every((e) => e.pid === 0)).toBe(true);
  });
});
