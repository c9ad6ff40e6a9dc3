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

const delay = (from: number, to: number, seq: number, type: number, at: number, until: number): FeedEvent => ({
  kernel: to,
  time: at,
  kind: EV.MSG_DELAY,
  hart: 0,
  pid: 0,
  tid: seq,
  a: type,
  b: from,
  c: until,
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
    expect(inFlight(events, 200).map((m) => `${m.type} ${m.from}>${m.to} #${m.seq} @${m.deliverAt}`)).toEqual([
      'PROC_LIST 1>0 #6 @200',
      'NODE_INFO 2>0 #3 @200',
      'PROC_LIST 1>2 #7 @250',
      'TASK_MIGRATE 0>1 #1 @300',
    ]);
  });

  it('is empty once everything sent was delivered, and ignores a delivery whose send it never saw', () => {
    expect(
      inFlight(
        [
          send(0, 1, 1, MSG.NODE_INFO, 0, 100),
          deliver(0, 1, 1, MSG.NODE_INFO, 100, 0),
          deliver(1, 0, 9, MSG.NODE_INFO, 100, 0),
        ],
        100,
      ),
    ).toEqual([]);
  });

  it('puts a message held back, and the later ones of its link, where the delay put them', () => {
    const events = [
      send(1, 0, 4, MSG.PROC_LIST, 100, 200),
      send(1, 0, 5, MSG.NODE_INFO, 110, 200),
      send(2, 0, 3, MSG.NODE_INFO, 120, 200),
      send(1, 2, 4, MSG.PROC_LIST, 130, 200),
      delay(1, 0, 4, MSG.PROC_LIST, 200, 500), // kernel 0 holds 1>0 #4 back to 500
    ];
    expect(inFlight(events, 200).map((m) => `${m.from}>${m.to} #${m.seq} @${m.deliverAt} (due ${m.dueAt})`)).toEqual([
      '1>2 #4 @200 (due 200)', // same sender, another link: not held
      '2>0 #3 @200 (due 200)',
      '1>0 #4 @500 (due 200)',
      '1>0 #5 @500 (due 200)', // behind it on its link
    ]);
  });

  it('leaves out a message due before now: its delivery was among the events the page skipped', () => {
    const events = [send(0, 1, 1, MSG.PROC_LIST, 0, 100), send(0, 1, 2, MSG.PROC_LIST, 150, 200)];
    expect(inFlight(events, 200).map((m) => m.seq)).toEqual([2]);
    expect(inFlight(events, 100).map((m) => m.seq)).toEqual([1, 2]);
    // one held back past now is in flight still, and so is the one behind it on its link
    const held = { ...send(0, 1, 1, MSG.PROC_LIST, 0, 100), kernel: 1, kind: EV.MSG_DELAY, b: 0, c: 400 };
    expect(inFlight([...events, held], 300).map((m) => `${m.seq}@${m.deliverAt}`)).toEqual(['1@400', '2@400']);
  });
});
