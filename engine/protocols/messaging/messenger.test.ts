import { describe, expect, it } from 'vitest';
import { createPhysicalMemory } from '../../hw/physical-memory';
import { PING_IF } from '../interfaces/ping';
import { MSG } from './message-types';
import { Messenger, type Delivered } from './messenger';
import { Ring, ringBytes } from './ring';

const EPOCH = 1000;

function setup(kernels: number, slots = 16, perByte = 0) {
  const { memory } = createPhysicalMemory(4 << 20, 1);
  const rings = Array.from({ length: kernels }, (_, k) => new Ring(memory, k * ringBytes(slots), slots));
  const all: Messenger[] = [];
  for (let k = 0; k < kernels; k++) {
    all.push(
      new Messenger({
        self: k,
        rings,
        latency: (to, bytes) => (to === k ? 10 : 300) + bytes * perByte,
        epochNs: EPOCH,
        waitForRoom: () => {
          for (const m of all) m.poll(); // one thread: drain on the receivers' behalf
        },
      }),
    );
  }
  return all;
}

describe('Messenger', () => {
  it('delivers nothing before the next epoch, then in (time, sender, sequence) order', () => {
    const [a, b, c] = setup(3) as [Messenger, Messenger, Messenger];
    const got: string[] = [];
    c.on(MSG.PING, (m) => got.push(`${m.from}:${PING_IF.PING.decode(m.body).n}`));
    b.send(2, MSG.PING, PING_IF.PING.encode({ n: 1 }), 10);
    a.send(2, MSG.PING, PING_IF.PING.encode({ n: 2 }), 10);
    a.send(2, MSG.PING, PING_IF.PING.encode({ n: 3 }), 10);
    c.poll();
    expect(c.deliver(999)).toBe(0); // same epoch: not yet
    expect(c.nextDue()).toBe(EPOCH);
    expect(c.deliver(EPOCH)).toBe(3);
    expect(got).toEqual(['0:2', '0:3', '1:1']);
  });

  it('adds the topology latency and never delivers before the next epoch starts', () => {
    const [a, b] = setup(2) as [Messenger, Messenger];
    expect(a.send(1, MSG.PING, new Uint8Array(0), 100)).toBe(1000); // 100 + 300 < next epoch
    expect(a.send(1, MSG.PING, new Uint8Array(0), 900)).toBe(1200); // 900 + 300
    expect(b.sentToPeer[0]?.count).toBe(0);
    expect(a.sentToPeer[1]?.count).toBe(2);
  });

  it('keeps each link FIFO: a later small message never overtakes a big one', () => {
    const [a] = setup(2, 128, 0.25) as [Messenger, Messenger];
    const big = a.send(1, MSG.PING, new Uint8Array(4096), 900); // 900 + 300 + 1 ns per 4 bytes
    expect(big).toBeGreaterThan(1000);
    expect(a.send(1, MSG.PING, new Uint8Array(0), 950)).toBe(big); // not 1000: never before the big one
  });

  it('matches responses to their requests through wait stations', () => {
    const [a, b] = setup(2) as [Messenger, Messenger];
    b.on(MSG.PING, (m: Delivered) => {
      b.reply(m, MSG.PONG, PING_IF.PONG.encode({ n: PING_IF.PING.decode(m.body).n * 2 }), m.deliverAt);
    });
    const answers: number[] = [];
    a.request(1, MSG.PING, PING_IF.PING.encode({ n: 21 }), 0, (r) => answers.push(PING_IF.PONG.decode(r.body).n));
    a.request(1, MSG.PING, PING_IF.PING.encode({ n: 50 }), 0, (r) => answers.push(PING_IF.PONG.decode(r.body).n));
    b.poll();
    b.deliver(EPOCH);
    a.poll();
    a.deliver(3 * EPOCH);
    expect(answers).toEqual([42, 100]);
  });

  it('counts a message nobody handles instead of failing', () => {
    const [a, b] = setup(2) as [Messenger, Messenger];
    a.send(1, 999, new Uint8Array(3), 0);
    b.poll();
    b.deliver(EPOCH);
    expect(b.unhandled).toEqual(['TYPE_999 from kernel 0: unknown message type']);
    expect(b.receivedByType.get('TYPE_999')?.count).toBe(1);
  });

  it('drops a message whose payload does not decode with a line, and goes on', () => {
    const [a, b] = setup(2) as [Messenger, Messenger];
    const got: number[] = [];
    b.on(MSG.PING, (m) => got.push(PING_IF.PING.decode(m.body).n));
    a.send(1, MSG.PING, new Uint8Array([1, 2]), 0); // two bytes of a u32
    a.send(1, MSG.PING, PING_IF.PING.encode({ n: 7 }), 0);
    b.poll();
    b.deliver(EPOCH);
    expect(got).toEqual([7]);
    expect(b.unhandled).toEqual([expect.stringMatching(/^PING from kernel 0: PING: bad field n in a 2-byte payload/)]);
  });
});
