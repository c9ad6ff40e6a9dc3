// Bugs a scenario may put into the protocols on purpose, so that a student sees why each step
// of a protocol exists: with one on, the protocol skips that step, the invariant checker
// (migration/page-invariants.ts, and the futex check in migration/forwarding.ts) reports the
// violation at the step that broke it, and the program's output goes wrong or it hangs. Off
// unless a scenario names them (`faults`); a share link carries them like the rest of its
// scenario, so its replay breaks the same way.

export const PROTOCOL_FAULTS = {
  'skip-write-invalidation':
    "The origin grants a write without first invalidating the other kernels' read-only copies: they go on reading bytes that are no longer the page's.",
  'drop-remote-futex-wake':
    'The origin answers a FUTEX_WAKE forwarded from another kernel without waking the thread that waits: it sleeps forever.',
} as const;

export type ProtocolFault = keyof typeof PROTOCOL_FAULTS;

/** The faults a kernel's services run with (none by default). */
export type ProtocolFaults = ReadonlySet<ProtocolFault>;

export const NO_FAULTS: ProtocolFaults = new Set();

export function isProtocolFault(name: string): name is ProtocolFault {
  return Object.hasOwn(PROTOCOL_FAULTS, name);
}
