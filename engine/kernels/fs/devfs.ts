// /dev: the character devices programs expect (null, zero, full, random, urandom), the
// terminal as /dev/tty and /dev/console, the /dev/fd, /dev/stdin... links into /proc that
// shells use for process substitution, and /dev/shm for POSIX shared memory. attachConsole()
// gives a first process its standard descriptors on the terminal.

import { ENOSPC } from '../errno';
import type { Kernel } from '../kernel';
import type { Process } from '../proc/task';
import { type FileOps, O_RDWR, OpenFile } from './file';
import type { Inode } from './inode';
import { O_LARGEFILE } from './open';

const nullOps: FileOps = {
  read: () => new Uint8Array(0),
  write: (_file, data) => data.length,
};

const zeroOps: FileOps = {
  read: (_file, count) => new Uint8Array(count),
  write: (_file, data) => data.length,
};

/** /dev/full: reads zeros, and every write finds the device full. */
const fullOps: FileOps = {
  read: (_file, count) => new Uint8Array(count),
  write: () => -ENOSPC,
};

/** /dev/random and /dev/urandom: the kernel's seeded generator, so runs repeat exactly. */
const randomOps: FileOps = {
  read: (_file, count, ctx) => ctx.kernel.random.bytes(count),
  write: (_file, data) => data.length, // Linux mixes written bytes in; ours has a fixed seed
};

const CONSOLE_PATH = '/dev/console';

export function mountDevfs(k: Kernel): Inode {
  const dev = k.vfs.mkdirs('/dev');
  const device = (name: string, major: number, minor: number, ops: FileOps, perm = 0o666) => {
    const inode = k.vfs.newInode('char', perm);
    inode.rdev = (major << 8) | minor;
    inode.ops = ops;
    k.vfs.mount(dev, name, inode);
    return inode;
  };
  device('null', 1, 3, nullOps);
  device('zero', 1, 5, zeroOps);
  device('full', 1, 7, fullOps);
  device('random', 1, 8, randomOps);
  device('urandom', 1, 9, randomOps);
  device('tty', 5, 0, k.tty.ops).stream = true;
  device('console', 5, 1, k.tty.ops, 0o600).stream = true;
  const link = (name: string, target: string) => {
    const inode = k.vfs.newInode('symlink', 0o777);
    inode.target = target;
    k.vfs.mount(dev, name, inode);
  };
  link('fd', '/proc/self/fd');
  link('stdin', '/proc/self/fd/0');
  link('stdout', '/proc/self/fd/1');
  link('stderr', '/proc/self/fd/2');
  // a tmpfs directory, as on Linux: glibc's shm_open and sem_open make their files here
  k.vfs.mkdirs('/dev/shm').perm = 0o1777;
  return dev;
}

/**
 * Gives `p` descriptors 0, 1 and 2 on the terminal (one shared description, as a login
 * does) and makes the terminal its session's controlling terminal.
 */
/** A read-write description of the console, or -errno when /dev is not mounted. */
export function openConsole(k: Kernel): OpenFile | number {
  const inode = k.vfs.resolve(k.vfs.root, CONSOLE_PATH);
  return typeof inode === 'number' ? inode : new OpenFile(inode, k.tty.ops, O_RDWR | O_LARGEFILE, CONSOLE_PATH);
}

export function attachConsole(k: Kernel, p: Process): void {
  const console = openConsole(k);
  if (typeof console === 'number') throw new Error('attachConsole: /dev is not mounted');
  console.refs = 0;
  for (let fd = 0; fd < 3; fd++) {
    p.fds.installAt(fd, console, false, k);
    console.refs++;
  }
  k.tty.attach(p);
}
