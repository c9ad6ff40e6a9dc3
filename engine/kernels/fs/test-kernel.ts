// Test support for the filesystem and terminal tests: a real Kernel on a small machine with
// /dev and /proc mounted, a process with scratch memory to pass buffers through, and a way to
// make a system call the way a trap would (number in a7, arguments in a0..a5).

import { PAGE_SIZE } from '../../hw/memory-map';
import { createPhysicalMemory } from '../../hw/physical-memory';
import { instantiateHart } from '../../hw/hart-module';
import { Kernel, type RootFiles, type SyscallOutcome } from '../kernel';
import { AddressSpace, PROT_READ, PROT_WRITE } from '../mm/address-space';
import { UserMemory } from '../mm/uaccess';
import { newThread } from '../proc/lifecycle';
import { Process, type Thread } from '../proc/task';
import { AT_FDCWD } from '../syscalls/fs-common';
import { SYS } from '../syscalls/numbers';
import { O_DIRECTORY } from './file';
import { FdTable } from './fd-table';
import { mountKernelFilesystems } from './mount';

const RAM = 8 << 20;
/** Where each test process's scratch memory starts, and how big it is. */
export const SCRATCH = 0x10000;
export const SCRATCH_BYTES = 64 * PAGE_SIZE;

export async function bootKernel(files: RootFiles = {}): Promise<Kernel> {
  const { memory } = createPhysicalMemory(RAM, 1);
  const wasm = await instantiateHart(memory);
  const k = new Kernel(memory, wasm, { id: 0, harts: [0], memory: { base: 0, size: RAM }, tty: 0, files });
  if (!k.vfs.root.entries.has('proc')) mountKernelFilesystems(k);
  return k;
}

/** A process with one thread "in a system call", and SCRATCH_BYTES of memory at SCRATCH. */
export function spawnProcess(k: Kernel, parent?: Process): Thread {
  const mm = AddressSpace.create(k.frames, k.memory, 1024);
  if (!mm) throw new Error('out of memory');
  mm.mmap(SCRATCH, SCRATCH_BYTES, PROT_READ | PROT_WRITE, true, 'mmap', '');
  const pid = k.allocPid();
  const fds = parent ? parent.fds.fork() : new FdTable();
  const p = new Process(
    pid,
    parent,
    mm,
    new UserMemory(mm),
    fds,
    parent?.pgid ?? pid,
    parent?.sid ?? pid,
    ['test'],
    '/bin/test',
  );
  parent?.children.push(p);
  k.addProcess(p);
  const t = newThread(k, p, pid);
  t.state = 'running';
  return t;
}

/** Makes system call `nr` from `t` with the given arguments; returns what the handler returned. */
export function syscall(k: Kernel, t: Thread, nr: number, ...args: Array<number | bigint>): SyscallOutcome {
  const handler = k.syscalls.row(nr)?.handler;
  if (!handler) throw new Error(`no syscall ${nr}`);
  t.setX(17, nr);
  args.forEach((a, i) => {
    t.setX(10 + i, a);
  });
  return handler(k, t);
}

const bumps = new WeakMap<Thread, number>();

/** A bump allocator over a thread's scratch memory (shared by every Scratch of the thread). */
export class Scratch {
  constructor(readonly t: Thread) {}

  alloc(bytes: number): number {
    const size = Math.ceil(bytes / 16) * 16;
    if (size > SCRATCH_BYTES) throw new Error('scratch memory too small');
    let at = bumps.get(this.t) ?? SCRATCH;
    if (at + size > SCRATCH + SCRATCH_BYTES) at = SCRATCH; // start over: tests use what they allocate at once
    bumps.set(this.t, at + size);
    return at;
  }

  bytes(data: Uint8Array): number {
    const at = this.alloc(data.length);
    this.t.process.um.write(at, data);
    return at;
  }

  string(s: string): number {
    return this.bytes(new TextEncoder().encode(`${s}\0`));
  }

  read(va: number, length: number): Uint8Array {
    const b = this.t.process.um.read(va, length);
    if (!b) throw new Error(`cannot read ${va}`);
    return b;
  }

  text(va: number, length: number): string {
    return new TextDecoder().decode(this.read(va, length));
  }
}

/** Reads a whole file by path through the system calls, as a program would; -errno on failure. */
export function readText(k: Kernel, t: Thread, path: string): string | number {
  const s = new Scratch(t);
  const fd = syscall(k, t, SYS.openat, AT_FDCWD, s.string(path), 0, 0);
  if (typeof fd !== 'number' || fd < 0) return fd as number;
  const buf = s.alloc(65536);
  let text = '';
  for (;;) {
    const n = syscall(k, t, SYS.read, fd, buf, 65536);
    if (typeof n !== 'number' || n < 0) return n as number;
    if (n === 0) break;
    text += s.text(buf, n);
  }
  syscall(k, t, SYS.close, fd);
  return text;
}

/** The names a directory lists (getdents64), in order. */
export function listDir(k: Kernel, t: Thread, path: string): string[] | number {
  const s = new Scratch(t);
  const fd = syscall(k, t, SYS.openat, AT_FDCWD, s.string(path), O_DIRECTORY, 0) as number;
  if (fd < 0) return fd;
  const buf = s.alloc(32768);
  const names: string[] = [];
  for (;;) {
    const n = syscall(k, t, SYS.getdents64, fd, buf, 32768) as number;
    if (n <= 0) break;
    const bytes = s.read(buf, n);
    const dv = new DataView(bytes.buffer);
    for (let at = 0; at < n; at += dv.getUint16(at + 16, true)) {
      const end = bytes.indexOf(0, at + 19);
      names.push(new TextDecoder().decode(bytes.subarray(at + 19, end)));
    }
  }
  syscall(k, t, SYS.close, fd);
  return names;
}

export function readLink(k: Kernel, t: Thread, path: string): string | number {
  const s = new Scratch(t);
  const buf = s.alloc(PAGE_SIZE);
  const n = syscall(k, t, SYS.readlinkat, AT_FDCWD, s.string(path), buf, PAGE_SIZE) as number;
  return n < 0 ? n : s.text(buf, n);
}
