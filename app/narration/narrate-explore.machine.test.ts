// The narration of an exchange one of whose messages a person held back while exploring: the
// sentence says which message came late and by how much, read from the trace alone (a message
// is otherwise delivered exactly when due).

import { describe, expect, it } from 'vitest';
import { CommandMailbox } from '../../engine/machine/command-mailbox';
import { EV, MSG } from '../../engine/machine/browser/trace-events';
import { findExchanges } from './exchanges';
import { narrate } from './narrate';
import { recordTrace, traceOf } from './testing/recorded-trace';

describe('the narration of a migration whose TASK_MIGRATE was held back', async () => {
  let plain = '';
  const events = await recordTrace(
    { version: 1, machine: { preset: 'two-kernels' }, shells: false, programs: [{ kernel: 1, argv: ['busy'] }] },
    (m) => {
      m.runUntil(2e6);
      const busy = [...(m.kernels[1]?.node.kernel.processes.values() ?? [])].find((p) => p.comm === 'busy');
      new CommandMailbox(m.memory, 1).post({ kind: 'migrate', tid: busy?.liveThreads[0]?.tid ?? 0, to: 0 });
      // run until kernel 1 sent the thread, then hold it back two epochs at kernel 0
      let sent: number | undefined;
      for (let i = 0; i < 50 && sent === undefined; i++) {
        m.step();
        sent = traceOf(m).find((e) => e.kind === EV.MSG_SEND && e.a === MSG.TASK_MIGRATE)?.tid;
      }
      if (sent === undefined) throw new Error('busy never left');
      plain = narrate(findExchanges(traceOf(m)).find((x) => x.root === 'TASK_MIGRATE') ?? fail()).sentence;
      new CommandMailbox(m.memory, 0).post({ kind: 'delay', from: 1, seq: sent, epochs: 2 });
      m.runUntil(m.now + 2e6);
    },
  );

  it('says which message came late, and by how much', () => {
    const move = findExchanges(events).find((x) => x.root === 'TASK_MIGRATE');
    expect(move?.complete).toBe(true);
    const sentence = narrate(move ?? fail()).sentence;
    expect(sentence).toMatch(/; 2 messages, 400\.0 µs, TASK_MIGRATE 200\.0 µs late \(held back, exploring\)\.$/);
    // under way before the delay, and nothing said late
    expect(plain).toMatch(/; 1 message, under way\.$/);
  });
});

function fail(): never {
  throw new Error('no TASK_MIGRATE exchange');
}
