import { describe, expect, it } from 'vitest';
import type { ViewThread } from '../../engine/machine/browser/kernel-view';
import { moveStatus, PATIENCE_EPOCHS, type AskedMove } from './migration-status';

const init = (over: Partial<ViewThread> = {}): ViewThread => ({
  pid: 1,
  tid: 1,
  origin: 0,
  kernel: 0,
  state: 'blocked',
  hart: -1,
  pc: 0x10000,
  cpuNs: 0,
  syscalls: 3,
  comm: 'init',
  movingTo: -1,
  blockedIn: 'wait4',
  ...over,
});

const ask: AskedMove = {
  tid: 1,
  label: '1·1',
  comm: 'init',
  origin: 0,
  to: 1,
  askedAt: 100,
  seenWaiting: false,
  missingSince: undefined,
};
const up = [true, true];
const taken = { taken: true } as const;

describe('moveStatus', () => {
  it('says the request was asked until the origin takes it', () => {
    const { status } = moveStatus(ask, undefined, [init()], up, 100);
    expect(status).toMatchObject({ kind: 'asked', done: false });
    expect(status.text).toBe(
      'Asked kernel 0 (its origin) to move thread 1·1 (init) to kernel 1; it takes the request at its next epoch start.',
    );
  });

  it('says why the origin refused it', () => {
    const { status } = moveStatus({ ...ask, to: 0 }, { taken: false, error: 'EBUSY' }, [init()], up, 101);
    expect(status).toEqual({
      kind: 'refused',
      text: 'Kernel 0 refused to move thread 1·1 (init) to kernel 0: it already runs on kernel 0.',
      done: true,
    });
    expect(moveStatus(ask, { taken: false, error: 'EAGAIN' }, [init()], up, 101).status.text).toMatch(
      /: kernel 1 is not up\.$/,
    );
  });

  it('says what a blocked thread waits for while it waits to move, for as long as it waits', () => {
    const waiting = [init({ movingTo: 1 })];
    const first = moveStatus(ask, taken, waiting, up, 102);
    expect(first.status).toEqual({
      kind: 'waiting',
      text: 'Waiting: init (1·1) is blocked in wait4 on kernel 0; it moves to kernel 1 when it next runs.',
      done: false,
    });
    expect(first.ask.seenWaiting).toBe(true);
    const later = moveStatus(first.ask, taken, waiting, up, 100 + 10 * PATIENCE_EPOCHS);
    expect(later.status.kind).toBe('waiting');
    expect(later.ask).toBe(first.ask);
  });

  it('follows a thread between kernels to where it moved', () => {
    const gone = moveStatus(ask, taken, [], up, 103);
    expect(gone.status).toMatchObject({ kind: 'moving', text: 'Moving: thread 1·1 (init) is between kernels.' });
    const there = moveStatus(gone.ask, taken, [init({ kernel: 1, state: 'running', hart: 2 })], up, 104);
    expect(there.status).toEqual({ kind: 'moved', text: 'Moved: thread 1·1 (init) now runs on kernel 1.', done: true });
  });

  it('says a thread that stays unlisted has ended', () => {
    const gone = moveStatus(ask, taken, [], up, 103);
    const ended = moveStatus(gone.ask, taken, [], up, 104 + PATIENCE_EPOCHS);
    expect(ended.status).toMatchObject({ kind: 'ended', done: true });
  });

  it('says a request passed on to the kernel the thread runs on, then what it waits for there', () => {
    const away = { ...ask, to: 0, origin: 1, label: '6·6', comm: 'busy', tid: 6 };
    const busy = init({ pid: 6, tid: 6, origin: 1, kernel: 2, state: 'running', hart: 2, comm: 'busy', blockedIn: '' });
    expect(moveStatus(away, taken, [busy], [true, true, true], 102).status.text).toBe(
      'Kernel 1 took the request to move thread 6·6 (busy) to kernel 0 and passed it on to kernel 2, where it runs.',
    );
    expect(moveStatus(away, taken, [{ ...busy, movingTo: 0 }], [true, true, true], 103).status.text).toBe(
      'Waiting: busy (6·6) moves to kernel 0 the next time kernel 2 schedules it.',
    );
  });

  it('says a request was dropped, or replaced by a later one', () => {
    const seen = { ...ask, seenWaiting: true };
    expect(moveStatus(seen, taken, [init()], up, 110).status).toMatchObject({ kind: 'dropped', done: true });
    expect(moveStatus(seen, taken, [init()], [true, false], 110).status.text).toBe(
      'Thread 1·1 (init) stays on kernel 0: kernel 1 is not up.',
    );
    expect(moveStatus(ask, taken, [init({ movingTo: 2 })], [true, true, true], 110).status).toMatchObject({
      kind: 'replaced',
      done: true,
    });
    expect(moveStatus(ask, taken, [init()], up, 101).status.kind, 'not listed as waiting yet').toBe('asked');
    expect(moveStatus(ask, taken, [init()], up, 101 + PATIENCE_EPOCHS).status.kind).toBe('dropped');
  });
});
