import { describe, expect, it } from 'vitest';
import { LocalMachine } from './local-machine';
import { parseScenario } from './scenario';
import { MSG } from '../protocols/messaging/message-types';
import { PING_IF } from '../protocols/interfaces/ping';
import { loadUserlandFiles } from '../kernels/userland-files';
import type { KernelNode } from './kernel-node';

/** A round trip between two kernels on two NUMA nodes (20 apart: 2 us, plus 2 ns for 8 bytes), sent at an epoch start. */
async function roundTrip(quantumUs: number | undefined, busy = false): Promise<{ handled: number; answered: number }> {
  const machine: Record<string, unknown> = {
    preset: 'kernel-per-node',
    topology: { nodes: 2, hartsPerNode: 1, ramMiB: 128 },
  };
  if (quantumUs !== undefined) machine.quantumUs = quantumUs;
  // busy: both kernels' harts run a program all along, so they stop inside a slice for the message
  const programs = busy ? [0, 1].map((kernel) => ({ kernel, argv: ['busy', '1'] })) : [];
  const text = JSON.stringify({ version: 1, machine, shells: false, programs });
  const m = await LocalMachine.boot(parseScenario(text), busy ? await loadUserlandFiles() : {});
  m.runUntil(4 * m.epochNs + 1_000_000); // both kernels up (and busy)
  const node = (k: number): KernelNode => {
    const n = m.kernels[k]?.node;
    if (!n) throw new Error(`no kernel ${k}`);
    return n;
  };
  const [a, b] = [node(0), node(1)];
  if (busy) expect(b.kernel.slots[0]?.current?.process.comm).toBe('busy');
  let handled = -1;
  let answered = -1;
  b.messenger.on(MSG.PING, (msg) => {
    handled = b.kernel.now;
    b.messenger.reply(msg, MSG.PONG, PING_IF.PONG.encode({ n: 1 }), b.kernel.now);
  });
  const sentAt = a.kernel.now;
  a.messenger.request(1, MSG.PING, PING_IF.PING.encode({ n: 0 }), sentAt, () => {
    answered = a.kernel.now;
  });
  m.runUntil(sentAt + 300_000);
  return { handled: handled - sentAt, answered: answered - sentAt };
}

describe('delivery time', () => {
  it('is the modelled arrival when the quantum allows: a kernel stops inside its slice for it', async () => {
    // 2 us quantum: the PING arrives 2.002 us after it left, inside the next epoch, and is handled then
    expect(await roundTrip(2)).toEqual({ handled: 2002, answered: 4004 });
    // 5 us: nothing arrives within the epoch it was sent in, so the next epoch start
    expect(await roundTrip(5)).toEqual({ handled: 5000, answered: 10_000 });
  });

  it('is the same when the receiving kernel is running a thread: it stops mid-slice and goes on after', async () => {
    expect(await roundTrip(2, true)).toEqual({ handled: 2002, answered: 4004 });
  });

  it('is the next epoch start at the default quantum (100 us): a round trip costs 200 us', async () => {
    expect(await roundTrip(undefined)).toEqual({ handled: 100_000, answered: 200_000 });
  });
});
