// Little hand-assembled programs for the kernel's tests and benchmarks: a loop of one system
// call, and a fork/exec/wait loop. Each measures or checks exactly one thing.

import { encode as e } from '../../hw/isa/encode';
import { dataAddress, miniElf } from './mini-elf';

export const SYS_GETPID = 172;
export const SYS_YIELD = 124;
export const SYS_EXIT = 93;
const SYS_CLONE = 220;
const SYS_EXECVE = 221;
const SYS_WAIT4 = 260;

export const li = (rd: number, v: number) => e('addi', { rd, rs1: 0, imm12: v });

/** s0 = n (n < 2^31, a multiple of 4096 plus a small rest); loop { li a7, nr; ecall; s0--; } exit(0) */
export function syscallLoop(nr: number, n: number): Uint8Array {
  const hi = Math.floor(n / 4096);
  return miniElf([
    e('lui', { rd: 8, imm20: hi }),
    e('addi', { rd: 8, rs1: 8, imm12: n - hi * 4096 }),
    li(17, nr),
    e('ecall'),
    e('addi', { rd: 8, rs1: 8, imm12: -1 }),
    e('bne', { rs1: 8, rs2: 0, bimm13: -12 }),
    li(10, 0),
    li(17, SYS_EXIT),
    e('ecall'),
  ]);
}

/** fork; the child execs /bin/true; the parent waits for it; n times. */
export function forkExecProgram(n: number, program = '/bin/true'): Uint8Array {
  const WORDS = 23;
  if (program.length > 15) throw new Error('forkExecProgram: path longer than 15 bytes');
  const path = new TextEncoder().encode(program.padEnd(16, '\0')); // NUL-padded to 16 bytes
  const pathAt = dataAddress(WORDS);
  const argvAt = dataAddress(WORDS, path.length); // argv = { path, NULL }
  /** rd = target, pc-relative from instruction index i */
  const la = (rd: number, i: number, target: number) => {
    const off = target - (0x10000 + 120 + i * 4);
    const hi = Math.round(off / 4096);
    return [e('auipc', { rd, imm20: hi }), e('addi', { rd, rs1: rd, imm12: off - hi * 4096 })];
  };
  const code = [
    li(8, n), // 0: s0 = n
    li(10, 17), // 1: loop: a0 = SIGCHLD (fork is clone(SIGCHLD, 0, ...))
    li(11, 0), // 2
    li(17, SYS_CLONE), // 3
    e('ecall'), // 4
    e('bne', { rs1: 10, rs2: 0, bimm13: (13 - 5) * 4 }), // 5: the parent goes to 13
    ...la(10, 6, pathAt), // 6, 7: the child: execve(path, argv, NULL)
    ...la(11, 8, argvAt), // 8, 9
    li(12, 0), // 10
    li(17, SYS_EXECVE), // 11
    e('ecall'), // 12 (does not come back)
    li(10, -1), // 13: wait4(-1, NULL, 0, NULL)
    li(11, 0), // 14
    li(12, 0), // 15
    li(13, 0), // 16
    li(17, SYS_WAIT4), // 17
    e('ecall'), // 18
    e('addi', { rd: 8, rs1: 8, imm12: -1 }), // 19
    e('bne', { rs1: 8, rs2: 0, bimm13: (1 - 20) * 4 }), // 20: next round
    li(17, SYS_EXIT), // 21: exit(a0)
    e('ecall'), // 22
  ];
  if (code.length !== WORDS) throw new Error('forkExecProgram: word count changed');
  const data = new Uint8Array(path.length + 16);
  data.set(path);
  new DataView(data.buffer).setBigUint64(path.length, BigInt(pathAt), true);
  return miniElf(code, data);
}
