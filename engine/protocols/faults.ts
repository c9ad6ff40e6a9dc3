// Bugs a scenario may put into the protocols on purpose, so that a student sees why each step
// of a protocol exists: with one on, the protocol skips that step, the invariant checker
// (migration/page-invariants.ts, and the futex check in migration/forwarding.ts) reports the
// violation at the step that broke it, and the program's output goes wrong or it hangs. Off
// unless a scenario names them (`faults`); a share link carries them like the rest of its
// scenario, so its replay breaks the same way. Each fault says, in one place, which step it
// skips (`skips`) and why that step exists (`why`): the page shows both with the violation.

export interface FaultDescription {
  /** The step the fault leaves out, in one sentence. */
  readonly skips: string;
  /** Why the protocol has that step: what it protects, and what goes wrong without it. */
  readonly why: string;
}

export const PROTOCOL_FAULTS = {
  'skip-write-invalidation': {
    skips:
      "The origin grants a write without first invalidating the other kernels' read-only copies: they go on reading bytes that are no longer the page's.",
    why: 'Kernels share no cache hardware that would keep their copies of a page coherent: the page protocol does it in software, replicating a page for readers and invalidating it for a writer. The directory at the origin lists every kernel holding a copy, and before it lets one kernel write it sends PAGE_INVALIDATE_REQUEST to every other holder and waits for each to answer. Only then is there a single copy, and a write anywhere can be seen everywhere: the next reader must ask the origin for the page again and gets the new bytes. Without the invalidation a reader keeps its old copy and reads values that were overwritten long ago (pingpong waits forever for a turn it cannot see).',
  },
  'drop-remote-futex-wake': {
    skips:
      'The origin answers a FUTEX_WAKE forwarded from another kernel without waking the thread that waits: it sleeps forever.',
    why: "A futex is a word in the process's memory plus a queue of sleeping threads, and that queue lives in one place: the origin kernel, where a migrated thread's FUTEX_WAIT is forwarded (FUTEX_REQUEST) and where it sleeps. A thread that unlocks a mutex on another kernel changes the word there, but only the origin knows who sleeps on it, so its FUTEX_WAKE must go to the origin and be carried out there. Drop it, and the unlocker believes it handed the lock over while the waiter sleeps on for ever: mt hangs, with the mutex free.",
  },
  'skip-dirty-flush': {
    skips:
      'When the last thread of a process leaves a kernel, the kernel drops the pages it wrote instead of sending them home: what the thread wrote there is lost.',
    why: "A page a thread writes on a remote kernel exists only there: the origin gave up its own copy when it granted the write. When the last thread leaves (goes home, moves on, or exits there), the remote kernel flushes every page it wrote back to the origin (PAGE_RELEASE with the bytes) and keeps only clean copies, so that the origin holds the current bytes of every page no thread is writing and the remote context can be left idle, or go, without taking data with it. Skip the flush and drop the pages instead, and the directory still names the remote kernel as the page's writer while nobody holds it: the origin's next access finds no copy anywhere and makes the page afresh, as a first touch would, and the program reads zeros or its initial data where it had written (counter -m crashes on a stack it no longer has).",
  },
} as const satisfies Record<string, FaultDescription>;

export type ProtocolFault = keyof typeof PROTOCOL_FAULTS;

/** The faults a kernel's services run with (none by default). */
export type ProtocolFaults = ReadonlySet<ProtocolFault>;

export const NO_FAULTS: ProtocolFaults = new Set();

export function isProtocolFault(name: string): name is ProtocolFault {
  return Object.hasOwn(PROTOCOL_FAULTS, name);
}
