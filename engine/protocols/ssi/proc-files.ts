// The single system image in /proc: makes the other kernels' processes, memory and harts
// visible to this kernel's /proc (procfs.remote, read by /proc/PID, meminfo and cpuinfo), and
// adds Popcorn's own files:
//   /proc/popcorn/nodes  every kernel: state (online once it checked in, offline before, dead
//                        once messages to it are dropped), architecture, harts, memory window,
//                        NUMA node and the distance to every kernel (Popcorn B's get_node_info)
//   /proc/popcorn/stat   messages sent and received by type and by peer, with their bytes, the
//                        lists and signals this kernel's SSI services sent and served, and
//                        this kernel's receive ring (Popcorn's popcorn_stat)
// No messages of its own: it shows what node-info.ts and process-list.ts learnt.

import { registerRemoteProcessFiles } from '../../kernels/fs/proc-remote';
import type { Kernel } from '../../kernels/kernel';
import { kernelDistance, topologyOf } from '../../kernels/topology';
import { MSG } from '../messaging/message-types';
import type { Messenger } from '../messaging/messenger';
import type { Ring } from '../messaging/ring';
import type { NodeInfoService } from '../node-info';
import type { ProcessListService } from './process-list';
import type { SignalForwardingService } from './signal-forwarding';

export interface ProcFilesSources {
  messenger: Messenger;
  nodeInfo: NodeInfoService;
  lists: ProcessListService;
  signals: SignalForwardingService;
  /** This kernel's receive ring, for its occupancy. */
  ring: Ring | undefined;
}

export function registerSsiProcFiles(k: Kernel, s: ProcFilesSources): void {
  k.procfs.add('popcorn/nodes', { kind: 'file', read: () => nodesText(k, s) });
  k.procfs.add('popcorn/stat', { kind: 'file', read: () => statText(s) });
  const topology = topologyOf(k.params);
  if (topology.kernels.length < 2) return; // the SMP baseline keeps a vanilla /proc
  const owner = new Map(topology.kernels.flatMap((ks, kernel) => ks.harts.map((hart) => [hart, kernel] as const)));
  k.procfs.remote = {
    processes: () => s.lists.processes(),
    process: (pid) => s.lists.process(pid),
    memory: () => s.lists.memory(),
    harts: () => [...owner].sort(([a], [b]) => a - b).map(([hart, kernel]) => ({ hart, kernel })),
  };
  registerRemoteProcessFiles(k.procfs);
}

/** Harts in Linux's cpulist form: 0-3,6. */
function cpulist(harts: readonly number[]): string {
  const sorted = [...harts].sort((a, b) => a - b);
  const ranges: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] as number) + 1) j++;
    ranges.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return ranges.join(',');
}

const hex = (n: number) => `0x${n.toString(16).padStart(8, '0')}`;

export function nodesText(k: Kernel, s: ProcFilesSources): string {
  const topology = topologyOf(k.params);
  let out = `${'kernel'.padEnd(7)}${'state'.padEnd(8)}${'arch'.padEnd(9)}${'harts'.padEnd(8)}`;
  out += `${'memory'.padEnd(22)}${'size_kB'.padStart(9)} ${'numa'.padEnd(5)}distance\n`;
  topology.kernels.forEach((ks, id) => {
    const peer = s.nodeInfo.peers.get(id);
    const self = id === k.id;
    // what a kernel announced once it checked in; the partition's plan until then
    const harts = peer?.harts ?? ks.harts;
    const base = peer?.memoryBase ?? ks.memory.base;
    const size = peer?.memorySize ?? ks.memory.size;
    const state = self ? 'online' : s.lists.dead.has(id) ? 'dead' : peer ? 'online' : 'offline';
    const arch = self ? 'riscv64' : (peer?.arch ?? '-');
    const distances = topology.kernels.map((_, other) => kernelDistance(topology, id, other)).join(' ');
    out += `${String(id).padEnd(7)}${state.padEnd(8)}${arch.padEnd(9)}${cpulist(harts).padEnd(8)}`;
    out += `${`${hex(base)}-${hex(base + size - 1)}`.padEnd(22)}${String(size / 1024).padStart(9)} `;
    out += `${String(ks.node).padEnd(5)}${distances}\n`;
  });
  return out;
}

interface Counter {
  count: number;
  bytes: number;
}

const row = (name: string, sent: Counter | undefined, received: Counter | undefined) =>
  `${name.padEnd(26)}${[sent?.count, sent?.bytes, received?.count, received?.bytes]
    .map((n) => String(n ?? 0).padStart(11))
    .join('')}\n`;

export function statText(s: ProcFilesSources): string {
  const m = s.messenger;
  const header = (first: string) =>
    `${first.padEnd(26)}${['sent', 'bytes', 'received', 'bytes'].map((h) => h.padStart(11)).join('')}\n`;
  // types in message-number order, then any unknown ones seen on the wire
  const known = Object.keys(MSG);
  const seen = new Set([...m.sentByType.keys(), ...m.receivedByType.keys()]);
  const names = [...known.filter((n) => seen.has(n)), ...[...seen].filter((n) => !known.includes(n)).sort()];
  let out = header('type');
  for (const name of names) out += row(name, m.sentByType.get(name), m.receivedByType.get(name));
  out += header('peer');
  for (let peer = 0; peer < m.kernels; peer++)
    if (peer !== m.self) out += row(`kernel ${peer}`, m.sentToPeer[peer], m.receivedFromPeer[peer]);
  const { lists, parts } = s.lists.stats;
  out += `process_lists ${lists} parts ${parts}\n`;
  out += `signals forwarded ${s.signals.stats.forwarded} served ${s.signals.stats.served}\n`;
  out += `unhandled ${m.unhandled.length}\n`;
  if (s.ring) {
    const { peak, fullWaits } = s.ring.stats();
    out += `ring slots ${s.ring.slots} occupancy ${s.ring.occupancy()} peak ${peak} full_waits ${fullWaits}\n`;
  }
  return out;
}
