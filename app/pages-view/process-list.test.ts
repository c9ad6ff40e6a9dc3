import { describe, expect, it } from 'vitest';
import type { ViewThread } from '../../engine/machine/browser/kernel-view';
import { choiceLabel, defaultPid, processChoices, sameChoices } from './process-list';

const thread = (pid: number, tid: number, kernel: number, origin: number, comm: string): ViewThread => ({
  pid,
  tid,
  origin,
  kernel,
  state: 'running',
  hart: -1,
  pc: 0,
  cpuNs: 0,
  syscalls: 0,
  comm,
  movingTo: -1,
  blockedIn: '',
});

describe('processChoices', () => {
  it('gathers threads by pid with the kernels they run on', () => {
    const list = processChoices([
      thread(4, 9, 1, 0, 'mt'),
      thread(1, 1, 0, 0, 'sh'),
      thread(4, 4, 0, 0, 'mt'),
      thread(4, 10, 1, 0, 'mt'),
      thread(2, 2, 1, 1, 'sh'),
    ]);
    expect(list.map((p) => [p.pid, p.threads, p.kernels])).toEqual([
      [1, 1, [0]],
      [2, 1, [1]],
      [4, 3, [0, 1]],
    ]);
    expect(defaultPid(list)).toBe(4);
    expect(list.map(choiceLabel)).toEqual([
      '1 · sh · 1 thread on kernel 0',
      '2 · sh · 1 thread on kernel 1',
      '4 · mt · 3 threads on kernels 0, 1',
    ]);
  });

  it('counts the kernels past four rather than listing them', () => {
    const threads = [0, 1, 2, 3, 4].map((k) => thread(7, 7 + k * 2, k, 0, 'mt'));
    expect(processChoices(threads).map(choiceLabel)).toEqual(['7 · mt · 5 threads on 5 kernels']);
  });

  it('shows no process by default when none is spread over kernels', () => {
    expect(defaultPid(processChoices([thread(1, 1, 0, 0, 'sh')]))).toBe(0);
    expect(defaultPid([])).toBe(0);
  });

  it('compares lists by what the chooser shows', () => {
    const a = processChoices([thread(4, 4, 0, 0, 'mt')]);
    expect(sameChoices(a, processChoices([thread(4, 4, 0, 0, 'mt')]))).toBe(true);
    expect(sameChoices(a, processChoices([thread(4, 4, 1, 0, 'mt')]))).toBe(false);
    expect(sameChoices(a, [])).toBe(false);
  });
});
