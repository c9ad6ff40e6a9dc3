import { describe, expect, it } from 'vitest';
import { EV, MSG } from '../../engine/machine/browser/trace-events';
import type { FeedEvent } from '../machine/trace-feed';
import { inFlight } from './in-flight';

const send = (from: number, to: number, seq: number, type: number, at: number, due: number): FeedEvent => ({
  kernel: from,
  time: at,
  kind: EV.MSG_SEND,
  hart: 0,
  pid: 0,
  tid: seq,
  a: type,
  b: to,
  c: due,
});
const deliver = (from: number, to: number, seq: number, type: number, at: number, sent: number): FeedEvent => ({
  kernel: to,
  time: at,
  kind: EV.MSG_DELIVER,
  hart: 0,
  pid: 0,
  tid: seq,
  a: type,
  b: from,
  c: sent,
});

describe('messages in flight', () => {
  it('lists what was sent and not delivered, in delivery order: time, then sender, then sequence', () => {
    const events = [
      send(0, 1, 1, MSG.TASK_MIGRATE, 100, 300),
      send(1, 0, 7, MSG.PROC_LIST, 110, 200),
      send(2, 0, 3, MSG.NODE_INFO, 120, 200),
      send(1, 0, 6, MSG.PROC_LIST, 130, 200),
      deliver(1, 0, 7, MSG.PROC_LIST, 200, 110),
      send(1, 2, 7, MSG.PROC_LIST, 140, 250), // the same number to another kernel: another message
    ];
    expect(inFlight(events).map((m) => `${m.type} ${m.from}>${m.to} #${m.seq} @${m.deliverAt}`)).toEqual([
      'PROC_LIST 1>0 #6 @200',
      'NODE_INFO 2>0 #3 @200',
      'PROC_LIST 1>2 #7 @250',
      'TASK_MIGRATE 0>1 #1 @300',
    ]);
  });

  it('is empty once everything sent was delivered, and ignores a delivery whose send it never saw', () => {
    expect(
      inFlight([
        send(0, 1, 1, MSG.NODE_INFO, 0, 100),
        deliver(0, 1, 1, MSG.NODE_INFO, 100, 0),
        deliver(1, 0, 9, MSG.NODE_INFO, 100, 0),
      ]),
    ).toEqual([]);
  });
});
