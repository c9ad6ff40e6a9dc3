import { describe, expect, it } from 'vitest';
import { EV, MSG } from '../../engine/machine/browser/trace-events';
import { keyOfEvent, messageKey, MessageLog } from './message-log';
import { deliverEvent, sendEvent, type TestMessage } from './test-events';

const ping: TestMessage = { from: 0, to: 1, type: MSG.PING, seq: 7, sentAt: 1_000, deliverAt: 100_000 };

describe('messageKey', () => {
  it('names a message the same from its send and its delivery', () => {
    expect(keyOfEvent(sendEvent(ping))).toBe(messageKey(0, 1, 7));
    expect(keyOfEvent(deliverEvent(ping))).toBe(messageKey(0, 1, 7));
  });

  it('tells apart the two directions and large sequence numbers', () => {
    expect(messageKey(0, 1, 7)).not.toBe(messageKey(1, 0, 7));
    expect(messageKey(63, 62, 2 ** 32 - 1)).not.toBe(messageKey(63, 63, 0));
    expect(Number.isSafeInteger(messageKey(63, 63, 2 ** 32 - 1))).toBe(true);
  });

  it('has no key for other events', () => {
    expect(keyOfEvent({ ...sendEvent(ping), kind: EV.SYSCALL })).toBeUndefined();
  });
});

describe('MessageLog', () => {
  it('makes one record of a send and its delivery', () => {
    const log = new MessageLog();
    expect(log.add([sendEvent(ping)])).toBe(true);
    const r = log.all()[0];
    expect(r).toMatchObject({ from: 0, to: 1, type: MSG.PING, sentAt: 1_000, deliverAt: 100_000 });
    expect(r?.deliver).toBeUndefined();
    log.add([deliverEvent(ping)]);
    expect(log.all()).toHaveLength(1);
    expect(log.all()[0]?.deliver).toBeDefined();
    expect(log.sent).toBe(1);
    expect(log.delivered).toBe(1);
  });

  it('makes the record from a delivery read before its send', () => {
    const log = new MessageLog();
    log.add([deliverEvent(ping)]);
    expect(log.all()[0]).toMatchObject({ from: 0, to: 1, sentAt: 1_000, deliverAt: 100_000 });
    log.add([sendEvent(ping)]);
    expect(log.all()).toHaveLength(1);
    expect(log.all()[0]?.send).toBeDefined();
  });

  it('ignores other events and says nothing changed', () => {
    const log = new MessageLog();
    const v = log.version;
    expect(log.add([{ ...sendEvent(ping), kind: EV.SWITCH }])).toBe(false);
    expect(log.version).toBe(v);
    expect(log.all()).toHaveLength(0);
  });

  it('collects the pids messages carry', () => {
    const log = new MessageLog();
    log.add([sendEvent(ping), sendEvent({ ...ping, seq: 8, pid: 5 })]);
    expect([...log.pids()]).toEqual([5]);
    log.add([deliverEvent({ ...ping, pid: 9 })]);
    expect(log.all()[0]?.pid).toBe(9);
  });

  it('keeps the latest messages within its capacity', () => {
    const log = new MessageLog(10);
    for (let seq = 0; seq < 35; seq++) log.add([sendEvent({ ...ping, seq, sentAt: seq })]);
    const all = log.all();
    expect(all.length).toBeLessThanOrEqual(20);
    expect(all.at(-1)?.seq).toBe(34);
    expect(log.get(messageKey(0, 1, 0))).toBeUndefined();
    expect(log.get(messageKey(0, 1, 34))).toBeDefined();
    expect(log.sent).toBe(35);
  });
});
