import { describe, expect, it } from 'vitest';
import { encode as e } from '../hw/isa/encode';
import { bootSingleKernel } from './standalone';
import { MAX_PROCESSES } from './params';
import { exitGroup } from './proc/lifecycle';
import { spawn } from './proc/spawn';
import { miniElf } from './testing/mini-elf';
import { li } from './testing/programs';

const ecall = e('ecall');

describe('Kernel limits: a runaway program does not take the kernel down', () => {
  it('kills a program that maps and touches all memory, and keeps running the others', async () => {
    // loop: a0 = mmap(0, 1 MiB, RW, PRIVATE|ANON, -1, 0); touch every page; repeat
    const hog = miniElf([
      li(10, 0), // 0: loop
      e('lui', { rd: 11, imm20: 0x100 }), // 1 MiB
      li(12, 3),
      li(13, 0x22),
      li(14, -1),
      li(15, 0),
      li(17, 222),
      ecall,
      e('lui', { rd: 6, imm20: 0x100 }), // 8: t1 = end offset
      e('add', { rd: 6, rs1: 6, rs2: 10 }), // t1 = a0 + 1 MiB
      e('sd', { rs1: 10, rs2: 10, simm12: 0 }), // 10: touch
      e('lui', { rd: 7, imm20: 1 }),
      e('add', { rd: 10, rs1: 10, rs2: 7 }), // next page
      e('bltu', { rs1: 10, rs2: 6, bimm13: -12 }), // 13 -> 10
      e('jal', { rd: 0, jimm21: -56 }), // 14 -> 0
    ]);
    const k = await bootSingleKernel({
      files: { '/bin/hog': hog, '/bin/ok': miniElf([li(10, 5), li(17, 93), ecall]) },
      ramBytes: 64 << 20,
    });
    const frames = k.frames.used;
    const p = spawn(k, '/bin/hog', ['hog']);
    if (typeof p === 'number') throw new Error('spawn failed');
    while (p.state === 'alive' && k.tick());
    expect(p.waitStatus & 0x7f).toBe(9); // SIGKILL, from the out-of-memory killer
    expect(k.log.join('\n')).toMatch(/Out of memory: killed process/);
    expect(k.frames.used).toBe(frames);
    const ok = spawn(k, '/bin/ok', ['ok']);
    if (typeof ok === 'number') throw new Error('spawn failed');
    while (ok.state === 'alive' && k.tick());
    expect(ok.waitStatus, k.log.join('\n')).toBe(5 << 8);
  });

  it('refuses to fork beyond the process limit with EAGAIN, and recovers', async () => {
    // parent: loop { r = fork(); if r < 0: exit(1) }; each child yields forever
    const bomb = miniElf([
      li(10, 17), // 0: fork = clone(SIGCHLD, 0, 0, 0, 0)
      li(11, 0),
      li(12, 0),
      li(13, 0),
      li(14, 0),
      li(17, 220),
      ecall,
      e('blt', { rs1: 10, rs2: 0, bimm13: 12 }), // 7: r < 0 -> 10
      e('bne', { rs1: 10, rs2: 0, bimm13: -32 }), // 8: parent -> 0
      e('jal', { rd: 0, jimm21: 16 }), // 9: child -> 13
      li(10, 1), // 10: exit(1)
      li(17, 93),
      ecall,
      li(17, 124), // 13: child: sched_yield forever
      ecall,
      e('jal', { rd: 0, jimm21: -8 }),
    ]);
    const k = await bootSingleKernel({ files: { '/bin/bomb': bomb }, ramBytes: 512 << 20 });
    const frames = k.frames.used;
    const p = spawn(k, '/bin/bomb', ['bomb']);
    if (typeof p === 'number') throw new Error('spawn failed');
    while (p.state === 'alive' && k.tick());
    expect((p.waitStatus >> 8) & 0xff).toBe(1); // its fork failed: EAGAIN
    expect(k.processes.size).toBe(MAX_PROCESSES - 1); // the children (their parent is gone)
    for (const child of [...k.processes.values()]) exitGroup(k, child, 9);
    while (k.processes.size > 0 && k.tick());
    expect(k.processes.size).toBe(0);
    expect(k.frames.used).toBe(frames);
  });
});
