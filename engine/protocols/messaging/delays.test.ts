import { describe, expect, it } from 'vitest';
import { createPhysicalMemory } from '../../hw/physical-memory';
import { PING_IF } from '../interfaces/ping';
import {
  deliverFirst,
  delayRefusal,
  heldDeliveryTime,
  MAX_DELAY_EPOCHS,
  reorderRefusal,
  type LinkMessage,
} from './delays';
import { MSG } from './message-types';
import { Messenger } from './messenger';
import { Ring, ringBytes } from './ring';

const EPOCH = 1000;

function setup(kernels: number) {
  const { memory } = createPhysicalMemory(4 << 20, 1);
  const rings = Array.from({ length: kernels }, (_, k) => new Ring(memory, k * ringBytes(16), 16));
  const all: Messenger[] = [];
  for (let k = 0; k < kernels; k++)
    all.push(
      new Messenger({
        self: k,
        rings,
        latency: () => 300,
        epochNs: EPOCH,
        waitForRoom: () => {
          for (const m of all) m.poll();
        },
      }),
    );
  return all;
}

const msg = (from: number, to: number, seq: number, deliverAt: number): LinkMessage => ({ from, to, seq, deliverAt });

describe('the reordering rule', () => {
  it('keeps a link FIFO and lets messages of different links go in either order', () => {
    expect(reorderRefusal(msg(1, 0, 3, 100), msg(1, 0, 4, 100))).toBe('same ring: FIFO');
    expect(reorderRefusal(msg(1, 0, 3, 100), msg(2, 0, 0, 100))).toBeUndefined(); // another sender, same receiver
    expect(reorderRefusal(msg(1, 0, 3, 100), msg(1, 2, 3, 100))).toBeUndefined(); // same sender, another receiver
  });

  it('holds the message and every later one of its link, never an earlier one or another link', () => {
    const held = [{ from: 1, to: 0, seq: 5, until: 4000 }];
    expect(heldDeliveryTime(msg(1, 0, 5, 1000), held)).toBe(4000);
    expect(heldDeliveryTime(msg(1, 0, 6, 1200), held)).toBe(4000); // behind it on the link
    expect(heldDeliveryTime(msg(1, 0, 9, 5000), held)).toBe(5000); // due after it anyway
    expect(heldDeliveryTime(msg(1, 0, 4, 1000), held)).toBe(1000); // before it
    expect(heldDeliveryTime(msg(2, 0, 5, 1000), held)).toBe(1000); // another sender
    expect(heldDeliveryTime(msg(1, 2, 5, 1000), held)).toBe(1000); // another receiver
  });

  it('takes delays of 1 to MAX_DELAY_EPOCHS whole epochs', () => {
    expect(delayRefusal(1)).toBeUndefined();
    expect(delayRefusal(MAX_DELAY_EPOCHS)).toBeUndefined();
    for (const bad of [0, -1, 1.5, MAX_DELAY_EPOCHS + 1, NaN])
      expect(delayRefusal(bad)).toBe(`a delay is a whole number of epochs from 1 to ${MAX_DELAY_EPOCHS}`);
  });

  it('delivers a message first by holding the head of every other link due before it just past it', () => {
    const target = msg(2, 0, 0, 1000);
    const inFlight = [
      msg(1, 0, 3, 1000), // same time, lower sender: ahead
      msg(1, 0, 4, 1000), // behind 1>0 #3 on its link: follows it, no delay of its own
      msg(0, 1, 7, 1000), // to another kernel, ahead
      target,
      msg(3, 0, 1, 1000), // after it (higher sender)
      msg(1, 2, 2, 2000), // due later
    ];
    expect(deliverFirst(target, inFlight, EPOCH)).toEqual({
      delays: [
        { from: 0, to: 1, seq: 7, epochs: 1 },
        { from: 1, to: 0, seq: 3, epochs: 1 },
      ],
    });
    // one due two and a half epochs earlier needs three to pass it
    expect(deliverFirst(msg(2, 0, 0, 3500), [msg(1, 0, 0, 1000)], EPOCH)).toEqual({
      delays: [{ from: 1, to: 0, seq: 0, epochs: 3 }],
    });
    expect(deliverFirst(msg(1, 0, 0, 1000), [msg(1, 0, 0, 1000), msg(2, 0, 0, 1000)], EPOCH)).toEqual({ delays: [] });
    // one sender's message of the same number and time to a lower-numbered kernel comes first: it is held
    expect(deliverFirst(msg(3, 1, 0, 1000), [msg(3, 0, 0, 1000), msg(3, 1, 0, 1000)], EPOCH)).toEqual({
      delays: [{ from: 3, to: 0, seq: 0, epochs: 1 }],
    });
  });

  it('refuses to put a message before an earlier one of its own link, or past the longest delay', () => {
    expect(deliverFirst(msg(1, 0, 4, 1000), [msg(2, 0, 0, 900), msg(1, 0, 3, 1000)], EPOCH)).toEqual({
      refused: 'same ring: FIFO',
    });
    expect(deliverFirst(msg(1, 0, 0, (MAX_DELAY_EPOCHS + 1) * EPOCH), [msg(2, 0, 0, 0)], EPOCH)).toEqual({
      refused: `a message due first would need more than ${MAX_DELAY_EPOCHS} epochs of delay`,
    });
  });
});

