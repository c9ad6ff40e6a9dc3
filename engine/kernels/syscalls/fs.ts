// The filesystem system calls, one group for the table: I/O (fs-io.ts), names (fs-path.ts),
// attributes (fs-stat.ts), descriptors (fs-fd.ts), readiness (fs-poll.ts) and locks (fs-lock.ts).

import { fdSyscalls } from './fs-fd';
import { ioSyscalls } from './fs-io';
import { lockSyscalls } from './fs-lock';
import { pathSyscalls } from './fs-path';
import { pollSyscalls } from './fs-poll';
import { statSyscalls } from './fs-stat';
import type { SyscallGroup } from './types';

export const fsSyscalls: SyscallGroup = [
  ...ioSyscalls,
  ...pathSyscalls,
  ...statSyscalls,
  ...fdSyscalls,
  ...pollSyscalls,
  ...lockSyscalls,
];
