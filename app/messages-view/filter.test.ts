import { describe, expect, it } from 'vitest';
import { MSG } from '../../engine/machine/browser/trace-events';
import { followedPassing, hidingToo, latestPassing, passes, SHOW_ALL, toggleType, type MessageFilter } from './filter';
import { MessageLog } from './message-log';
import { sendEvent, type TestMessage } from './test-events';

function logOf(messages: TestMessage[]): MessageLog {
  const log = new MessageLog();
  log.add(messages.map(sendEvent));
  return log;
}

const base: TestMessage = { from: 0, to: 1, type: MSG.PING, seq: 0, sentAt: 0, deliverAt: 100_000 };

describe('passes', () => {
  const log = logOf([
    base,
    { ...base, from: 2, to: 0, type: MSG.PONG, seq: 1 },
    { ...base, from: 2, to: 3, type: MSG.FUTEX_REQUEST, seq: 2, pid: 7 },
  ]);
  const [ping, pong, futex] = log.all();
  const only = (f: Partial<MessageFilter>) => log.all().filter((r) => passes(r, { ...SHOW_ALL, ...f }));

  it('shows everything by default', () => {
    expect(only({})).toHaveLength(3);
  });

  it('hides the hidden types', () => {
    expect(only({ hiddenTypes: new Set([MSG.PING, MSG.PONG]) })).toEqual([futex]);
  });

  it('keeps a kernel’s messages, both ways', () => {
    expect(only({ kernel: 0 })).toEqual([ping, pong]);
    expect(only({ kernel: 3 })).toEqual([futex]);
    expect(only({ kernel: 5 })).toEqual([]);
  });

  it('keeps a process’s messages', () => {
    expect(only({ pid: 7 })).toEqual([futex]);
  });
});

describe('latestPassing', () => {
  it('takes the latest that pass, in send order', () => {
    const messages: TestMessage[] = Array.from({ length: 10 }, (_, i) => ({
      ...base,
      seq: i,
      sentAt: i * 10,
      type: i % 2 ? MSG.PING : MSG.PONG,
    }));
    // kernels run apart: the last two were read out of time order
    const [a, b] = messages.splice(-2);
    messages.push(b as TestMessage, a as TestMessage);
    const log = logOf(messages);
    const latest = latestPassing(log.all(), { ...SHOW_ALL, hiddenTypes: new Set([MSG.PONG]) }, 3);
    expect(latest.map((r) => r.seq)).toEqual([5, 7, 9]);
  });

  it('gives fewer when fewer pass', () => {
    expect(latestPassing(logOf([base]).all(), SHOW_ALL, 40)).toHaveLength(1);
  });
});

describe('toggleType', () => {
  it('hides a shown type and shows a hidden one, without touching the old set', () => {
    const hidden = new Set([MSG.PING]);
    expect([...toggleType(hidden, MSG.PONG)].sort()).toEqual([MSG.PING, MSG.PONG].sort());
    expect([...toggleType(hidden, MSG.PING)]).toEqual([]);
    expect([...hidden]).toEqual([MSG.PING]);
  });
});

describe('followedPassing', () => {
  it('keeps the followed messages that pass, the first ones in send order, however many came after', () => {
    const later = Array.from({ length: 60 }, (_, i) => ({ ...base, seq: 10 + i, sentAt: 200_000 + i * 1000 }));
    const log = logOf([
      { ...base, type: MSG.TASK_MIGRATE, seq: 1, sentAt: 100_000 },
      { ...base, from: 1, to: 0, type: MSG.TASK_PAIRING, seq: 2, sentAt: 150_000 },
      ...later,
    ]);
    const all = log.all();
    const keys = new Set([all[0]?.key ?? -1, all[1]?.key ?? -1, all[40]?.key ?? -1]);
    const shown = followedPassing(all, keys, SHOW_ALL, 2);
    expect(shown.map((r) => r.type)).toEqual([MSG.TASK_MIGRATE, MSG.TASK_PAIRING]);
    expect(followedPassing(all, keys, SHOW_ALL, 40)).toHaveLength(3);
    const noPairing = { ...SHOW_ALL, hiddenTypes: new Set([MSG.TASK_PAIRING]) };
    expect(followedPassing(all, keys, noPairing, 40).map((r) => r.type)).toEqual([MSG.TASK_MIGRATE, MSG.PING]);
  });
});

describe('hidingToo', () => {
  it('adds types to the hidden ones, and gives the same filter when they are hidden already', () => {
    const f = hidingToo(SHOW_ALL, new Set([MSG.PING]));
    expect([...f.hiddenTypes]).toEqual([MSG.PING]);
    expect(hidingToo(f, new Set([MSG.PING]))).toBe(f);
    expect(SHOW_ALL.hiddenTypes.size).toBe(0);
  });
});
