import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encode as e } from '../hw/isa/encode';
import { ENOEXEC, ENOSYS } from './errno';
import { spawn } from './proc/spawn';
import { dataAddress, miniElf } from './testing/mini-elf';
import { forkExecProgram, syscallLoop, SYS_YIELD } from './testing/programs';
import { runProgram } from './testing/run-program';
import { bootSingleKernel } from './standalone';

const bare = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../../userland/bin/bare/${name}`, import.meta.url)));

/** li a7, nr; ecall */
const syscall = (nr: number) => [e('addi', { rd: 17, rs1: 0, imm12: nr }), e('ecall')];
/** exit(a0) */
const exit = (code: number) => [e('addi', { rd: 10, rs1: 0, imm12: code }), ...syscall(93)];
/** a0 = dataAddress(...) for a program of `total` words, placed with auipc (pc-relative). */
function loadAddress(rd: number, index: number, target: number): number[] {
  const pc = 0x10000 + 120 + index * 4;
  const offset = target - pc;
  const hi = Math.round(offset / 4096);
  return [e('auipc', { rd, imm20: hi }), e('addi', { rd, rs1: rd, imm12: offset - hi * 4096 })];
}

describe('Kernel', () => {
  it('runs a bare program: write to stdout, then exit with its status', async () => {
    const run = await runProgram({ '/bin/hello': bare('hello') }, '/bin/hello', ['hello']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('hello');
  });

  it('returns -ENOSYS for an unknown syscall and counts it by number', async () => {
    // a0 = syscall 1000; exit(a0 == -ENOSYS ? 0 : 1)
    const code = [
      e('addi', { rd: 17, rs1: 0, imm12: 1000 }),
      e('ecall'),
      e('addi', { rd: 5, rs1: 0, imm12: -ENOSYS }),
      e('sub', { rd: 10, rs1: 10, rs2: 5 }),
      ...syscall(93),
    ];
    const run = await runProgram({ '/bin/p': miniElf(code) }, '/bin/p', ['p']);
    expect(run.status).toBe(0);
    expect(run.kernel.stats.unknownSyscalls.get(1000)).toBe(1);
  });

  it('answers a wild pointer with -EFAULT, never a host exception', async () => {
    // write(1, 0x3000000000, 16) must return -EFAULT (-14): exit(-a0)
    const code = [
      e('addi', { rd: 10, rs1: 0, imm12: 1 }),
      e('lui', { rd: 11, imm20: 0x30000 }),
      e('slli', { rd: 11, rs1: 11, shamtd: 8 }),
      e('addi', { rd: 12, rs1: 0, imm12: 16 }),
      ...syscall(64),
      e('sub', { rd: 10, rs1: 0, rs2: 10 }),
      ...syscall(93),
    ];
    const run = await runProgram({ '/bin/p': miniElf(code) }, '/bin/p', ['p']);
    expect(run.status).toBe(14);
  });

  it('kills a program that segfaults with SIGSEGV and keeps serving the others', async () => {
    const k = await bootSingleKernel({
      files: {
        '/bin/segv': miniElf([e('ld', { rd: 5, rs1: 0, imm12: 8 }), ...exit(0)]),
        '/bin/ok': miniElf(exit(7)),
      },
    });
    const segv = spawn(k, '/bin/segv', ['segv']);
    const ok = spawn(k, '/bin/ok', ['ok']);
    if (typeof segv === 'number' || typeof ok === 'number') throw new Error('spawn failed');
    while ((segv.state === 'alive' || ok.state === 'alive') && k.tick());
    expect(segv.waitStatus & 0x7f).toBe(11);
    expect((ok.waitStatus >> 8) & 0xff).toBe(7);
  });

  it('refuses a malformed executable with ENOEXEC and says why in the kernel log', async () => {
    const k = await bootSingleKernel({
      files: { '/bin/junk': new TextEncoder().encode('not an elf at all, sorry'.repeat(4)) },
    });
    expect(spawn(k, '/bin/junk', ['junk'])).toBe(-ENOEXEC);
    expect(k.log.join('\n')).toMatch(/junk: not an ELF file/);
  });

  it('gives memory back when processes exit', async () => {
    const k = await bootSingleKernel({ files: { '/bin/ok': miniElf(exit(0)) } });
    const before = k.frames.used;
    for (let i = 0; i < 5; i++) {
      const p = spawn(k, '/bin/ok', ['ok']);
      if (typeof p === 'number') throw new Error('spawn failed');
      while (p.state === 'alive' && k.tick());
    }
    expect(k.frames.used).toBe(before);
    expect(k.processes.size).toBe(0);
  });

  it('prints a message from data placed after the code', async () => {
    const message = new TextEncoder().encode('hi from mini-elf\n');
    const words = 9;
    const code = [
      e('addi', { rd: 10, rs1: 0, imm12: 1 }),
      ...loadAddress(11, 1, dataAddress(words)),
      e('addi', { rd: 12, rs1: 0, imm12: message.length }),
      ...syscall(64),
      ...exit(0),
    ];
    expect(code.length).toBe(words);
    const run = await runProgram({ '/bin/p': miniElf(code, message) }, '/bin/p', ['p']);
    expect(run.stdout).toBe('hi from mini-elf\n');
  });
});

describe('Kernel processes', () => {
  it('forks, execs and waits: every child runs the new program and is reaped', async () => {
    // the child program prints "x" and exits
    const x = new TextEncoder().encode('x');
    const printX = miniElf(
      [
        e('addi', { rd: 10, rs1: 0, imm12: 1 }),
        ...loadAddress(11, 1, dataAddress(9)),
        e('addi', { rd: 12, rs1: 0, imm12: 1 }),
        ...syscall(64),
        ...exit(0),
      ],
      x,
    );
    const run = await runProgram({ '/bin/fe': forkExecProgram(6, '/bin/x'), '/bin/x': printX }, '/bin/fe', ['fe']);
    expect(run.stdout).toBe('xxxxxx');
    expect(run.kernel.processes.size).toBe(0);
  });

  it('switches between ready threads when they yield', async () => {
    const k = await bootSingleKernel({ files: { '/bin/y': syscallLoop(SYS_YIELD, 50) }, harts: 1 });
    spawn(k, '/bin/y', ['a']);
    spawn(k, '/bin/y', ['b']);
    while (k.processes.size > 0 && k.tick());
    expect(k.processes.size).toBe(0);
    expect(k.stats.contextSwitches).toBeGreaterThanOrEqual(100);
  });
});

describe('vfork', () => {
  it('keeps the parent asleep until the child exits, then returns the child pid', async () => {
    // pid = clone(CLONE_VM | CLONE_VFORK | SIGCHLD, 0): the child exits 7 at once; the parent then
    // finds it already dead with wait4(WNOHANG) and exits 0 only if so
    const code = [
      e('lui', { rd: 10, imm20: 4 }), // 0x4000 CLONE_VFORK
      e('addi', { rd: 10, rs1: 10, imm12: 0x111 }), // | CLONE_VM | SIGCHLD
      e('addi', { rd: 11, rs1: 0, imm12: 0 }),
      e('addi', { rd: 12, rs1: 0, imm12: 0 }),
      e('addi', { rd: 13, rs1: 0, imm12: 0 }),
      e('addi', { rd: 14, rs1: 0, imm12: 0 }),
      ...syscall(220), // 6, 7
      e('bne', { rs1: 10, rs2: 0, bimm13: 16 }), // 8: parent -> 12
      ...exit(7), // 9, 10, 11: the child
      e('addi', { rd: 8, rs1: 10, imm12: 0 }), // 12: s0 = pid
      e('addi', { rd: 10, rs1: 0, imm12: -1 }),
      e('addi', { rd: 11, rs1: 0, imm12: 0 }),
      e('addi', { rd: 12, rs1: 0, imm12: 1 }), // WNOHANG
      e('addi', { rd: 13, rs1: 0, imm12: 0 }),
      ...syscall(260),
      e('sub', { rd: 10, rs1: 10, rs2: 8 }),
      e('sltu', { rd: 10, rs1: 0, rs2: 10 }), // 0 if wait4 returned the child
      ...syscall(93),
    ];
    const run = await runProgram({ '/bin/p': miniElf(code) }, '/bin/p', ['p']);
    expect(run.status).toBe(0);
  });
});
