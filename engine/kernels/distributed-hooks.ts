// Where the multikernel services (engine/protocols/migration/) step into one kernel's work
// once a process's threads span kernels. A lone kernel leaves Kernel.distributed unset and
// every hook below is skipped; the kernel itself knows nothing about messages.

import type { Access } from './mm/address-space';
import type { SharedMemory } from './mm/shared-memory';
import type { Process, Thread } from './proc/task';
import type { BLOCKED, SyscallOutcome } from './syscalls/outcome';
import type { SyscallRow } from './syscalls/syscall-row';

export interface DistributedHooks {
  /**
   * Before syscall `nr` of a thread runs (`row`: the kernel's table row for it, if any): an
   * outcome takes the syscall over (forwarded to the origin, migration, a page to fetch first);
   * undefined lets the kernel run it here.
   */
  syscall(t: Thread, nr: number, row: SyscallRow | undefined): SyscallOutcome | undefined;
  /** The thread needs a page another kernel owns: block it and fetch the page (it then retries). */
  pageMiss(t: Thread, va: number, access: Access): void;
  /**
   * Kernel work of `t` (a syscall, or the filesystem home's stand-in for another kernel's call)
   * needs page `index` of shared object `mem` (a file's page cache) with `access`, and another
   * kernel holds it: block `t` and get the page back (the work then runs again).
   */
  sharedMiss(t: Thread, mem: SharedMemory, index: number, access: Access): void;
  /** A proxy (a thread that runs on another kernel) was woken: finish its forwarded syscall. */
  proxyWoken(t: Thread): void;
  /** A signal became pending for `t` (or for its process, with `t` the thread chosen to take it). */
  signalPending(t: Thread): void;
  /** Before a thread runs: true if it left this kernel instead (a proposed migration). */
  beforeRun(t: Thread): boolean;
  /** A process of another kernel's (a remote context) dies here: true if the origin takes it over. */
  groupExit(p: Process, status: number): boolean;
  /** A process ended on this kernel (it became a zombie, or exec replaced its image): its remote contexts must go. */
  processExited(p: Process): void;
  /** Whether kernel `nid` takes part now (its harts are online CPUs). */
  kernelOnline(nid: number): boolean;
  /**
   * sched_setaffinity left thread `target` of this kernel no CPU here: it moves to kernel `nid`
   * (`self`: it is the caller, in its syscall, and goes at once; another thread goes at its next
   * chance). The outcome of the syscall: BLOCKED while the caller moves, 0, or -errno.
   */
  moveForAffinity(target: Thread, nid: number, self: boolean): SyscallOutcome;
  /**
   * sched_getaffinity (`set` undefined) or sched_setaffinity of thread `tid`, which does not run
   * here: asked of the kernel it runs on. The mask (get), or the syscall's outcome.
   */
  remoteAffinity(caller: Thread, tid: number, set: bigint | undefined): SyscallOutcome | bigint;
}

/**
 * Where the machine's one filesystem steps into a kernel that is not its home
 * (protocols/fs/fs-client.ts): a file syscall on the shared tree, or on a descriptor opened
 * there, is sent to the home and the thread sleeps until it answers.
 */
export interface SharedFsHooks {
  /** An outcome when syscall `nr` of `t` concerns the shared tree (sent home); undefined to run it here. */
  syscall(t: Thread, nr: number): SyscallOutcome | undefined;
  /**
   * The bytes of the program (or script, or interpreter) `path` that execve of `t` is to run,
   * when it lies in the shared tree: fetched from the home (BLOCKED while they come: the thread
   * sleeps and execve runs again), or -errno. Undefined: the file is in this kernel's tree.
   */
  executable(t: Thread, path: string): Uint8Array | number | typeof BLOCKED | undefined;
}
