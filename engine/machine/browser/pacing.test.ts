import { describe, expect, it } from 'vitest';
import { createPhysicalMemory } from '../../hw/physical-memory';
import { EpochBarrier } from '../epoch-barrier';
import { MAX_EPOCHS_TO_MESSAGE, MAX_SPEED_LEAD, Pacer, PacingWord, PUBLISH_EVERY, publishesAt } from './pacing';

describe('Pacer', () => {
  it('counts a speed in epochs of the machine’s quantum', () => {
    const p = new Pacer(1e6, true, 20_000); // 1 ms of virtual time per second = 50 epochs of 20 us
    let runTo = 0;
    for (let frame = 0; frame < 60; frame++) runTo = p.frame(runTo, runTo, 1000 / 60);
    expect(runTo).toBe(50);
  });

  it('grants epochs in proportion to wall time, carrying fractions over', () => {
    const p = new Pacer(1e6); // 1 ms of virtual time per second = 10 epochs per second
    let runTo = 0;
    const granted: number[] = [];
    for (let frame = 0; frame < 60; frame++) {
      runTo = p.frame(runTo, runTo, 1000 / 60);
      granted.push(runTo);
    }
    expect(runTo).toBe(10);
    expect(granted[5]).toBe(1); // the first epoch after 100 ms
  });

  it('grants nothing while paused, and the pause lands on the epoch under way', () => {
    const p = new Pacer(1e8);
    const runTo = p.frame(0, 0, 16);
    expect(runTo).toBe(16); // 1000 epochs per second, for 16 ms
    const paused = p.pause(runTo, 4);
    expect(paused).toBe(5);
    expect(p.frame(paused, 5, 16)).toBe(5);
    expect(p.frame(paused, 5, 500)).toBe(5);
  });

  it('steps exactly one epoch past a settled pause, and pauses a running machine first', () => {
    const p = new Pacer(1e7, false);
    expect(p.step(12, 12)).toBe(13);
    const running = new Pacer(1e7, true);
    expect(running.step(50, 20)).toBe(22); // epoch 20 is under way; then one more
    expect(running.running).toBe(false);
  });

  it('steps to the next message: an epoch at a time until one delivered a message, then paused there', () => {
    const p = new Pacer(1e7, true);
    // running, epoch 20 under way, 7 messages delivered so far: pause after it, then one more
    let runTo = p.stepToMessage(50, 20, 7);
    expect(runTo).toBe(22);
    expect(p.running).toBe(false);
    expect(p.frame(runTo, 21, 16, 7)).toBe(22); // epoch 21 under way: wait
    runTo = p.frame(runTo, 22, 16, 7); // it delivered nothing: the next
    expect(runTo).toBe(23);
    runTo = p.frame(runTo, 23, 16, 9); // two delivered in epoch 22: there
    expect(runTo).toBe(23);
    expect(p.toMessage).toBeUndefined();
    expect(p.frame(runTo, 23, 500, 9)).toBe(23); // and it stays paused
  });

  it('gives up stepping to a message after MAX_EPOCHS_TO_MESSAGE quiet epochs, or when run or paused', () => {
    const p = new Pacer(1e7, false);
    let runTo = p.stepToMessage(5, 5, 0);
    let completed = 5;
    while (p.toMessage !== undefined) {
      completed = runTo;
      runTo = p.frame(runTo, completed, 16, 0);
    }
    expect(completed).toBe(5 + MAX_EPOCHS_TO_MESSAGE);
    p.stepToMessage(runTo, completed, 0);
    p.resume();
    expect(p.toMessage).toBeUndefined();
    p.stepToMessage(runTo, completed, 0);
    p.pause(runTo, completed);
    expect(p.toMessage).toBeUndefined();
  });

  it('does not let a slow host pile up debt', () => {
    const p = new Pacer(1e8); // 1000 epochs per second
    let runTo = 0;
    for (let frame = 0; frame < 120; frame++) runTo = p.frame(runTo, 0, 16); // workers stuck at 0
    expect(runTo).toBe(250); // a quarter of a second's worth at most
  });

  it('at max speed keeps the workers a fixed lead ahead', () => {
    const p = new Pacer('max');
    expect(p.frame(0, 0, 16)).toBe(MAX_SPEED_LEAD);
    expect(p.frame(MAX_SPEED_LEAD, 1000, 16)).toBe(1000 + MAX_SPEED_LEAD);
  });

  it('gives the workers less work ahead while frames come late, down to an epoch every 16 frames', () => {
    const p = new Pacer('max');
    let runTo = p.frame(0, 0, 16);
    let completed = 0;
    for (let frame = 0; frame < 30; frame++) {
      completed = Math.min(runTo, completed + 10); // the workers work, and frames come every 40 ms
      runTo = p.frame(runTo, completed, 40);
    }
    expect(p.lead).toBe(1 / 16);
    let granted = 0;
    for (let frame = 0; frame < 32; frame++) {
      completed = runTo; // they finish what they get, and frames still come late
      const next = p.frame(runTo, completed, 40);
      granted += next - runTo;
      runTo = next;
    }
    expect(granted).toBe(2);
    for (let frame = 0; frame < 400; frame++) runTo = p.frame(runTo, runTo, 16);
    expect(p.lead).toBe(MAX_SPEED_LEAD); // frames on time: grown back
  });

  it('counts the lead in virtual time: at a 2 us quantum, fifty epochs where 100 us has one', () => {
    const coarse = new Pacer('max');
    const fine = new Pacer('max', true, 2_000);
    coarse.lead = fine.lead = 2;
    expect(coarse.frame(0, 0, 18)).toBe(2); // an 18 ms frame neither grows nor shrinks the lead
    expect(fine.frame(0, 0, 18)).toBe(100);
    // a late frame with all of it outstanding halves both alike
    coarse.frame(2, 0, 40);
    fine.frame(100, 0, 40);
    expect(fine.lead).toBe(1);
    expect(coarse.lead).toBe(1);
    // at its smallest, a sixteenth of 100 us: three 2 us epochs a frame, not one every sixteen frames
    fine.lead = 1 / 16;
    expect(fine.frame(100, 100, 18)).toBe(103);
  });

  it('keeps the full lead where it does not adapt (no more kernels than cores)', () => {
    const p = new Pacer('max');
    p.adaptive = false;
    for (let frame = 0; frame < 30; frame++) p.frame(frame * 10 + 10, frame * 10, 40);
    expect(p.lead).toBe(MAX_SPEED_LEAD);
  });

  it('caps a rated speed by the lead too', () => {
    const p = new Pacer(1e8); // 1000 epochs per second: 16 per 16 ms frame
    p.lead = 4;
    expect(p.frame(0, 0, 18)).toBe(4); // an 18 ms frame neither grows nor shrinks it
  });

  it('slowing down withdraws what the old speed granted beyond the epoch under way', () => {
    const p = new Pacer(1e7); // 100 epochs per second; a busy host owes 25 of them
    expect(p.setSpeed(1e6, 125, 100)).toBe(101);
    expect(p.speed).toBe(1e6);
    expect(p.frame(101, 101, 100)).toBe(102); // 10 epochs per second from here: one per 100 ms
  });

  it('a speed change leaves a pause, a replay and max speed their limit', () => {
    const paused = new Pacer(1e7, false);
    expect(paused.setSpeed(1e6, 40, 40)).toBe(40);
    const replaying = new Pacer(1e7);
    replaying.replayTo = 500;
    expect(replaying.setSpeed(1e6, 300, 200)).toBe(300);
    expect(new Pacer(1e6).setSpeed('max', 30, 20)).toBe(30);
  });

  it('counts a long frame (a hidden tab) as a short one', () => {
    const p = new Pacer(1e7); // 100 epochs per second
    expect(p.frame(0, 0, 60_000)).toBe(10);
  });
});

