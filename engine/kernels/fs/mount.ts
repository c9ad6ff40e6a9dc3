// Puts the kernel's generated filesystems in place at boot: /dev (devfs.ts), /proc (procfs.ts
// with the process and system files) and /sys's CPUs (sysfs-cpu.ts). The Kernel constructor
// calls it once, after the VFS and the TTY exist, and keeps the ProcFs so services can register
// more /proc files.

import type { Kernel } from '../kernel';
import { mountDevfs } from './devfs';
import { registerProcessFiles } from './proc-process';
import { registerSystemFiles } from './proc-system';
import { ProcFs } from './procfs';
import { mountSysfsCpus } from './sysfs-cpu';

export function mountKernelFilesystems(k: Kernel): ProcFs {
  mountDevfs(k);
  const procfs = new ProcFs(k);
  registerProcessFiles(procfs);
  registerSystemFiles(procfs);
  k.vfs.mount(k.vfs.root, 'proc', procfs.inode);
  mountSysfsCpus(k);
  return procfs;
}
