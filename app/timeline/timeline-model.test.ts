// The timeline model on event sequences taken from real runs of the two-kernel machine (kernel
// 0 on harts 0-1, kernel 1 on harts 2-3): what each hart ran when, and the migrations.

import { describe, expect, it } from 'vitest';
import { EV, NO_HART } from '../../engine/machine/browser/trace-events';
import type { FeedEvent } from '../machine/trace-feed';
import { TimelineModel, type Run } from './timeline-model';

const HARTS = [
  [0, 1],
  [2, 3],
];

type Fields = Partial<FeedEvent> & Pick<FeedEvent, 'time' | 'kind' | 'hart' | 'pid' | 'tid'>;
const ev = (f: Fields): FeedEvent => ({ a: 0, b: 0, c: 0, kernel: f.hart === NO_HART ? 0 : f.hart >> 1, ...f });
const sw = (time: number, hart: number, pid: number, tid: number) => ev({ time, kind: EV.SWITCH, hart, pid, tid });
const sys = (time: number, hart: number, pid: number, tid: number, nr: number, blocked = false) =>
  ev({ time, kind: EV.SYSCALL, hart, pid, tid, a: nr, c: blocked ? 1 : 0 });

/** A hart's runs as [pid.tid, start, end, state]. */
const runs = (m: TimelineModel, hart: number) =>
  m.runs(hart).map((r: Run) => [`${r.pid}.${r.tid}`, r.start, r.end, r.state]);

