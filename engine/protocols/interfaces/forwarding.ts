// The forwarding interface (migration/forwarding.ts): syscalls of a migrated thread that need
// the origin's state run there, in the thread's proxy. Three requests with one layout, so the
// page can tell futexes and VMA operations (Popcorn's own messages) from other syscalls.

import { registers } from '../migration/wire';
import { defineInterface } from '../messaging/interface';
import { f64, field, u32, u64 } from '../messaging/wire-types';

const forwarded = {
  pid: field(u32, 'the process (its pid at the origin)'),
  tid: field(u32, 'the thread'),
  nr: field(u32, 'the syscall number'),
  sigmask: field(u64, "the thread's blocked signals"),
  cpuTime: field(f64, 'CPU time the thread used so far (ns)'),
  sysTime: field(f64, 'kernel time spent for the thread so far (ns)'),
  regs: field(registers, 'its registers: the arguments are in a0 to a5'),
};
const result = { result: field(f64, 'what the syscall returned (a negative errno on failure)') };

export const FORWARDING_IF = defineInterface('syscall forwarding', 'Syscalls of migrated threads, run at the origin.', {
  VMA_OP_REQUEST: {
    number: 42,
    doc: 'mmap, munmap, mprotect, brk, mremap or madvise of a migrated thread, run at the origin.',
    responses: ['VMA_OP_RESPONSE'],
    fields: forwarded,
  },
  VMA_OP_RESPONSE: { number: 43, doc: 'The result of a VMA operation.', fields: result },
  FUTEX_REQUEST: {
    number: 50,
    doc: "A migrated thread's futex call, run at the origin where the futex queues are.",
    responses: ['FUTEX_RESPONSE'],
    fields: forwarded,
  },
  FUTEX_RESPONSE: { number: 51, doc: 'The result of a futex call.', fields: result },
  SYSCALL_FWD: {
    number: 52,
    doc: "A migrated thread's syscall that needs the origin's state (files, pipes, the TTY, processes).",
    responses: ['SYSCALL_REP'],
    fields: forwarded,
  },
  SYSCALL_REP: { number: 53, doc: 'The result of a forwarded syscall.', fields: result },
});
