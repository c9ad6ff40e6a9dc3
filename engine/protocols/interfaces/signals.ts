// The signal-forwarding service's interface (ssi/signal-forwarding.ts): kill() of a process
// another kernel runs, and signals for threads that migrated.

import { sigAction, sigInfo } from '../migration/wire';
import { defineInterface } from '../messaging/interface';
import { field, i32, u32 } from '../messaging/wire-types';

export const SIGNALS_IF = defineInterface('signal forwarding', 'Signals to processes and threads on other kernels.', {
  SIGNAL_FWD: {
    number: 12,
    doc: 'kill() of a process (or -group) this kernel does not run, delivered by the kernel that runs it.',
    responses: ['SIGNAL_FWD_RESPONSE'],
    fields: {
      pid: field(i32, 'the target process, or -pgid for a group'),
      sig: field(u32, 'the signal (0 only checks that it exists)'),
      sender: field(u32, 'the pid of the process that called kill()'),
    },
  },
  SIGNAL_FWD_RESPONSE: {
    number: 13,
    doc: "What the kill() did there: the caller's kill() returns it.",
    fields: { result: field(i32, '0, -ESRCH or -EPERM') },
  },
  SIGNAL_FWD_THREAD: {
    number: 14,
    doc: 'A signal for a migrated thread, sent from its origin to where it runs (not answered).',
    fields: {
      tid: field(u32, 'the thread'),
      sig: field(u32, 'the signal'),
      info: field(sigInfo, 'its siginfo'),
      action: field(sigAction, "the process's action for it, as the origin knows it"),
    },
  },
});