describe('TimelineModel runs', () => {
  it('ends a run where a blocking system call takes its thread off, and leaves the idle gap empty', () => {
    const m = new TimelineModel(HARTS);
    m.ingest([
      sw(0, 0, 1, 1),
      sys(32440, 0, 1, 1, 260, true), // init waits for its child
      sw(32440, 0, 3, 3),
      sys(88749, 0, 3, 3, 63, true), // the shell reads the terminal
      sw(2000000, 0, 5, 5), // a program starts 2 ms later
    ]);
    expect(runs(m, 0)).toEqual([
      ['1.1', 0, 32440, 'closed'],
      ['3.3', 32440, 88749, 'closed'],
      ['5.5', 2000000, 2000000, 'open'],
    ]);
  });

  it('runs a preempted thread until the next one comes on', () => {
    const m = new TimelineModel(HARTS);
    m.ingest([sw(2000000, 1, 6, 6), sw(2100000, 1, 6, 8), sys(2150000, 1, 6, 8, 64), sw(2200000, 1, 6, 6)]);
    expect(runs(m, 1)).toEqual([
      ['6.6', 2000000, 2100000, 'closed'],
      ['6.8', 2100000, 2200000, 'closed'],
      ['6.6', 2200000, 2200000, 'open'],
    ]);
  });

  it('stretches a running thread with its own events and with telemetry', () => {
    const m = new TimelineModel(HARTS);
    m.ingest([sw(7400000, 3, 5, 13), ev({ time: 7402000, kind: EV.PAGE_FAULT, hart: 3, pid: 5, tid: 13 })]);
    expect(m.runs(3)[0]?.end).toBe(7402000);
    m.sample(3, 13, 7500000);
    expect(runs(m, 3)).toEqual([['5.13', 7400000, 7500000, 'open']]);
  });

  it('ends an untraced preemption at the epoch end where telemetry shows the hart idle', () => {
    // from a real run: tid 13 ran the whole epoch on hart 3, was taken off at its end and came
    // back on hart 2; hart 3 sat idle until tid 9 came on 2.1 ms later
    const m = new TimelineModel(HARTS);
    m.ingest([sw(7400000, 3, 5, 13)]);
    m.sample(3, 0, 7500000);
    m.ingest([sw(7501600, 2, 5, 13)]);
    m.sample(3, 0, 7600000);
    m.ingest([sw(9600000, 3, 5, 9)]);
    expect(runs(m, 3)).toEqual([
      ['5.13', 7400000, 7500000, 'closed'],
      ['5.9', 9600000, 9600000, 'open'],
    ]);
  });

  it('applies telemetry read before the trace that it follows', () => {
    const m = new TimelineModel(HARTS);
    m.sample(3, 0, 7500000); // the kernel finished the epoch before its events were read
    m.ingest([sw(7400000, 3, 5, 13)]);
    expect(runs(m, 3)).toEqual([['5.13', 7400000, 7500000, 'closed']]);
    // a switch at the sample's time starts the next epoch: the sample says nothing about it
    m.ingest([sw(7500000, 3, 5, 13)]);
    expect(runs(m, 3)).toEqual([['5.13', 7400000, 7500000, 'open']]);
  });

  it('lets a late closer pull back an end that telemetry stretched', () => {
    const m = new TimelineModel(HARTS);
    m.ingest([sw(7800824, 2, 5, 13)]);
    m.sample(2, 0, 7900000);
    m.ingest([sys(7801240, 2, 5, 13, 98, true)]); // futex wait, read a frame late
    expect(runs(m, 2)).toEqual([['5.13', 7800824, 7801240, 'closed']]);
  });

  it('keeps the runs of each hart apart when a kernel runs its harts one after another', () => {
    // mt's main thread: on hart 2 until its join blocks at 2047956, while hart 3's slice (run
    // later within the same tick) shows it woken and blocking again at 2000851
    const m = new TimelineModel(HARTS);
    m.ingest([
      sw(2000000, 2, 6, 6),
      sw(2000000, 3, 6, 6),
      sys(2000851, 3, 6, 6, 98, true),
      sys(2007212, 2, 6, 6, 214),
      sys(2042210, 2, 6, 6, 220),
      sys(2047956, 2, 6, 6, 98, true),
      sw(2047956, 2, 6, 8),
    ]);
    expect(runs(m, 2)).toEqual([
      ['6.6', 2000000, 2047956, 'closed'],
      ['6.8', 2047956, 2047956, 'open'],
    ]);
    expect(runs(m, 3)).toEqual([['6.6', 2000000, 2000851, 'closed']]);
  });

  it('ends a thread at exit_group although its EXIT is traced at the tick start before it', () => {
    const m = new TimelineModel(HARTS);
    m.ingest([
      sw(2099238, 2, 6, 12),
      ev({ time: 2100000, kind: EV.EXIT, hart: NO_HART, pid: 6, tid: 6, kernel: 1 }),
      sys(2124120, 2, 6, 12, 135),
      sys(2124379, 2, 6, 12, 93), // exit
      sw(2125179, 2, 6, 6),
      sys(2133034, 2, 6, 6, 94), // exit_group
    ]);
    expect(runs(m, 2)).toEqual([
      ['6.12', 2099238, 2124379, 'closed'],
      ['6.6', 2125179, 2133034, 'closed'],
    ]);
  });

  it('closes the open runs of a process that is killed', () => {
    const m = new TimelineModel(HARTS);
    m.ingest([sw(1000000, 0, 7, 7), sw(1000000, 1, 7, 9), sw(1000000, 2, 8, 8)]);
    m.sample(0, 7, 1100000);
    m.ingest([ev({ time: 1200000, kind: EV.EXIT, hart: NO_HART, pid: 7, tid: 7, a: 9, kernel: 0 })]);
    expect(m.runs(0)[0]).toMatchObject({ end: 1200000, state: 'closed' });
    expect(m.runs(1)[0]).toMatchObject({ end: 1200000, state: 'closed' });
    expect(m.runs(2)[0]).toMatchObject({ state: 'open' });
  });

  it('starts a run at the first event of a thread whose SWITCH it never saw', () => {
    const m = new TimelineModel(HARTS);
    m.ingest([sys(5000000, 1, 3, 3, 64), sys(5000100, 1, 3, 3, 63, true), sw(5200000, 1, 5, 5)]);
    expect(runs(m, 1)).toEqual([
      ['3.3', 5000000, 5000100, 'closed'],
      ['5.5', 5200000, 5200000, 'open'],
    ]);
  });

  it('treats a SWITCH to tid 0 as the hart going idle', () => {
    const m = new TimelineModel(HARTS);
    m.ingest([sw(100, 0, 3, 3), sw(500, 0, 0, 0), sw(900, 0, 3, 3)]);
    expect(runs(m, 0)).toEqual([
      ['3.3', 100, 500, 'closed'],
      ['3.3', 900, 900, 'open'],
    ]);
  });

  it('finds the run at a time and lists the threads seen', () => {
    const m = new TimelineModel(HARTS);
    m.ingest([
      sw(0, 0, 1, 1),
      sys(32440, 0, 1, 1, 260, true),
      sw(32440, 0, 3, 3),
      sys(40000, 0, 3, 3, 64),
      sw(50000, 2, 6, 8),
    ]);
    expect(m.runAt(0, 10000)?.tid).toBe(1);
    expect(m.runAt(0, 32440)?.tid).toBe(1);
    expect(m.runAt(0, 32441)?.tid).toBe(3);
    expect(m.runAt(0, 45000)).toBeUndefined(); // tid 3 is not known to run past 40000 yet
    expect(m.runAt(1, 10000)).toBeUndefined();
    expect(m.threads()).toEqual([
      { pid: 1, tid: 1 },
      { pid: 3, tid: 3 },
      { pid: 6, tid: 8 },
    ]);
  });
});

