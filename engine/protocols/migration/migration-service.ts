// The migration services of one kernel, started at boot: the process server (migration), the
// page server (coherency), the VMA server, syscall and signal forwarding, the affinity calls
// about threads of other kernels, and Popcorn's syscalls. It is the kernel's DistributedHooks:
// where the kernel meets a process whose threads span kernels, it hands over to these modules.

import { NO_FAULTS, type ProtocolFaults } from '../faults';
import type { DistributedHooks } from '../../kernels/distributed-hooks';
import type { Kernel } from '../../kernels/kernel';
import { PROT_EXEC, PROT_READ, PROT_WRITE, type Access } from '../../kernels/mm/address-space';
import type { Process, Thread } from '../../kernels/proc/task';
import type { SharedMemory } from '../../kernels/mm/shared-memory';
import { forceSignal, signalProcess } from '../../kernels/signal/deliver';
import { SI_KERNEL, SIGKILL, SIGSEGV } from '../../kernels/signal/signals';
import { CLONE_VM } from '../../kernels/proc/lifecycle';
import { SYS } from '../../kernels/syscalls/numbers';
import type { SyscallRow } from '../../kernels/syscalls/syscall-row';
import { BLOCKED, type SyscallOutcome } from '../../kernels/syscalls/outcome';
import type { Messenger } from '../messaging/messenger';
import type { NodeInfoService } from '../node-info';
import type { SignalForwardingService } from '../ssi/signal-forwarding';
import { AffinityServer } from './affinity-server';
import { Distribution } from './distribution';
import { Forwarding } from './forwarding';
import { PageServer } from './page-server';
import { registerPopcornSyscalls } from './popcorn-syscalls';
import { prefault } from './prefault';
import { ProcessServer } from './process-server';
import { VmaServer } from './vma-server';

export class MigrationService implements DistributedHooks {
  readonly dist: Distribution;
  readonly pages: PageServer;
  readonly procs: ProcessServer;
  readonly forwarding: Forwarding;
  readonly vmas: VmaServer;
  readonly affinity: AffinityServer;
  private readonly checkedIn: (nid: number) => boolean;

  constructor(
    private readonly k: Kernel,
    messenger: Messenger,
    nodes: NodeInfoService,
    signals: SignalForwardingService,
    faults: ProtocolFaults = NO_FAULTS,
  ) {
    this.dist = new Distribution(k, messenger, faults);
    this.pages = new PageServer(this.dist);
    this.procs = new ProcessServer(this.dist, this.pages, nodes);
    this.forwarding = new Forwarding(this.dist, this.procs, signals);
    this.vmas = new VmaServer(this.dist, this.pages);
    this.checkedIn = (n) => nodes.online(n);
    this.affinity = new AffinityServer(this.dist, (n) => this.kernelOnline(n));
    this.procs.onProxy = (t) => {
      this.forwarding.forwardSignals(t);
    };
    this.procs.onLeaving = (t, to) => {
      this.forwarding.handOver(t, to);
    };
    this.dist.lostWithPeer = (t) => this.procs.lostWithPeer(t);
    this.dist.forgetPeer = (st, dead) => {
      const lost = this.pages.forgetKernel(st, dead);
      if (lost.length === 0) return false;
      const page = (lost[0] ?? 0).toString(16);
      k.printkConsole(
        `popcorn: process ${st.p.pid} (${st.p.comm}): kernel ${dead} died with the only copy of page 0x${page}; killed`,
      );
      signalProcess(k, st.p, SIGKILL, { code: SI_KERNEL, pid: 0, addr: 0 });
      return true;
    };
    this.dist.onOrphan = (ctx) => {
      k.printkConsole(`popcorn: process ${ctx.p.pid}: its origin, kernel ${ctx.origin}, died; its threads here end`);
      this.pages.discard(ctx);
    };
    k.distributed = this;
    registerPopcornSyscalls(this.dist, this.procs, nodes); // 500-503, local to the thread
  }

  syscall(t: Thread, nr: number, row: SyscallRow | undefined): SyscallOutcome | undefined {
    const ctx = this.dist.contextOf(t.process);
    if (ctx) return this.forwarding.atRemote(ctx, t, nr, row);
    const st = this.dist.originOf(t.process);
    if (!st) return undefined;
    prefault(t, row);
    if ((nr === SYS.clone && (t.x(10) & CLONE_VM) === 0) || nr === SYS.clone3) {
      // fork copies the origin's page table: every page must be current here first
      if ([...st.dir.pages()].some(([, e]) => e.writer >= 0 && e.writer !== this.k.id)) {
        this.dist.park(t);
        this.pages.recallAll(st, t); // it wakes t: the fork runs again, now with every page home
        return BLOCKED;
      }
    }
    if (row?.remote === 'vma') return this.vmas.run(st, t, nr); // the VMA server's, for every thread
    return undefined;
  }

  sharedMiss(t: Thread, mem: SharedMemory, index: number, access: Access): void {
    this.pages.shm.claim(t, mem, index, access); // a file's page cache: its page comes home first
  }

  pageMiss(t: Thread, va: number, access: Access): void {
    // A thread proposed elsewhere moves at a fault on a page it did not wait for before: it has
    // retried that access, and runs this one again where it goes. Otherwise a thread marching
    // through pages it must fetch (a sieve at a remote) is never anywhere but waiting for a page
    // or just woken by one, and the proposal would wait for ever (see actOnProposal).
    if (t.proposedNid !== undefined && this.procs.actOnProposal(t)) return;
    const shared = t.process.mm.findVma(va);
    if (shared?.shared?.mem.coherence) {
      this.pages.shm.miss(t, va, access, shared); // a shared object's page: its home keeps it coherent
      return;
    }
    const ctx = this.dist.contextOf(t.process);
    if (ctx) {
      // the origin sends its VMA along when this kernel has none there, or one without the right
      const vma = t.process.mm.findVma(va);
      const need = access === 'write' ? PROT_WRITE : access === 'read' ? PROT_READ : PROT_EXEC;
      this.pages.remoteMiss(ctx, t, va, access, vma !== undefined && (vma.prot & need) !== 0);
      return;
    }
    const st = this.dist.originOf(t.process);
    if (st) {
      this.pages.originMiss(st, t, va, access);
      return;
    }
    forceSignal(this.k, t, SIGSEGV, va, 1); // not distributed: cannot happen, but never hang
  }

  proxyWoken(t: Thread): void {
    this.forwarding.proxyWoken(t);
  }

  signalPending(t: Thread): void {
    if (t.away >= 0) this.forwarding.forwardSignals(t);
  }

  beforeRun(t: Thread): boolean {
    return this.procs.actOnProposal(t);
  }

  groupExit(p: Process, status: number): boolean {
    const ctx = this.dist.contextOf(p);
    if (!ctx) return false;
    this.procs.remoteGroupExit(ctx, status);
    return true;
  }

  processExited(p: Process): void {
    this.procs.processEnded(p);
  }

  kernelOnline(nid: number): boolean {
    return this.dist.online(nid, this.checkedIn);
  }

  moveForAffinity(target: Thread, nid: number, self: boolean): SyscallOutcome {
    return self ? this.procs.migrateSelf(target, nid) : this.procs.proposeHere(target.tid, nid);
  }

  remoteAffinity(caller: Thread, tid: number, set: bigint | undefined): SyscallOutcome | bigint {
    return this.affinity.ask(caller, tid, set);
  }

  /** The machine calls it at every epoch start. */
  onEpoch(): void {
    this.dist.onEpoch();
    this.pages.onEpoch(); // then the page work held to this epoch, in the order it was held
  }
}
