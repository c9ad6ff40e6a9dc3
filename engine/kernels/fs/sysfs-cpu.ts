// /sys/devices/system/cpu: the machine's CPUs as sysfs shows them, the files glibc reads for
// get_nprocs (online) and get_nprocs_conf (possible, or the cpuN directories), and so
// sysconf(_SC_NPROCESSORS_ONLN/CONF). Every hart of the machine is a CPU here, by its global
// number, whichever kernel owns it (cpus.ts); a CPU is online while its kernel is. The tree is
// read-only and fixed at boot (the machine's harts do not change); the files are generated
// when read. Each CPU's topology says a hart is a core of its own and a NUMA node's harts
// are one package. Only the CPU part of sysfs exists: nothing else a program of ours reads is there.

import { cpulist, machineCpus, maskOf, onlineMask, possibleMask, type MachineCpu } from '../cpus';
import type { Kernel } from '../kernel';
import type { Inode } from './inode';

const encoder = new TextEncoder();

export function mountSysfsCpus(k: Kernel): void {
  const vfs = k.vfs;
  const place = (inode: Inode, parent: Inode, name: string) => {
    inode.parent = parent;
    inode.name = name;
    return inode;
  };
  /** A read-only directory of fixed entries (made once, as the machine's CPUs are fixed). */
  const dir = (parent: Inode, name: string, children: (self: Inode) => Array<[string, Inode]>) => {
    const inode = place(vfs.newInode('dir', 0o555), parent, name);
    const entries = children(inode);
    inode.lookup = (n) => entries.find(([e]) => e === n)?.[1];
    inode.list = () => entries;
    return inode;
  };
  const file = (parent: Inode, name: string, text: () => string): [string, Inode] => {
    const inode = place(vfs.newInode('file', 0o444), parent, name);
    inode.generate = () => encoder.encode(text());
    return [name, inode];
  };
  // a hart is a core of one thread; a NUMA node's harts are one package (libgomp builds its
  // places for OMP_PROC_BIND from these files, and binds no thread without them)
  const topology = (parent: Inode, c: MachineCpu) =>
    dir(parent, 'topology', (t) => {
      const pkg = maskOf(machineCpus(k).flatMap((o) => (o.node === c.node ? [o.cpu] : [])));
      return [
        file(t, 'physical_package_id', () => `${c.node}\n`),
        file(t, 'core_id', () => `${c.cpu}\n`),
        file(t, 'thread_siblings_list', () => `${c.cpu}\n`),
        file(t, 'core_siblings_list', () => `${cpulist(pkg)}\n`),
      ];
    });
  const isOnline = (cpu: number) => ((onlineMask(k) >> BigInt(cpu)) & 1n) !== 0n;
  const sys = dir(vfs.root, 'sys', (sysDir) => [
    [
      'devices',
      dir(sysDir, 'devices', (devices) => [
        [
          'system',
          dir(devices, 'system', (system) => [
            [
              'cpu',
              dir(system, 'cpu', (cpu) => [
                file(cpu, 'online', () => `${cpulist(onlineMask(k))}\n`),
                file(cpu, 'possible', () => `${cpulist(possibleMask(k))}\n`),
                file(cpu, 'present', () => `${cpulist(possibleMask(k))}\n`),
                ...machineCpus(k).map((c): [string, Inode] => [
                  `cpu${c.cpu}`,
                  dir(cpu, `cpu${c.cpu}`, (one) => [
                    file(one, 'online', () => (isOnline(c.cpu) ? '1\n' : '0\n')),
                    ['topology', topology(one, c)],
                  ]),
                ]),
              ]),
            ],
          ]),
        ],
      ]),
    ],
  ]);
  vfs.mount(vfs.root, 'sys', sys);
}
