// The system call table: every group's handlers by number. A number not here returns
// -ENOSYS and is counted per number (shown in /proc/popcorn/stat).

import { fsSyscalls } from './fs';
import { futexSyscalls } from './futex';
import { memorySyscalls } from './memory';
import { processSyscalls } from './process';
import { signalSyscalls } from './signal';
import { timeSyscalls } from './time';
import type { SyscallHandler } from './types';

export const SYSCALLS = new Map<number, SyscallHandler>();

for (const group of [processSyscalls, memorySyscalls, signalSyscalls, futexSyscalls, timeSyscalls, fsSyscalls]) {
  for (const [nr, handler] of group) {
    if (SYSCALLS.has(nr)) throw new Error(`syscall ${nr} registered twice`);
    SYSCALLS.set(nr, handler);
  }
}

/** Extension point for the multikernel services: they register or override handlers at boot. */
export function registerSyscall(nr: number, handler: SyscallHandler): void {
  SYSCALLS.set(nr, handler);
}
