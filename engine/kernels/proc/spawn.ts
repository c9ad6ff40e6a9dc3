// Starts a program in a new process with no parent process in the guest (init, or a program the
// host asks for, as `popcorn run` does): loads it, gives it fds 0-2, and makes it runnable.

import { EACCES, EIO } from '../errno';
import type { Kernel } from '../kernel';
import { commitExecRegisters, loadProgram } from '../exec/exec';
import type { OpenFile } from '../fs/file';
import { openConsole } from '../fs/devfs';
import { FdTable } from '../fs/fd-table';
import { Vfs } from '../fs/vfs';
import { UserMemory } from '../mm/uaccess';
import { newThread } from './lifecycle';
import { Process } from './task';

export interface SpawnOptions {
  /** Descriptions for fds 0, 1, 2 (each gets one reference). Default: the kernel's TTY. */
  stdio?: [OpenFile, OpenFile, OpenFile];
  envp?: string[];
  cwd?: string;
}

export const DEFAULT_ENV = ['PATH=/bin:/sbin', 'HOME=/', 'TERM=xterm-256color', 'LANG=C'];

/** Creates and starts a process running `path`; returns it, or -errno. */
export function spawn(k: Kernel, path: string, argv: string[], options: SpawnOptions = {}): Process | number {
  const inode = k.vfs.resolve(k.vfs.root, path);
  if (typeof inode === 'number') return inode;
  if (inode.kind !== 'file') return -EACCES;
  const bytes = inode.contents();
  if (!bytes) return -EIO; // its bytes could not be fetched
  const image = loadProgram(k, path, bytes, argv, options.envp ?? DEFAULT_ENV);
  if (typeof image === 'number') return image;
  const pid = k.allocPid();
  const fds = new FdTable();
  let stdio = options.stdio;
  if (!stdio) {
    const console = openConsole(k);
    if (typeof console === 'number') return console;
    stdio = [console, console, console];
  }
  stdio.forEach((file, fd) => {
    if (fd > 0) file.refs++;
    fds.installAt(fd, file, false, k);
  });
  const p = new Process(
    pid,
    undefined,
    image.mm,
    new UserMemory(image.mm),
    fds,
    pid,
    pid,
    argv,
    Vfs.absolute('/', path),
  );
  p.cwd = options.cwd ?? '/';
  p.startTime = k.now;
  k.addProcess(p);
  const t = newThread(k, p, pid);
  commitExecRegisters(t, image);
  k.makeRunnable(t);
  return p;
}
