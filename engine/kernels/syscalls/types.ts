// The shape of a system call handler: it reads its arguments from the calling thread's
// registers (a0..a5) and returns the value for a0 (negative errno on failure), or BLOCKED
// after putting the thread to sleep, or JUMPED after setting the registers itself.

import type { Kernel } from '../kernel';
import type { SyscallOutcome } from './outcome';
import type { Thread } from '../proc/task';

export type SyscallHandler = (k: Kernel, t: Thread) => SyscallOutcome;
export type SyscallGroup = Array<[number, SyscallHandler]>;