describe('a messenger holding a message back', () => {
  function pings(m: Messenger, into: string[]) {
    m.on(MSG.PING, (d) => into.push(`${d.from}#${d.seq}:${PING_IF.PING.decode(d.body).n}@${d.deliverAt}`));
  }

  it('delivers it the given epochs later, and the later ones of its link behind it, in order', () => {
    const [a, b, c] = setup(3) as [Messenger, Messenger, Messenger];
    const got: string[] = [];
    pings(c, got);
    a.send(2, MSG.PING, PING_IF.PING.encode({ n: 1 }), 100); // 0#0, due 1000
    a.send(2, MSG.PING, PING_IF.PING.encode({ n: 2 }), 200); // 0#1, due 1000
    b.send(2, MSG.PING, PING_IF.PING.encode({ n: 3 }), 300); // 1#0, due 1000
    expect(c.hold(0, 0, 2, EPOCH)).toEqual({ type: MSG.PING, until: 3000 });
    expect(c.nextDue()).toBe(1000);
    expect(c.deliver(EPOCH)).toBe(1); // only the other link's
    expect(got).toEqual(['1#0:3@1000']);
    // a later message of the held link, sent after the hold, waits behind it too
    a.send(2, MSG.PING, PING_IF.PING.encode({ n: 4 }), 1100); // 0#2, due 2000
    c.poll();
    expect(c.deliver(2 * EPOCH)).toBe(0);
    expect(c.nextDue()).toBe(3000);
    expect(c.deliver(3 * EPOCH)).toBe(3);
    expect(got).toEqual(['1#0:3@1000', '0#0:1@3000', '0#1:2@3000', '0#2:4@3000']);
  });

  it('holds a message held already further, from the time it has now', () => {
    const [a, b] = setup(2) as [Messenger, Messenger];
    const got: string[] = [];
    pings(b, got);
    a.send(1, MSG.PING, PING_IF.PING.encode({ n: 1 }), 100);
    expect(b.hold(0, 0, 1, EPOCH)?.until).toBe(2000);
    expect(b.hold(0, 0, 3, 2 * EPOCH - 1)?.until).toBe(5000);
    b.deliver(4999);
    expect(got).toEqual([]);
    b.deliver(5000);
    expect(got).toEqual(['0#0:1@5000']);
  });

  it('holds nothing that is not in flight: delivered already, not sent yet, or sent in this epoch', () => {
    const [a, b] = setup(2) as [Messenger, Messenger];
    a.send(1, MSG.PING, PING_IF.PING.encode({ n: 1 }), 100);
    b.poll();
    b.deliver(EPOCH);
    expect(b.hold(0, 0, 1, EPOCH)).toBeUndefined(); // delivered
    expect(b.hold(0, 5, 1, EPOCH)).toBeUndefined(); // never sent
    a.send(1, MSG.PING, PING_IF.PING.encode({ n: 2 }), EPOCH + 10);
    expect(b.hold(0, 1, 1, EPOCH)).toBeUndefined(); // sent at or after the epoch it is asked at
    expect(b.hold(0, 1, 1, 2 * EPOCH)).toEqual({ type: MSG.PING, until: 3000 });
  });
});
