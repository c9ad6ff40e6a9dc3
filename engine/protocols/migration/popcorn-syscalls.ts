// Popcorn's own system calls (Popcorn B's numbers are taken on riscv64, so these use 500-503;
// userland/glibc/libpopcorn.h wraps them):
//   500 popcorn_migrate(nid, uregs)            move the calling thread to kernel nid
//   501 popcorn_propose_migration(tid, nid)    ask thread tid to move at its next chance
//   502 popcorn_get_thread_status(status *)    {current_nid, proposed_nid, peer_nid, peer_pid}
//   503 popcorn_get_node_info(my_nid *, info *) 32 x {status, arch, distance}
// Errors as Popcorn's: EINVAL for no such kernel, EAGAIN for one that is offline or stopped,
// EBUSY for the kernel the thread already runs on, ESRCH for no such thread.
// The migration service adds them to its kernel's syscall table at boot (registerPopcornSyscalls),
// as rows like Linux's: they run where the calling thread is.

import { EFAULT } from '../../kernels/errno';
import type { Thread } from '../../kernels/proc/task';
import type { SyscallOutcome } from '../../kernels/syscalls/outcome';
import { kernelDistance, topologyOf } from '../../kernels/topology';
import { POPCORN_SYS, syscallName } from '../../kernels/syscalls/numbers';
import { bytes, INT_BYTES, output, type UserBuffer } from '../../kernels/syscalls/syscall-row';
import type { NodeInfoService } from '../node-info';
import type { Distribution } from './distribution';
import type { ProcessServer } from './process-server';

export const POPCORN_MIGRATE = POPCORN_SYS.popcorn_migrate;
export const POPCORN_PROPOSE_MIGRATION = POPCORN_SYS.popcorn_propose_migration;
export const POPCORN_GET_THREAD_STATUS = POPCORN_SYS.popcorn_get_thread_status;
export const POPCORN_GET_NODE_INFO = POPCORN_SYS.popcorn_get_node_info;
export const MAX_POPCORN_NODES = 32;
/** popcorn_node_info.arch of a riscv64 kernel (Popcorn B numbers arm64 0, x86-64 1, ppc64le 2). */
export const POPCORN_ARCH_RISCV64 = 3;

/** struct popcorn_thread_status: current_nid, proposed_nid, peer_nid, peer_pid. */
export const POPCORN_THREAD_STATUS_BYTES = 16;
/** struct popcorn_node_info: status, arch, distance. */
export const POPCORN_NODE_INFO_BYTES = 12;

/** The four calls and the user memory they write, for the syscall table (names: syscallName). */
const ROWS: Array<[nr: number, buffers: UserBuffer[]]> = [
  [POPCORN_MIGRATE, []], // its second argument (the registers) is unused, as in Popcorn
  [POPCORN_PROPOSE_MIGRATION, []],
  [POPCORN_GET_THREAD_STATUS, [output(0, bytes(POPCORN_THREAD_STATUS_BYTES), 'struct popcorn_thread_status *status')]],
  [
    POPCORN_GET_NODE_INFO,
    [
      output(0, bytes(INT_BYTES), 'int *my_nid'),
      output(1, bytes(MAX_POPCORN_NODES * POPCORN_NODE_INFO_BYTES), 'struct popcorn_node_info info[32]'),
    ],
  ],
];

/** Adds Popcorn's calls to the kernel's syscall table (once, at boot). */
export function registerPopcornSyscalls(d: Distribution, procs: ProcessServer, nodes: NodeInfoService): void {
  for (const [nr, buffers] of ROWS) {
    d.k.syscalls.register({
      nr,
      name: syscallName(nr),
      handler: (_k, t) => popcornSyscall(d, procs, nodes, t, nr),
      buffers,
      remote: 'local',
    });
  }
}

export function popcornSyscall(
  d: Distribution,
  procs: ProcessServer,
  nodes: NodeInfoService,
  t: Thread,
  nr: number,
): SyscallOutcome {
  switch (nr) {
    case POPCORN_MIGRATE:
      return procs.migrateSelf(t, t.xInt(10));
    case POPCORN_PROPOSE_MIGRATION:
      return procs.propose(t, t.xInt(10), t.xInt(11));
    case POPCORN_GET_THREAD_STATUS: {
      const ctx = d.contextOf(t.process);
      const b = new DataView(new ArrayBuffer(POPCORN_THREAD_STATUS_BYTES));
      b.setInt32(0, d.k.id, true);
      b.setInt32(4, t.proposedNid ?? -1, true);
      b.setInt32(8, ctx ? ctx.origin : -1, true);
      b.setInt32(12, ctx ? t.process.pid : -1, true);
      return t.process.um.write(t.x(10), new Uint8Array(b.buffer)) ? 0 : -EFAULT;
    }
    default: {
      const topology = topologyOf(d.k.params);
      const info = new DataView(new ArrayBuffer(MAX_POPCORN_NODES * POPCORN_NODE_INFO_BYTES));
      for (let k = 0; k < Math.min(MAX_POPCORN_NODES, topology.kernels.length); k++) {
        info.setUint32(k * POPCORN_NODE_INFO_BYTES, d.online(k, (n) => nodes.online(n)) || k === d.k.id ? 1 : 0, true);
        info.setInt32(k * POPCORN_NODE_INFO_BYTES + 4, POPCORN_ARCH_RISCV64, true);
        info.setInt32(k * POPCORN_NODE_INFO_BYTES + 8, kernelDistance(topology, d.k.id, k), true);
      }
      const um = t.process.um;
      const nid = new Uint8Array(4);
      new DataView(nid.buffer).setInt32(0, d.k.id, true);
      if (t.x(10) !== 0 && !um.write(t.x(10), nid)) return -EFAULT;
      return um.write(t.x(11), new Uint8Array(info.buffer)) ? 0 : -EFAULT;
    }
  }
}
