import { describe, expect, it } from 'vitest';
import type { CodeLine } from '../../engine/machine/browser/disassembly';
import type { ProcessPages, ViewRegisters, ViewThread } from '../../engine/machine/browser/kernel-view';
import { KEEP_BOARD_READINGS, readInspection, registersNote, sameInspection, type InspectMachine } from './inspection';

const thread: ViewThread = {
  pid: 4,
  tid: 7,
  origin: 0,
  kernel: 1,
  state: 'running',
  hart: 2,
  pc: 0x10000,
  cpuNs: 100,
  syscalls: 3,
  comm: 'mt',
  movingTo: -1,
  blockedIn: '',
};

const regs = (pc: number, a0 = 0n): ViewRegisters => ({
  tid: 7,
  kernel: 1,
  x: Array.from({ length: 32 }, (_, i) => (i === 10 ? a0 : 0n)),
  f: new Array<bigint>(32).fill(0n),
  pc,
  fcsr: 0,
  code: new Uint8Array([0x13, 0, 0, 0]),
  codeAt: pc,
});

function machine(over: Partial<{ regs: ViewRegisters; board: ProcessPages; epoch: number }>) {
  const m: InspectMachine = {
    epoch: () => over.epoch ?? 5,
    threads: () => [thread, { ...thread, tid: 8 }],
    registers: (tid) => (tid === 7 ? over.regs : undefined),
    process: (pid) => (pid === 4 ? over.board : undefined),
  };
  return m;
}

describe('readInspection', () => {
  it('finds the thread, its registers, the code at pc and its process', () => {
    let decoded = 0;
    const dis = (r: ViewRegisters): CodeLine[] => {
      decoded++;
      return [{ address: r.pc, hex: '13000000', text: 'nop', atPc: true }];
    };
    const board = { pid: 4, origin: 0, epoch: 5, vmas: [], pages: [], total: 0 };
    const first = readInspection(machine({ regs: regs(0x10000), board }), 4, 7, dis, undefined);
    expect(first).toMatchObject({ thread, fresh: true, regsEpoch: 5, board });
    expect(first.code.map((l) => l.text)).toEqual(['nop']);
    // same pc and bytes: the code is not decoded again; a0 changed
    const second = readInspection(machine({ regs: regs(0x10000, 9n), board, epoch: 6 }), 4, 7, dis, first);
    expect(decoded).toBe(1);
    expect([...second.changed]).toEqual([10]);
    expect(sameInspection(first, second)).toBe(false);
  });

  it('keeps the last registers, marked stale, when no kernel publishes them', () => {
    const dis = (): CodeLine[] => [];
    const first = readInspection(machine({ regs: regs(0x10000) }), 4, 7, dis, undefined);
    const later = readInspection(machine({ epoch: 9 }), 4, 7, dis, first);
    expect(later).toMatchObject({ fresh: false, regsEpoch: 5, epoch: 9 });
    expect(later.regs?.pc).toBe(0x10000);
    const other = readInspection(machine({}), 4, 8, dis, first); // another thread: nothing kept
    expect(other.regs).toBeUndefined();
  });

  it('keeps the last board through a few failed reads, then lets it go', () => {
    const dis = (): CodeLine[] => [];
    const board = { pid: 4, origin: 0, epoch: 5, vmas: [], pages: [], total: 0 };
    let r = readInspection(machine({ board }), 4, 7, dis, undefined);
    for (let i = 1; i < KEEP_BOARD_READINGS; i++) r = readInspection(machine({}), 4, 7, dis, r);
    expect(r.board).toBe(board);
    r = readInspection(machine({}), 4, 7, dis, r);
    expect(r.board).toBeUndefined();
  });

  it('says two readings of a still machine are the same', () => {
    const dis = (): CodeLine[] => [];
    const a = readInspection(machine({ regs: regs(0x10000) }), 4, 7, dis, undefined);
    const b = readInspection(machine({ regs: regs(0x10000) }), 4, 7, dis, a);
    expect(sameInspection(a, b)).toBe(true);
    expect(sameInspection(a, readInspection(machine({ regs: regs(0x10004) }), 4, 7, dis, a))).toBe(false);
  });
});

describe('registersNote', () => {
  it('speaks of the machine, not of a thread that may be blocked, when the registers are fresh', () => {
    const dis = (): CodeLine[] => [];
    const blocked = { ...thread, state: 'blocked' as const, hart: -1, blockedIn: 'wait4' };
    const m: InspectMachine = { ...machine({ regs: regs(0x10000) }), threads: () => [blocked] };
    const r = readInspection(m, 4, 7, dis, undefined);
    expect(registersNote(r, true, 0)).toBe('Registers as of epoch 5, read again as the machine runs.');
    expect(registersNote(r, false, 0)).toBe('Registers as of epoch 5, the machine is paused.');
    expect(registersNote(r, true, 0)).not.toMatch(/^running/i);
  });

  it('says when the registers are stale, or not published yet, and by whom', () => {
    const dis = (): CodeLine[] => [];
    const first = readInspection(machine({ regs: regs(0x10000) }), 4, 7, dis, undefined);
    const later = readInspection(machine({ epoch: 9 }), 4, 7, dis, first);
    expect(registersNote(later, true, 0)).toMatch(/^Registers not published now .* as of epoch 5\.$/);
    const none = readInspection(machine({}), 4, 7, dis, undefined);
    expect(registersNote(none, true, 0)).toBe(
      'Registers not published yet: kernel 1 publishes them at the end of its next epoch.',
    );
    expect(registersNote(undefined, true, 1)).toMatch(/its kernel \(origin: kernel 1\)/);
  });
});