describe('PacingWord', () => {
  it('lets an epoch run only below the limit, waking when the limit rises', () => {
    const { memory } = createPhysicalMemory(1 << 20, 1);
    const word = new PacingWord(memory);
    word.setRunTo(1);
    word.waitToRun(0, () => {
      throw new Error('epoch 0 is allowed: no wait');
    });
    let idles = 0;
    word.waitToRun(
      1,
      () => {
        idles++;
        if (idles === 3) word.setRunTo(2); // the page raises it while the worker waits
      },
      1,
    );
    expect(idles).toBe(3);
    expect(word.runTo()).toBe(2);
  });

  it('reads the epochs completed from the barrier', () => {
    const { memory } = createPhysicalMemory(1 << 20, 1);
    const barrier = new EpochBarrier(memory);
    barrier.reset(1);
    barrier.arrive(() => undefined);
    barrier.arrive(() => undefined);
    expect(new PacingWord(memory).completed()).toBe(2);
  });
});

describe('Pacer replaying a shared run', () => {
  it('runs to the shared epoch as fast as it may, then pauses exactly there', () => {
    const p = new Pacer(1e6, true);
    p.replayTo = 5000;
    let runTo = p.frame(0, 0, 16);
    expect(runTo).toBe(MAX_SPEED_LEAD); // not the 1 ms per second the speed says
    runTo = p.frame(runTo, 4000, 16);
    expect(runTo).toBe(5000); // never beyond the shared epoch
    expect(p.frame(runTo, 4999, 16)).toBe(5000);
    expect(p.running).toBe(true);
    expect(p.frame(5000, 5000, 16)).toBe(5000);
    expect(p.running).toBe(false); // arrived: paused
    expect(p.frame(5000, 5000, 16)).toBe(5000);
  });

  it('hands control back when the visitor pauses or runs during the replay', () => {
    const p = new Pacer(1e6, true);
    p.replayTo = 5000;
    p.pause(100, 50);
    expect(p.replayTo).toBeUndefined();
    expect(p.frame(51, 51, 16)).toBe(51);
  });
});

describe('publishesAt', () => {
  it('publishes every PUBLISH_EVERY epochs, and at every epoch the page may stop at', () => {
    const running = Array.from({ length: 64 }, (_, i) => i + 1).filter((done) => publishesAt(done, 1000));
    expect(running).toEqual([16, 32, 48, 64]);
    expect(PUBLISH_EVERY).toBe(16);
    // the last epoch granted: a pause, a step, a replay that arrived, a machine paced by the page
    expect(publishesAt(37, 37)).toBe(true);
    expect(publishesAt(38, 37)).toBe(true);
    expect(publishesAt(37, 38)).toBe(false);
  });
});