describe('TimelineModel migrations', () => {
  it('draws a migration from the hart it left to where it first runs on the other kernel', () => {
    // counter -m on kernel 0 migrating itself to kernel 1 (popcorn_migrate is system call 500)
    const m = new TimelineModel(HARTS);
    m.ingest([
      sw(2000000, 0, 5, 5),
      ev({ time: 2036607, kind: EV.MIGRATE, hart: 0, pid: 5, tid: 5, a: 0, b: 1 }),
      sys(2036607, 0, 5, 5, 500, true),
      sw(2099238, 2, 6, 12),
    ]);
    expect(m.migrations()).toEqual([
      {
        time: 2036607,
        pid: 5,
        tid: 5,
        from: 0,
        to: 1,
        fromHart: 0,
        arriveTime: undefined,
        arriveHart: undefined,
      },
    ]);
    m.ingest([sw(2124379, 2, 5, 5)]);
    expect(m.migrations()[0]).toMatchObject({ arriveTime: 2124379, arriveHart: 2 });
    expect(runs(m, 0)).toEqual([['5.5', 2000000, 2036607, 'closed']]);
    // a later SWITCH on kernel 1 does not move the arrival
    m.ingest([sw(2300000, 3, 5, 5)]);
    expect(m.migrations()[0]?.arriveHart).toBe(2);
  });

  it('takes the hart from the thread when the migration is traced off a hart', () => {
    const m = new TimelineModel(HARTS);
    m.ingest([
      sw(9800000, 3, 5, 5),
      ev({ time: 9800900, kind: EV.MIGRATE, hart: NO_HART, pid: 5, tid: 5, a: 1, b: 0, kernel: 1 }),
      sw(9900000, 1, 5, 5),
    ]);
    expect(m.migrations()[0]).toMatchObject({ from: 1, to: 0, fromHart: 3, arriveHart: 1, arriveTime: 9900000 });
    expect(m.runs(3)[0]?.state).toBe('closed');
  });
});

describe('TimelineModel history', () => {
  it('drops runs and migrations older than the window but keeps each hart’s latest run', () => {
    const m = new TimelineModel(HARTS, { keepNs: 1000, maxRunsPerHart: 1000, maxMigrations: 1000 });
    const events: FeedEvent[] = [sw(0, 1, 9, 9)];
    for (let i = 0; i < 200; i++) events.push(sw(i * 100, 0, 3, i % 2 === 0 ? 3 : 5));
    events.push(ev({ time: 100, kind: EV.MIGRATE, hart: 0, pid: 3, tid: 3, a: 0, b: 1 }));
    m.ingest(events);
    m.ingest([ev({ time: 19950, kind: EV.MIGRATE, hart: 0, pid: 3, tid: 5, a: 0, b: 1 })]);
    // the first batch ended at 19900: runs ending before 18900 went; the second batch moved the
    // window by one run only, and runs go in chunks of 64 so that trimming stays cheap
    const kept = m.runs(0);
    expect(kept).toHaveLength(12);
    expect(kept[0]?.start).toBe(18800);
    expect(kept[11]).toMatchObject({ tid: 5, start: 19900, end: 19950, state: 'closed' });
    expect(m.runs(1)).toHaveLength(1); // hart 1's only run, however old
    expect(m.migrations().map((x) => x.time)).toEqual([19950]);
  });

  it('keeps at most maxRunsPerHart runs per hart', () => {
    const m = new TimelineModel(HARTS, { keepNs: 1e12, maxRunsPerHart: 50, maxMigrations: 10 });
    const events: FeedEvent[] = [];
    for (let i = 0; i < 500; i++) events.push(sw(i * 100, 2, 4, i % 2 === 0 ? 4 : 6));
    m.ingest(events);
    expect(m.runs(2)).toHaveLength(50);
    expect(m.runs(2)[49]?.start).toBe(49900);
  });
});
